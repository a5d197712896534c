package io.tenantseed.internal;

import io.tenantseed.Environment;
import io.tenantseed.ProtectedEnvironmentException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and locks what tenant-seed keeps in seed_meta, for the seeder and the purger alike. */
public final class Bookkeeping {

  /** The first key of tenant-seed's advisory locks; the second is {@link #lockKey(UUID)}. */
  public static final int LOCK_NAMESPACE = 0x5eed;

  /** The first key of the advisory lock that changes of the environment marker serialise on (second key 0). */
  public static final int MARKER_LOCK_NAMESPACE = LOCK_NAMESPACE + 1;

  private Bookkeeping() {}

  /** The second advisory-lock key of a tenant: seeds and purges of one tenant serialise on it. */
  public static int lockKey(UUID tenant) {
    return Long.hashCode(tenant.getMostSignificantBits() ^ tenant.getLeastSignificantBits());
  }

  /**
   * The statement that locks tenants until the transaction ends, in one order so that two
   * callers cannot deadlock.
   */
  private static final String LOCK_SQL = "select count(pg_advisory_xact_lock(?, k)) from (select k from unnest(?::int[]) "
      + "with ordinality as u(k, n) order by n) as ordered";

  /** Adds the statement that locks {@code tenants} to {@code trip}, as one of its parts. */
  public static RoundTrip.Part<Integer> lockTenants(RoundTrip trip, Collection<UUID> tenants) {
    List<Integer> keys = tenants.stream().map(Bookkeeping::lockKey).distinct().sorted().toList();
    return trip.statement(LOCK_SQL, parameters -> {
      parameters.setInt(1, LOCK_NAMESPACE);
      parameters.setArray(2, "int4", keys);
    });
  }

  /** Locks {@code tenants} in a round trip of its own. */
  public static void lockTenants(Connection connection, Collection<UUID> tenants) throws SQLException {
    RoundTrip trip = new RoundTrip();
    lockTenants(trip, tenants);
    trip.execute(connection);
  }

  /**
   * A scalar subquery of the marker rows, every one of them and as text, for a guard's
   * round trip: null when there is none. {@link Marker#ofRows} reads it; the guard decides in
   * Java, so that a marker the SQL did not expect (two rows, a name in capitals) refuses.
   * A missing table fails the statement: see {@link #refuseIfMarkerUnreadable}.
   */
  public static final String MARKER_ROWS_SQL =
      "(select array_agg(e.name::text order by e.name::text) from seed_meta.environment e)";

  /** What a statement that read a dropped marker table or column fails with. */
  private static final java.util.Set<String> UNREADABLE_STATES = java.util.Set.of("42P01", "42703", "3F000");

  /**
   * After a guard's statement failed with {@code failure} and its transaction ended: throws
   * the guard's refusal if the marker cannot be read (its table or column dropped); otherwise
   * returns, and the caller reports the failure as it would.
   */
  public static void refuseIfMarkerUnreadable(Connection connection, Throwable failure, String refusing) {
    SQLException sql = SqlErrors.find(failure);
    if (sql == null || !UNREADABLE_STATES.contains(sql.getSQLState())) {
      return;
    }
    Marker marker;
    try {
      if (connection.isClosed()) {
        return;
      }
      marker = Marker.read(connection);
    } catch (SQLException e) {
      failure.addSuppressed(e);
      return;
    }
    marker.environment(refusing);
  }

  /**
   * The environment marker as the guards see it.
   *
   * <pre>
   * Bookkeeping.Marker.read(connection).refuseProduction("refusing to purge tenant " + id);
   * </pre>
   *
   * @param migrated whether {@code seed_meta} exists (before the first migration it does not)
   * @param unreadable why the rows could not be read (the table or its column is gone), or null
   * @param names the marker rows' names, as stored: one row, {@value #UNSET} when no
   *     environment is set; none at all (the row deleted) is a marker the guards refuse on
   */
  public record Marker(boolean migrated, String unreadable, List<String> names) {

    /**
     * The marker's own name for "not set", the row {@code seed migrate} leaves (seed_meta
     * V003): the marker's state, not an {@link Environment}, and read here only.
     */
    public static final String UNSET = "unset";

    public Marker {
      names = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(names));
    }

