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

  /** Locks the tenants until the transaction ends, in one order, so that two callers cannot deadlock. */
  public static void lockTenants(Connection connection, Collection<UUID> tenants) throws SQLException {
    int[] keys = tenants.stream().mapToInt(Bookkeeping::lockKey).distinct().sorted().toArray();
    try (PreparedStatement statement = connection.prepareStatement(
        "select pg_advisory_xact_lock(?, k) from unnest(?::int[]) with ordinality as u(k, n) order by n")) {
      statement.setInt(1, LOCK_NAMESPACE);
      statement.setArray(2, connection.createArrayOf("int4", java.util.Arrays.stream(keys).boxed().toArray()));
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
