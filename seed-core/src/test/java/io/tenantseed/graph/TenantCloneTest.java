package io.tenantseed.graph;

import static io.tenantseed.graph.Tenants.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's export seeded as a clone beside the original: every id remapped, references
 * followed (foreign keys, the asset ids of assessment flows' groups, a text key), the slug and
 * emails made the clone's own, in a tenant table only a migration of the test knows too.
 */
class TenantCloneTest {

  private static final UUID ORIGINAL = UUID.fromString("c1030000-0000-4000-8000-000000000001");
  private static final UUID CLONE = UUID.fromString("c1030000-0000-4000-8000-0000000000c1");
  private static final UUID SECOND = UUID.fromString("c1030000-0000-4000-8000-0000000000c2");

  /** Tenant tables no schema class knows: a text key referenced by text, a uuid[] and JSON of ids. */
  private static final String TEST_MIGRATION = """
      create table if not exists migration.review_codes (
          code text primary key,
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          label text not null);
      create table if not exists migration.reviews (
          id uuid primary key,
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          asset_id uuid not null references migration.assets (id) on delete cascade,
          code text references migration.review_codes (code) on delete set null,
          reviewer_email text,
          related uuid[],
          details jsonb);
      create table if not exists migration.checklists (
          id uuid not null primary key,
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          title text not null);
      create table if not exists migration.checklist_items (
          id uuid not null primary key,
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          checklist_id uuid not null references migration.checklists (id) on delete cascade);
      create table if not exists migration.regions (id uuid primary key, name text not null);
      create table if not exists migration.sites (
          id uuid primary key,
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          name varchar(40) not null unique,
          contact_email varchar(30) unique,
          region_id uuid references migration.regions (id));
      create table if not exists migration.site_visits (
          id uuid primary key,
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          site_name varchar(60) not null references migration.sites (name) on delete cascade);
      create table if not exists migration.cost_codes (
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          code text not null unique,
          unique (client_account_id, code));
      create table if not exists migration.cost_bookings (
          id uuid primary key,
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          code text not null,
          foreign key (client_account_id, code) references migration.cost_codes (client_account_id, code)
              on delete cascade);
      """;

  /** A row of a table of no tenant, which the sites of the original and of the clone refer to alike. */
  private static final UUID REGION = UUID.fromString("c1030000-0000-4000-8000-0000000e0001");

  /** Two names that differ only after what a varchar(40) keeps of them beside a tag. */
  private static final String LONG_SITE = "a-site-name-of-thirty-four-chars-";

  private static ScratchDatabase scratch;
  private static DataSource dataSource;
  private static DSLContext db;
  private static String export;

  @TempDir
  Path directory;

  @BeforeAll
  static void seedTheOriginal() throws SQLException {
    scratch = TestDatabase.shared().createDatabase();
    dataSource = scratch.dataSource();
    db = DSL.using(dataSource, SQLDialect.POSTGRES);
    execute(TEST_MIGRATION);
    TenantGraph original = SampleTenants.full(ORIGINAL)
        .engagement("portfolio", e -> e.assets(4, (i, a) -> a.application())
            .masterFlow("assess", m -> m.type("assessment")
                .assessmentFlow(a -> a.group("web", 0, 1).group("data", 2, 3))))
        .build();
    Seeder.forDataSource(dataSource).seed(original);
    execute("""
        insert into migration.review_codes values ('rc-1', '%1$s', 'ready');
        insert into migration.reviews (id, client_account_id, asset_id, code, reviewer_email, related, details)
        select md5(a.id::text)::uuid, a.client_account_id, a.id, 'rc-1', 'lead@sample.test', array[a.engagement_id],
               jsonb_build_object('asset', a.id, a.id::text, 'self', 'note', 'kept')
          from migration.assets a where a.client_account_id = '%1$s' and a.asset_type = 'application';
        insert into migration.regions values ('%3$s', 'eu-west');
        insert into migration.sites values
            ('c1030000-0000-4000-8000-00000000051a', '%1$s', 'site-1', 'visitor.one@sample.test', '%3$s'),
            ('c1030000-0000-4000-8000-00000000051b', '%1$s', 'site-2', 'visitor.two@sample.test', '%3$s'),
            ('c1030000-0000-4000-8000-00000000051c', '%1$s', '%2$s1', null, null),
            ('c1030000-0000-4000-8000-00000000051d', '%1$s', '%2$s2', null, null);
        insert into migration.site_visits select md5(s.id::text)::uuid, s.client_account_id, s.name
          from migration.sites s where s.client_account_id = '%1$s';
        insert into migration.cost_codes values ('%1$s', 'cc-travel'), ('%1$s', 'cc-hardware');
        insert into migration.cost_bookings values
            ('c1030000-0000-4000-8000-00000000052a', '%1$s', 'cc-travel'),
            ('c1030000-0000-4000-8000-00000000052b', '%1$s', 'cc-hardware');
        """.formatted(ORIGINAL, LONG_SITE, REGION));
    export = exportOf(ORIGINAL);
  }

  @AfterAll
  static void dropIt() {
    if (scratch != null) {
      scratch.close();
    }
  }

  @Test
  void theClonesExportIsTheOriginalsExportReadThroughTheClone() throws Exception {
    seed(CanonicalImport.read(stream(export), dataSource, CLONE));
    try {
      TenantGraph mapped = TenantClone.of(ORIGINAL, CLONE, catalog()).apply(CanonicalImport.read(stream(export), catalog()));

      assertThat(exportOf(CLONE)).isEqualTo(CanonicalExport.toJson(mapped));
      assertThat(exportOf(ORIGINAL)).as("the original beside it").isEqualTo(export);
      assertThat(exportOf(CLONE)).contains("\"" + CLONE + "\"").doesNotContain("\"" + ORIGINAL + "\"");
      assertThat(count("reviews", CLONE)).isEqualTo(count("reviews", ORIGINAL)).isPositive();
      // Independently of TenantClone.apply: the clone's ids are exactly the original's through idOf,
      // and an asset keeps its name under its mapped id.
      TenantClone clone = TenantClone.of(ORIGINAL, CLONE, catalog());
      java.util.SortedSet<UUID> expected = uuids(export).stream().map(id -> id.equals(REGION) ? id : clone.idOf(id))
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
      java.util.SortedSet<UUID> actual = uuids(exportOf(CLONE));
      assertThat(new java.util.TreeSet<>(actual)).as("ids of the clone not the original's through idOf")
          .satisfies(ids -> ids.removeAll(expected)).isEmpty();
      assertThat(new java.util.TreeSet<>(expected)).as("ids of the original missing from the clone")
          .satisfies(ids -> ids.removeAll(actual)).isEmpty();
      UUID asset = value(UUID.class, "select id from migration.assets where client_account_id = ? order by id limit 1",
          ORIGINAL);
      assertThat(value(String.class, "select asset_name from migration.assets where id = ? and client_account_id = ?",
          clone.idOf(asset), CLONE)).isEqualTo(value(String.class, "select asset_name from migration.assets where id = ?", asset));
    } finally {
      purge(CLONE);
    }
  }

  /** Every uuid written in {@code json} as a whole string, a value or a member name (in a JSON column too). */
  private static java.util.SortedSet<UUID> uuids(String json) {
    java.util.SortedSet<UUID> ids = new java.util.TreeSet<>();
    java.util.regex.Matcher matcher = java.util.regex.Pattern
        .compile("(?<=\")[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\\\\?\")").matcher(json);
    while (matcher.find()) {
      ids.add(UUID.fromString(matcher.group()));
    }
    return ids;
  }

  @Test
  void theSameFileUnderTheSameIdGivesTheSameRowsEveryTime() throws Exception {
    Path file = Files.writeString(directory.resolve("original.json"), export);
    TenantGraph first = CanonicalImport.read(file, dataSource, CLONE);
    TenantGraph second = CanonicalImport.read(file, dataSource, CLONE);

    assertThat(CanonicalExport.toJson(second)).isEqualTo(CanonicalExport.toJson(first));
    seed(first);
    String seeded = exportOf(CLONE);
    purge(CLONE);
    seed(second);
    try {
      assertThat(exportOf(CLONE)).isEqualTo(seeded);
      assertThat(CanonicalExport.toJson(CanonicalImport.read(file, dataSource, SECOND)))
          .isNotEqualTo(CanonicalExport.toJson(first).replace(CLONE.toString(), SECOND.toString()));
    } finally {
      purge(CLONE);
    }
  }

  @Test
  void referencesFollowTheirRowsIntoTheClone() throws Exception {
    seed(CanonicalImport.read(stream(export), dataSource, CLONE));
    try {
      TenantClone clone = TenantClone.of(ORIGINAL, CLONE, catalog());
      UUID engagement = value(UUID.class, "select engagement_id from migration.assets where client_account_id = ? limit 1",
          ORIGINAL);

      assertThat(db.fetchValue("select count(*) from migration.engagements where id = ? and client_account_id = ?",
          clone.idOf(engagement), CLONE)).isEqualTo(1L);
      // Every asset id in the clone's assessment groups is one of the clone's assets, none the original's.
      assertThat(db.fetch("""
          select g.id::uuid, a.client_account_id from migration.assessment_flows f
                 cross join jsonb_array_elements(f.application_asset_groups) grp
                 cross join jsonb_array_elements_text(grp -> 'asset_ids') g(id)
                 left join migration.assets a on a.id = g.id::uuid
           where f.client_account_id = ?""", CLONE).map(r -> r.get(1, UUID.class)))
          .hasSize(4).containsOnly(CLONE);
      assertThat(db.fetchValue("select count(*) from migration.reviews r join migration.assets a on a.id = r.asset_id"
          + " join migration.review_codes c on c.code = r.code where r.client_account_id = ? and a.client_account_id = ?"
          + " and c.client_account_id = ? and r.related[1] = a.engagement_id and (r.details ->> 'asset')::uuid = a.id"
          + " and r.details ->> a.id::text = 'self' and r.details ->> 'note' = 'kept'", CLONE, CLONE, CLONE))
          .isEqualTo(count("reviews", ORIGINAL));
    } finally {
      purge(CLONE);
    }
  }

  @Test
  void theSlugTextKeysAndEmailsAreMadeTheClonesOwnAndACloneOfACloneReplacesTheTag() throws Exception {
    seed(CanonicalImport.read(stream(export), dataSource, CLONE));
    try {
      // The slug a builder derives ends with its tenant id: the clone's ends with its own instead.
      String slug = slugOf(ORIGINAL);
      assertThat(slug).endsWith("-" + ORIGINAL);
      String base = slug.substring(0, slug.length() - ORIGINAL.toString().length() - 1);
      assertThat(slugOf(CLONE)).isEqualTo(base + "-" + CLONE);
      assertThat(db.fetch("select email from migration.users where client_account_id = ? order by email", CLONE)
          .getValues(0, String.class)).containsExactly("admin+" + CLONE + "@sample.test",
              value(String.class, "select email from migration.users where client_account_id = ? and email not like 'admin@%'",
                  ORIGINAL).replace("@", "+" + CLONE + "@"));
      assertThat(db.fetchValue("select distinct code || ' ' || reviewer_email from migration.reviews"
          + " where client_account_id = ?", CLONE)).isEqualTo("rc-1-" + CLONE + " lead+" + CLONE + "@sample.test");

      seed(CanonicalImport.read(stream(exportOf(CLONE)), dataSource, SECOND));
      try {
        assertThat(slugOf(SECOND)).isEqualTo(base + "-" + SECOND);
        assertThat(db.fetchValue("select distinct code || ' ' || reviewer_email from migration.reviews"
            + " where client_account_id = ?", SECOND)).isEqualTo("rc-1-" + SECOND + " lead+" + SECOND
                + "@sample.test");
        UUID asset = value(UUID.class, "select id from migration.assets where client_account_id = ? order by id limit 1",
            ORIGINAL);
        UUID twice = TenantClone.idOf(CLONE, SECOND, TenantClone.idOf(ORIGINAL, CLONE, asset));
        assertThat(value(UUID.class, "select client_account_id from migration.assets where id = ?", twice)).isEqualTo(SECOND);
        assertThat(count("assets", SECOND)).isEqualTo(count("assets", ORIGINAL));
      } finally {
        purge(SECOND);
      }
    } finally {
      purge(CLONE);
    }
  }

  @Test
  void aVarcharTooShortForTheCloneIdEndsWithATagOfTheWholeValueThatItsTextReferencesShare() throws Exception {
    seed(CanonicalImport.read(stream(export), dataSource, CLONE));
    try {
      String one = tag("site-1");
      String two = tag("site-2");

      assertThat(one).hasSize(12).isNotEqualTo(two);
      assertThat(db.fetch("select name from migration.sites where client_account_id = ?", CLONE)
          .getValues(0, String.class)).containsExactlyInAnyOrder("site-1-" + one, "site-2-" + two,
              LONG_SITE.substring(0, 27) + "-" + tag(LONG_SITE + "1"), LONG_SITE.substring(0, 27) + "-" + tag(LONG_SITE + "2"))
          .allSatisfy(name -> assertThat(name).hasSizeLessThanOrEqualTo(40)).doesNotHaveDuplicates();
      assertThat(db.fetch("select contact_email from migration.sites where client_account_id = ? and contact_email"
          + " is not null", CLONE).getValues(0, String.class)).containsExactlyInAnyOrder(
              "visit+" + tag("visitor.one@sample.test") + "@sample.test",
              "visit+" + tag("visitor.two@sample.test") + "@sample.test");
      // A text reference of another length (varchar(60)) keeps its parent's value.
      assertThat(db.fetch("select v.site_name from migration.site_visits v join migration.sites s on s.name = v.site_name"
          + " and s.client_account_id = v.client_account_id where v.client_account_id = ?", CLONE)).hasSize(4);
    } finally {
      purge(CLONE);
    }
  }

  @Test
  void aUuidColumnReferringToATableOfNoTenantKeepsItsValue() throws Exception {
    seed(CanonicalImport.read(stream(export), dataSource, CLONE));
    try {
      assertThat(db.fetch("select region_id from migration.sites where client_account_id = ? and region_id is not null",
          CLONE).getValues(0, UUID.class)).containsExactly(REGION, REGION);
      assertThat(TenantClone.of(ORIGINAL, CLONE, catalog()).apply(CanonicalImport.read(stream(export), catalog()))
          .rows("sites").map(row -> String.valueOf(row.values().get("region_id")))).containsOnly(REGION.toString(), "null");
    } finally {
      purge(CLONE);
    }
  }

  @Test
  void aTenantSafeForeignKeyOfTheTenantIdAndAUniqueCodeFollowsTheCodeIntoTheClone() throws Exception {
    seed(CanonicalImport.read(stream(export), dataSource, CLONE));
    try {
      assertThat(db.fetch("select b.code from migration.cost_bookings b join migration.cost_codes c"
          + " on c.client_account_id = b.client_account_id and c.code = b.code where b.client_account_id = ?"
          + " order by b.code", CLONE).getValues(0, String.class))
          .containsExactly("cc-hardware-" + CLONE, "cc-travel-" + CLONE);
    } finally {
      purge(CLONE);
    }
  }

  @Test
  void theExportsOwnTenantIdOrNoneReadsTheExportAsItIs() throws Exception {
    String plain = CanonicalExport.toJson(CanonicalImport.read(stream(export), dataSource));

    assertThat(CanonicalExport.toJson(CanonicalImport.read(stream(export), dataSource, ORIGINAL))).isEqualTo(plain);
    assertThat(CanonicalExport.toJson(CanonicalImport.read(stream(export), dataSource, null))).isEqualTo(plain);
    assertThat(CanonicalExport.toJson(CanonicalImport.read(stream(export), catalog(), ORIGINAL))).isEqualTo(plain);
    assertThat(plain).isEqualTo(export);
  }

  @Test
  void theIdsOfABuildersRowsThatTheWriterDrawsAreMappedSoThatReferencesFollow() throws Exception {
    UUID builder = UUID.fromString("c1030000-0000-4000-8000-0000000000b1");
    TenantGraph graph = tenant(builder).name("Checklists")
        .rows("checklists", 2, (i, r) -> r.set("title", "list " + i))
        .rows("checklist_items", 3, (i, r) -> r.ref("checklist_id", Ref.row("checklists", i % 2)))
        .build();
    TenantClone clone = TenantClone.of(builder, CLONE, catalog());
    seed(clone.apply(graph));
    try {
      assertThat(db.fetchValue("select count(*) from migration.checklist_items i join migration.checklists c"
          + " on c.id = i.checklist_id and c.client_account_id = i.client_account_id where i.client_account_id = ?",
          CLONE)).isEqualTo(3L);
      assertThat(db.fetch("select id from migration.checklists where client_account_id = ?", CLONE)
          .getValues(0, UUID.class)).containsExactlyInAnyOrder(
              clone.idOf(Ids.drawn(builder, graph.rows("checklists").toList().get(0).path(), "id")),
              clone.idOf(Ids.drawn(builder, graph.rows("checklists").toList().get(1).path(), "id")));
      assertThat(clone.originalsOf(List.of(builder))).containsEntry(CLONE, builder);
    } finally {
      purge(CLONE);
    }
  }

  @Test
  void jsonIsParsedOnlyWhereItMayHoldAUuid() {
    assertThat(TenantClone.mayHoldUuid("{\"note\": \"kept\", \"range\": \"2024-01-01\"}")).isFalse();
    assertThat(TenantClone.mayHoldUuid("{\"" + ORIGINAL + "\": 1}")).isTrue();
    assertThat(TenantClone.mayHoldUuid("[\"" + ORIGINAL.toString().toUpperCase(java.util.Locale.ROOT) + "\"]")).isTrue();
    assertThat(TenantClone.mayHoldUuid("-" + ORIGINAL.toString().substring(1))).isFalse();
  }

  @Test
  void aGraphOfAnotherTenantIsRefused() {
    TenantGraph other = SampleTenants.small(SECOND).build();

    assertThatThrownBy(() -> TenantClone.of(ORIGINAL, CLONE, null).apply(other))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the graph is tenant " + SECOND + ", not " + ORIGINAL);
  }

  private static String exportOf(UUID tenant) {
    return CanonicalExport.toJson(db, tenant);
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static SchemaCatalog catalog() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return SchemaCatalog.of(connection, "migration");
    }
  }

  private static void seed(TenantGraph graph) {
    Seeder.forDataSource(dataSource).seed(graph, SeedMode.FAIL_IF_EXISTS);
  }

  private static void purge(UUID tenant) {
    Purger.forDataSource(dataSource).purge(List.of(tenant), PurgeOptions.DEFAULT.withIfExists());
  }

  /** The tag a value too long for its column ends with in the clone CLONE. */
  private static String tag(String original) {
    return Ids.derive(CLONE, "clone-value/" + original).toString().replace("-", "").substring(0, 12);
  }

  private static String slugOf(UUID tenant) {
    return value(String.class, "select slug from migration.client_accounts where id = ?", tenant);
  }

  private static long count(String table, UUID tenant) {
    return value(Long.class, "select count(*) from migration." + table + " where client_account_id = ?", tenant);
  }

  private static <T> T value(Class<T> type, String sql, Object... bindings) {
    return db.fetchOne(sql, bindings).get(0, type);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
