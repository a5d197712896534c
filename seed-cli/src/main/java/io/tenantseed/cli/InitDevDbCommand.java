package io.tenantseed.cli;

import io.tenantseed.Environment;
import io.tenantseed.ProtectedEnvironmentException;
import io.tenantseed.db.Databases;
import io.tenantseed.fixtures.Fixture;
import io.tenantseed.fixtures.FixtureCatalog;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.migrate.MigrateReport;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.seed.Registry;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.SeedReport;
import io.tenantseed.seed.Seeder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "init-dev-db", mixinStandardHelpOptions = true,
    description = {"Migrate the development database, then load the development tenants (TechCorp Solutions,"
        + " Global Retail Inc) if they are absent. Safe to run again: a second run changes nothing.",
        "A tenant whose client account is gone is absent, whatever the registry says, and is loaded again; a"
            + " tenant whose rows are the fixture's (say, after an export and load --file) is the fixture and is"
            + " registered as it, without writing a row.",
        "Creates the database if the server lacks it; with no database configured and nothing answering at"
            + " 127.0.0.1:5432, starts the embedded PostgreSQL of .seed/pg first. Refused where the environment"
            + " marker says staging or production."})
final class InitDevDbCommand extends BaseCommand {

  @Override
  int run() {
    requirePlatformSchema("init-dev-db");
    Target target = targetStartingEmbeddedIfNeeded();
    out().result(initialise(this, target));
    return 0;
  }

  /** The configured database; with none configured and none answering, the embedded one, started. */
  private Target targetStartingEmbeddedIfNeeded() {
    Target target = target();
    if (!"default".equals(target.source())) {
      return target;
    }
    String[] hostAndPort = target.url().hosts().split(",")[0].split(":");
    int port = hostAndPort.length > 1 ? Integer.parseInt(hostAndPort[1]) : 5432;
    if (EmbeddedServer.answers(hostAndPort[0], port, Duration.ofSeconds(1))) {
      return target;
    }
    EmbeddedServer.Status server =
        EmbeddedServer.start(EmbeddedServer.defaultDataDirectory(context().home()), EmbeddedServer.DEFAULT_PORT,
            "start the embedded server on another port first (seed db start --port N), or configure a database");
    out().note("No database is configured and nothing answers at " + target.url().hosts() + ": started the"
        + " embedded PostgreSQL 15 on 127.0.0.1:" + server.port() + " (data in .seed/pg; seed db stop stops it).");
    return new Target(server.url(), "the embedded server of .seed/pg");
  }

  /** Creates, migrates, marks and loads; shared with {@code seed reset}. Returns the JSON result. */
  static Map<String, Object> initialise(BaseCommand command, Target target) {
    Output out = command.out();
    boolean created = Databases.createIfMissing(target.url());
    if (created) {
      out.line("Created database " + target.url().database() + ".");
    }
    Registry registry = Registry.forDataSource(target.url().dataSource());
    String refusing = "refusing to initialise " + target.url();
    Migrator migrator = Migrator.forDatabase(target.url());
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
    out.line(migration.summary());
    if (marker.isEmpty()) {
      registry.setEnvironment(Environment.DEVELOPMENT.markerName(), false);
      out.line("Marked the database as development (seed env show).");
    }
    Seeder seeder = Seeder.forDataSource(target.url().dataSource());
    List<Map<String, Object>> tenants = new ArrayList<>();
    boolean changed = created || !migration.upToDate() || marker.isEmpty();
    for (Fixture fixture : FixtureCatalog.DEVELOPMENT) {
      TenantGraph graph = fixture.build();
      SeedReport report = seeder.seed(graph, SeedMode.IF_ABSENT);
      out.line(report.summary());
      tenants.add(document(report, graph));
      changed |= report.outcome() != SeedReport.Outcome.UNCHANGED;
    }
    out.line(changed ? "Development database ready at " + target.describe() + "."
        : "Nothing to do: " + target.describe() + " is up to date and holds the development tenants.");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("database", target.url().toString());
    result.put("source", target.source());
    result.put("createdDatabase", created);
    result.put("applied", MigrateCommand.entries(migration.applied()));
    result.put("schemaVersion", migration.schemaVersion());
    result.put("tenants", tenants);
    result.put("changed", changed);
    return result;
  }

  /** One seeded tenant as a JSON object. */
  static Map<String, Object> document(SeedReport report, TenantGraph graph) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("tenantId", report.tenantId().toString());
    document.put("name", report.tenantName());
    document.put("fixture", graph.fixtureName());
    document.put("version", graph.version());
    document.put("outcome", report.outcome().name().toLowerCase(java.util.Locale.ROOT));
    document.put("rows", report.rows());
    document.put("millis", report.elapsed().toMillis());
    return document;
  }
}
