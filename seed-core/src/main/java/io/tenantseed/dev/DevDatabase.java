package io.tenantseed.dev;

import io.tenantseed.Environment;
import io.tenantseed.ProtectedEnvironmentException;
import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.db.Databases;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.migrate.MigrateReport;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.seed.Registry;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.SeedReport;
import io.tenantseed.seed.Seeder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Initialises a development database: creates it if the server lacks it, migrates it, marks
 * it as development where no environment is set, and loads the given tenants if they are
 * absent ({@link SeedMode#IF_ABSENT}). Safe to run again: a second run changes nothing and
 * says so ({@link Report#changed()}).
 *
 * <pre>
 * DevDatabase.Report report = DevDatabase.at(DatabaseUrl.parse("postgresql://localhost/platform_dev"))
 *     .initialise(List.of(TechCorp.FIXTURE.build()));
 * report.migration().summary();                     // "Applied 6 migrations (...); schema now at version 003."
 * report.tenants().get(0).report().summary();       // "Seeded TechCorp Solutions: 1 client account, ..."
 * report.changed();                                 // false on the second run
 * </pre>
 *
 * <p>Refused ({@link ProtectedEnvironmentException}) where the environment marker says
 * staging or production, or cannot be trusted (two rows, a name it does not know); a
 * database migrated before seed_meta V003 and never marked, whose marker row is missing, is
 * migrated first and then marked. The caller passes the tenants (the development fixtures'
 * graphs), since seed-core does not know the fixtures. Immutable and thread-safe.
 */
public final class DevDatabase {

  private final DatabaseUrl url;
  private final Listener listener;

  private DevDatabase(DatabaseUrl url, Listener listener) {
    this.url = Objects.requireNonNull(url, "url");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The development database of {@code url}. */
  public static DevDatabase at(DatabaseUrl url) {
    return new DevDatabase(url, Listener.NONE);
  }

  /** The same, telling {@code listener} of each step as it is done. */
  public DevDatabase listener(Listener listener) {
    return new DevDatabase(url, listener);
  }

  /**
   * Told of each step of {@link #initialise} as it is done, for a caller that shows progress;
   * the {@link Report} says the same at the end. Called on the thread that initialises.
   */
  public interface Listener {

    /** The server lacked the database, which has been created. */
    default void createdDatabase(String database) {}

    /** The migrations ran (perhaps applying none). */
    default void migrated(MigrateReport migration) {}

    /** No environment was set: the marker now says development. */
    default void markedDevelopment() {}

    /** One tenant was loaded, or found there already. */
    default void seeded(Tenant tenant) {}

    /** A listener that does nothing. */
    Listener NONE = new Listener() {};
  }

  /**
   * One tenant of the initialisation.
   *
   * @param report what seeding it did (seeded, unchanged, registered)
   * @param fixture the fixture name its graph carries
   * @param version the fixture version its graph carries
   */
  public record Tenant(SeedReport report, String fixture, String version) {}

  /**
   * What {@link #initialise} did.
   *
   * @param database the database initialised
   * @param createdDatabase whether the server lacked it and it was created
   * @param migration what the migrations did
   * @param markedDevelopment whether no environment was set and the marker now says development
   * @param tenants each tenant passed, in order, with what loading it did
   * @param elapsed wall time of the whole initialisation
   */
  public record Report(DatabaseUrl database, boolean createdDatabase, MigrateReport migration,
      boolean markedDevelopment, List<Tenant> tenants, Duration elapsed) {

    public Report {
      tenants = List.copyOf(tenants);
    }

    /** Whether anything changed: a database created, a migration applied, the marker set, a tenant written or registered. */
    public boolean changed() {
      return createdDatabase || !migration.upToDate() || markedDevelopment
          || tenants.stream().anyMatch(tenant -> tenant.report().outcome() != SeedReport.Outcome.UNCHANGED);
    }
  }

  /**
   * Creates the database if missing, migrates, marks and loads {@code graphs}, in that order.
   *
   * @throws ProtectedEnvironmentException where the marker says staging or production, or
   *     cannot be trusted; nothing is migrated or loaded then
   */
  public Report initialise(List<TenantGraph> graphs) {
    long started = System.nanoTime();
    boolean created = Databases.createIfMissing(url);
    if (created) {
      listener.createdDatabase(url.database());
    }
    Registry registry = Registry.forDataSource(url.dataSource());
    Migrator migrator = Migrator.forDatabase(url);
    String refusing = "refusing to initialise " + url;
    MigrateReport migration = null;
    Optional<Environment> marker;
    try {
      marker = registry.guardedEnvironment(refusing);
    } catch (ProtectedEnvironmentException e) {
      // No marker row where seed_meta V003, which writes the 'unset' row, is still pending: a
      // database migrated by an earlier version and never marked. Migrating it first is what
      // `seed migrate` would do; where V003 is applied, a missing row stays a refusal.
      boolean metaPending = migrator.status().pending().stream()
          .anyMatch(pending -> pending.schema().equals(Migrator.META_SCHEMA));
      if (!metaPending || !registry.markerRowMissing()) {
        throw e;
      }
      migration = migrator.migrate();
      marker = registry.guardedEnvironment(refusing);
    }
    if (marker.isPresent() && marker.get().compareTo(Environment.STAGING) >= 0) {
      throw new ProtectedEnvironmentException(refusing + ": the environment marker says "
          + marker.get() + "; init-dev-db runs on development and test databases only");
    }
    if (migration == null) {
      migration = migrator.migrate();
    }
    listener.migrated(migration);
    if (marker.isEmpty()) {
      registry.setEnvironment(Environment.DEVELOPMENT.markerName(), false);
      listener.markedDevelopment();
    }
    Seeder seeder = Seeder.forDataSource(url.dataSource());
    List<Tenant> tenants = new ArrayList<>();
    for (TenantGraph graph : graphs) {
      Tenant tenant = new Tenant(seeder.seed(graph, SeedMode.IF_ABSENT), graph.fixtureName(), graph.version());
      listener.seeded(tenant);
      tenants.add(tenant);
    }
    return new Report(url, created, migration, marker.isEmpty(), tenants, Duration.ofNanos(System.nanoTime() - started));
  }
}
