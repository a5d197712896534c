package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.ASSESSMENT_FLOWS;
import static io.tenantseed.schema.migration.Tables.CREWAI_FLOW_STATE_EXTENSIONS;
import static io.tenantseed.schema.migration.Tables.DATA_IMPORTS;
import static io.tenantseed.schema.migration.Tables.DISCOVERY_FLOWS;
import static io.tenantseed.schema.migration.Tables.ENGAGEMENTS;
import static io.tenantseed.schema.migration.Tables.IMPORT_FIELD_MAPPINGS;
import static io.tenantseed.schema.migration.Tables.USERS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.schema.migration.tables.records.AssessmentFlowsRecord;
import io.tenantseed.schema.migration.tables.records.ClientAccountsRecord;
import io.tenantseed.schema.migration.tables.records.CrewaiFlowStateExtensionsRecord;
import io.tenantseed.schema.migration.tables.records.DataImportsRecord;
import io.tenantseed.schema.migration.tables.records.DiscoveryFlowsRecord;
import io.tenantseed.schema.migration.tables.records.EngagementsRecord;
import io.tenantseed.schema.migration.tables.records.ImportFieldMappingsRecord;
import io.tenantseed.schema.migration.tables.records.UsersRecord;
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
import org.jooq.Table;
import org.jooq.TableRecord;

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

  /** Graphs up to this many assets have every asset generated once by build(), to check them. */
  static final long CHECKED_ASSETS = 100_000;

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

  /** Checks the whole description and returns it as an immutable graph. */
  public TenantGraph build() {
    Draws draws = Draws.of("");
    String tenantName = name != null ? name : draws.faker("name").company().name();
    String tenantSlug = slug != null ? slug : withTenantId(slugify(tenantName), id);
    Scope root = new Scope(id, clock, tenantSlug + ".local", "", Map.of());

    IdClaims ids = new IdClaims(root);
    Map<String, UUID> keys = new LinkedHashMap<>();
    Map<String, UUID> userIds = new LinkedHashMap<>();
    for (UserBuilder user : users) {
      Scope scope = root.child("user/" + user.key());
      UUID userId = user.id(root);
      if (userIds.put(user.key(), userId) != null) {
        throw scope.invalid("the user key '" + user.key() + "' is used twice");
      }
      keys.put("user/" + user.key(), userId);
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
    ids.claim(id, "the tenant");

    List<UsersRecord> userRows = new ArrayList<>();
    Map<String, String> emails = new HashMap<>();
    Map<String, String> auth0Ids = new HashMap<>();
    for (UserBuilder user : users) {
      UsersRecord row = user.build(tenant);
      String path = "user/" + user.key();
      ids.claim(row.getId(), path);
      unique(emails, row.getEmail(), "email", root.child(path));
      unique(auth0Ids, row.getAuth0UserId(), "auth0 id", root.child(path));
      userRows.add(row);
    }

    List<EngagementsRecord> engagementRows = new ArrayList<>();
    List<CrewaiFlowStateExtensionsRecord> masterRows = new ArrayList<>();
    List<DiscoveryFlowsRecord> discoveryRows = new ArrayList<>();
    List<AssessmentFlowsRecord> assessmentRows = new ArrayList<>();
    List<DataImportsRecord> importRows = new ArrayList<>();
    List<ImportFieldMappingsRecord> mappingRows = new ArrayList<>();
    List<TenantGraph.AssetRun> assetRuns = new ArrayList<>();
    Map<UUID, String> discoveryFlowIds = new HashMap<>();

    for (EngagementBuilder engagement : engagements) {
      Scope scope = tenant.child("engagement/" + engagement.key());
      if (keys.containsKey("engagement/" + engagement.key())) {
        throw scope.invalid("the engagement key '" + engagement.key() + "' is used twice");
      }
      EngagementsRecord row = withMessagesAt(scope, () -> engagement.build(scope));
      UUID engagementId = row.getId();
      ids.claim(engagementId, scope.path());
      keys.put("engagement/" + engagement.key(), engagementId);
      engagementRows.add(row);

      Map<String, AssetBuilder.FlowLinks> flows = new HashMap<>();
      for (MasterFlowBuilder flow : engagement.flows) {
        Scope flowScope = scope.child("flow/" + flow.key());
        if (keys.containsKey("flow/" + flow.key())) {
          throw flowScope.invalid("the flow key '" + flow.key() + "' is used twice in this tenant");
        }
        CrewaiFlowStateExtensionsRecord master = withMessagesAt(flowScope, () -> flow.build(flowScope, engagementId));
        UUID flowId = master.getFlowId();
        ids.claim(flowId, flowScope.path());
        keys.put("flow/" + flow.key(), flowId);
        masterRows.add(master);

        UUID discoveryId = null;
        if (flow.discovery != null) {
          Scope at = flowScope.child("discovery");
          DiscoveryFlowsRecord discovery = withMessagesAt(at,
              () -> flow.discovery.build(at, flowId, engagementId, engagement.assetCount()));
          ids.claim(discovery.getId(), at.path());
          String other = discoveryFlowIds.put(discovery.getFlowId(), at.path());
          if (other != null) {
            throw at.invalid("flow id " + discovery.getFlowId() + " is also the flow id of " + other);
          }
          discoveryId = discovery.getId();
          discoveryRows.add(discovery);
        }
        if (flow.assessment != null) {
          Scope at = flowScope.child("assessment");
          AssessmentFlowsRecord assessment = withMessagesAt(at, () -> flow.assessment.build(
              at, flowId, engagementId, engagement.assetCount(), index -> TenantGraph.assetId(scope, index)));
          ids.claim(assessment.getId(), at.path());
          assessmentRows.add(assessment);
        }
        for (DataImportBuilder dataImport : flow.imports) {
          Scope at = flowScope.child("import/" + dataImport.key());
          if (keys.containsKey("import/" + dataImport.key())) {
            throw at.invalid("the data import key '" + dataImport.key() + "' is used twice in this tenant");
          }
          List<ImportFieldMappingsRecord> mappings = new ArrayList<>();
          DataImportsRecord row2 = withMessagesAt(at,
              () -> dataImport.build(at, engagementId, flowId, mappings));
          ids.claim(row2.getId(), at.path());
          keys.put("import/" + dataImport.key(), row2.getId());
          importRows.add(row2);
          for (ImportFieldMappingsRecord mapping : mappings) {
            ids.claim(mapping.getId(), at.path() + "/mapping");
          }
          mappingRows.addAll(mappings);
        }
        flows.put(flow.key(), new AssetBuilder.FlowLinks(flowId, discoveryId));
      }
      for (EngagementBuilder.Segment segment : engagement.segments) {
        assetRuns.add(new TenantGraph.AssetRun(engagement.key(), scope, engagementId,
            segment.start(), segment.count(), segment.customizer(), Map.copyOf(flows)));
      }
    }

    Map<Table<?>, List<? extends TableRecord<?>>> rows = new HashMap<>();
    rows.put(USERS, userRows);
    rows.put(ENGAGEMENTS, engagementRows);
    rows.put(CREWAI_FLOW_STATE_EXTENSIONS, masterRows);
    rows.put(DISCOVERY_FLOWS, discoveryRows);
    rows.put(ASSESSMENT_FLOWS, assessmentRows);
    rows.put(DATA_IMPORTS, importRows);
    rows.put(IMPORT_FIELD_MAPPINGS, mappingRows);
    TenantGraph graph = new TenantGraph(id, clock, fixtureName, fixtureVersion, account, rows, assetRuns, keys);
    if (graph.assetCount() <= CHECKED_ASSETS) {
      graph.assets().forEach(asset -> { }); // generating an asset checks its references
    }
    return graph;
  }

  /** Values unique per tenant in the schema, refused here rather than by the database. */
  private static void unique(Map<String, String> seen, String value, String what, Scope scope) {
    String other = seen.putIfAbsent(value, scope.path());
    if (other != null) {
      throw scope.invalid("the " + what + " '" + value + "' is also the " + what + " of " + other);
    }
  }

  /** Rewrites a builder's own argument errors so that they name the entity. */
  private static <T> T withMessagesAt(Scope scope, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException | ArithmeticException e) {
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

  /** Every id of the graph but the assets' (which are derived and distinct by construction). */
  private static final class IdClaims {
    private final Scope root;
    private final Map<UUID, String> owners = new HashMap<>();

    IdClaims(Scope root) {
      this.root = root;
    }

    void claim(UUID id, String path) {
      String other = owners.putIfAbsent(id, path);
      if (other != null) {
        throw root.child(path).invalid("id " + id + " is also the id of " + other);
      }
    }
  }
}
