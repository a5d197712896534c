package io.tenantseed.junit;

import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Counts a tenant's rows, as the owner, in every table of the platform schema that has them. */
final class Rows {

  private Rows() {}

  /** Rows of {@code tenantId} in every tenant table plus its client account, in the shared test database. */
  static long of(UUID tenantId) {
    return of(TestDatabase.shared().dataSource(), tenantId);
  }

  static long of(DataSource dataSource, UUID tenantId) {
    try (Connection connection = dataSource.getConnection()) {
      long rows = count(connection, "SELECT count(*) FROM migration.client_accounts WHERE id = ?", tenantId);
      for (String table : tenantTables(connection)) {
        rows += count(connection, "SELECT count(*) FROM migration." + table + " WHERE client_account_id = ?", tenantId);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether tenant-seed's registry lists the tenant. */
  static boolean registered(UUID tenantId) {
    try (Connection connection = TestDatabase.shared().dataSource().getConnection()) {
      return count(connection, "SELECT count(*) FROM seed_meta.tenants WHERE tenant_id = ?", tenantId) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> tenantTables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT table_name FROM information_schema.columns"
        + " WHERE table_schema = 'migration' AND column_name = 'client_account_id' ORDER BY table_name");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    if (tables.size() < 8) {
      throw new IllegalStateException("expected the platform's tenant tables, found " + tables);
    }
    return tables;
  }

  private static long count(Connection connection, String sql, UUID tenantId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, tenantId);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
