package io.tenantseed;

/**
 * What kind of failure a {@link SeedException} reports, and the process exit code the
 * {@code seed} command maps it to.
 *
 * <pre>
 * try {
 *   migrator.migrate();
 * } catch (SeedException e) {
 *   System.err.println("seed: " + e.getMessage());
 *   System.exit(e.errorCode().exitCode());
 * }
 * </pre>
 */
public enum ErrorCode {
  /** A bug or an unforeseen condition. */
  UNEXPECTED(1),
  /** Bad usage or input: a malformed URL, UUID, file or option. Nothing was changed. */
  BAD_INPUT(2),
  /** A safety guard refused the operation (production marker, unregistered tenant). */
  REFUSED(3),
  /** PostgreSQL could not be reached, or the database does not exist. */
  DATABASE_UNREACHABLE(4),
  /** PostgreSQL refused the credentials. */
  AUTHENTICATION_FAILED(5),
  /** The tenant to be seeded exists already. */
  TENANT_EXISTS(6),
  /** A migration failed, the applied migrations do not match the files, or the database is not migrated. */
  MIGRATION_FAILED(7);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The exit code of the {@code seed} command for this kind of failure. */
  public int exitCode() {
    return exitCode;
  }
}
