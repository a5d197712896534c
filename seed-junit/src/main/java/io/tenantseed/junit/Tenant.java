package io.tenantseed.junit;

import io.tenantseed.graph.AmbiguousKeyException;
import io.tenantseed.graph.Ids;
import io.tenantseed.graph.Row;
import io.tenantseed.graph.TenantClone;
import io.tenantseed.graph.TenantGraph;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jooq.JSON;
import org.jooq.JSONB;
import javax.sql.DataSource;

/**
 * A tenant seeded for a test: its id, and the ids of its entities by the keys the fixture or
 * builder gave them.
 *
 * <pre>
 * &#64;Test void report(Tenant tenant) {
 *   UUID engagement = tenant.engagement("cloud-migration-2025");
 *   UUID asset17 = tenant.asset(17);
 * }
 * </pre>
 *
 * <p>A tenant seeded from a file ({@code @SeedTenant(file = ...)}) has no keys: its entities
 * are found by the ids they have in the file, with {@link #idOf(UUID)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Tenant {

  /** The namespace of the name-based ids of test tenants. */
  private static final UUID NAMESPACE = Ids.derive(new UUID(0, 0), "io.tenantseed.junit");

  /** A uuid in the text of a JSON value. */
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final String name;
  private final TenantGraph graph;
  private final String rlsRole;
  /** Where the tenant comes from, for messages: {@code fixture techcorp}, a builder class, a file. */
  private final String source;
  /** The tenant id of the export it was seeded from, or null. */
  private final UUID exportTenantId;
  /** Every id of the seeded rows, collected on the first {@link #idOf}. */
  private volatile Set<UUID> ids;
  /** The database it was seeded into, set once seeded: what {@link TenantAssertions} reads. */
  private volatile DataSource dataSource;

  Tenant(String name, TenantGraph graph, String rlsRole) {
    this(name, graph, rlsRole, "builder", null);
  }

  Tenant(String name, TenantGraph graph, String rlsRole, String source, UUID exportTenantId) {
    this.name = name;
    this.graph = graph;
    this.rlsRole = rlsRole;
    this.source = source;
    this.exportTenantId = exportTenantId;
  }

  /**
   * The id {@code @SeedTenant} gives the tenant named {@code name} of {@code testClass}
   * (per-class lifecycle): a version-5 UUID of the class's name and the tenant's name.
   */
  public static UUID idFor(Class<?> testClass, String name) {
    return Ids.derive(NAMESPACE, "class/" + testClass.getName() + "/" + name);
  }

  /** The id of a per-method tenant: of the test's JUnit unique id and the tenant's name. */
  static UUID idFor(String testUniqueId, String name) {
    return Ids.derive(NAMESPACE, "test/" + testUniqueId + "/" + name);
  }

  public UUID id() {
    return graph.tenantId();
  }

  /** The tenant's name in its test class (see {@link SeedTenant#name()}). */
  public String name() {
    return name;
  }

  /** Everything that was seeded, as built: rows, keys and counts. */
  public TenantGraph graph() {
    return graph;
  }

  /**
   * The tenant's slug as seeded: unique to its id (see {@link TenantDefinition}), e.g.
   * {@code techcorp-<tenant id>}.
   */
  public String slug() {
    return String.valueOf(graph.clientAccount().get("slug"));
  }

  /** The id of the engagement with key {@code key}, e.g. {@code "cloud-migration-2025"}. */
  public UUID engagement(String key) {
    return graph.engagementId(key);
  }

  /**
   * The flow id of the master flow with key {@code key}, e.g. {@code "full-migration"}: flow
   * keys are unique within their engagement, so where two engagements have this key, name the
   * engagement with {@link #masterFlow(String, String)}.
   *
   * @throws IllegalArgumentException when no engagement has the key
   * @throws AmbiguousKeyException when more than one has it: the message names them and
   *     {@code masterFlow("<engagement>", key)}
   */
  public UUID masterFlow(String key) {
    try {
      return graph.masterFlowId(key);
    } catch (AmbiguousKeyException e) {
      throw e.naming("masterFlow");
    }
  }

  /** The flow id of master flow {@code key} of engagement {@code engagementKey}. */
  public UUID masterFlow(String engagementKey, String key) {
    return graph.masterFlowId(engagementKey, key);
  }

  /**
   * The id of the data import with key {@code key}, e.g. {@code "vcenter-export"}; as for flows,
   * {@link #dataImport(String, String)} names the engagement where several have the key.
   *
   * @throws IllegalArgumentException when no engagement has the key
   * @throws AmbiguousKeyException when more than one has it: the message names them and
   *     {@code dataImport("<engagement>", key)}
   */
  public UUID dataImport(String key) {
    try {
      return graph.dataImportId(key);
    } catch (AmbiguousKeyException e) {
      throw e.naming("dataImport");
    }
  }

  /** The id of data import {@code key} of engagement {@code engagementKey}. */
  public UUID dataImport(String engagementKey, String key) {
    return graph.dataImportId(engagementKey, key);
  }

  /** The id of the user with key {@code key}, e.g. {@code "admin"}. */
  public UUID user(String key) {
    return graph.userId(key);
  }

  /** The id of asset {@code index} of the tenant, counting across engagements in order. */
  public UUID asset(long index) {
    return graph.asset(index).get(io.tenantseed.schema.migration.Tables.ASSETS.ID);
  }

  /** The id of asset {@code index} of the engagement with key {@code engagementKey}. */
  public UUID asset(String engagementKey, int index) {
    return graph.asset(engagementKey, index).get(io.tenantseed.schema.migration.Tables.ASSETS.ID);
  }

  /**
   * The id that the entity with id {@code originalId} in the export of
   * {@code @SeedTenant(file = ...)} has in this tenant: the export's tenant id gives this
   * tenant's {@link #id()}, any other id its clone ({@link TenantClone#idOf(UUID, UUID, UUID)}),
   * so that a test names the rows it captured by the ids it saw. An id that a uuid column
   * referring to a table of no tenant holds is kept in the clone, and given as it is; but where
   * a JSON value holds it too, the JSON's copy is remapped (a clone does not know, streaming,
   * which JSON uuids point outside the tenant), and that remapped id is given.
   *
   * <p>The first call reads the whole clone once (a large table again from its file) and keeps
   * every uuid of its rows in memory for the later calls: cheap for the tenants a test seeds,
   * not for a million assets.
   *
   * <pre>
   * UUID asset = tenant.idOf(UUID.fromString("0f6a3c52-4d0e-5b1f-9a57-2c3b1f4e8d10"));
   * db.fetchOne(ASSETS, ASSETS.ID.eq(asset));   // the asset the file holds under that id
   * </pre>
   *
   * @throws IllegalArgumentException if no row of the export holds {@code originalId}
   * @throws IllegalStateException if the tenant was not seeded from a file (a fixture's or
   *     builder's entities have keys: {@link #engagement}, {@link #user}, {@link #asset(long)})
   */
  public UUID idOf(UUID originalId) {
    Objects.requireNonNull(originalId, "originalId");
    if (exportTenantId == null) {
      throw new IllegalStateException("tenant '" + name + "' is seeded from " + source + ", not from a file:"
          + " idOf maps the ids of an export; find its entities by key (engagement, user, masterFlow, asset)");
    }
    UUID id = exportTenantId.equals(id()) ? originalId : TenantClone.idOf(exportTenantId, id(), originalId);
    Set<UUID> known = ids();
    if (!known.contains(id) && known.contains(originalId)) {
      return originalId; // kept: a uuid column referring outside the tenant (a region, say) holds it as it is
    }
    if (!known.contains(id)) {
      throw new IllegalArgumentException(originalId + " is not an id of the rows of " + source + " (tenant "
          + exportTenantId + ", seeded as tenant '" + name + "' " + id() + ")");
    }
    return id;
  }

  /** {@link #idOf(UUID)} of an id in its 8-4-4-4-12 text form. */
  public UUID idOf(String originalId) {
    return idOf(Ids.parse(originalId));
  }

  /**
   * The tenant id held by the export this tenant was seeded from ({@code @SeedTenant(file = ...)});
   * empty for a fixture or a builder.
   */
  public Optional<UUID> exportTenantId() {
    return Optional.ofNullable(exportTenantId);
  }

  private Set<UUID> ids() {
    Set<UUID> known = ids;
    if (known == null) {
      known = new HashSet<>();
      for (String table : graph.tables()) {
        try (Stream<Row> rows = graph.rows(table)) {
          Set<UUID> into = known;
          rows.forEach(row -> row.values().values().forEach(value -> collect(value, into)));
        }
      }
      ids = known;
    }
    return known;
  }

  private static void collect(Object value, Set<UUID> into) {
    if (value instanceof UUID id) {
      into.add(id);
    } else if (value instanceof Object[] array) {
      for (Object element : array) {
        collect(element, into);
      }
    } else if (value instanceof String text && text.length() == 36) {
      try {
        into.add(Ids.parse(text));
      } catch (IllegalArgumentException notAnId) {
        // text, not an id
      }
    } else if (value instanceof JSONB || value instanceof JSON) {
      Matcher matcher = UUID_TEXT.matcher(value instanceof JSONB json ? json.data() : ((JSON) value).data());
      while (matcher.find()) {
        into.add(UUID.fromString(matcher.group()));
      }
    }
  }

  /** Records the database the tenant was seeded into (the DataSource that seeded it). */
  void seededInto(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The database the tenant was seeded into, or null before it was. */
  DataSource dataSource() {
    return dataSource;
  }

  /** The role injected connections run as, or empty when they run as the connecting user. */
  String rlsRole() {
    return rlsRole;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tenant that && name.equals(that.name) && id().equals(that.id());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, id());
  }

  @Override
  public String toString() {
    return "tenant " + name + " (" + graph.name() + ", " + id() + ")";
  }
}
