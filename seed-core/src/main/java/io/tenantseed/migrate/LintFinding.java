package io.tenantseed.migrate;

import java.nio.file.Path;

/**
 * One problem in a migrations directory, printed as {@code file:line: message}.
 *
 * @param file the migration file
 * @param line the 1-based line of the offending statement (1 for file-level findings)
 * @param rule which rule it breaks
 * @param message one line saying what is wrong
 */
public record LintFinding(Path file, int line, Rule rule, String message) {

  /** The rules of {@link MigrationLint}. */
  public enum Rule {
    /** The name is not {@code V<3 digits>__<lowercase_words>.sql}. */
    FILE_NAME,
    /** A version is used twice, or versions are missing. */
    VERSION_SEQUENCE,
    /** The file cannot be read, or is not UTF-8. */
    UNREADABLE,
    /** DROP TABLE, DROP SCHEMA, TRUNCATE or DROP COLUMN after the baseline. */
    DESTRUCTIVE,
    /**
     * A statement that cannot run twice and is not guarded (in any file): CREATE TABLE, INDEX,
     * SCHEMA... without IF NOT EXISTS, CREATE TRIGGER... without OR REPLACE, CREATE POLICY, TYPE,
     * ROLE or ADD CONSTRAINT not inside a DO block's existence check (the THEN branch of an
     * IF NOT EXISTS) or duplicate handler (BEGIN ... EXCEPTION WHEN duplicate_object).
     */
    NOT_IDEMPOTENT
  }

  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
