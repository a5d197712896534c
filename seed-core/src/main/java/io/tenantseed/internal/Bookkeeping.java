package io.tenantseed.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/** Reads and locks what tenant-seed keeps in seed_meta, for the seeder and the purger alike. */
public final class Bookkeeping {

  /** The first key of tenant-seed's advisory locks; the second is {@link #lockKey(UUID)}. */
  public static final int LOCK_NAMESPACE = 0x5eed;

  private Bookkeeping() {}

  /** The second advisory-lock key of a tenant: seeds and purges of one tenant serialise on it. */
  public static int lockKey(UUID tenant) {
    return Long.hashCode(tenant.getMostSignificantBits() ^ tenant.getLeastSignificantBits());
  }

  /**
   * One statement that locks tenants until the transaction ends, in one order so that two
   * callers cannot deadlock. Parameters: see {@link #bindLock}.
   */
  public static final String LOCK_SQL = "select count(pg_advisory_xact_lock(?, k)) from (select k from unnest(?::int[]) "
      + "with ordinality as u(k, n) order by n) as ordered";

  /** Binds {@link #LOCK_SQL}'s two parameters from {@code index} on; returns the next index. */
  public static int bindLock(PreparedStatement statement, int index, Collection<UUID> tenants) throws SQLException {
    int[] keys = tenants.stream().mapToInt(Bookkeeping::lockKey).distinct().sorted().toArray();
    statement.setInt(index, LOCK_NAMESPACE);
    statement.setArray(index + 1,
        statement.getConnection().createArrayOf("int4", java.util.Arrays.stream(keys).boxed().toArray()));
    return index + 2;
  }

  /** Runs {@link #LOCK_SQL} on its own. */
  public static void lockTenants(Connection connection, Collection<UUID> tenants) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LOCK_SQL)) {
      bindLock(statement, 1, tenants);
      statement.executeQuery().close();
    }
  }

  /** The environment marker (development, test, staging, production), or null when unset. */
  public static String environment(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select name from seed_meta.environment");
         ResultSet result = statement.executeQuery()) {
      return result.next() ? result.getString(1) : null;
    }
  }
}
