package io.tenantseed.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The tenant tables of a database's schema {@code migration}, read from pg_catalog with a
 * query of the tests' own (not tenant-seed's catalog model, which the tests check): every
 * table with a {@code client_account_id} column, and the table those columns reference (the
 * tenant itself, {@code client_accounts}). So a test that expects something of every tenant
 * table follows the migrations instead of counting the tables of the day it was written.
 *
 * <pre>
 * TenantTables.of(TestDatabase.shared().dataSource());   // [assessment_flows, assets, client_accounts, ...]
 * </pre>
 */
public final class TenantTables {

  private TenantTables() {}

  /** The tenant tables, the tenant table itself included, by name. */
  public static List<String> of(DataSource dataSource) {
    return query(dataSource, """
        select c.relname
          from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'migration' and c.relkind in ('r', 'p')
           and (exists (select 1 from pg_catalog.pg_attribute a
                         where a.attrelid = c.oid and a.attname = 'client_account_id' and not a.attisdropped)
                or c.oid in (select k.confrelid
                               from pg_catalog.pg_constraint k
                               join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
                              where k.contype = 'f' and a.attname = 'client_account_id'))
         order by c.relname""");
  }

  /** The tables with a {@code client_account_id} column (the tenant table itself has none), by name. */
  public static List<String> withTenantColumn(DataSource dataSource) {
    return query(dataSource, """
        select c.relname
          from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          join pg_catalog.pg_attribute a on a.attrelid = c.oid
         where n.nspname = 'migration' and c.relkind in ('r', 'p')
           and a.attname = 'client_account_id' and not a.attisdropped
         order by c.relname""");
  }

  private static List<String> query(DataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection();
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      List<String> tables = new ArrayList<>();
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
      return List.copyOf(tables);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the tenant tables failed: " + e.getMessage(), e);
    }
  }
}
