package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.BadFlowScenario;
import io.tenantseed.fixtures.GlobalRetail;
import io.tenantseed.fixtures.ScaleTenant;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to every command, one row per case: each must end with its documented exit
 * code, one line on stderr naming what was wrong, no password in anything printed, and not
 * one row changed (every table's rows, both migration histories and the schemas compared
 * before and after). Adding a case is one line in {@link #cases()}, or in {@link #FREE_TEXT}
 * for one more free-text option, which then gets every value of {@link #AWKWARD}.
 */
class BadInputTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "pw-never-printed-7Qx";

  private static final String TECHCORP = TechCorp.TENANT_ID.toString();
  private static final String TECHCORP_ENGAGEMENT = TechCorp.ENGAGEMENT_ID.toString();
  private static final String TECHCORP_FLOW = TechCorp.MASTER_FLOW_ID.toString();
  /** The version a migration after the last of migrations/ has, in a copy of it: "V004" after V003. */
  private static final String NEXT = nextVersion();
  private static final String GLOBAL_RETAIL = GlobalRetail.TENANT_ID.toString();
  private static final String GLOBAL_RETAIL_ENGAGEMENT = GlobalRetail.ENGAGEMENT_ID.toString();
  private static final String BADFLOW = BadFlowScenario.TENANT_ID.toString();
  private static final String BADFLOW_ENGAGEMENT = BadFlowScenario.ENGAGEMENT_ID.toString();
  private static final String BADFLOW_FLOW = BadFlowScenario.BAD_FLOW_ID.toString();
  /** A client account inserted by SQL: it exists, but tenant-seed did not seed it. */
  private static final String STRANGER = "5a5a5a5a-0000-4000-8000-000000000001";
  /** Well-formed, and no tenant, engagement or flow has it. */
  private static final String UNKNOWN = "9d1e5c2a-7b3f-4c8e-9a6d-0f1e2d3c4b5a";
  private static final String NIL = "00000000-0000-0000-0000-000000000000";
  private static final String MAX = "ffffffff-ffff-ffff-ffff-ffffffffffff";
  private static final String VERSION_0 = "9d1e5c2a-7b3f-0c8e-9a6d-0f1e2d3c4b5a";
  private static final String INJECTION = "'; drop table migration.assets; --";
  /** An empty schema the database has, named to break any SQL that splices it in unquoted. */
  private static final String HOSTILE_SCHEMA = "O'Brien\"; drop table migration.assets; --";

  /** The awkward values every free-text option is given, by name. */
  private static final Map<String, String> AWKWARD = awkward();

  private static Map<String, String> awkward() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("empty", "");
    values.put("SQL injection", INJECTION);
    values.put("quote", "O'Brien");
    values.put("double quotes and backslashes", "\"C:\\temp\\\" \\\\ \\'; select 1; \\");
    values.put("unicode", "Zoë Ünïcødé 日本語 🚀 Ω");
    values.put("line breaks", "first line\nsecond line\r\nthird");
    values.put("very long", ("O'Brien \"; drop table migration.assets; -- Ω ").repeat(250));
    return values;
  }

  /** A free-text option of a command: the arguments around a value, and what the message says. */
  private record Option(String name, int exitCode, String fragment, Function<String, String[]> arguments) {}

  private static final List<Option> FREE_TEXT = List.of(
      new Option("FIXTURE of load", 2, "unknown fixture", v -> args("load", v)),
      new Option("--set key of load", 2, "scale has no parameter", v -> args("load", "scale", "--set", v + "=1")),
      new Option("--set value of load", 2, "assets must be a whole number",
          v -> args("load", "scale", "--set", "assets=" + v)),
      new Option("--tenant-id of load", 2, "is not a UUID", v -> args("load", "techcorp", "--tenant-id", v)),
      new Option("--file of load", 2, "cannot read --file", v -> args("load", "--file", missing(v, "export.json"))),
      new Option("--tenant of export", 2, "is not a UUID", v -> args("export", "--tenant", v)),
      new Option("--to of clone", 2, "is not a UUID", v -> args("clone", "--tenant", TECHCORP, "--to", v)),
      new Option("--out of export", 2, "cannot write --out",
          v -> args("export", "--tenant", TECHCORP, "--out", missing(v, "x.json"))),
      new Option("--tenant of purge", 2, "is not a UUID", v -> args("purge", "--tenant", v, "--yes")),
      new Option("--tenant of flows check", 2, "is not a UUID", v -> args("flows", "check", "--tenant", v)),
      new Option("--engagement of flows check", 2, "is not a UUID",
          v -> args("flows", "check", "--tenant", TECHCORP, "--engagement", v)),
      new Option("--flow of flows delete", 2, "is not a UUID", v -> args("flows", "delete", "--flow", v,
          "--tenant", TECHCORP, "--engagement", TECHCORP_ENGAGEMENT, "--yes")),
      new Option("--tenant of flows delete", 2, "is not a UUID", v -> args("flows", "delete", "--flow", TECHCORP_FLOW,
          "--tenant", v, "--engagement", TECHCORP_ENGAGEMENT, "--yes")),
      new Option("--engagement of flows delete", 2, "is not a UUID", v -> args("flows", "delete", "--flow",
          TECHCORP_FLOW, "--tenant", TECHCORP, "--engagement", v, "--yes")),
      new Option("NAME of env set", 2, "unknown environment", v -> args("env", "set", v)),
      new Option("--schema of status", 2, "schema", v -> args("status", "--schema", v)),
      new Option("--schema of purge", 2, "schema", v -> args("purge", "--tenant", TECHCORP, "--yes", "--schema", v)),
      new Option("--schema of flows check", 2, "schema", v -> args("flows", "check", "--schema", v)),
      new Option("--schema of flows delete", 2, "schema", v -> args("flows", "delete", "--flow", BADFLOW_FLOW,
          "--tenant", BADFLOW, "--engagement", BADFLOW_ENGAGEMENT, "--yes", "--schema", v)),
      new Option("--url", 2, "database URL", v -> args("--url", v, "status")),
      new Option("DIR of lint-migrations", 2, "no migrations directory",
          v -> args("lint-migrations", missing(v, "sql"))),
      new Option("--data of db start", 2, "data directory",
          v -> args("db", "start", "--data", inFile(v), "--port", freePort())),
      new Option("COMMAND", 2, "Unmatched argument", v -> args(v)),
      new Option("argument of status", 2, "Unmatched argument", v -> args("status", v)));

  @TempDir
  static Path home;

  private enum Database {
    SHARED, PRODUCTION, TAMPERED, ALTERED,
    // Environment markers the guards must not trust (see MARKERS)
    MARKER_CAPITALISED, MARKER_ABBREVIATED, MARKER_EMPTY, MARKER_TWO_ROWS, MARKER_ROW_DELETED,
    MARKER_TABLE_DROPPED
  }

  /** How each untrusted marker is made from a development one, and what the refusal names. */
  private static final Map<Database, List<String>> MARKERS = Map.of(
      Database.MARKER_CAPITALISED, List.of("alter table seed_meta.environment drop constraint environment_name_known;"
          + " update seed_meta.environment set name = 'Production'", "says 'Production', which is not one of"),
      Database.MARKER_ABBREVIATED, List.of("alter table seed_meta.environment drop constraint environment_name_known;"
          + " update seed_meta.environment set name = 'prod'", "says 'prod'"),
      Database.MARKER_EMPTY, List.of("alter table seed_meta.environment drop constraint environment_name_known;"
          + " update seed_meta.environment set name = ''", "says ''"),
      Database.MARKER_TWO_ROWS, List.of("alter table seed_meta.environment drop constraint environment_pkey;"
          + " insert into seed_meta.environment (singleton, name) values (true, 'production')", "holds 2 marker rows"),
      Database.MARKER_ROW_DELETED, List.of("delete from seed_meta.environment",
          "the marker row of seed_meta.environment is missing"),
      Database.MARKER_TABLE_DROPPED, List.of("drop table seed_meta.environment",
          "seed_meta.environment is missing"));

  /** Every guarded command against every untrusted marker: exit code 3, nothing changed. */
  private static Stream<Case> untrustedMarkers() {
    return MARKERS.entrySet().stream().sorted(Map.Entry.comparingByKey()).flatMap(marker -> {
      Database database = marker.getKey();
      String reason = marker.getValue().get(1);
      String label = database.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": ";
      return Stream.of(
          bad(database, label + "load", 3, reason, "load", "scale", "--set", "assets=1"),
          bad(database, label + "load --replace", 3, reason, "load", "techcorp", "--replace"),
          bad(database, label + "purge", 3, reason, "purge", "--tenant", TECHCORP, "--yes"),
          bad(database, label + "purge --dry-run", 3, reason, "purge", "--tenant", TECHCORP, "--dry-run"),
          bad(database, label + "flows delete", 3, reason, "flows", "delete", "--flow", TECHCORP_FLOW, "--tenant",
              TECHCORP, "--engagement", TECHCORP_ENGAGEMENT, "--yes"),
          bad(database, label + "reset", 3, reason, "reset", "--yes"),
          bad(database, label + "init-dev-db", 3, reason, "init-dev-db"),
          bad(database, label + "env set", 3, reason, "env", "set", "development"));
    });
  }

  private static final Map<Database, ScratchDatabase> databases = new EnumMap<>(Database.class);
  private static final Map<Database, DatabaseUrl> urls = new EnumMap<>(Database.class);

  /** One case: where it runs, the command line, and how it must fail: what its message must contain. */
  private record Case(String name, Database database, int exitCode, List<String> fragments, String... arguments) {}

  private static Stream<Case> cases() {
    return Stream.concat(untrustedMarkers(), Stream.of(
        // Malformed and wrong-version UUIDs
        bad("UUID: too short", 2, "'1-1-1-1-1' is not a UUID", "load", "techcorp", "--tenant-id", "1-1-1-1-1"),
        bad("UUID: not hex", 2, "'not-a-uuid' is not a UUID", "purge", "--tenant", "not-a-uuid", "--yes"),
        bad("UUID: without dashes", 2, "is not a UUID", "export", "--tenant", TECHCORP.replace("-", "")),
        bad("UUID: in braces", 2, "is not a UUID", "export", "--tenant", "{" + TECHCORP + "}"),
        bad("UUID: urn form", 2, "is not a UUID", "export", "--tenant", "urn:uuid:" + TECHCORP),
        bad("UUID: trailing space", 2, "is not a UUID", "flows", "check", "--tenant", TECHCORP + " "),
        bad("UUID: one digit too many", 2, "is not a UUID", "flows", "check", "--tenant", TECHCORP + "1"),
        bad("UUID: well-formed, naming no tenant", 2, "tenant " + UNKNOWN + " does not exist", "export", "--tenant",
            UNKNOWN),
        bad("UUID: nil, to export", 2, "tenant " + NIL + " does not exist", "export", "--tenant", NIL),
        bad("UUID: max, to export", 2, "tenant " + MAX + " does not exist", "export", "--tenant", MAX),
        bad("UUID: version 0, as a flow", 2, "flow " + VERSION_0 + " does not exist", "flows", "delete",
            "--flow", VERSION_0, "--tenant", TECHCORP, "--engagement", TECHCORP_ENGAGEMENT, "--yes"),
        bad("UUID: nil, to flows check", 2, "tenant " + NIL + " does not exist", "flows", "check", "--tenant", NIL),
        bad("UUID: max, to purge --strict", 2, "tenant " + MAX + " does not exist", "purge", "--tenant", MAX,
            "--strict", "--yes"),
        bad("UUID: an engagement of another tenant to flows check", 2, "engagement " + GLOBAL_RETAIL_ENGAGEMENT,
            "flows", "check", "--tenant", TECHCORP, "--engagement", GLOBAL_RETAIL_ENGAGEMENT),

        // Unknown fixtures, commands and options; missing and clashing options
        bad("unknown fixture", 2, "unknown fixture 'techcrop'", "load", "techcrop"),
        bad("unknown fixture, under --json", 2, "unknown fixture 'techcrop'", "load", "techcrop", "--json"),
        bad("fixture name in capitals", 2, "unknown fixture 'TechCorp'", "load", "TechCorp"),
        bad("no fixture and no --file", 2, "name at least one FIXTURE", "load"),
        bad("unknown command", 2, "frobnicate", "frobnicate"),
        bad("no command", 2, "a command is required"),
        bad("unknown option", 2, "--frobnicate", "status", "--frobnicate"),
        bad("unknown option of load", 2, "--assets", "load", "scale", "--assets", "5"),
        bad("option without its value", 2, "--tenant", "export", "--tenant"),
        bad("required option missing", 2, "--tenant", "purge"),
        bad("flows delete without --engagement", 2, "--engagement", "flows", "delete", "--flow", TECHCORP_FLOW,
            "--tenant", TECHCORP, "--yes"),
        bad("flows check --engagement without --tenant", 2, "--engagement needs --tenant", "flows", "check",
            "--engagement", TECHCORP_ENGAGEMENT),
        bad("--replace with --if-absent", 2, "mutually exclusive", "load", "techcorp", "--replace", "--if-absent"),
        bad("--tenant-id for two fixtures", 2, "--tenant-id applies to one fixture", "load", "techcorp",
            "globalretail", "--tenant-id", UNKNOWN),
        bad("--file with a fixture", 2, "--file loads an export, not a fixture", "load", "techcorp", "--file",
            file("techcorp.json")),
        bad("--file with --set", 2, "--file loads an export, not a fixture", "load", "--set", "assets=1", "--file",
            file("techcorp.json"), "--tenant-id", UNKNOWN),
        bad("clone of a tenant that does not exist", 2, "tenant " + UNKNOWN + " does not exist", "clone", "--tenant",
            UNKNOWN, "--to", NIL),
        bad("clone onto itself", 2, "--to is --tenant", "clone", "--tenant", TECHCORP, "--to", TECHCORP),
        bad("clone without --to", 2, "--to", "clone", "--tenant", TECHCORP),
        bad("clone --replace with --if-absent", 2, "mutually exclusive", "clone", "--tenant", TECHCORP, "--to", UNKNOWN,
            "--replace", "--if-absent"),
        bad("--schema for load", 2, "--schema applies to status, purge and flows", "load", "techcorp", "--schema",
            "other"),
        bad("--schema for migrate", 2, "--schema applies to status, purge and flows", "migrate", "--schema",
            "other"),
        bad("--schema for export", 2, "--schema applies to status, purge and flows", "export", "--tenant",
            TECHCORP, "--schema", "other"),
        bad("--schema naming no schema", 2, "schema 'nope' does not exist", "status", "--schema", "nope"),
        bad("--schema public to purge", 2, "'public' at", "purge", "--tenant", TECHCORP, "--yes", "--schema",
            "public"),
        bad("--schema public to status", 2, "not an application schema", "status", "--schema", "public"),
        bad("--schema seed_meta to flows check", 2, "not an application schema", "flows", "check", "--schema",
            "seed_meta"),
        bad("--schema naming an empty schema with a hostile name", 2, "not an application schema", "purge",
            "--tenant", TECHCORP, "--yes", "--schema", HOSTILE_SCHEMA),
        bad("--schema naming an empty schema with a hostile name, flows", 2, "not an application schema", "flows",
            "delete", "--flow", TECHCORP_FLOW, "--tenant", TECHCORP, "--engagement", TECHCORP_ENGAGEMENT, "--yes",
            "--schema", HOSTILE_SCHEMA),
        bad("env set with an unknown name", 2, "unknown environment 'prod'", "env", "set", "prod"),
        bad("env set in capitals", 2, "unknown environment 'PRODUCTION'", "env", "set", "PRODUCTION"),
        bad("env without a subcommand", 2, "show or set", "env"),
        bad("flows without a subcommand", 2, "check or delete", "flows"),
        bad("db without a subcommand", 2, "start, stop or status", "db"),
        bad("lint-migrations without a migrations directory", 2, "no migrations directory", "lint-migrations"),
        bad("lint-migrations of a file", 2, "no migrations directory", "lint-migrations", file("techcorp.json")),

        // Negative and absurd counts
        bad("--set assets=-1", 2, "assets must be a whole number from 0 to 10000000, not '-1'", "load", "scale",
            "--set", "assets=-1"),
        bad("--set assets=99999999999", 2, "not '99999999999'", "load", "scale", "--set", "assets=99999999999"),
        bad("--set assets beyond a long", 2, "not '99999999999999999999999'", "load", "scale", "--set",
            "assets=99999999999999999999999"),
        bad("--set assets=1e6", 2, "not '1e6'", "load", "scale", "--set", "assets=1e6"),
        bad("--set assets=0x10", 2, "not '0x10'", "load", "scale", "--set", "assets=0x10"),
        bad("--set assets=1.5", 2, "not '1.5'", "load", "scale", "--set", "assets=1.5"),
        bad("--set engagements=0", 2, "engagements must be a whole number from 1", "load", "scale", "--set",
            "engagements=0"),
        bad("--set flows=-1", 2, "flows must be a whole number from 0 to 100", "load", "scale", "--set", "flows=-1"),
        bad("--set engagements x assets too many", 2, "more than the 10000000 allowed", "load", "scale", "--set",
            "engagements=1000", "--set", "assets=" + ScaleTenant.MAX_TOTAL_ASSETS),
        bad("--set without =", 2, "--set", "load", "scale", "--set", "assets"),
        bad("--set of an unknown parameter", 2, "scale has no parameter 'colour'", "load", "scale", "--set",
            "colour=blue"),
        bad("--set on a fixture without parameters", 2, "takes no parameters", "load", "techcorp", "--set",
            "assets=5"),
        bad("db start --port 0", 2, "--port must be from 1 to 65535, not 0", "db", "start", "--port", "0"),
        bad("db start --port -1", 2, "--port must be from 1 to 65535, not -1", "db", "start", "--port", "-1"),
        bad("db start --port 99999", 2, "--port must be from 1 to 65535, not 99999", "db", "start", "--port",
            "99999"),
        bad("db start --port beyond an int", 2, "99999999999", "db", "start", "--port", "99999999999"),
        bad("db start --port in use", 2, "is in use", "db", "start", "--data", file("pg"), "--port", serverPort()),

        // Missing and unreadable files
        bad("--file missing", 2, "no such file", "load", "--file", file("missing.json")),
        bad("--file a directory", 2, "it is a directory", "load", "--file", home.toString()),
        bad("--file under a regular file", 2, "cannot read --file", "load", "--file",
            file("techcorp.json") + "/export.json"),
        bad("--file unreadable (/proc/self/mem)", 2, "cannot read --file /proc/self/mem", "load", "--file",
            "/proc/self/mem"),
        bad("--file name too long", 2, "cannot read --file", "load", "--file", file("x".repeat(300) + ".json")),
        bad("--file empty", 2, "not a tenant export", "load", "--file", file("empty.json")),
        bad("--file not JSON", 2, "not a JSON document", "load", "--file", file("not-json.json")),
        bad("--out a directory", 2, "cannot write --out", "export", "--tenant", TECHCORP, "--out", home.toString()),
        bad("--out in a missing directory", 2, "no such directory", "export", "--tenant", TECHCORP, "--out",
            file("missing/techcorp.json")),
        bad("--out unwritable (/proc/self)", 2, "cannot write --out", "export", "--tenant", TECHCORP, "--out",
            "/proc/self/techcorp.json"),

        // A JSON export that is truncated, has wrong types, dangling references or another tenant's ids
        bad("export truncated", 2, "not a JSON document", "load", "--file", file("truncated.json")),
        bad("export truncated to its head", 2, "not a JSON document", "load", "--file", file("head.json")),
        bad("export with trailing garbage", 2, "not a JSON document", "load", "--file", file("trailing.json")),
        bad("export with a duplicate key", 2, "Duplicate field", "load", "--file", file("duplicate-key.json")),
        bad("export of another format", 2, "format tenant-seed/1", "load", "--file", file("format.json")),
        bad("export as an array", 2, "not a JSON object", "load", "--file", file("array.json")),
        bad("export with a malformed tenant_id", 2, "tenant_id: 'not-a-uuid' is not a UUID", "load", "--file",
            file("tenant-id-malformed.json")),
        bad("export with tenant_id a number", 2, "tenant_id: expected a UUID", "load", "--file",
            file("tenant-id-number.json")),
        bad("export without tables", 2, "no \"tables\" object", "load", "--file", file("no-tables.json")),
        bad("export with an unknown table", 2, "unknown table 'secrets'", "load", "--file",
            file("unknown-table.json")),
        bad("export with an unknown column", 2, "unknown column 'password'", "load", "--file",
            file("unknown-column.json")),
        bad("export: a number for a string", 2, "client_accounts row 1 (id " + TECHCORP + "), column name: expected string, found number",
            "load", "--file", file("name-number.json")),
        bad("export: a string for a number", 2, "column migration_priority: expected whole number", "load",
            "--file", file("priority-string.json")),
        bad("export: a string for a boolean", 2, "column is_active: expected boolean", "load", "--file",
            file("active-string.json")),
        bad("export: a bad timestamp", 2, "column created_at: 'yesterday' is not a valid timestamp", "load",
            "--file", file("timestamp.json")),
        bad("export: a whole number too big", 2, "column file_size", "load", "--file", file("file-size.json")),
        bad("export: a table not an array", 2, "users is not an array of rows", "load", "--file",
            file("users-object.json")),
        bad("export: a row not an object", 2, "assets row 1 is not a JSON object", "load", "--file",
            file("asset-string.json")),
        bad("export: no client account", 2, "client_accounts must hold exactly the tenant's own row, not 0 rows",
            "load", "--file", file("no-account.json")),
        bad("export: an asset id twice", 2, "appears twice in the export", "load", "--file",
            file("asset-twice.json")),
        bad("export: an asset naming an engagement not in it", 2, "references a engagements row that is not in the"
            + " export", "load", "--file", file("asset-engagement.json")),
        bad("export: an asset naming a flow not in it", 2, "master_flow_id", "load", "--file",
            file("asset-flow.json")),
        bad("export: an assessment flow naming an asset not in it", 2, "not in the export", "load", "--file",
            file("group-asset.json"), "--replace"),
        bad("export: assessment groups not an array", 2, "application_asset_groups", "load", "--file",
            file("groups-object.json"), "--replace"),
        bad("export: a row of another tenant inside", 2, "client_account_id is " + GLOBAL_RETAIL
            + ", not the export's tenant " + TECHCORP, "load", "--file", file("nested-tenant.json")),
        bad("export: tenant_id of another tenant", 2, "not the export's tenant " + GLOBAL_RETAIL, "load",
            "--file", file("top-tenant.json")),
        bad("export: rows whose ids another tenant has", 2, "is an id of tenant " + TECHCORP, "load", "--file",
            file("relabelled.json")),
        bad("export: a discovery flow carrying badflow's flow id", 2, "column flow_id: " + BADFLOW_FLOW
            + " is an id of tenant " + BADFLOW, "load", "--file", file("foreign-flow.json"), "--replace"),
        bad("export: a blank name", 2, "client_accounts_name_not_blank", "load", "--file", file("blank-name.json"),
            "--replace"),
        bad("export: a slug with SQL in it", 2, "client_accounts_slug_format", "load", "--file",
            file("injected-slug.json"), "--replace"),
        bad("export: a NUL in a name", 2, "0x00", "load", "--file", file("nul-name.json"), "--replace"),
        bad("export: a check constraint broken", 2, "confidence", "load", "--file", file("confidence.json"),
            "--replace"),
        bad("export: a number out of its column's range", 2, "column progress_percentage: 1E+400 does not fit"
            + " numeric(5,2)", "load", "--file", file("progress.json"), "--replace"),
        bad("export: a percentage that rounds into range", 2, "column cpu_utilization_percent: 100.004 has more"
            + " decimal places than the 2 of numeric(5,2)", "load", "--file", file("cpu.json"), "--replace"),
        bad("export: a score that rounds into range", 2, "column confidence_score: 1.0004 has more decimal places",
            "load", "--file", file("confidence-places.json"), "--replace"),
        bad("export: a negative size that rounds to zero", 2, "column memory_gb: -0.004 has more decimal places",
            "load", "--file", file("memory.json"), "--replace"),
        bad("export: a timestamp in nanoseconds", 2, "column created_at: '2026-01-01T00:00:00.000000001Z' is more"
            + " precise than the microseconds", "load", "--file", file("nanos.json"), "--replace"),
        bad("export: a lone surrogate in a name", 2, "column hostname: a lone UTF-16 surrogate (U+D800)", "load",
            "--file", file("surrogate.json"), "--replace"),
        bad("export of an existing tenant", 6, "tenant " + TECHCORP + " exists already", "load", "--file",
            file("techcorp.json")),

        // Tenants that exist already
        bad("--tenant-id of another tenant", 6, "tenant " + GLOBAL_RETAIL + " exists already", "load", "techcorp",
            "--tenant-id", GLOBAL_RETAIL),
        bad("--tenant-id of a tenant tenant-seed did not seed", 6, "not registered by tenant-seed", "load",
            "techcorp", "--tenant-id", STRANGER),
        bad("--if-absent over another fixture", 6, "not as fixture scale", "load", "scale", "--tenant-id",
            TECHCORP, "--if-absent", "--set", "assets=1"),

        // Purge of tenants tenant-seed did not seed
        bad("purge of a tenant inserted by SQL", 3, "tenant " + STRANGER + " is not registered", "purge",
            "--tenant", STRANGER, "--yes"),
        bad("purge of a seeded and an unregistered tenant", 3, STRANGER, "purge", "--tenant", TECHCORP, "--tenant",
            STRANGER, "--yes"),
        bad("purge of an unknown tenant", 2, "tenant " + UNKNOWN + " does not exist; nothing was purged", "purge",
            "--tenant", UNKNOWN, "--yes"),
        bad("purge of a seeded and an unknown tenant", 2, "tenant " + UNKNOWN + " does not exist", "purge",
            "--tenant", TECHCORP, "--tenant", UNKNOWN, "--yes"),
        bad("purge of an unknown and a seeded tenant, dry run", 2, UNKNOWN, "purge", "--tenant", UNKNOWN,
            "--tenant", TECHCORP, "--dry-run"),
        bad("purge --strict and --if-exists", 2, "--strict and --if-exists contradict each other", "purge",
            "--tenant", TECHCORP, "--strict", "--if-exists", "--yes"),
        bad("purge --strict of an unknown tenant", 2, "tenant " + UNKNOWN + " does not exist", "purge", "--tenant",
            UNKNOWN, "--strict", "--yes"),
        bad("purge --strict of a seeded and an unknown tenant", 2, UNKNOWN, "purge", "--tenant", TECHCORP,
            "--tenant", UNKNOWN, "--strict", "--yes"),
        bad("purge without --yes", 3, "purge needs --yes", "purge", "--tenant", TECHCORP),

        // A flow id of another tenant or engagement
        bad("flow of another tenant", 3, "belongs to another tenant", "flows", "delete", "--flow", BADFLOW_FLOW,
            "--tenant", TECHCORP, "--engagement", TECHCORP_ENGAGEMENT, "--yes"),
        bad("flow of another tenant, dry run", 3, "belongs to another tenant", "flows", "delete", "--flow",
            TECHCORP_FLOW, "--tenant", GLOBAL_RETAIL, "--engagement", GLOBAL_RETAIL_ENGAGEMENT, "--dry-run"),
        bad("flow of another engagement", 3, "belongs to another engagement", "flows", "delete", "--flow",
            TECHCORP_FLOW, "--tenant", TECHCORP, "--engagement", GLOBAL_RETAIL_ENGAGEMENT, "--yes"),
        bad("flow that does not exist", 2, "flow " + UNKNOWN + " does not exist", "flows", "delete", "--flow",
            UNKNOWN, "--tenant", TECHCORP, "--engagement", TECHCORP_ENGAGEMENT, "--yes"),
        bad("flow delete without --yes", 3, "flows delete needs --yes", "flows", "delete", "--flow", BADFLOW_FLOW,
            "--tenant", BADFLOW, "--engagement", BADFLOW_ENGAGEMENT),
        bad("reset without --yes", 3, "reset needs --yes", "reset"),

        // Database URLs, none of which may show the password
        bad("--url empty", 2, "database URL is empty", "--url", "", "status"),
        bad("--url blank", 2, "database URL is empty", "--url", "  ", "status"),
        bad("--url of another database system", 2, "unsupported database URL 'mysql://", "--url",
            "mysql://root:" + PASSWORD + "@127.0.0.1/seed", "status"),
        bad("--url with a bad port", 2, "invalid port", "--url", "postgresql://postgres:" + PASSWORD
            + "@127.0.0.1:99999/seed", "status"),
        bad("--url with a fragment", 2, "'#' fragment", "--url", "postgresql://postgres:" + PASSWORD
            + "@127.0.0.1/seed#x", "status"),
        bad("--url with a bad escape", 2, "malformed percent escape", "--url", "postgresql://postgres:"
            + PASSWORD + "%zz@127.0.0.1/seed", "status"),
        bad("--url with a password parameter and a bad host", 2, "invalid host", "--url",
            "postgresql://a b/seed?password=" + PASSWORD, "status"),
        bad("--url naming a database with SQL in it", 4, "database not found", "--url", serverUrl(INJECTION),
            "status"),
        bad("--url naming a user with a quote", 5, "authentication failed", "--url", serverUrl("postgres")
            .replaceFirst("//[^@]*@", "//O'Brien:" + PASSWORD + "@"), "status"),
        bad("--url of a unix socket", 2, "names a unix-domain socket (/var/run/postgresql)", "--url",
            "postgresql://postgres:" + PASSWORD + "@/seed?host=/var/run/postgresql", "status"),
        bad("--url with a connect_timeout not a number", 2, "invalid connect_timeout 'abc': expected a whole number",
            "--url", serverUrl("postgres") + "?connect_timeout=abc", "status"),
        bad("--url with an unknown sslmode", 2, "invalid sslmode 'bogus': expected one of", "--url",
            serverUrl("postgres") + "?sslmode=bogus", "load", "techcorp"),
        bad("--url with an unknown parameter", 2, "unknown parameter 'colour'", "--url", serverUrl("postgres")
            + "?colour=blue", "export", "--tenant", TECHCORP),
        bad("--url of a closed port", 4, "cannot reach PostgreSQL", "--url", "postgresql://postgres:" + PASSWORD
            + "@127.0.0.1:1/seed", "status"),

        // The production marker
        bad(Database.PRODUCTION, "production: purge", 3, "says production", "purge", "--tenant", TECHCORP, "--yes",
            "--force"),
        bad(Database.PRODUCTION, "production: load", 3, "says production", "load", "scale", "--set", "assets=1"),
        bad(Database.PRODUCTION, "production: load --replace", 3, "says production", "load", "techcorp",
            "--replace"),
        bad(Database.PRODUCTION, "production: load --file --replace", 3, "says production", "load", "--file",
            file("techcorp.json"), "--replace"),
        bad(Database.PRODUCTION, "production: flows delete", 3, "says production", "flows", "delete", "--flow",
            TECHCORP_FLOW, "--tenant", TECHCORP, "--engagement", TECHCORP_ENGAGEMENT, "--yes"),
        bad(Database.PRODUCTION, "production: reset", 3, "the environment marker says production", "reset",
            "--yes"),
        bad(Database.PRODUCTION, "production: init-dev-db", 3, "the environment marker says production",
            "init-dev-db"),
        bad(Database.PRODUCTION, "production: env set without --force", 3, "production", "env", "set",
            "development"),

        // Migrations: a destructive incremental file, a changed checksum of an applied migration
        bad("lint: DROP TABLE in an incremental migration", 2, NEXT + "__drop_assets.sql:2:", "lint-migrations",
            file("drop-table")),
        bad("lint: DROP TABLE inside a DO block", 2, NEXT + "__cleanup.sql:", "lint-migrations", file("drop-in-do")),
        bad("lint: a CREATE POLICY that cannot run twice", 2, NEXT + "__policy.sql:1: CREATE POLICY without a guard",
            "lint-migrations", file("unguarded-policy")),
        bad("lint: a CREATE POLICY beside a guarded one in a DO block", 2,
            NEXT + "__policies.sql:6: CREATE POLICY without a guard", "lint-migrations", file("half-guarded-policies")),
        bad("lint: a migration not in UTF-8", 2, NEXT + "__latin1.sql:1: not UTF-8", "lint-migrations", file("latin1")),
        bad("lint: a directory without migrations", 2, "no migrations in", "lint-migrations", file("no-migrations")),
        bad(Database.TAMPERED, "migrate: applied V002 changed", 7, "V002", "migrate"),
        bad(Database.TAMPERED, "init-dev-db: applied V002 changed", 7, "do not match the files", "init-dev-db"),
        bad(Database.ALTERED, "export: a column dropped and a table renamed by hand", 7, "the migrations define"
            + " column hostname of table migration.assets, table migration.import_field_mappings, which the database"
            + " lacks", "export", "--tenant", TECHCORP),
        // --if-absent compares the stored rows with the export's: the seed names what the database lacks
        bad(Database.ALTERED, "load --file --if-absent: a column dropped and a table renamed by hand", 7, "seeding tenant "
            + TECHCORP + " (TechCorp Solutions) failed: the migrations define column hostname of table migration.assets,"
            + " table migration.import_field_mappings, which the database lacks", "load", "--file", file("techcorp.json"),
            "--if-absent")));
  }

  @BeforeAll
  static void prepare() throws Exception {
    for (Database database : Database.values()) {
      ScratchDatabase scratch = TestDatabase.shared().createEmptyDatabase();
      databases.put(database, scratch);
      urls.put(database, withPassword(scratch.url()));
    }
    Cli shared = cli(Database.SHARED);
    succeed(shared, "init-dev-db");
    succeed(shared, "load", "badflow");
    execute(Database.SHARED, "insert into migration.client_accounts (id, name, slug) values ('" + STRANGER
        + "', 'Stranger', 'stranger')");
    execute(Database.SHARED, "create schema \"" + HOSTILE_SCHEMA.replace("\"", "\"\"") + "\"");
    exports(shared);
    migrationDirectories();
    Files.writeString(home.resolve("pg"), "a file where a data directory should be\n");

    Cli production = cli(Database.PRODUCTION);
    succeed(production, "init-dev-db");
    succeed(production, "env", "set", "production");

    for (Map.Entry<Database, List<String>> marker : MARKERS.entrySet()) {
      Cli tampered = cli(marker.getKey());
      succeed(tampered, "migrate");
      succeed(tampered, "env", "set", "development");
      succeed(tampered, "load", "techcorp");
      execute(marker.getKey(), marker.getValue().get(0));
    }

    succeed(cli(Database.TAMPERED), "migrate");
    execute(Database.TAMPERED, "update migration.flyway_schema_history set checksum = checksum + 1"
        + " where version = '002'");

    succeed(cli(Database.ALTERED), "init-dev-db");
    execute(Database.ALTERED, "alter table migration.assets drop column hostname");
    execute(Database.ALTERED, "alter table migration.import_field_mappings rename to field_mappings");
  }

  @AfterAll
  static void dropDatabases() {
    databases.values().forEach(ScratchDatabase::close);
  }

  @TestFactory
  Stream<DynamicTest> badInputFailsWithOneLineAndItsExitCodeAndChangesNothing() {
    List<Case> all = new ArrayList<>(cases().toList());
    for (Option option : FREE_TEXT) {
      AWKWARD.forEach((label, value) -> {
        // A value short enough to be shown whole, and without line breaks, is shown as it was given.
        List<String> fragments = value.length() <= 100 && value.chars().noneMatch(Character::isISOControl)
            ? List.of(option.fragment(), value) : List.of(option.fragment());
        all.add(new Case(option.name() + ": " + label, Database.SHARED, option.exitCode(), fragments,
            option.arguments().apply(value)));
      });
    }
    assertThat(all.stream().map(Case::name)).doesNotHaveDuplicates();
    return all.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(Case c) throws Exception {
    DatabaseUrl url = urls.get(c.database());
    Map<String, Long> before = state(url);

    // The process's own stderr too: a library logging there would add lines beside the message.
    PrintStream processErr = System.err;
    ByteArrayOutputStream stray = new ByteArrayOutputStream();
    System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
    Cli.Run run;
    try {
      run = cli(c.database()).run(c.arguments());
    } finally {
      System.setErr(processErr);
    }

    String description = c.name() + ": seed " + String.join(" ", c.arguments()) + "\n" + run;
    assertThat(run.exitCode()).as(description).isEqualTo(c.exitCode());
    assertThat(run.err()).as(description).startsWith("seed: ").endsWith("\n");
    String message = run.err().substring("seed: ".length(), run.err().length() - 1);
    assertThat(message).as(description).doesNotContainPattern("\\R").isNotBlank().contains(c.fragments());
    assertThat(message.length()).as(description).isLessThanOrEqualTo(1_000);
    assertThat(stray.toString(StandardCharsets.UTF_8)).as(description).isEmpty();
    for (String secret : secrets()) {
      assertThat(run.out() + run.err()).as(description).doesNotContain(secret);
    }
    assertThat(state(url)).as(description).isEqualTo(before);
  }

  // ---- rows

  private static Case bad(String name, int exitCode, String fragment, String... arguments) {
    return new Case(name, Database.SHARED, exitCode, List.of(fragment), arguments);
  }

  private static Case bad(Database database, String name, int exitCode, String fragment, String... arguments) {
    return new Case(name, database, exitCode, List.of(fragment), arguments);
  }

  private static String[] args(String... arguments) {
    return arguments;
  }

  /** A file of the test's directory. */
  private static String file(String name) {
    return home.resolve(name).toString();
  }

  /** A path under a directory that does not exist, with {@code value} as one of its names. */
  private static String missing(String value, String name) {
    return home.resolve("no-such-directory").resolve(value).resolve(name).toString();
  }

  /** A path under a regular file, with {@code value} as one of its names. */
  private static String inFile(String value) {
    return home.resolve("pg").toString() + (value.isEmpty() ? "" : "/" + value);
  }

  /** The address of the test server with another database name, and a password. */
  private static String serverUrl(String database) {
    DatabaseUrl server = urls.get(Database.SHARED);
    return "postgresql://" + server.user().orElse("postgres") + ":" + PASSWORD + "@" + server.hosts() + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The port the test server listens on: in use. */
  private static String serverPort() {
    String hosts = urls.get(Database.SHARED).hosts().split(",")[0];
    return hosts.contains(":") ? hosts.substring(hosts.lastIndexOf(':') + 1) : "5432";
  }

  private static String freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return String.valueOf(socket.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- setup

  private static Cli cli(Database database) {
    return Cli.against(urls.get(database), home);
  }

  /** A trust-authenticated server ignores the password: every command then runs with one to leak. */
  private static DatabaseUrl withPassword(DatabaseUrl url) {
    return url.hasPassword() ? url : url.withCredentials(url.user().orElse("postgres"), PASSWORD);
  }

  private static Set<String> secrets() {
    String userInfo = URI.create(urls.get(Database.SHARED).unmasked()).getUserInfo();
    return Set.copyOf(List.of(PASSWORD, userInfo.substring(userInfo.indexOf(':') + 1)));
  }

  private static void succeed(Cli cli, String... arguments) {
    Cli.Run run = cli.run(arguments);
    assertThat(run.exitCode()).as(String.join(" ", arguments) + "\n" + run).isZero();
  }

  private static void execute(Database database, String sql) throws SQLException {
    try (Connection connection = urls.get(database).dataSource().getConnection();
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Valid exports made by seed export, and broken variants of them. */
  private static void exports(Cli shared) throws IOException {
    succeed(shared, "export", "--tenant", TECHCORP, "--out", file("techcorp.json"));
    succeed(shared, "export", "--tenant", BADFLOW, "--out", file("badflow.json"));
    byte[] bytes = Files.readAllBytes(home.resolve("techcorp.json"));
    String text = new String(bytes, StandardCharsets.UTF_8);
    Files.write(home.resolve("truncated.json"), Arrays.copyOf(bytes, bytes.length / 2));
    Files.writeString(home.resolve("head.json"), "{\"format\": \"tenant-seed/1\", \"tenant_id\": ");
    Files.writeString(home.resolve("trailing.json"), text + "{}\n");
    Files.writeString(home.resolve("duplicate-key.json"), text.replaceFirst("\\{", "{\"format\": \"tenant-seed/1\","));
    Files.writeString(home.resolve("empty.json"), "");
    Files.writeString(home.resolve("not-json.json"), "format: tenant-seed/1\ntenant_id: " + TECHCORP + "\n");
    Files.writeString(home.resolve("array.json"), "[" + text + "]");

    variant("format.json", "techcorp.json", d -> d.put("format", "tenant-seed/2"));
    variant("tenant-id-malformed.json", "techcorp.json", d -> d.put("tenant_id", "not-a-uuid"));
    variant("tenant-id-number.json", "techcorp.json", d -> d.put("tenant_id", 11111111));
    variant("no-tables.json", "techcorp.json", d -> d.remove("tables"));
    variant("unknown-table.json", "techcorp.json", d -> tables(d).putArray("secrets"));
    variant("unknown-column.json", "techcorp.json", d -> row(d, "users", 0).put("password", PASSWORD));
    variant("name-number.json", "techcorp.json", d -> row(d, "client_accounts", 0).put("name", 42));
    variant("priority-string.json", "techcorp.json", d -> row(d, "assets", 0).put("migration_priority", "high"));
    variant("active-string.json", "techcorp.json", d -> row(d, "users", 0).put("is_active", "yes"));
    variant("timestamp.json", "techcorp.json", d -> row(d, "engagements", 0).put("created_at", "yesterday"));
    variant("file-size.json", "techcorp.json", d -> row(d, "data_imports", 0)
        .put("file_size", new BigInteger("99999999999999999999999")));
    variant("users-object.json", "techcorp.json", d -> tables(d).putObject("users"));
    variant("asset-string.json", "techcorp.json", d -> ((ArrayNode) tables(d).get("assets")).set(0, "an asset"));
    variant("no-account.json", "techcorp.json", d -> d.putObject("tables").putArray("client_accounts"));
    variant("asset-twice.json", "techcorp.json", d -> ((ArrayNode) tables(d).get("assets"))
        .add(row(d, "assets", 0).deepCopy()));
    variant("asset-engagement.json", "techcorp.json", d -> row(d, "assets", 0).put("engagement_id", UNKNOWN));
    variant("asset-flow.json", "techcorp.json", d -> row(d, "assets", 0).put("master_flow_id", UNKNOWN));
    variant("group-asset.json", "badflow.json", d -> ((ArrayNode) row(d, "assessment_flows", 0)
        .get("application_asset_groups").get(0).get("asset_ids")).set(0, UNKNOWN));
    variant("groups-object.json", "badflow.json", d -> row(d, "assessment_flows", 0)
        .putObject("application_asset_groups").put("asset_ids", UNKNOWN));
    variant("nested-tenant.json", "techcorp.json", d -> row(d, "users", 1).put("client_account_id", GLOBAL_RETAIL));
    variant("top-tenant.json", "techcorp.json", d -> d.put("tenant_id", GLOBAL_RETAIL));
    variant("relabelled.json", "techcorp.json", d -> {
      d.put("tenant_id", UNKNOWN);
      row(d, "client_accounts", 0).put("id", UNKNOWN).put("slug", "techcorp-copy");
      tables(d).properties().forEach(table -> table.getValue().forEach(row -> {
        if (row.has("client_account_id")) {
          ((ObjectNode) row).put("client_account_id", UNKNOWN);
        }
      }));
    });
    variant("foreign-flow.json", "techcorp.json", d -> row(d, "discovery_flows", 0).put("flow_id", BADFLOW_FLOW));
    variant("blank-name.json", "techcorp.json", d -> row(d, "client_accounts", 0).put("name", "   "));
    variant("injected-slug.json", "techcorp.json", d -> row(d, "client_accounts", 0).put("slug", INJECTION));
    variant("nul-name.json", "techcorp.json", d -> row(d, "client_accounts", 0).put("name", "Tech\u0000Corp"));
    variant("confidence.json", "techcorp.json", d -> row(d, "import_field_mappings", 0).put("confidence_score", 2.5));
    variant("progress.json", "techcorp.json", d -> row(d, "data_imports", 0)
        .put("progress_percentage", new BigDecimal("1e400")));
    variant("cpu.json", "techcorp.json", d -> row(d, "assets", 0)
        .put("cpu_utilization_percent", new BigDecimal("100.004")));
    variant("confidence-places.json", "techcorp.json", d -> row(d, "assets", 0)
        .put("confidence_score", new BigDecimal("1.0004")));
    variant("memory.json", "techcorp.json", d -> row(d, "assets", 0).put("memory_gb", new BigDecimal("-0.004")));
    variant("nanos.json", "techcorp.json", d -> row(d, "assets", 0)
        .put("created_at", "2026-01-01T00:00:00.000000001Z"));
    variant("surrogate.json", "techcorp.json", d -> row(d, "assets", 0).put("hostname", "web-LONE-SURROGATE"));
    // A lone surrogate has no UTF-8 form: a file can only hold it escaped.
    Files.writeString(home.resolve("surrogate.json"), Files.readString(home.resolve("surrogate.json"))
        .replace("LONE-SURROGATE", "\\ud800"));
  }

  private static void variant(String name, String source, Consumer<ObjectNode> change) throws IOException {
    ObjectNode document = (ObjectNode) JSON.readTree(home.resolve(source).toFile());
    change.accept(document);
    Files.writeString(home.resolve(name), JSON.writeValueAsString(document));
  }

  private static ObjectNode tables(ObjectNode document) {
    return (ObjectNode) document.get("tables");
  }

  private static ObjectNode row(ObjectNode document, String table, int index) {
    JsonNode row = tables(document).get(table).get(index);
    assertThat(row).as(table + " row " + index).isInstanceOf(ObjectNode.class);
    return (ObjectNode) row;
  }

  /** Copies of the project's migrations, each with one more, destructive, file. */
  private static void migrationDirectories() throws IOException {
    migrationsWith("drop-table", NEXT + "__drop_assets.sql",
        "-- the assets are rebuilt elsewhere\nDROP TABLE migration.assets;\n");
    migrationsWith("drop-in-do", NEXT + "__cleanup.sql",
        "DO $$\nBEGIN\n  EXECUTE 'select 1';\n  DROP TABLE IF EXISTS migration.assets;\nEND\n$$;\n");
    migrationsWith("unguarded-policy", NEXT + "__policy.sql",
        "CREATE POLICY readers ON migration.assets TO seed_app USING (true);\n");
    migrationsWith("half-guarded-policies", NEXT + "__policies.sql", """
        DO $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies WHERE policyname = 'readers') THEN
            CREATE POLICY readers ON migration.assets TO seed_app USING (true);
          END IF;
          CREATE POLICY writers ON migration.assets TO seed_app WITH CHECK (true);
        END
        $$;
        """);
    migrationsWith("latin1", NEXT + "__latin1.sql", "");
    Files.write(home.resolve("latin1").resolve(NEXT + "__latin1.sql"),
        "-- caf\u00e9\nSELECT 1;\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Files.createDirectories(home.resolve("no-migrations"));
    Files.writeString(home.resolve("no-migrations").resolve("README.md"), "the migrations moved\n");
  }

  private static String nextVersion() {
    List<Path> files = io.tenantseed.migrate.MigrationLint.migrationFiles(
        Path.of(System.getProperty("tenantseed.migrations.dir")));
    String last = files.get(files.size() - 1).getFileName().toString();
    return String.format("V%03d", Integer.parseInt(last.substring(1, last.indexOf("__"))) + 1);
  }

  private static void migrationsWith(String directory, String file, String sql) throws IOException {
    Path copy = Files.createDirectories(home.resolve(directory));
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("tenantseed.migrations.dir")))) {
      for (Path migration : files.toList()) {
        Files.copy(migration, copy.resolve(migration.getFileName()));
      }
    }
    Files.writeString(copy.resolve(file), sql);
  }

  // ---- what "nothing changed" compares

  /**
   * Every table's rows ({@link Cli#snapshot}), both migration histories, and the schemas of
   * the database.
   */
  private static Map<String, Long> state(DatabaseUrl url) throws SQLException {
    Map<String, Long> state = new TreeMap<>(Cli.snapshot(url));
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      for (String schema : List.of("migration", "seed_meta")) {
        try (ResultSet result = statement.executeQuery("select to_regclass('" + schema + ".flyway_schema_history')"
            + " is not null")) {
          result.next();
          if (!result.getBoolean(1)) {
            continue;
          }
        }
        try (ResultSet result = statement.executeQuery("select count(*), coalesce(sum(hashtext(h::text)), 0) from "
            + schema + ".flyway_schema_history h")) {
          result.next();
          state.put(schema + ".flyway_schema_history", result.getLong(1) * 1_000_003L + result.getLong(2));
        }
      }
      try (ResultSet result = statement.executeQuery("select count(*), coalesce(sum(hashtext(nspname)), 0)"
          + " from pg_namespace where nspname not like 'pg\\_temp\\_%' and nspname not like 'pg\\_toast\\_temp\\_%'")) {
        result.next();
        state.put("(schemas)", result.getLong(1) * 1_000_003L + result.getLong(2));
      }
    }
    return state;
  }
}
