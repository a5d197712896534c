package io.tenantseed.testing;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.internal.SchemaCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A database of a test server: a throw-away one made by {@link TestDatabase#createDatabase()}
 * (migrated) or {@link TestDatabase#createEmptyDatabase()} (no schema), dropped on
 * {@link #close()}, or the server's own database for engines that live only as long as the
 * test JVM.
 *
 * <pre>
 * try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
 *   Seeder.forDataSource(scratch.dataSource()).seed(graph);   // migrated already
 * }
 * try (ScratchDatabase empty = TestDatabase.shared().createEmptyDatabase()) {
 *   Migrator.forDataSource(empty.dataSource()).migrate();     // migrated only here
 * }
 * </pre>
 */
public final class ScratchDatabase implements AutoCloseable {

  /** template1 is briefly busy while another session creates a database from it. */
  private static final String OBJECT_IN_USE = "55006";

  private final DatabaseUrl server;
  private final DatabaseUrl url;
  private final DataSource dataSource;
  private final boolean owned;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ScratchDatabase(DatabaseUrl server, DatabaseUrl url, boolean owned) {
    this.server = server;
    this.url = url;
    this.dataSource = url.dataSource();
    this.owned = owned;
  }

  static ScratchDatabase create(DatabaseUrl server) {
    String name = TestDatabase.uniqueName();
    createDatabase(server.dataSource(), name);
    return new ScratchDatabase(server, server.withDatabase(name), true);
  }

  static ScratchDatabase existing(DatabaseUrl url) {
    return new ScratchDatabase(url, url, false);
  }

  private static void createDatabase(DataSource admin, String name) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + SchemaCatalog.quote(name));
        return;
      } catch (SQLException e) {
        if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt == 10) {
          throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while creating test database " + name, interrupted);
        }
      }
    }
  }

  /** The database's address (credentials masked in its {@code toString()}). */
  public DatabaseUrl url() {
    return url;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Drops the database if this created it (disconnecting any session left). Idempotent; a
   * drop that failed is tried again by the next call of {@code close()}.
   */
  @Override
  public synchronized void close() {
    if (owned && !closed.get()) {
      TestDatabase.execute(server.dataSource(),
          "DROP DATABASE IF EXISTS " + SchemaCatalog.quote(url.database()) + " WITH (FORCE)");
      closed.set(true);
    }
  }
}
