package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jooq.Table;

/**
 * A tenant, described completely and immutably: every row it will have in every table it
 * describes. Built by {@link TenantBuilder#build()} (or read from an export by
 * {@link CanonicalImport}), written by {@code Seeder}, exported by {@link CanonicalExport}.
 *
 * <pre>
 * TenantGraph graph = tenant("11111111-1111-1111-1111-111111111111").name("TechCorp Solutions")
 *     .engagement("cloud", e -&gt; e.assets(50, (i, a) -&gt; a.server())).build();
 * graph.rowCounts();                        // {client_accounts=1, users=0, engagements=1, ..., assets=50, ...}
 * graph.asset(17).get(ASSETS.ASSET_NAME);
 * graph.rows("assessments").count();       // generic rows, by table name
 * graph.engagementId("cloud");
 * </pre>
 *
 * <p>The graph describes the tables of its builders (each listed, even when empty) and the
 * tables it has generic rows for; it knows nothing of the database. Which tables the database
 * has, and which columns a row leaves to their DEFAULT, the writer learns from the live
 * catalog. Each {@link Row} holds only the columns the graph sets.
 *
 * <p>Assets and generic rows are not held in memory: they are generated again from their
 * customizer each time they are read, so a graph of a million assets costs no more heap than
 * one of fifty; the large tables of an export file ({@link CanonicalImport#read(java.nio.file.Path,
 * javax.sql.DataSource)}) are parsed again from the file. Rows are immutable. Thread-safe.
 */
public final class TenantGraph {

  /** The tenant's own table. */
  static final String ROOT = CLIENT_ACCOUNTS.getName();

  private final UUID tenantId;
  private final FixtureClock clock;
  private final String fixtureName;
  private final String fixtureVersion;
  private final Row clientAccount;
  private final List<String> tables;
  private final Map<String, List<Row>> stored;
  private final Map<String, List<Run>> runs;
  private final GraphKeys keys;
  /** Where each engagement's assets are among the tenant's, whether they are kept or generated. */
  private final List<AssetRun> assetRuns;
  private final Map<String, Source> sources;
  private volatile String fingerprint;
  private volatile String digest;

  /** Rows generated on demand, {@code count()} of them, by offset. */
  interface Run {
    long count();

    Row generate(int offset);
  }

  /**
   * Rows read again from outside the heap each time they are asked for (an export file's
   * table): {@code count()} of them, in the same order every time; the stream holds the file
   * open until closed.
   */
  interface Source {
    long count();

    Stream<Row> rows();
  }

  TenantGraph(UUID tenantId, FixtureClock clock, String fixtureName, String fixtureVersion, Row clientAccount,
      List<String> tables, Map<String, List<Row>> stored, Map<String, List<Run>> runs, GraphKeys keys) {
    this(tenantId, clock, fixtureName, fixtureVersion, clientAccount, tables, stored, runs, keys, List.of(), Map.of());
  }

  TenantGraph(UUID tenantId, FixtureClock clock, String fixtureName, String fixtureVersion, Row clientAccount,
      List<String> tables, Map<String, List<Row>> stored, Map<String, List<Run>> runs, GraphKeys keys,
      List<AssetRun> assetRuns) {
    this(tenantId, clock, fixtureName, fixtureVersion, clientAccount, tables, stored, runs, keys, assetRuns, Map.of());
  }

