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

import io.tenantseed.schema.migration.tables.records.AssessmentFlowsRecord;
import io.tenantseed.schema.migration.tables.records.AssetsRecord;
import io.tenantseed.schema.migration.tables.records.ClientAccountsRecord;
import io.tenantseed.schema.migration.tables.records.CrewaiFlowStateExtensionsRecord;
import io.tenantseed.schema.migration.tables.records.DataImportsRecord;
import io.tenantseed.schema.migration.tables.records.DiscoveryFlowsRecord;
import io.tenantseed.schema.migration.tables.records.EngagementsRecord;
import io.tenantseed.schema.migration.tables.records.ImportFieldMappingsRecord;
import io.tenantseed.schema.migration.tables.records.UsersRecord;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jooq.Table;
import org.jooq.TableRecord;

/**
 * A tenant, described completely and immutably: every row it will have in every table.
 * Built by {@link TenantBuilder#build()}, written by {@code Seeder}, exported by
 * {@link CanonicalExport}.
 *
 * <pre>
 * TenantGraph graph = tenant("11111111-1111-1111-1111-111111111111").name("TechCorp Solutions")
 *     .engagement("cloud", e -&gt; e.assets(50, (i, a) -&gt; a.server())).build();
 * graph.rowCounts();            // {client_accounts=1, users=0, engagements=1, ..., assets=50, ...}
 * graph.asset(17).getAssetName();
 * graph.engagementId("cloud");
 * </pre>
 *
 * <p>Assets are not held in memory: they are generated again from the builder's customizer
 * each time they are read, so a graph of a million assets costs no more heap than one of
 * fifty. Every accessor returns fresh record copies, so the graph cannot be changed through
 * them. Thread-safe.
 */
public final class TenantGraph {

  /** The tenant tables in foreign-key order: parents before children. */
  public static final List<Table<? extends TableRecord<?>>> TABLES = List.of(
      CLIENT_ACCOUNTS, USERS, ENGAGEMENTS, CREWAI_FLOW_STATE_EXTENSIONS, DISCOVERY_FLOWS,
      ASSESSMENT_FLOWS, DATA_IMPORTS, ASSETS, IMPORT_FIELD_MAPPINGS);

  private final UUID tenantId;
  private final FixtureClock clock;
  private final String fixtureName;
  private final String fixtureVersion;
  private final ClientAccountsRecord clientAccount;
  private final Map<Table<?>, List<? extends TableRecord<?>>> rows;
  private final List<AssetRun> assetRuns;
  private final long assetCount;
  private final Map<String, UUID> keys;
  private volatile String fingerprint;
  private volatile String digest;

  TenantGraph(UUID tenantId, FixtureClock clock, String fixtureName, String fixtureVersion,
      ClientAccountsRecord clientAccount, Map<Table<?>, List<? extends TableRecord<?>>> rows,
      List<AssetRun> assetRuns, Map<String, UUID> keys) {
    this.tenantId = tenantId;
    this.clock = clock;
    this.fixtureName = fixtureName;
    this.fixtureVersion = fixtureVersion;
    this.clientAccount = clientAccount;
    this.rows = Map.copyOf(rows);
    this.assetRuns = List.copyOf(assetRuns);
    this.assetCount = assetRuns.stream().mapToLong(AssetRun::count).sum();
    this.keys = Map.copyOf(keys);
  }

  public UUID tenantId() {
    return tenantId;
  }

  public String name() {
    return clientAccount.getName();
  }

  public FixtureClock clock() {
    return clock;
  }

  /** The fixture this graph was built from, for the tenant registry ({@code custom} if unnamed). */
  public String fixtureName() {
    return fixtureName;
  }

  /** The fixture's version as its author stated it, if any; see {@link #version()}. */
  public Optional<String> fixtureVersion() {
    return Optional.ofNullable(fixtureVersion);
  }

  public ClientAccountsRecord clientAccount() {
    return Records.copy(clientAccount);
  }

  public List<UsersRecord> users() {
    return list(USERS);
  }

  public List<EngagementsRecord> engagements() {
    return list(ENGAGEMENTS);
  }

  public List<CrewaiFlowStateExtensionsRecord> masterFlows() {
    return list(CREWAI_FLOW_STATE_EXTENSIONS);
  }

  public List<DiscoveryFlowsRecord> discoveryFlows() {
    return list(DISCOVERY_FLOWS);
  }

  public List<AssessmentFlowsRecord> assessmentFlows() {
    return list(ASSESSMENT_FLOWS);
  }

  public List<DataImportsRecord> dataImports() {
    return list(DATA_IMPORTS);
  }

  public List<ImportFieldMappingsRecord> fieldMappings() {
    return list(IMPORT_FIELD_MAPPINGS);
  }

  public long assetCount() {
    return assetCount;
  }

