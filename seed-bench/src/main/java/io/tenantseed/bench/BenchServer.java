package io.tenantseed.bench;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.migrate.Migrator;
import java.io.Closeable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The PostgreSQL server every benchmark and baseline runs on: {@code SEED_BENCH_DATABASE_URL}
 * (an admin connection), else an embedded PostgreSQL 15 started for the run. Databases it
 * creates are dropped on close.
 */
final class BenchServer implements Closeable {

  static final String URL_VARIABLE = "SEED_BENCH_DATABASE_URL";

  private final DatabaseUrl admin;
  /** Stops what was started for the run: the embedded server, or nothing for an external one. */
  private final Closeable engine;
  private final String description;
  private final java.util.List<String> created = new java.util.ArrayList<>();

  private BenchServer(DatabaseUrl admin, Closeable engine, String description) {
    this.admin = admin;
    this.engine = engine;
    this.description = description;
  }

  static BenchServer start(Map<String, String> environment) throws IOException {
    String url = environment.get(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      DatabaseUrl admin = DatabaseUrl.parse(url);
      return new BenchServer(admin, () -> { }, admin + " (" + URL_VARIABLE + ")");
    }
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres =
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
    DatabaseUrl admin = DatabaseUrl.parse("postgresql://postgres@localhost:" + postgres.getPort() + "/postgres");
    return new BenchServer(admin, postgres, "embedded PostgreSQL 15 on port " + postgres.getPort()
        + " (" + URL_VARIABLE + " unset)");
  }

  String description() {
    return description;
  }

  DatabaseUrl admin() {
    return admin;
  }

  /** A new, empty database; dropped on close. */
  DatabaseUrl createDatabase(String name) {
    execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    execute(admin, "CREATE DATABASE " + name);
    created.add(name);
    return admin.withDatabase(name);
  }

  /** A new database with the platform schema and tenant-seed's bookkeeping; dropped on close. */
  DatabaseUrl createMigratedDatabase(String name) {
    DatabaseUrl url = createDatabase(name);
    Migrator.forDataSource(url.dataSource()).migrate();
    return url;
  }

  /** Whether this run created database {@code name} and has not dropped it. */
  boolean exists(String name) {
    return created.contains(name);
  }

  void dropDatabase(String name) {
    execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    created.remove(name);
  }

  /** Runs fixed SQL (names made here, never from input). */
  static void execute(DatabaseUrl url, String sql) {
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Empties every tenant table and the registry, so that each measurement starts alike. */
  static void emptyTenants(DatabaseUrl url) {
    execute(url, "TRUNCATE migration.client_accounts CASCADE; DELETE FROM seed_meta.tenants;"
        + " DELETE FROM seed_meta.purge_log");
    execute(url, "VACUUM ANALYZE");
  }

  /** Drops the databases of the run, then stops the embedded server; an IOException is its failing to stop. */
  @Override
  public void close() throws IOException {
    for (String name : java.util.List.copyOf(created)) {
      try {
        dropDatabase(name);
      } catch (RuntimeException e) {
        System.err.println("bench: could not drop database " + name + ": " + e.getMessage());
      }
    }
    engine.close();
  }
}
