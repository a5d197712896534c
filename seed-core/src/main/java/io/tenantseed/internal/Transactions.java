package io.tenantseed.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Ending a transaction on failure without losing the failure that caused it. */
public final class Transactions {

  private Transactions() {}

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