  /**
   * Every asset, engagement by engagement, generated on the fly. (Not a flatMap of the runs:
   * iterating a flatMap buffers each inner stream whole, which would hold a million assets.)
   */
  public Stream<AssetsRecord> assets() {
    Iterator<AssetsRecord> iterator = new Iterator<>() {
      private int run;
      private int offset;

      @Override
      public boolean hasNext() {
        while (run < assetRuns.size() && offset >= assetRuns.get(run).count()) {
          run++;
          offset = 0;
        }
        return run < assetRuns.size();
      }

      @Override
      public AssetsRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return assetRuns.get(run).generate(offset++);
      }
    };
    return StreamSupport.stream(Spliterators.spliterator(iterator, assetCount,
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
  }

  /** Asset {@code index} of the tenant, counting across engagements in their order. */
  public AssetsRecord asset(long index) {
    long remaining = index;
    for (AssetRun run : assetRuns) {
      if (remaining >= 0 && remaining < run.count()) {
        return run.generate((int) remaining);
      }
      remaining -= run.count();
    }
    throw new IndexOutOfBoundsException("asset " + index + " of a tenant with " + assetCount + " assets");
  }

  /** Asset {@code index} of engagement {@code engagementKey}. */
  public AssetsRecord asset(String engagementKey, int index) {
    for (AssetRun run : assetRuns) {
      if (run.engagementKey().equals(engagementKey) && index >= run.start() && index < run.start() + run.count()) {
        return run.generate(index - run.start());
      }
    }
    throw new IndexOutOfBoundsException("asset " + index + " of engagement '" + engagementKey + "'");
  }

  public UUID userId(String key) {
    return key("user", key);
  }

  public UUID engagementId(String key) {
    return key("engagement", key);
  }

  /** The flow id of master flow {@code key}. */
  public UUID masterFlowId(String key) {
    return key("flow", key);
  }

  public UUID dataImportId(String key) {
    return key("import", key);
  }

  private UUID key(String kind, String key) {
    UUID id = keys.get(kind + "/" + key);
    if (id == null) {
      throw new IllegalArgumentException("this tenant has no " + kind + " '" + key + "'");
    }
    return id;
  }

  /** Rows per table, in foreign-key order. */
  public Map<Table<?>, Long> rowCounts() {
    Map<Table<?>, Long> counts = new LinkedHashMap<>();
    for (Table<?> table : TABLES) {
      counts.put(table, table == ASSETS ? assetCount : table == CLIENT_ACCOUNTS ? 1L : rows.get(table).size());
    }
    return counts;
  }

  /** Every row of {@code table}: fresh copies, assets generated on the fly. */
  @SuppressWarnings("unchecked")
  public <R extends TableRecord<R>> Stream<R> rows(Table<R> table) {
    return (Stream<R>) rowsOf(table);
  }

  /** {@link #rows(Table)} for a table whose record type is not known statically. */
  public Stream<? extends TableRecord<?>> rowsOf(Table<?> table) {
    if (table == ASSETS) {
      return assets();
    }
    if (table == CLIENT_ACCOUNTS) {
      return Stream.of(clientAccount());
    }
    List<? extends TableRecord<?>> list = rows.get(table);
    if (list == null) {
      throw new IllegalArgumentException(table + " is not a tenant table of this graph");
    }
    return list.stream().map(Records::copy);
  }

  /**
   * The SHA-256 of this graph's {@link CanonicalExport}: the same for the same builder code
   * and tenant id on any machine. Computed once, on first use.
   */
  public String fingerprint() {
    String value = fingerprint;
    if (value == null) {
      value = CanonicalExport.fingerprint(this);
      fingerprint = value;
    }
    return value;
  }

  /**
   * What the tenant registry records as this graph's version: the fixture version its author
   * stated, or else {@code rows-} and a {@link CanonicalExport#streamingDigest} of its rows,
   * which costs one more pass of generation but no memory. Computed once, on first use.
   */
  public String version() {
    if (fixtureVersion != null) {
      return fixtureVersion;
    }
    String value = digest;
    if (value == null) {
      value = "rows-" + CanonicalExport.streamingDigest(this);
      digest = value;
    }
    return value;
  }

  private <R extends TableRecord<R>> List<R> list(Table<R> table) {
    return rows(table).toList();
  }

  /**
   * A run of assets of one engagement: generated by a customizer, or (for a graph read from an
   * export) stored records handed out as copies.
   */
  record AssetRun(String engagementKey, Scope engagement, UUID engagementId, int start, int count,
      AssetCustomizer customizer, Map<String, AssetBuilder.FlowLinks> flows, List<AssetsRecord> stored) {

    AssetRun(String engagementKey, Scope engagement, UUID engagementId, int start, int count,
        AssetCustomizer customizer, Map<String, AssetBuilder.FlowLinks> flows) {
      this(engagementKey, engagement, engagementId, start, count, customizer, flows, null);
    }

    /** Assets read from an export, in their order there. */
    static AssetRun stored(List<AssetsRecord> assets) {
      return new AssetRun("", null, null, 0, assets.size(), null, Map.of(), List.copyOf(assets));
    }

    /** Asset {@code start + offset} of the engagement. */
    AssetsRecord generate(int offset) {
      if (stored != null) {
        return Records.copy(stored.get(offset));
      }
      int index = start + offset;
      AssetBuilder builder = new AssetBuilder();
      customizer.customize(offset, builder);
      return builder.build(assetScope(engagement, index), flows::get).setEngagementId(engagementId);
    }
  }

  /** Where asset {@code index} of an engagement sits: its id, draws and messages derive from it. */
  static Scope assetScope(Scope engagement, int index) {
    return engagement.child("asset/" + index);
  }

  /** The id of asset {@code index}, the same one the asset gets when generated. */
  static UUID assetId(Scope engagement, int index) {
    return assetScope(engagement, index).derive("");
  }
}
