package io.tenantseed.seed;

import static io.tenantseed.internal.SchemaCatalog.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import io.tenantseed.internal.Bookkeeping;
import io.tenantseed.internal.RoundTrip;
import io.tenantseed.internal.SqlErrors;
import io.tenantseed.internal.Transactions;
import io.tenantseed.migrate.NotMigratedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What tenant-seed knows about a database: the environment marker and the tenant registry
 * ({@code seed_meta}), with the names of the registered tenants from the application schema.
 *
 * <pre>
 * Registry registry = Registry.forDataSource(dataSource);
 * registry.environment();                       // Optional[development]
 * registry.setEnvironment("test");
 * registry.tenants().forEach(t -&gt; System.out.println(t.name() + " " + t.fixtureVersion()));
 * </pre>
 *
 * <p>Immutable and thread-safe; each call uses its own connection.
 */
public final class Registry {

  /** The environment marker's values, from least to most protected. */
  public static final List<String> ENVIRONMENTS = io.tenantseed.Environment.markerNames();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final String schema;

  private Registry(DataSource dataSource, String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  public static Registry forDataSource(DataSource dataSource) {
    return new Registry(Objects.requireNonNull(dataSource, "dataSource"), "migration");
  }

  /** The same registry reading tenant names from {@code otherSchema} instead of {@code migration}. */
  public Registry schema(String otherSchema) {
    return new Registry(dataSource, Objects.requireNonNull(otherSchema, "schema"));
  }

  /**
   * One registered tenant.
   *
   * @param tenantId the client account id
   * @param name the client account's name; null if the account is gone
   * @param fixtureName the fixture it was seeded from ({@code custom} for unnamed graphs)
   * @param fixtureVersion the fixture version recorded when seeded
   * @param seededAt when
   * @param seededBy the database role that seeded it
   * @param rowCounts rows per table when seeded ({@code schema.table}), in foreign-key order
   */
  public record Tenant(UUID tenantId, String name, String fixtureName, String fixtureVersion, OffsetDateTime seededAt,
      String seededBy, Map<String, Long> rowCounts) {

    public Tenant {
      rowCounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
    }

    /**
     * Whether this is a stale row: its client account is gone (deleted by hand, say). The
     * registry is a record, not the truth: a seed counts such a tenant as absent.
     */
    public boolean gone() {
      return name == null;
    }

    /** Every row the tenant had when it was seeded. */
    public long totalRows() {
      return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The environment marker as stored, empty when it is not set ({@code unset}, or no row). */
  public Optional<String> environment() {
    return query("reading the environment marker",
        connection -> Optional.ofNullable(Bookkeeping.environment(connection)));
  }

  /**
   * The environment marker as the guards read it: empty when it is not set (the row
   * {@code unset}) or before the first migration.
   *
   * @param refusing what is refused if the marker cannot be trusted, for the message
   *     ("refusing to initialise ...")
   * @throws io.tenantseed.ProtectedEnvironmentException if the marker is not exactly one row
   *     naming an {@link io.tenantseed.Environment} or {@code unset} (no row, two rows), or its
   *     table is gone
   */
  public Optional<io.tenantseed.Environment> guardedEnvironment(String refusing) {
    return query("reading the environment marker", connection -> Bookkeeping.Marker.read(connection))
        .environment(refusing);
  }

  /**
   * Whether {@code seed_meta} and its marker table exist but hold no marker row: a database
   * migrated before seed_meta V003 (which writes the {@code unset} row) and never marked, or
   * one whose row was deleted. Every guard refuses there.
   */
  public boolean markerRowMissing() {
    return query("reading the environment marker", connection -> {
      Bookkeeping.Marker marker = Bookkeeping.Marker.read(connection);
      return marker.migrated() && marker.unreadable() == null && marker.names().isEmpty();
    });
  }

  /**
   * Sets the environment marker. Moving away from {@code production} is allowed only with
   * {@code force}, since the marker is what keeps a production database safe; so is
   * rewriting a marker that is not exactly one row naming an {@link io.tenantseed.Environment}
   * or {@code unset} (a name in capitals, two rows, no row), which might have been meant as
   * production; {@code unset} (not set) is replaced without {@code force}.
   *
   * @throws InvalidEnvironmentException if {@code name} is not one of {@link #ENVIRONMENTS}
   * @throws io.tenantseed.ProtectedEnvironmentException if the marker says production and
   *     {@code name} differs, without {@code force}
   */
  public void setEnvironment(String name, boolean force) {
    io.tenantseed.Environment target = io.tenantseed.Environment.fromName(name).orElseThrow(() ->
        new InvalidEnvironmentException("unknown environment '" + name + "': expected one of "
            + String.join(", ", ENVIRONMENTS)));
    query("setting the environment marker to " + name, connection -> Transactions.inTransaction(connection, c -> {
      String refusing = "refusing to set the environment marker to " + target + (force ? "" : " without --force");
      // Marker changes serialise on a lock of their own, taken before the marker is read.
      try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?, 0)")) {
        lock.setInt(1, Bookkeeping.MARKER_LOCK_NAMESPACE);
        lock.executeQuery().close();
      }
      Bookkeeping.Marker marker = Bookkeeping.Marker.read(c);
      if (!marker.migrated()) {
        throw new NotMigratedException(refusing + ": the database is not migrated (no schema seed_meta);"
            + " run seed migrate first", null);
      }
      // Towards production nothing needs forcing: it protects more, whatever the marker said.
      if (!force && (marker.unreadable() != null || target != io.tenantseed.Environment.PRODUCTION)) {
        Optional<io.tenantseed.Environment> current = marker.environment(refusing);
        if (current.equals(Optional.of(io.tenantseed.Environment.PRODUCTION)) && target != current.get()) {
          throw new io.tenantseed.ProtectedEnvironmentException("the environment marker says production;"
              + " changing it to " + target + " needs --force");
        }
      }
      if (force && marker.unreadable() != null) {
        // The table or its column is gone: forced, the marker is made again as the bookkeeping
        // migrations make it (they run twice safely), then written below.
        try (Statement drop = c.createStatement()) {
          drop.execute("drop table if exists seed_meta.environment");
        }
        io.tenantseed.migrate.Migrator.reapplyBookkeeping(c);
      }
      // Every row goes, whatever the constraints left of the table allow: the marker is one row after this.
      RoundTrip trip = new RoundTrip();
      trip.statement("delete from seed_meta.environment");
      trip.statement("insert into seed_meta.environment (singleton, name) values (true, ?)",
          parameters -> parameters.setString(1, target.markerName()));
      trip.execute(c);
      return null;
    }));
  }

  /** Every registered tenant, by name then id. */
  public List<Tenant> tenants() {
    return query("reading the tenant registry", connection -> {
      String sql = "select t.tenant_id, a.name, t.fixture_name, t.fixture_version, t.seeded_at, t.seeded_by,"
          + " t.row_counts::text from seed_meta.tenants t left join " + quote(schema)
          + ".client_accounts a on a.id = t.tenant_id order by a.name nulls last, t.tenant_id";
      List<Tenant> tenants = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(sql);
           ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          Map<String, Long> counts = new LinkedHashMap<>();
          JsonNode node = readJson(result.getString(7));
          node.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
          tenants.add(new Tenant(result.getObject(1, UUID.class), result.getString(2), result.getString(3),
              result.getString(4), result.getObject(5, OffsetDateTime.class), result.getString(6), counts));
        }
      }
      return tenants;
    });
  }

  /** The registered tenant {@code tenantId}, if any. */
  public Optional<Tenant> tenant(UUID tenantId) {
    return tenants().stream().filter(t -> t.tenantId().equals(tenantId)).findFirst();
  }

  /** Whether the application schema exists (it does not before the first migration). */
  public boolean schemaExists() {
    return query("looking for schema " + schema, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
              "select exists (select 1 from pg_catalog.pg_namespace where nspname = ?)")) {
        statement.setString(1, schema);
        try (ResultSet result = statement.executeQuery()) {
          return result.next() && result.getBoolean(1);
        }
      }
    });
  }

  /** Whether the application schema has a {@code client_accounts} table, the tenants' own. */
  public boolean accountsTableExists() {
    return query("looking for " + schema + ".client_accounts", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
              "select exists (select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n"
                  + " on n.oid = c.relnamespace where n.nspname = ? and c.relname = 'client_accounts'"
                  + " and c.relkind in ('r', 'p'))")) {
        statement.setString(1, schema);
        try (ResultSet result = statement.executeQuery()) {
          return result.next() && result.getBoolean(1);
        }
      }
    });
  }

  /** Whether a client account {@code tenantId} exists in the application schema, registered or not. */
  public boolean accountExists(UUID tenantId) {
    return query("looking for tenant " + tenantId, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
              "select exists (select 1 from " + quote(schema) + ".client_accounts where id = ?)")) {
        statement.setObject(1, tenantId);
        try (ResultSet result = statement.executeQuery()) {
          return result.next() && result.getBoolean(1);
        }
      }
    });
  }

  /** Whether {@code engagementId} is an engagement of tenant {@code tenantId} in the application schema. */
  public boolean engagementExists(UUID tenantId, UUID engagementId) {
    return query("looking for engagement " + engagementId + " of tenant " + tenantId, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
              "select exists (select 1 from " + quote(schema) + ".engagements"
                  + " where id = ? and client_account_id = ?)")) {
        statement.setObject(1, engagementId);
        statement.setObject(2, tenantId);
        try (ResultSet result = statement.executeQuery()) {
          return result.next() && result.getBoolean(1);
        }
      }
    });
  }

  /** The ids of every client account in the application schema, registered or not, sorted. */
  public List<UUID> accounts() {
    return query("listing the client accounts", connection -> {
      List<UUID> ids = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(
              "select id from " + quote(schema) + ".client_accounts order by id");
           ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          ids.add(result.getObject(1, UUID.class));
        }
      }
      return ids;
    });
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("seed_meta.tenants.row_counts is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private <T> T query(String context, Transactions.Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      Optional<SeedException> connectionFailure = SqlErrors.connectionFailure(e, null);
      if (connectionFailure.isPresent()) {
        throw SqlErrors.withContext(connectionFailure.get(), context);
      }
      if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
        throw new NotMigratedException(context + ": the database is not migrated (" + SqlErrors.serverMessage(e)
            + "); run seed migrate first", e);
      }
      throw new RegistryException(context + " failed: " + SqlErrors.serverMessage(e), e);
    }
  }

  /** A database failure while reading or writing the registry. */
  public static final class RegistryException extends SeedException {
    RegistryException(String message, Throwable cause) {
      super(ErrorCode.UNEXPECTED, message, cause);
    }
  }

  /** An environment name that is not one of {@link #ENVIRONMENTS}. */
  public static final class InvalidEnvironmentException extends SeedException {
    InvalidEnvironmentException(String message) {
      super(ErrorCode.BAD_INPUT, message);
    }
  }
}