  private TenantGraph(UUID tenantId, FixtureClock clock, String fixtureName, String fixtureVersion, Row clientAccount,
      List<String> tables, Map<String, List<Row>> stored, Map<String, List<Run>> runs, GraphKeys keys,
      List<AssetRun> assetRuns, Map<String, Source> sources) {
    this.assetRuns = List.copyOf(assetRuns);
    this.sources = Map.copyOf(sources);
    this.tenantId = tenantId;
    this.clock = clock;
    this.fixtureName = fixtureName;
    this.fixtureVersion = fixtureVersion;
    this.clientAccount = clientAccount;
    this.tables = List.copyOf(tables);
    Map<String, List<Row>> copy = new LinkedHashMap<>();
    stored.forEach((table, rows) -> copy.put(table, List.copyOf(rows)));
    this.stored = Map.copyOf(copy);
    Map<String, List<Run>> runCopy = new LinkedHashMap<>();
    runs.forEach((table, list) -> runCopy.put(table, List.copyOf(list)));
    this.runs = Map.copyOf(runCopy);
    this.keys = keys;
  }

  /**
   * A graph of the given rows, as read from an export: {@code rows} per table (bare names),
   * in any order of tables; the tenant's own table must hold exactly its one row. The
   * builders' tables are described even when {@code rows} lacks them.
   *
   * @throws IllegalArgumentException when the tenant's own row is not there exactly once
   */
  public static TenantGraph fromRows(UUID tenantId, String fixtureName, String fixtureVersion,
      Map<String, List<Row>> rows) {
    return fromSources(tenantId, fixtureName, fixtureVersion, rows, Map.of());
  }

  /**
   * {@link #fromRows} where the tables of {@code sources} are not held but read again from
   * their source each time they are asked for (an export's large tables, re-read from its
   * file). A table is in {@code rows} or in {@code sources}, not both.
   */
  static TenantGraph fromSources(UUID tenantId, String fixtureName, String fixtureVersion,
      Map<String, List<Row>> rows, Map<String, Source> sources) {
    return fromSources(tenantId, FixtureClock.DEFAULT, fixtureName, fixtureVersion, rows, sources);
  }

  /** {@link #fromSources(UUID, String, String, Map, Map)} whose values are drawn with {@code clock}. */
  static TenantGraph fromSources(UUID tenantId, FixtureClock clock, String fixtureName, String fixtureVersion,
      Map<String, List<Row>> rows, Map<String, Source> sources) {
    Objects.requireNonNull(tenantId, "tenantId");
    List<Row> accounts = rows.getOrDefault(ROOT, List.of());
    if (accounts.size() != 1) {
      throw new IllegalArgumentException(ROOT + " must hold exactly the tenant's own row, not " + accounts.size()
          + " rows");
    }
    if (!tenantId.equals(accounts.get(0).get("id"))) {
      throw new IllegalArgumentException("the tenant's own row of " + ROOT + " has id " + accounts.get(0).get("id")
          + ", not the tenant id " + tenantId);
    }
    rows.forEach((table, list) -> list.stream().filter(row -> !row.table().equals(table)).findFirst()
        .ifPresent(row -> {
          throw new IllegalArgumentException("a row of " + row.table() + " is given as a row of " + table);
        }));
    List<String> tables = new ArrayList<>(TenantBuilder.BUILT_TABLES);
    rows.keySet().stream().filter(table -> !tables.contains(table)).forEach(tables::add);
    sources.keySet().stream().filter(table -> !tables.contains(table)).forEach(tables::add);
    Map<String, List<Row>> stored = new LinkedHashMap<>();
    for (String table : tables) {
      if (!table.equals(ROOT)) {
        stored.put(table, rows.getOrDefault(table, List.of()));
      }
    }
    return new TenantGraph(tenantId, clock, fixtureName, fixtureVersion, accounts.get(0), tables,
        stored, Map.of(), GraphKeys.FROM_EXPORT, List.of(), sources);
  }

