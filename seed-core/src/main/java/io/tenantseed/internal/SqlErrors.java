package io.tenantseed.internal;

import io.tenantseed.SeedException;
import io.tenantseed.db.AuthenticationFailedException;
import io.tenantseed.db.DatabaseUnreachableException;
import io.tenantseed.db.InvalidDatabaseUrlException;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns the SQLException found in a cause chain into one of tenant-seed's exceptions. */
public final class SqlErrors {

  private SqlErrors() {}

  /**
   * If {@code failure} (or one of its causes) says the server could not be reached, the
   * database does not exist, the connection was lost, the credentials were refused, or the
   * server refused a connection option of the URL as it started the session, the matching
   * exception; otherwise empty.
   *
   * @param target where we tried to connect, for the message (never with a password); null
   *     when unknown
   */
  public static Optional<SeedException> connectionFailure(Throwable failure, String target) {
    SQLException sql = find(failure);
    if (sql == null || sql.getSQLState() == null) {
      return Optional.empty();
    }
    String state = sql.getSQLState();
    String detail = serverMessage(sql);
    String at = target == null ? "" : " at " + target;
    if (state.equals("28P01") || state.equals("28000")) {
      return Optional.of(
          new AuthenticationFailedException("authentication failed" + at + ": " + detail, failure));
    }
    if (refusedAtStartup(sql)) {
      return Optional.of(InvalidDatabaseUrlException.refusedByServer(
          "the server refused a connection option of the database URL" + at + ": " + detail, failure));
    }
    if (state.equals("3D000")) {
      return Optional.of(
          new DatabaseUnreachableException("database not found" + at + ": " + detail, failure));
    }
    // 08: connection exceptions; 57P01-03: the server shut down or terminated the backend.
    if (state.startsWith("08") || state.startsWith("57P0")) {
      return Optional.of(
          new DatabaseUnreachableException("cannot reach PostgreSQL" + at + ": " + detail, failure));
    }
    return Optional.empty();
  }

  /** SQLSTATEs of a setting the server does not know, or whose value it cannot take. */
  private static final java.util.Set<String> BAD_SETTING = java.util.Set.of("22023", "42704", "22P02", "55P02");

  /**
   * A FATAL error about a setting: the session never started because of an
   * {@code options=-c ...} of the URL (within a session the same errors are plain ERRORs).
   */
  private static boolean refusedAtStartup(SQLException sql) {
    if (!(sql instanceof PSQLException psql) || !BAD_SETTING.contains(sql.getSQLState())) {
      return false;
    }
    ServerErrorMessage server = psql.getServerErrorMessage();
    return server != null && "FATAL".equals(server.getSeverity());
  }

  /** {@code failure} with {@code context} put in front of its message, same type and cause. */
  public static SeedException withContext(SeedException failure, String context) {
    String message = context + ": " + failure.getMessage();
    if (failure instanceof AuthenticationFailedException) {
      return new AuthenticationFailedException(message, failure.getCause());
    }
    if (failure instanceof DatabaseUnreachableException) {
      return new DatabaseUnreachableException(message, failure.getCause());
    }
    return failure;
  }

  /** The first SQLException in the cause chain, or null. */
  public static SQLException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** PostgreSQL's own one-line message when there is one, else the driver's first line. */
  public static String serverMessage(Throwable failure) {
    SQLException sql = find(failure);
    Throwable source = sql != null ? sql : failure;
    if (source instanceof PSQLException psql) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        return server.getMessage();
      }
    }
    String message = source.getMessage() == null ? source.getClass().getSimpleName() : source.getMessage();
    int newline = message.indexOf('\n');
    return (newline >= 0 ? message.substring(0, newline) : message).strip();
  }
}
