package io.tenantseed.junit;

import io.tenantseed.graph.AmbiguousKeyException;
import io.tenantseed.graph.Ids;
import io.tenantseed.graph.TenantGraph;
import java.util.Objects;
import java.util.UUID;
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
 */
public final class Tenant {

  /** The namespace of the name-based ids of test tenants. */
  private static final UUID NAMESPACE = Ids.derive(new UUID(0, 0), "io.tenantseed.junit");

  private final String name;
  private final TenantGraph graph;
  private final String rlsRole;
  /** The database it was seeded into, set once seeded: what {@link TenantAssertions} reads. */
  private volatile DataSource dataSource;

  Tenant(String name, TenantGraph graph, String rlsRole) {
    this.name = name;
    this.graph = graph;
    this.rlsRole = rlsRole;
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
