package io.tenantseed.cli;

import static io.tenantseed.graph.Tenants.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a terminal is shown: names from the database as they are stored, escapes visible and
 * on one line; columns of distinct tenants headed distinctly; a failed load's bar where the
 * load stopped. And under {@code --json}, the exact values.
 */
class TerminalOutputTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID HOSTILE = UUID.fromString("e5c0e5c0-0000-4000-8000-00000000001b");
  /** An SGR colour, a carriage return and a line break, a bell, a C1 CSI "clear screen", a right-to-left override. */
  private static final String NAME = "Evil\u001b[31mCorp\r\nSecond line\u0007\u009b2J\u202eTail";
  private static final String SHOWN = "Evil\\u001b[31mCorp\\u000d\\u000aSecond line\\u0007\\u009b2J\\u202eTail";

  @TempDir
  Path home;

  private ScratchDatabase database;
  private DatabaseUrl url;
  private Cli seed;

  @BeforeEach
  void migratedDatabase() {
    database = TestDatabase.shared().createEmptyDatabase();
    url = database.url();
    seed = Cli.against(url, home);
    assertThat(seed.run("migrate").exitCode()).isZero();
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void aNameWithEscapesAndLineBreaksIsShownEscapedOnOneLineAndExactUnderJson() throws Exception {
    Seeder.forDataSource(url.dataSource()).seed(tenant(HOSTILE).name(NAME).slug("hostile")
        .user("admin", u -> u.fullName(NAME)).engagement("e", e -> e.name(NAME).createdBy("admin")).build());

    Cli.Run status = seed.run("status");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertShownEscaped(status.out());
    assertThat(status.out()).contains(HOSTILE + "  " + SHOWN + "  ");
    assertThat(status.out().lines().filter(line -> line.startsWith("TABLE ")).findFirst().orElseThrow())
        .contains(SHOWN);
    assertThat(JSON.readTree(seed.run("status", "--json").out()).get("tenants").get(0).get("name").asText())
        .isEqualTo(NAME);

    Path file = home.resolve("hostile.json");
    assertThat(seed.run("export", "--tenant", HOSTILE.toString(), "--out", file.toString()).exitCode()).isZero();
    Cli.Run purge = seed.run("purge", "--tenant", HOSTILE.toString(), "--yes");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertShownEscaped(purge.out());

    Cli.Run load = seed.run("load", "--file", file.toString());
    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertShownEscaped(load.out());
    assertThat(load.out()).startsWith("Seeded " + SHOWN + ": 1 client account, 1 user, 1 engagement in ");
    Cli.Run json = seed.run("load", "--file", file.toString(), "--replace", "--json");
    assertThat(JSON.readTree(json.out()).get("tenants").get(0).get("name").asText()).isEqualTo(NAME);

    Cli.Run plan = seed.run("purge", "--tenant", HOSTILE.toString(), "--dry-run");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertShownEscaped(plan.out());
  }

  @Test
  void aTableNamedWithAnEscapeIsShownEscapedInThePurgePlan() throws Exception {
    Seeder.forDataSource(url.dataSource()).seed(tenant(HOSTILE).name("Plain").slug("plain").build());
    sql("create table migration.\"notes\u001b[2J\" (id uuid primary key, client_account_id uuid not null"
        + " references migration.client_accounts (id) on delete cascade)");
    sql("create index on migration.\"notes\u001b[2J\" (client_account_id)");
    sql("insert into migration.\"notes\u001b[2J\" values (gen_random_uuid(), '" + HOSTILE + "')");

    Cli.Run plan = seed.run("purge", "--tenant", HOSTILE.toString(), "--dry-run");

    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).doesNotContain("\u001b").contains("notes\\u001b[2J");
    assertThat(plan.out().lines()).anySatisfy(line -> assertThat(line).matches("notes\\\\u001b\\[2J +1"));
    Cli.Run json = seed.run("purge", "--tenant", HOSTILE.toString(), "--dry-run", "--json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(JSON.readTree(json.out()).get("rows").get("notes\u001b[2J").asLong()).isEqualTo(1);
  }

  @Test
  void namesThatDifferOnlyByAnInvisibleCharacterLookDifferentInStatus() throws Exception {
    UUID other = UUID.fromString("e5c0e5c0-0000-4000-8000-0000000000aa");
    Seeder.forDataSource(url.dataSource()).seed(tenant(HOSTILE).name("TechCorp").slug("plain").build());
    Seeder.forDataSource(url.dataSource()).seed(tenant(other).name("Tech\u200bCorp").slug("zwsp").build());

    Cli.Run status = seed.run("status");

    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).doesNotContain("\u200b");
    List<String> heads = heads(status.out().substring(status.out().indexOf("\nTABLE ") + 1));
    assertThat(heads).containsExactlyInAnyOrder("TABLE", "TechCorp", "Tech\\u200bCorp");
  }

  @Test
  void anErrorQuotingANameIsExactUnderJsonAndOneEscapedLineOtherwise() throws Exception {
    String schema = "Evil\u001b[31m\nx";
    String expected = "schema '" + schema + "' does not exist at " + url;

    Cli.Run json = seed.run("status", "--schema", schema, "--json");
    Cli.Run text = seed.run("status", "--schema", schema);

    assertThat(json.exitCode()).as(json.toString()).isEqualTo(2);
    assertThat(JSON.readTree(json.out()).get("error").get("message").asText()).isEqualTo(expected);
    assertThat(text.exitCode()).as(text.toString()).isEqualTo(2);
    assertThat(text.err()).isEqualTo("seed: " + TerminalText.printable(expected) + "\n")
        .contains("schema 'Evil\\u001b[31m\\u000ax' does not exist");
    // A bad argument, echoed by the option's converter, likewise.
    // (--json first: parsing stops at the bad value.)
    Cli.Run usage = seed.run("--json", "purge", "--tenant", "bad\u001b\nid");
    assertThat(usage.exitCode()).as(usage.toString()).isEqualTo(2);
    assertThat(JSON.readTree(usage.out()).get("error").get("message").asText()).contains("'bad\u001b\nid' is not a UUID");
    assertThat(usage.err().lines()).hasSize(1);
    assertThat(usage.err()).contains("'bad\\u001b\\u000aid' is not a UUID");
  }

  @Test
  void theVerboseTraceKeepsAMessageWithALineBreakOnItsLine() {
    Cli.Run run = seed.run("--verbose", "status", "--schema", "Evil\u001b[31m\nx");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("\u001b");
    List<String> lines = run.err().lines().toList();
    assertThat(lines.get(0)).startsWith("seed: schema 'Evil\\u001b[31m\\u000ax' does not exist");
    assertThat(lines.get(1)).startsWith("io.tenantseed.cli.CliException: schema 'Evil\\u001b[31m\\u000ax' does not exist");
    assertThat(lines.subList(2, lines.size())).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("\t"));
  }

  @Test
  void purgePlanColumnsOfIdsThatShareTheirStartAreHeadedByDistinctParts() throws Exception {
    List<String> ids = List.of("5eed0001-0000-4000-8000-000000000001", "5eed0001-0000-4000-8000-000000000002",
        "5eed0001-0000-4000-8000-000000000003");
    for (String id : ids) {
      assertThat(seed.run("load", "techcorp", "--tenant-id", id).exitCode()).isZero();
    }

    Cli.Run plan = seed.run("purge", "--tenant", ids.get(0), "--tenant", ids.get(1), "--tenant", ids.get(2),
        "--dry-run");

    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    List<String> heads = heads(plan.out());
    assertThat(heads).containsExactly("TABLE", "...00000001", "...00000002", "...00000003", "TOTAL");
  }

  @Test
  void purgePlanColumnsOfIdsThatShareTheirFirstEightDigitsShowAsManyAsTellThemApart() throws Exception {
    List<String> ids = List.of("abcdef01-2345-4000-8000-0000000000aa", "abcdef01-2346-4000-8000-0000000000aa");
    for (String id : ids) {
      assertThat(seed.run("load", "techcorp", "--tenant-id", id).exitCode()).isZero();
    }

    Cli.Run plan = seed.run("purge", "--tenant", ids.get(0), "--tenant", ids.get(1), "--dry-run");

    assertThat(heads(plan.out())).containsExactly("TABLE", "abcdef01-2345", "abcdef01-2346", "TOTAL");
  }

  @Test
  void statusGivesTwoCopiesOfOneFixtureColumnsHeadedByTheirDistinctIds() throws Exception {
    String copy = "11111111-1111-1111-1111-111111111112";
    assertThat(seed.run("load", "techcorp").exitCode()).isZero();
    assertThat(seed.run("load", "techcorp", "--tenant-id", copy).exitCode()).isZero();

    Cli.Run status = seed.run("status");

    assertThat(status.exitCode()).as(status.toString()).isZero();
    List<String> heads = heads(status.out().substring(status.out().indexOf("\nTABLE ") + 1));
    assertThat(heads).containsExactlyInAnyOrder("TABLE", "TechCorp Solutions ...11111111",
        "TechCorp Solutions ...11111112");
    assertThat(status.out().lines()).anySatisfy(line -> assertThat(line).matches("assets +50 +50"));
    JsonNode tenants = JSON.readTree(seed.run("status", "--json").out()).get("tenants");
    assertThat(tenants.findValuesAsText("tenantId")).containsExactlyInAnyOrder(TechCorp.TENANT_ID.toString(), copy);
  }

  @Test
  void versionUnderJsonIsAJsonDocumentAndPlainTextOtherwise() throws Exception {
    for (String[] args : new String[][] {{"--json", "--version"}, {"--version", "--json"},
        {"status", "--version", "--json"}}) {
      Cli.Run run = seed.run(args);

      assertThat(run.exitCode()).as(run.toString()).isZero();
      JsonNode document = JSON.readTree(run.out());
      assertThat(document.get("name").asText()).isEqualTo("seed");
      assertThat(document.has("version")).isTrue();
      assertThat(document.get("java").asText()).isEqualTo(System.getProperty("java.version"));
    }
    Cli.Run text = seed.run("--version");
    assertThat(text.out()).isEqualTo("seed (development build) (Java " + System.getProperty("java.version") + ")\n");
  }

  @Test
  void aLoadThatFailsPartwayLeavesItsBarWhereItStopped() throws Exception {
    // The 15,000th asset is refused by the server, in the middle of the COPY of 30,000.
    sql("create sequence public.asset_count");
    sql("create function public.refuse_an_asset() returns trigger language plpgsql as $$ begin"
        + " if nextval('public.asset_count') = 15000 then raise exception 'asset 15000 refused'; end if;"
        + " return new; end $$");
    sql("create trigger refuse_an_asset before insert on migration.assets for each row"
        + " execute function public.refuse_an_asset()");

    Cli.Run run = seed.interactive("", "load", "scale", "--set", "assets=30000");

    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.err()).as(run.toString()).contains("asset 15000 refused");
    Matcher stopped = Pattern.compile("Seeding Scale Test Co stopped at ([0-9,]+) of ([0-9,]+) rows\\.")
        .matcher(run.err());
    assertThat(stopped.find()).as(run.toString()).isTrue();
    long at = Long.parseLong(stopped.group(1).replace(",", ""));
    long of = Long.parseLong(stopped.group(2).replace(",", ""));
    // The tenant's 30,005 rows: a client account, a user, an engagement, a master flow and its
    // discovery flow (written before the assets that refer to them), then 30,000 assets in one
    // COPY. The database refuses line 15,000 of it: it took the 5 rows and 14,999 assets.
    assertThat(of).isEqualTo(30_005);
    assertThat(at).as(run.toString()).isEqualTo(5 + 14_999);
    String bar = run.err().substring(0, stopped.start());
    String last = bar.substring(bar.lastIndexOf('\r') + 1);
    assertThat(last).as(run.toString()).doesNotContain("100%").contains(String.format("%,d", at).replace(",", ""));
    assertThat(bar).doesNotContain("100%");
  }

  @Test
  void aLoadThatSucceedsFillsItsBarLeavingTheTerminalsLastColumnFree() {
    Cli.Run run = seed.interactive("", "load", "scale", "--set", "assets=12000");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String last = run.err().substring(run.err().lastIndexOf('\r') + 1);
    assertThat(last).as(run.toString()).contains("100%");
    assertThat(run.err()).doesNotContain("stopped at");
    // The terminal's width as the bar library reads it: a terminal that wraps on writing the
    // last column would start a new line with each state.
    int terminal = new me.tongfei.progressbar.DelegatingProgressBarConsumer(line -> { }).getMaxRenderedLength();
    List<String> states = Arrays.stream(run.err().split("\r")).skip(1)
        .map(state -> state.lines().findFirst().orElse("")).toList();
    assertThat(states).isNotEmpty().allSatisfy(state -> assertThat(TerminalText.width(state)).isLessThan(terminal));
  }

  @Test
  void aLargeLoadRefusedBeforeWritingAnythingSaysOnlyWhy() {
    assertThat(seed.run("load", "scale", "--set", "assets=12000").exitCode()).isZero();

    Cli.Run run = seed.interactive("", "load", "scale", "--set", "assets=12000");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
    assertThat(run.err()).as(run.toString()).doesNotContain("stopped at")
        .contains("tenant " + io.tenantseed.fixtures.ScaleTenant.TENANT_ID + " exists already");
  }

  /** The cells of the first line that starts with TABLE, split at runs of two spaces or more. */
  private static List<String> heads(String out) {
    String head = out.lines().filter(line -> line.startsWith("TABLE ")).findFirst().orElseThrow();
    return Arrays.asList(head.strip().split(" {2,}"));
  }

  private static void assertShownEscaped(String out) {
    assertThat(out).doesNotContain("\u001b", "\r", "\u0007", "\u009b", "\u202e");
    assertThat(out.lines()).noneMatch(line -> line.startsWith("Second line"));
  }

  private void sql(String statement) throws Exception {
    try (Connection connection = url.dataSource().getConnection(); Statement st = connection.createStatement()) {
      st.execute(statement);
    }
  }
}
