package io.tenantseed.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one transaction idiom of tenant-seed: auto-commit off, the work, the commit; on any
 * failure (an SQLException, a RuntimeException or an Error) a rollback, whose own failure is
 * kept as suppressed on the failure that caused it; auto-commit as it was, in every case.
 * Translating an SQLException into a {@link io.tenantseed.SeedException} stays with the
 * caller, which knows what it was doing.
 *
 * <pre>
 * try (Connection connection = dataSource.getConnection()) {
 *   long removed = Transactions.inTransaction(connection, c -&gt; {
 *     try (PreparedStatement delete = c.prepareStatement("delete from seed_meta.tenants where tenant_id = ?")) {
 *       delete.setObject(1, tenantId);
 *       return (long) delete.executeUpdate();
 *     }
 *   });
 * } catch (SQLException e) {
 *   throw new UnableToPurgeException("unregistering tenant " + tenantId + " failed: " + SqlErrors.serverMessage(e), e);
 * }
 * </pre>
 *
 * <p>The connection must not be inside a transaction of its caller's: the commit would take
 * that with it. Work that rolls back by itself (to give up without failing) leaves nothing
 * for the commit, which then sends nothing. Stateless and thread-safe.
 */
public final class Transactions {

  private Transactions() {}

  /** Work inside a transaction that returns a value. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Work inside a transaction that returns nothing. */
  @FunctionalInterface
  public interface Use {
    void run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in a transaction of its own on {@code connection}; commits and returns its value. */
  public static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (Throwable failure) {
      rollbackQuietly(connection, failure);
      throw failure;
    } finally {
      restoreAutoCommit(connection, autoCommit);
    }
  }

  /** {@link #inTransaction} for work that returns nothing. */
  public static void useTransaction(Connection connection, Use work) throws SQLException {
    inTransaction(connection, c -> {
      work.run(c);
      return null;
    });
  }

  /** Rolls back; on a broken connection the rollback's own failure is kept as suppressed. */
  public static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Puts auto-commit back; a broken connection is left for its owner to find. */
  public static void restoreAutoCommit(Connection connection, boolean autoCommit) {
    try {
      if (!connection.isClosed()) {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException ignored) {
      // the connection is broken; its owner will find out when it next uses it
    }
  }
}
