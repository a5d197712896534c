package io.tenantseed.cli;

import io.tenantseed.dev.DevDatabase;
import io.tenantseed.fixtures.Fixture;
import io.tenantseed.fixtures.FixtureCatalog;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.migrate.MigrateReport;
import io.tenantseed.seed.SeedReport;
import io.tenantseed.seed.TenantExistsException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Creates, migrates, marks and loads the development fixtures ({@link DevDatabase}), printing
   * each step as it is done; shared with {@code seed reset}. Returns the JSON result.
   */
  static Map<String, Object> initialise(BaseCommand command, Target target) {
    Output out = command.out();
    List<TenantGraph> graphs = FixtureCatalog.DEVELOPMENT.stream().map(Fixture::build).toList();
    try {
      return initialise(out, target, graphs);
    } catch (TenantExistsException e) {
      String fixture = graphs.stream().filter(graph -> graph.tenantId().equals(e.tenantId()))
          .map(TenantGraph::fixtureName).findFirst().orElse("FIXTURE");
      throw TenantExists.forFixture(e, fixture);
    }
  }

  private static Map<String, Object> initialise(Output out, Target target, List<TenantGraph> graphs) {
    DevDatabase.Report report = DevDatabase.at(target.url()).listener(new DevDatabase.Listener() {
      @Override
      public void createdDatabase(String database) {
        out.line("Created database " + database + ".");
      }

      @Override
      public void migrated(MigrateReport migration) {
        out.line(migration.summary());
      }

      @Override
      public void markedDevelopment() {
        out.line("Marked the database as development (seed env show).");
      }

      @Override
      public void seeded(DevDatabase.Tenant tenant) {
        out.line(tenant.report().summary());
      }
    }).initialise(graphs);
    out.line(report.changed() ? "Development database ready at " + target.describe() + "."
        : "Nothing to do: " + target.describe() + " is up to date and holds the development tenants.");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("database", target.url().toString());
    result.put("source", target.source());
    result.put("createdDatabase", report.createdDatabase());
    result.put("applied", MigrateCommand.entries(report.migration().applied()));
    result.put("schemaVersion", report.migration().schemaVersion());
    result.put("tenants", report.tenants().stream()
        .map(tenant -> document(tenant.report(), tenant.fixture(), tenant.version())).toList());
    result.put("changed", report.changed());
    return result;
  }

  /** One seeded tenant as a JSON object. */
  static Map<String, Object> document(SeedReport report, String fixture, String version) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("tenantId", report.tenantId().toString());
    document.put("name", report.tenantName());
    document.put("fixture", fixture);
    document.put("version", version);
    document.put("outcome", report.outcome().name().toLowerCase(java.util.Locale.ROOT));
    document.put("rows", report.rows());
    document.put("millis", report.elapsed().toMillis());
    return document;
  }
}
