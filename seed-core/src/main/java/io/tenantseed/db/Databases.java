package io.tenantseed.db;

import io.tenantseed.SeedException;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.internal.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Creating the database a URL names, for {@code seed init-dev-db} on a server that does not
 * have it yet.
 *
 * <pre>
 * if (Databases.createIfMissing(url)) {
 *   System.out.println("Created database " + url.database());
 * }
 * </pre>
 */
public final class Databases {

  /** The database every PostgreSQL server has, used to create the others. */
  static final String MAINTENANCE_DATABASE = "postgres";

  private Databases() {}

  /**
   * Creates the database of {@code url} when the server says it does not exist, connecting
   * to the server's {@code postgres} database with the same credentials to do so.
   *
   * @return true if it was created, false if it existed
   * @throws DatabaseUnreachableException or {@link AuthenticationFailedException} when the
   *     server cannot be used at all
   */
  public static boolean createIfMissing(DatabaseUrl url) {
    try {
      url.dataSource().getConnection().close(); // only whether it connects
      return false;
    } catch (SQLException e) {
      Optional<SeedException> failure = SqlErrors.connectionFailure(e, url.describe());
      if (!"3D000".equals(e.getSQLState())) {
        throw failure.orElseGet(() -> new DatabaseUnreachableException(
            "cannot connect to " + url.describe() + ": " + SqlErrors.serverMessage(e), e));
      }
    }
    DatabaseUrl maintenance = url.withDatabase(MAINTENANCE_DATABASE);
    try (Connection connection = maintenance.dataSource().getConnection();
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + SchemaCatalog.quote(url.database()));
      return true;
    } catch (SQLException e) {
      if ("42P04".equals(e.getSQLState())) {
        return false; // created meanwhile by someone else
      }
      throw SqlErrors.connectionFailure(e, maintenance.describe()).orElseGet(() -> new DatabaseUnreachableException(
          "cannot create database " + url.database() + " at " + maintenance.describe() + ": "
              + SqlErrors.serverMessage(e), e));
    }
  }
}
