package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.ASSESSMENT_FLOWS;
import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;
import static io.tenantseed.schema.migration.Tables.CREWAI_FLOW_STATE_EXTENSIONS;
import static io.tenantseed.schema.migration.Tables.DATA_IMPORTS;
import static io.tenantseed.schema.migration.Tables.DISCOVERY_FLOWS;
import static io.tenantseed.schema.migration.Tables.ENGAGEMENTS;
import static io.tenantseed.schema.migration.Tables.IMPORT_FIELD_MAPPINGS;
import static io.tenantseed.schema.migration.Tables.USERS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.schema.migration.tables.records.ClientAccountsRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Describes one tenant. Start from {@code Tenants.tenant(id)}; every entity below it is
 * scoped to that tenant by construction. Unset fields get realistic, deterministic defaults.
 *
 * <pre>
 * TenantGraph graph = tenant("11111111-1111-1111-1111-111111111111")
 *     .name("TechCorp Solutions").slug("techcorp", TECHCORP_ID)
 *     .settings(Map.of("api_access", true))
 *     .user("admin", u -&gt; u.email("admin@techcorp.com"))
 *     .engagement("cloud-migration-2025", e -&gt; e.name("Cloud Migration 2025").createdBy("admin")
 *         .masterFlow("full-migration", f -&gt; f.discoveryFlow(d -&gt; d.inProgress("environment_scanning")))
 *         .assets(50, (i, a) -&gt; a.name("vm-prod-%03d".formatted(i)).discoveredBy("full-migration")))
 *     .build();
 * </pre>
 *
 * <p>{@link #build()} checks the whole graph and fails with {@link InvalidTenantGraphException}
 * naming the entity's path: a reference to an undefined user or flow, a duplicate key or id,
 * an asset group naming an asset that does not exist or one asset twice. A builder is not
 * thread-safe; the graph it builds is.
 */
public final class TenantBuilder {

  /** Tables of up to this many rows (assets, generic rows) are generated once by build(), to check them. */
  static final long CHECKED_ROWS = 100_000;

  /** Tables of up to this many generated rows (assets, generic rows) are generated once by build() and kept. */
  static final long KEPT_ROWS = 20_000;

  /** The tables the builders write, the tenant's own first: a graph describes each, even without rows. */
  static final List<String> BUILT_TABLES = List.of(CLIENT_ACCOUNTS.getName(), USERS.getName(), ENGAGEMENTS.getName(),
      CREWAI_FLOW_STATE_EXTENSIONS.getName(), DISCOVERY_FLOWS.getName(), ASSESSMENT_FLOWS.getName(),
      DATA_IMPORTS.getName(), ASSETS.getName(), IMPORT_FIELD_MAPPINGS.getName());

  private final UUID id;
  private FixtureClock clock = FixtureClock.DEFAULT;
  private String name;
  private String slug;
  private String description;
  private String industry;
  private String companySize;
  private String subscriptionTier;
  private boolean active = true;
  private JsonNode settings = Json.object();
  private JsonNode agentPreferences = Json.object();
  private String fixtureName = "custom";
  private String fixtureVersion;
  private final List<UserBuilder> users = new ArrayList<>();
  private final List<EngagementBuilder> engagements = new ArrayList<>();
  private final ColumnValues extra = new ColumnValues(CLIENT_ACCOUNTS.getName(), Map.of("id", "tenant(id)"));
  private final GenericRows generic = new GenericRows();

  TenantBuilder(UUID id) {
    this.id = Objects.requireNonNull(id, "tenant id");
  }

  public TenantBuilder name(String name) {
    this.name = name;
    return this;
  }

  public TenantBuilder slug(String slug) {
    this.slug = slug;
    return this;
  }

  /**
   * {@code canonicalSlug} under the fixture's canonical tenant id; under any other id the
   * slug gets the whole id appended ({@code techcorp-5eed0001-0000-4000-8000-000000000002}),
   * so that copies under distinct ids never collide, however alike the ids are. Pass the id
   * the slug belongs to, not the id being built: {@code slug("acme", tenantId)} would be
   * {@code acme} under every id.
   */
  public TenantBuilder slug(String canonicalSlug, UUID canonicalTenantId) {
    return slug(id.equals(canonicalTenantId) ? canonicalSlug : withTenantId(canonicalSlug, id));
  }

  /**
   * {@code base}, a dash and the whole tenant id: distinct for distinct ids (the id has a
   * fixed length, so neither can be the other's prefix) and a valid slug if {@code base} is.
   */
  static String withTenantId(String base, UUID tenantId) {
    return base + "-" + tenantId;
  }

  public TenantBuilder description(String description) {
    this.description = description;
    return this;
  }

  public TenantBuilder industry(String industry) {
    this.industry = industry;
    return this;
  }

  public TenantBuilder companySize(String companySize) {
    this.companySize = companySize;
    return this;
  }

  public TenantBuilder subscriptionTier(String tier) {
    this.subscriptionTier = tier;
    return this;
  }

  public TenantBuilder active(boolean active) {
    this.active = active;
    return this;
  }

  /** The settings document: a Map or a Jackson tree, turned into a JSON object. */
  public TenantBuilder settings(Object settings) {
    this.settings = object("settings", settings);
    return this;
  }

  public TenantBuilder agentPreferences(Object preferences) {
    this.agentPreferences = object("agent preferences", preferences);
    return this;
  }

  /** The graph's fixed "now" (default {@link FixtureClock#DEFAULT}). */
  public TenantBuilder clock(FixtureClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Dates relative to {@code now}, for tests that need recent data. */
  public TenantBuilder relativeTo(Instant now) {
    return clock(FixtureClock.at(now));
  }

  /** Names the fixture for the tenant registry; {@code version} may be null. */
  public TenantBuilder fixture(String name, String version) {
    this.fixtureName = Objects.requireNonNull(name, "fixture name");
    this.fixtureVersion = version;
    return this;
  }

  public TenantBuilder user(String key, Consumer<UserBuilder> user) {
    UserBuilder builder = new UserBuilder(key);
    user.accept(builder);
    users.add(builder);
    return this;
  }

  /** {@code count} users keyed {@code user-0}, {@code user-1}, ...: a sequence. */
  public TenantBuilder users(int count, BiConsumer<Integer, UserBuilder> user) {
    for (int i = 0; i < count; i++) {
      int index = i;
      user("user-" + i, u -> user.accept(index, u));
    }
    return this;
  }

  public TenantBuilder engagement(String key, Consumer<EngagementBuilder> engagement) {
    EngagementBuilder builder = new EngagementBuilder(key);
    engagement.accept(builder);
    engagements.add(builder);
    return this;
  }

  /**
   * Sets column {@code column} of the tenant's own row to {@code value} (null for SQL NULL):
   * any column, including one added by a migration after these builders were written. The
   * tenant's id is set by {@code tenant(id)}.
   */
  public TenantBuilder set(String column, Object value) {
    extra.set(column, value);
    return this;
  }

  /** {@link #set(String, Object)} by the generated schema class's field. */
  public <T> TenantBuilder set(org.jooq.Field<T> field, T value) {
    extra.set(field, value);
    return this;
  }

  /**
   * {@code count} rows of {@code table}, a table no builder describes, scoped to this tenant
   * (its tenant column set by construction); the customizer gets each one's index within this
   * call. Rows of one table are numbered across calls, and written after the tables they
   * reference.
   *
   * <pre>
   * t.rows("audit_events", 3, (i, r) -&gt; r.set("kind", "login").ref("user_id", Ref.user("admin")))
   * </pre>
   */
  public TenantBuilder rows(String table, int count, BiConsumer<Integer, RowBuilder> each) {
    generic.add(table, count, each);
    return this;
  }

  /** Checks the whole description and returns it as an immutable graph. */
  public TenantGraph build() {
    Draws draws = Draws.of("");
    String tenantName = name != null ? name : draws.faker("name").company().name();
    String tenantSlug = slug != null ? slug : withTenantId(slugify(tenantName), id);
    Scope root = new Scope(id, clock, tenantSlug + ".local", "", Map.of());
    GraphParts parts = new GraphParts(id, BUILT_TABLES);

    Map<String, UUID> userIds = new LinkedHashMap<>();
    for (UserBuilder user : users) {
      Scope scope = root.child("user/" + user.key());
      UUID userId = user.id(root);
      if (userIds.put(user.key(), userId) != null) {
        throw scope.invalid("the user key '" + user.key() + "' is used twice");
      }
      parts.key(GraphKeys.Kind.USER, user.key(), userId, scope);
    }
    Scope tenant = new Scope(id, clock, root.domain(), "", Map.copyOf(userIds));

    ClientAccountsRecord account = Records.create(io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS)
        .setId(id)
        .setName(tenantName)
        .setSlug(tenantSlug)
        .setDescription(description)
        .setIndustry(industry != null ? industry : draws.faker("industry").company().industry())
        .setCompanySize(companySize != null ? companySize : draws.pick("company_size", List.of("1-50", "50-250", "250-1000", "1000-5000", "5000+")))
        .setSubscriptionTier(subscriptionTier != null ? subscriptionTier : "standard")
        .setSettings(Json.jsonb(settings))
        .setAgentPreferences(Json.jsonb(agentPreferences))
        .setIsActive(active)
        .setCreatedAt(clock.timestamp())
        .setUpdatedAt(clock.timestamp());
    Row accountRow = withMessagesAt(tenant, () -> GraphParts.row(account, tenant, extra));
    parts.claim(id, root.child("the tenant"));

    for (UserBuilder user : users) {
      Scope at = tenant.child("user/" + user.key());
      withMessagesAt(at, () -> {
        user.build(tenant, parts);
        return null;
      });
    }
    for (EngagementBuilder engagement : engagements) {
      engagement.build(tenant, parts);
    }
    generic.register(tenant, null, null, parts);
    parts.references.keys(parts.keys().copy());

    Map<String, List<Row>> rows = new LinkedHashMap<>(parts.rows());
    rows.remove(TenantGraph.ROOT);
    TenantGraph lazy = new TenantGraph(id, clock, fixtureName, fixtureVersion, accountRow, parts.tables(), rows,
        parts.runs(), parts.keys().copy());
    // Tables of generated rows small enough to keep are generated once, here, and kept: the graph
    // is then a snapshot that nothing its customizers capture can change. Larger ones are
    // generated again whenever they are read; up to CHECKED_ROWS of them are generated once here
    // to check their references and values, the rest as they are written.
    Map<String, List<Row>> kept = new LinkedHashMap<>(rows);
    Map<String, List<TenantGraph.Run>> generated = new LinkedHashMap<>();
    parts.runs().forEach((table, runs) -> {
      long count = lazy.rowCount(table);
      if (count <= KEPT_ROWS) {
        try (var stream = lazy.rows(table)) {
          kept.put(table, stream.toList());
        }
      } else {
        generated.put(table, runs);
        if (count <= CHECKED_ROWS) {
          try (var stream = lazy.rows(table)) {
            stream.forEach(row -> { });
          }
        }
      }
    });
    return new TenantGraph(id, clock, fixtureName, fixtureVersion, accountRow, parts.tables(), kept, generated,
        parts.keys().copy(), parts.assetRuns());
  }

  /** Rewrites a builder's own argument errors so that they name the entity. */
  static <T> T withMessagesAt(Scope scope, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException | ArithmeticException e) {
      if (e instanceof InvalidTenantGraphException) {
        throw e;
      }
      throw scope.invalid(e.getMessage());
    }
  }

  private static JsonNode object(String what, Object value) {
    JsonNode node = Json.tree(value);
    if (!(node instanceof ObjectNode)) {
      throw new IllegalArgumentException(what + " must be a JSON object, not " + node.getNodeType());
    }
    return node;
  }

  static String slugify(String text) {
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "tenant" : slug;
  }
}
