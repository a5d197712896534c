package io.tenantseed.migrate;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static final String BASELINE = "CREATE TABLE migration.t (id int);\nDROP TABLE IF EXISTS migration.old;\n";

  @TempDir Path dir;

  @Test
  void theProjectsOwnMigrationsPass() {
    Path migrations = Path.of(System.getProperty("tenantseed.migrations.dir"));

    assertThat(MigrationLint.lint(migrations)).isEmpty();
  }

  @Test
  void theBaselineMayCreateAndDropAnything() throws IOException {
    write("V001__baseline_schema.sql", BASELINE);

    assertThat(MigrationLint.lint(dir)).isEmpty();
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
      "ALTER TABLE migration.assets ADD CONSTRAINT wave_positive CHECK (migration_wave > 0);",
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
      "CREATE FUNCTION migration.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;"})
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
