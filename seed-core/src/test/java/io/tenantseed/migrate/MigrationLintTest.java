package io.tenantseed.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tenantseed.migrate.LintFinding.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationLintTest {

  private static final String BASELINE =
      "CREATE TABLE IF NOT EXISTS migration.t (id int);\nDROP TABLE IF EXISTS migration.old;\n";

  @TempDir Path dir;

  @Test
  void theProjectsOwnMigrationsPass() {
    Path migrations = Path.of(System.getProperty("tenantseed.migrations.dir"));

    assertThat(MigrationLint.lint(migrations)).isEmpty();
  }

  @Test
  void theBaselineMayDropAnything() throws IOException {
    write("V001__baseline_schema.sql", BASELINE + "TRUNCATE migration.t;\nDROP SCHEMA IF EXISTS old CASCADE;\n");

    assertThat(MigrationLint.lint(dir)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "CREATE SCHEMA migration;",
      "CREATE TABLE migration.t (id int);",
      "CREATE INDEX t_id_idx ON migration.t (id);",
      "CREATE POLICY tenant_isolation ON migration.t TO seed_app USING (true);",
      "CREATE ROLE seed_app NOLOGIN;",
      "CREATE TYPE migration.kind AS ENUM ('server');",
      "ALTER TABLE migration.t ADD CONSTRAINT t_id_positive CHECK (id > 0);",
      "CREATE TRIGGER t_touch BEFORE UPDATE ON migration.t FOR EACH ROW EXECUTE FUNCTION migration.touch();"})
  void theBaselineTooMustRunTwice(String statement) throws IOException {
    Path baseline = write("V001__baseline_schema.sql", "-- the baseline\n" + statement + "\n");

    assertThat(MigrationLint.lint(dir)).singleElement().satisfies(finding -> {
      assertThat(finding.rule()).isEqualTo(Rule.NOT_IDEMPOTENT);
      assertThat(finding.toString()).startsWith(baseline + ":2: ").contains("run twice");
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      DROP TABLE migration.assets;                                       | DESTRUCTIVE
      drop   table if exists migration.assets;                          | DESTRUCTIVE
      DROP SCHEMA migration CASCADE;                                     | DESTRUCTIVE
      TRUNCATE migration.assets;                                         | DESTRUCTIVE
      TRUNCATE TABLE migration.assets, migration.users CASCADE;          | DESTRUCTIVE
      ALTER TABLE migration.assets DROP COLUMN hostname;                 | DESTRUCTIVE
      ALTER TABLE migration.assets DROP COLUMN IF EXISTS hostname;       | DESTRUCTIVE
      ALTER TABLE migration.assets DROP hostname;                        | DESTRUCTIVE
      ALTER TABLE ONLY migration.assets DROP "hostname";                 | DESTRUCTIVE
      DO $$ BEGIN DROP TABLE migration.assets; END $$;                   | DESTRUCTIVE
      CREATE TABLE migration.waves (id int);                             | NOT_IDEMPOTENT
      CREATE UNLOGGED TABLE migration.waves (id int);                    | NOT_IDEMPOTENT
      CREATE INDEX assets_wave_idx ON migration.assets (migration_wave); | NOT_IDEMPOTENT
      CREATE UNIQUE INDEX assets_x ON migration.assets (asset_name);     | NOT_IDEMPOTENT
      CREATE INDEX CONCURRENTLY assets_x ON migration.assets (hostname); | NOT_IDEMPOTENT
      CREATE INDEX ON migration.assets (hostname);                       | NOT_IDEMPOTENT
      ALTER TABLE migration.assets ADD COLUMN wave int;                  | NOT_IDEMPOTENT
      ALTER TABLE migration.assets ADD wave int;                         | NOT_IDEMPOTENT
      CREATE SCHEMA audit;                                               | NOT_IDEMPOTENT
      CREATE POLICY p ON migration.assets TO seed_app USING (true);      | NOT_IDEMPOTENT
      DO $$ BEGIN CREATE POLICY p ON migration.assets USING (true); END $$; | NOT_IDEMPOTENT
      CREATE TRIGGER t BEFORE UPDATE ON migration.assets FOR EACH ROW EXECUTE FUNCTION f(); | NOT_IDEMPOTENT
      CREATE CONSTRAINT TRIGGER t AFTER UPDATE ON migration.assets FOR EACH ROW EXECUTE FUNCTION f(); | NOT_IDEMPOTENT
      ALTER TABLE migration.assets ADD CONSTRAINT wave_positive CHECK (migration_wave > 0); | NOT_IDEMPOTENT
      ALTER TABLE ONLY migration.assets ADD PRIMARY KEY (id);            | NOT_IDEMPOTENT
      ALTER TABLE migration.assets ADD CHECK (migration_wave > 0);       | NOT_IDEMPOTENT
      CREATE TYPE migration.kind AS ENUM ();                             | NOT_IDEMPOTENT
      CREATE DOMAIN migration.score AS numeric;                          | NOT_IDEMPOTENT
      CREATE ROLE reporting NOLOGIN;                                     | NOT_IDEMPOTENT
      CREATE USER reporting;                                             | NOT_IDEMPOTENT
      CREATE FUNCTION migration.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$; | NOT_IDEMPOTENT
      CREATE VIEW migration.servers AS SELECT * FROM migration.assets;  | NOT_IDEMPOTENT
      CREATE SEQUENCE migration.wave_seq;                                | NOT_IDEMPOTENT
      CREATE EXTENSION pgcrypto;                                         | NOT_IDEMPOTENT
      DO $$ BEGIN IF true THEN CREATE TYPE k AS ENUM (); END IF; END $$; | NOT_IDEMPOTENT
      DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = k) THEN NULL; ELSE CREATE TYPE k AS ENUM (); END IF; END $$; | NOT_IDEMPOTENT
      DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = k) THEN NULL; ELSIF true THEN CREATE TYPE k AS ENUM (); END IF; END $$; | NOT_IDEMPOTENT
      DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = x) THEN NULL; END IF; CREATE ROLE x; END $$; | NOT_IDEMPOTENT
      DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = k) THEN CREATE TYPE k AS ENUM (); END IF; CREATE TYPE l AS ENUM (); END $$; | NOT_IDEMPOTENT
      DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = k) THEN IF true THEN NULL; END IF; END IF; CREATE TYPE k AS ENUM (); END $$; | NOT_IDEMPOTENT
      DO $$ BEGIN BEGIN CREATE ROLE r; EXCEPTION WHEN duplicate_object THEN NULL; END; CREATE ROLE s; END $$; | NOT_IDEMPOTENT
      DO $$ BEGIN CREATE ROLE r; EXCEPTION WHEN division_by_zero THEN NULL; END $$; | NOT_IDEMPOTENT
      DO $$ BEGIN CREATE ROLE r; EXCEPTION WHEN duplicate_object THEN CREATE TYPE k AS ENUM (); END $$; | NOT_IDEMPOTENT
      DO $$ BEGIN CASE WHEN true THEN CREATE TYPE k AS ENUM (); END CASE; END $$; | NOT_IDEMPOTENT
      CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF NOT FOUND THEN NULL; END IF; CREATE TYPE k AS ENUM (); END $f$; | NOT_IDEMPOTENT
      """)
  void eachRuleFiresOnTheLineOfTheStatement(String statement, Rule rule) throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    Path bad = write("V002__bad_change.sql", "-- a change\n-- that breaks the rules\n" + statement + "\n");

    List<LintFinding> findings = MigrationLint.lint(dir);

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.rule()).isEqualTo(rule);
      assertThat(finding.file()).isEqualTo(bad);
      assertThat(finding.line()).isEqualTo(3);
      assertThat(finding.toString()).startsWith(bad + ":3: ");
    });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "CREATE TABLE IF NOT EXISTS migration.waves (id int);",
      "CREATE INDEX IF NOT EXISTS assets_wave_idx ON migration.assets (migration_wave);",
      "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS a ON migration.assets (id);",
      "ALTER TABLE migration.assets ADD COLUMN IF NOT EXISTS wave int;",
      "ALTER TABLE migration.assets ADD IF NOT EXISTS wave int;",
      "ALTER TABLE migration.assets DROP CONSTRAINT IF EXISTS wave_positive;",
      "ALTER TABLE migration.assets ALTER COLUMN hostname DROP DEFAULT;",
      "ALTER TABLE migration.assets ALTER COLUMN hostname DROP NOT NULL;",
      "GRANT SELECT, TRUNCATE ON migration.assets TO seed_app;",
      "COMMENT ON TABLE migration.assets IS 'never DROP TABLE or TRUNCATE this';",
      "-- DROP TABLE migration.assets;",
      "/* TRUNCATE migration.assets; /* nested */ DROP TABLE x; */ SELECT 1;",
      "SELECT \"drop table\" FROM migration.assets;",
      "ALTER TYPE migration.kind ADD VALUE 'cloud';",
      "DROP INDEX IF EXISTS migration.assets_old_idx;",
      "SELECT E'it\\'s DROP TABLE x';",
      "COMMENT ON TABLE migration.assets IS $$never DROP TABLE this$$;",
      "CREATE OR REPLACE FUNCTION migration.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;",
      "CREATE SCHEMA IF NOT EXISTS audit;",
      "CREATE OR REPLACE TRIGGER t BEFORE UPDATE ON migration.assets FOR EACH ROW EXECUTE FUNCTION f();",
      "CREATE OR REPLACE VIEW migration.servers AS SELECT * FROM migration.assets;",
      "CREATE SEQUENCE IF NOT EXISTS migration.wave_seq;",
      "CREATE EXTENSION IF NOT EXISTS pgcrypto;",
      "GRANT CREATE ON SCHEMA migration TO seed_app;",
      "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies WHERE policyname = 'p') THEN"
          + " CREATE POLICY p ON migration.assets USING (true); END IF; END $$;",
      "DO $$ BEGIN CREATE ROLE reporting NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
      "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 'w') THEN"
          + " ALTER TABLE migration.assets ADD CONSTRAINT w CHECK (migration_wave > 0); END IF; END $$;",
      "DO $$ BEGIN PERFORM 1 FROM pg_catalog.pg_type WHERE typname = 'kind'; IF NOT FOUND THEN"
          + " CREATE TYPE migration.kind AS ENUM ('server'); END IF; END $$;",
      "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'r') THEN"
          + " IF true THEN RAISE NOTICE 'x'; END IF; BEGIN CREATE ROLE r; EXCEPTION WHEN duplicate_object OR"
          + " unique_violation THEN NULL; END; CREATE POLICY p ON migration.assets TO r USING (true); END IF; END $$;",
      "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'a') THEN CREATE TYPE a AS ENUM ();"
          + " ELSIF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'b') THEN CREATE TYPE b AS ENUM (); END IF; END $$;",
      "DO $$ BEGIN IF true THEN CREATE ROLE r; END IF; EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
      "DO $$ BEGIN BEGIN CREATE TYPE k AS ENUM (); EXCEPTION WHEN division_by_zero THEN NULL;"
          + " WHEN duplicate_object THEN NULL; END; END $$;",
      "DO $$ BEGIN CREATE TYPE k AS ENUM (); EXCEPTION WHEN SQLSTATE '42710' THEN NULL; END $$;",
      "DO $$ <<outer>> DECLARE n int := 0; BEGIN FOR r IN SELECT 1 LOOP IF NOT EXISTS (SELECT 1 FROM pg_type"
          + " WHERE typname = 'k') THEN CREATE TYPE k AS ENUM (); END IF; END LOOP; END outer $$;",
      "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'f') THEN CREATE FUNCTION f() RETURNS int"
          + " LANGUAGE plpgsql AS $f$ BEGIN RETURN 1; END $f$; END IF; END $$;",
      "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'seed_app') THEN"
          + " GRANT SELECT, TRUNCATE ON migration.assets TO seed_app; END IF; END $$;"})
  void additiveIdempotentStatementsAndTextThatOnlyMentionsKeywordsPass(String statement) throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    write("V002__good_change.sql", statement + "\n");

    assertThat(MigrationLint.lint(dir)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"V4__add_wave.sql", "V002__Add_Wave.sql", "V002-add-wave.sql", "add_wave.sql",
      "V002__add-wave.sql", "R__views.sql", "V002__.sql"})
  void badFileNamesAreReported(String name) throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    write(name, "SELECT 1;\n");

    assertThat(MigrationLint.lint(dir))
        .anySatisfy(finding -> {
          assertThat(finding.rule()).isEqualTo(Rule.FILE_NAME);
          assertThat(finding.file().getFileName().toString()).isEqualTo(name);
          assertThat(finding.line()).isEqualTo(1);
        });
  }

  @Test
  void duplicateVersionsAreReported() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    write("V002__add_wave.sql", "SELECT 1;\n");
    write("V002__add_score.sql", "SELECT 1;\n");

    assertThat(MigrationLint.lint(dir)).singleElement().satisfies(finding -> {
      assertThat(finding.rule()).isEqualTo(Rule.VERSION_SEQUENCE);
      assertThat(finding.message()).contains("version 002 is also used by");
    });
  }

  @Test
  void missingVersionsAreReported() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    write("V002__add_wave.sql", "SELECT 1;\n");
    write("V005__add_score.sql", "SELECT 1;\n");

    assertThat(MigrationLint.lint(dir)).singleElement().satisfies(finding -> {
      assertThat(finding.rule()).isEqualTo(Rule.VERSION_SEQUENCE);
      assertThat(finding.message()).isEqualTo("versions 003 to 004 are missing before V005__add_score.sql");
    });
  }

  @Test
  void aMissingBaselineIsReported() throws IOException {
    write("V002__add_wave.sql", "SELECT 1;\n");

    assertThat(MigrationLint.lint(dir)).extracting(LintFinding::message)
        .containsExactly("version 001 is missing before V002__add_wave.sql");
  }

  @Test
  void aQuoteInsideDollarQuotedTextDoesNotHideTheStatementsAfterIt() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    write("V002__comment_then_drop.sql",
        "COMMENT ON TABLE t IS $$every tenant's asset$$;\nDROP TABLE t;\nCREATE TABLE b (id int);\n");

    assertThat(MigrationLint.lint(dir)).extracting(f -> f.line() + " " + f.rule())
        .containsExactly("2 DESTRUCTIVE", "3 NOT_IDEMPOTENT");
  }

  @Test
  void statementsInsideADoBlockAreCheckedOnTheirOwnLines() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    write("V002__do_block.sql", "DO $body$\nBEGIN\n  RAISE NOTICE 'it''s fine';\n  TRUNCATE t;\nEND\n$body$;\nSELECT 1;\n");

    assertThat(MigrationLint.lint(dir)).extracting(f -> f.line() + " " + f.rule()).containsExactly("4 DESTRUCTIVE");
  }

  @Test
  void aGuardedDoBlockOverSeveralLinesPassesAndAnUnguardedOneIsReportedOnItsLine() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    write("V002__policies.sql", """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                           WHERE schemaname = 'migration' AND tablename = 't' AND policyname = 'a') THEN
                CREATE POLICY a ON migration.t TO seed_app
                    USING (true);
            END IF;
        END
        $$;
        DO $$
        BEGIN
            CREATE POLICY b ON migration.t TO seed_app USING (true);
        END
        $$;
        """);

    assertThat(MigrationLint.lint(dir)).extracting(f -> f.line() + " " + f.rule()).containsExactly("12 NOT_IDEMPOTENT");
  }

  @Test
  void aGuardCoversOnlyTheStatementsInsideItAndEveryOtherStatementOfTheBlockIsReported() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    Path file = write("V002__half_guarded.sql", """
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE policyname = 'a') THEN
            CREATE POLICY a ON t USING (true);
          END IF;
          CREATE POLICY b ON t USING (true);
        END $$;

        DO $$ BEGIN
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'x') THEN RAISE NOTICE 'x'; END IF;
          ALTER TABLE t ADD CONSTRAINT c CHECK (true);
          CREATE TYPE e AS ENUM ('a');
        END $$;
        """);

    assertThat(MigrationLint.lint(dir)).extracting(LintFinding::toString).satisfiesExactly(
        first -> assertThat(first).startsWith(file + ":5: CREATE POLICY without a guard"),
        second -> assertThat(second).startsWith(file + ":10: ADD CONSTRAINT without a guard"),
        third -> assertThat(third).startsWith(file + ":11: CREATE TYPE without a guard"));
  }

  @Test
  void nestedGuardsOverSeveralLinesPass() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    write("V002__nested_guards.sql", """
        DO $$
        DECLARE
            wanted text := 'reporting';
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = wanted) THEN
                BEGIN
                    CREATE ROLE reporting NOLOGIN;
                EXCEPTION
                    WHEN duplicate_object OR unique_violation THEN
                        RAISE NOTICE 'created meanwhile';
                END;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                           WHERE schemaname = 'migration' AND tablename = 't' AND policyname = 'a') THEN
                IF current_setting('server_version_num')::int >= 150000 THEN
                    RAISE NOTICE 'policy a';
                END IF;
                CREATE POLICY a ON migration.t TO reporting
                    USING (true);
            ELSIF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies WHERE policyname = 'b') THEN
                CREATE POLICY b ON migration.t USING (true);
            END IF;
        END
        $$;
        """);

    assertThat(MigrationLint.lint(dir)).isEmpty();
  }

  @Test
  void aFileThatIsNotUtf8IsReportedByName() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    Path file = Files.write(dir.resolve("V002__latin1.sql"),
        "SELECT 1;\n-- caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    assertThat(MigrationLint.lint(dir)).singleElement().satisfies(finding -> {
      assertThat(finding.rule()).isEqualTo(Rule.UNREADABLE);
      assertThat(finding.file()).isEqualTo(file);
      assertThat(finding.toString()).startsWith(file + ":1: not UTF-8").contains("line 2");
    });
  }

  @Test
  void anUnreadableFileIsReportedByName() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    Path locked = write("V002__locked.sql", "SELECT 1;\n");
    locked.toFile().setReadable(false, false);
    try {
      assumeFalse(Files.isReadable(locked), "this user reads every file (root)");

      assertThat(MigrationLint.lint(dir)).singleElement().satisfies(finding -> {
        assertThat(finding.rule()).isEqualTo(Rule.UNREADABLE);
        assertThat(finding.toString()).startsWith(locked + ":1: cannot read the file");
      });
    } finally {
      locked.toFile().setReadable(true, false);
    }
  }

  @Test
  void findingsAreOrderedByFileAndLine() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    write("V003__b.sql", "TRUNCATE x;\nDROP TABLE y;\n");
    write("V002__a.sql", "SELECT 1;\n\nCREATE TABLE z (id int);\n");

    assertThat(MigrationLint.lint(dir)).extracting(f -> f.file().getFileName() + ":" + f.line())
        .containsExactly("V002__a.sql:3", "V003__b.sql:1", "V003__b.sql:2");
  }

  @Test
  void nonSqlFilesAreIgnored() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);
    write("README.md", "DROP TABLE everything;\n");

    assertThat(MigrationLint.lint(dir)).isEmpty();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
