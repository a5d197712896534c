package io.tenantseed;

/**
 * The one exception family of tenant-seed. Every failure that reaches a caller is a
 * subclass named for what went wrong, carrying an {@link ErrorCode}; {@code SQLException}s
 * are wrapped exactly once, where tenant-seed talks to the database. Messages are one line,
 * name the tenant, table or file involved, and never contain a password.
 *
 * <pre>
 * try {
 *   Migrator.forDataSource(dataSource).migrate();
 * } catch (UnableToMigrateException e) {
 *   // e.getMessage(): "migration V004__add_wave.sql failed: column \"wave\" already exists"
 * }
 * </pre>
 */
public abstract class SeedException extends RuntimeException {

  private final ErrorCode errorCode;

  protected SeedException(ErrorCode errorCode, String message) {
    super(message);
    this.errorCode = errorCode;
  }

  protected SeedException(ErrorCode errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /** The kind of failure, which the CLI maps to its exit code. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