  /**
   * This tenant with {@code slug} as its {@code client_accounts.slug}, whatever set it (the
   * builder's {@code slug(...)} or {@code set("slug", ...)}); every other row, key and value is
   * this graph's, so users' emails and assets' hostnames keep the domain they were built with.
   * For a caller that seeds one description under many ids and must keep slugs, which are
   * unique across tenants, apart.
   *
   * <pre>
   * TenantGraph graph = tenant(id).slug("acme").user("admin", u -&gt; { }).build();
   * graph.withSlug("acme-" + id).clientAccount().get("slug");   // "acme-&lt;id&gt;"; emails still end in @acme.local
   * </pre>
   */
  public TenantGraph withSlug(String slug) {
    Objects.requireNonNull(slug, "slug");
    return new TenantGraph(tenantId, clock, fixtureName, fixtureVersion,
        clientAccount.with(CLIENT_ACCOUNTS.SLUG.getName(), slug), tables, stored, runs, keys, assetRuns, sources);
  }

  public UUID tenantId() {
    return tenantId;
  }

  public String name() {
    Object name = clientAccount.get(CLIENT_ACCOUNTS.NAME.getName());
    return name == null ? tenantId.toString() : name.toString();
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

  /** The tenant's own table ({@code client_accounts}). */
  public String rootTable() {
    return ROOT;
  }

  /**
   * The tables this graph describes: the tenant's own first, then its builders' tables (each,
   * even without rows), then the tables of its generic rows in the order they were first used.
   */
  public List<String> tables() {
    return tables;
  }

  /** Every row of {@code table}: stored rows, then generated ones; empty for a table the graph does not describe. */
  public Stream<Row> rows(String table) {
    if (table.equals(ROOT)) {
      return Stream.of(clientAccount);
    }
    Source source = sources.get(table);
    if (source != null) {
      return source.rows();
    }
    List<Row> fixed = stored.getOrDefault(table, List.of());
    List<Run> generated = runs.getOrDefault(table, List.of());
    if (generated.isEmpty()) {
      return fixed.stream();
    }
    return Stream.concat(fixed.stream(), generated(generated));
  }

  /** {@link #rows(String)} of the table of a generated schema class. */
  public Stream<Row> rows(Table<?> table) {
    return rows(table.getName());
  }

  /** How many rows {@code table} has in this graph (0 for a table it does not describe). */
  public long rowCount(String table) {
    if (table.equals(ROOT)) {
      return 1;
    }
    long count = stored.getOrDefault(table, List.of()).size();
    Source source = sources.get(table);
    count += source == null ? 0 : source.count();
    for (Run run : runs.getOrDefault(table, List.of())) {
      count += run.count();
    }
    return count;
  }

  /** Rows per table of {@link #tables()}, in that order. */
  public Map<String, Long> rowCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    tables.forEach(table -> counts.put(table, rowCount(table)));
    return counts;
  }

  public Row clientAccount() {
    return clientAccount;
  }

  public List<Row> users() {
    return list("users");
  }

  public List<Row> engagements() {
    return list("engagements");
  }

  public List<Row> masterFlows() {
    return list("crewai_flow_state_extensions");
  }

  public List<Row> discoveryFlows() {
    return list("discovery_flows");
  }

  public List<Row> assessmentFlows() {
    return list("assessment_flows");
  }

  public List<Row> dataImports() {
    return list("data_imports");
  }

  public List<Row> fieldMappings() {
    return list("import_field_mappings");
  }

  public long assetCount() {
    return rowCount("assets");
  }

  /** Every asset, engagement by engagement, generated on the fly. */
  public Stream<Row> assets() {
    return rows("assets");
  }

  /** Asset {@code index} of the tenant, counting across engagements in their order. */
  public Row asset(long index) {
    Source source = sources.get("assets");
    if (source != null && index >= 0 && index < source.count()) {
      try (Stream<Row> rows = source.rows()) {
        return rows.skip(index).findFirst().orElseThrow();
      }
    }
    List<Row> fixed = stored.getOrDefault("assets", List.of());
    if (index >= 0 && index < fixed.size()) {
      return fixed.get((int) index);
    }
    long remaining = index - fixed.size();
    for (Run run : runs.getOrDefault("assets", List.of())) {
      if (remaining >= 0 && remaining < run.count()) {
        return run.generate((int) remaining);
      }
      remaining -= run.count();
    }
    throw new IndexOutOfBoundsException("asset " + index + " of a tenant with " + assetCount() + " assets");
  }