    /** Reads the marker in two statements: whether its table is there, then its rows. */
    public static Marker read(Connection connection) throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement(
              "select to_regnamespace('seed_meta') is not null, to_regclass('seed_meta.environment') is not null,"
                  + " exists (select 1 from pg_catalog.pg_attribute where attrelid = to_regclass('seed_meta.environment')"
                  + " and attname = 'name' and not attisdropped)");
           ResultSet result = statement.executeQuery()) {
        result.next();
        if (!result.getBoolean(1)) {
          return new Marker(false, null, List.of());
        }
        if (!result.getBoolean(2)) {
          return new Marker(true, "the marker table seed_meta.environment is missing", List.of());
        }
        // Told from the catalog, so that a caller's transaction is not aborted by reading it.
        if (!result.getBoolean(3)) {
          return new Marker(true, "seed_meta.environment has no column name", List.of());
        }
      }
      List<String> names = new java.util.ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement("select name::text from seed_meta.environment");
           ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          names.add(result.getString(1));
        }
      } catch (SQLException e) {
        if (SqlErrors.connectionFailure(e, null).isPresent()) {
          throw e;
        }
        return new Marker(true, "seed_meta.environment cannot be read: " + SqlErrors.serverMessage(e), List.of());
      }
      return new Marker(true, null, names);
    }

    /** The marker from {@link #MARKER_ROWS_SQL}'s value. */
    public static Marker ofRows(java.sql.Array rows) throws SQLException {
      return new Marker(true, null, rows == null ? List.of() : java.util.Arrays.asList((String[]) rows.getArray()));
    }

    /**
     * The environment, empty when the marker row says {@value #UNSET} (or seed_meta does not
     * exist yet).
     *
     * @throws ProtectedEnvironmentException with {@code refusing} and the reason, when the
     *     marker cannot be read, has no row or more than one, or names no {@link Environment}
     */
    public Optional<Environment> environment(String refusing) {
      if (unreadable != null) {
        throw new ProtectedEnvironmentException(refusing + ": " + unreadable + ", so this database cannot be told"
            + " from a production one");
      }
      if (names.size() > 1) {
        throw new ProtectedEnvironmentException(refusing + ": seed_meta.environment holds " + names.size()
            + " marker rows (" + quoted(names) + ") instead of one, so this database cannot be told from a production"
            + " one; seed env set NAME --force rewrites it");
      }
      if (names.isEmpty()) {
        if (!migrated) {
          return Optional.empty();
        }
        throw new ProtectedEnvironmentException(refusing + ": the marker row of seed_meta.environment is missing, so"
            + " this database cannot be told from a production one; seed migrate restores it (as '" + UNSET + "') on a"
            + " database migrated before seed_meta V003, else seed env set NAME --force does");
      }
      if (UNSET.equals(names.get(0))) {
        return Optional.empty();
      }
      Optional<Environment> environment = Environment.fromName(names.get(0));
      if (environment.isEmpty()) {
        throw new ProtectedEnvironmentException(refusing + ": the environment marker says " + quoted(names)
            + ", which is not one of " + String.join(", ", Environment.markerNames())
            + ", so this database cannot be told from a production one; seed env set NAME --force rewrites it");
      }
      return environment;
    }

    /** {@link #environment}, and a refusal where it says production. */
    public Optional<Environment> refuseProduction(String refusing) {
      Optional<Environment> environment = environment(refusing);
      if (environment.equals(Optional.of(Environment.PRODUCTION))) {
        throw new ProtectedEnvironmentException(refusing + ": the environment marker of this database says production");
      }
      return environment;
    }

    private static String quoted(List<String> names) {
      return names.stream().map(name -> name == null ? "null" : "'" + name + "'")
          .collect(java.util.stream.Collectors.joining(", "));
    }
  }

  /**
   * The environment marker's first row as stored (for display), or null when it says
   * {@value Marker#UNSET} or there is no row (which the guards refuse on: see {@link Marker}).
   */
  public static String environment(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select name from seed_meta.environment");
         ResultSet result = statement.executeQuery()) {
      String name = result.next() ? result.getString(1) : null;
      return Marker.UNSET.equals(name) ? null : name;
    }
  }
}