  /** Asset {@code index} of engagement {@code engagementKey}. */
  public Row asset(String engagementKey, int index) {
    long offset = 0;
    for (AssetRun assets : assetRuns) {
      if (assets.engagementKey().equals(engagementKey) && index >= assets.start()
          && index < assets.start() + assets.count()) {
        return asset(offset + index - assets.start());
      }
      offset += assets.count();
    }
    throw new IndexOutOfBoundsException("asset " + index + " of engagement '" + engagementKey + "'");
  }

  public UUID userId(String key) {
    return keys.inTenant(GraphKeys.Kind.USER, key, null);
  }

  public UUID engagementId(String key) {
    return keys.inTenant(GraphKeys.Kind.ENGAGEMENT, key, null);
  }

  /**
   * The flow id of master flow {@code key}. Flow keys are unique within their engagement:
   * where several engagements have a flow of this key, this names them, and
   * {@link #masterFlowId(String, String)} chooses one.
   *
   * @throws IllegalArgumentException when no engagement has the key
   * @throws AmbiguousKeyException when more than one has it (naming them)
   */
  public UUID masterFlowId(String key) {
    return keys.inTenant(GraphKeys.Kind.FLOW, key, "masterFlowId");
  }

  /** The flow id of master flow {@code key} of engagement {@code engagementKey}. */
  public UUID masterFlowId(String engagementKey, String key) {
    return keys.inEngagement(GraphKeys.Kind.FLOW, engagementKey, key);
  }

  /**
   * The id of data import {@code key}; as for flows, import keys are unique within their
   * engagement, and an ambiguous key is refused naming the engagements.
   *
   * @throws IllegalArgumentException when no engagement has the key
   * @throws AmbiguousKeyException when more than one has it (naming them)
   */
  public UUID dataImportId(String key) {
    return keys.inTenant(GraphKeys.Kind.IMPORT, key, "dataImportId");
  }

  /** The id of data import {@code key} of engagement {@code engagementKey}. */
  public UUID dataImportId(String engagementKey, String key) {
    return keys.inEngagement(GraphKeys.Kind.IMPORT, engagementKey, key);
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

  private List<Row> list(String table) {
    return rows(table).toList();
  }

  /**
   * Every row of {@code runs}, one after another, generated on the fly. (Not a flatMap of the
   * runs: iterating a flatMap buffers each inner stream whole, which would hold a million rows.)
   */
  private static Stream<Row> generated(List<Run> runs) {
    long total = runs.stream().mapToLong(Run::count).sum();
    Iterator<Row> iterator = new Iterator<>() {
      private int run;
      private int offset;

      @Override
      public boolean hasNext() {
        while (run < runs.size() && offset >= runs.get(run).count()) {
          run++;
          offset = 0;
        }
        return run < runs.size();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return runs.get(run).generate(offset++);
      }
    };
    return StreamSupport.stream(Spliterators.spliterator(iterator, total,
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
  }

  /** A run of assets of one engagement, generated by a customizer. */
  record AssetRun(String engagementKey, Scope engagement, UUID engagementId, int start, int size,
      AssetCustomizer customizer, Map<String, AssetBuilder.FlowLinks> flows) implements Run {

    @Override
    public long count() {
      return size;
    }

    /** Asset {@code start + offset} of the engagement. */
    @Override
    public Row generate(int offset) {
      int index = start + offset;
      AssetBuilder builder = new AssetBuilder();
      customizer.customize(offset, builder);
      return builder.build(assetScope(engagement, index), engagementId, flows::get);
    }
  }

  /** Where asset {@code index} of an engagement sits: its id, draws and messages derive from it. */
  static Scope assetScope(Scope engagement, int index) {
    return engagement.child("asset/" + index);
  }
}
