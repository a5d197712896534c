package io.tenantseed.cli;

import io.tenantseed.ErrorCode;
import io.tenantseed.db.DatabaseSettings;
import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.seed.Registry;
import io.tenantseed.seed.SeedListener;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.SeedReport;
import io.tenantseed.seed.Seeder;
import io.tenantseed.seed.TenantExistsException;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the global options, the output, the database it talks to. */
abstract class BaseCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    return run();
  }

  /** The command's work; returns the exit code (failures are thrown). */
  abstract int run() throws Exception;

  SeedCommand root() {
    return (SeedCommand) spec.root().userObject();
  }

  Context context() {
    return root().context;
  }

  Output out() {
    return root().output();
  }

  /** Where this run's work stands, for the line a SIGINT or SIGTERM prints. */
  Interruption interruption() {
    return root().interruption;
  }

  /**
   * The database this run talks to, and why: {@code --url} &gt; {@code SEED_DATABASE_URL} &gt;
   * {@code DATABASE_URL} &gt; the embedded server of {@code .seed/pg} when it runs &gt; the
   * default address ({@link io.tenantseed.db.DatabaseSettings#DEFAULT_URL}).
   */
  Target target() {
    if (root().url != null && root().url.isBlank()) {
      // An unset variable in "--url $DATABASE" must not quietly fall through to another database.
      throw CliException.badInput("--url: the database URL is empty; leave out --url to use SEED_DATABASE_URL,"
          + " DATABASE_URL or the default");
    }
    DatabaseSettings settings = DatabaseSettings.resolve(root().url, context().environment());
    if ("default".equals(settings.source())) {
      Optional<EmbeddedServer.Status> embedded =
          EmbeddedServer.running(EmbeddedServer.defaultDataDirectory(context().home()));
      if (embedded.isPresent()) {
        return new Target(embedded.get().url(), "the embedded server of .seed/pg");
      }
      return new Target(DatabaseUrl.parse(context().defaultUrl()), "default");
    }
    return new Target(settings.url(), settings.source());
  }

  /**
   * A database and where its address came from.
   *
   * @param url the address
   * @param source {@code --url}, an environment variable, the embedded server, or {@code default}
   */
  record Target(DatabaseUrl url, String source) {
    String describe() {
      return url + " (from " + source + ")";
    }
  }

  /**
   * The application schema of {@code --schema}, checked: a name PostgreSQL accepts, and one
   * the database has with a {@code client_accounts} table, unless it is the platform's own
   * (absent only before the first migration, which the commands report as such).
   */
  String schema(Target target) {
    String name = root().schema;
    if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63 || name.indexOf('\0') >= 0) {
      throw CliException.badInput("--schema must be a name of 1 to 63 bytes, not '" + name + "'");
    }
    if (!Migrator.PLATFORM_SCHEMA.equals(name)) {
      Registry registry = Registry.forDataSource(target.url().dataSource()).schema(name);
      if (!registry.schemaExists()) {
        throw CliException.badInput("schema '" + name + "' does not exist at " + target.url());
      }
      if (!registry.accountsTableExists()) {
        throw CliException.badInput("schema '" + name + "' at " + target.url()
            + " has no client_accounts table: it is not an application schema");
      }
    }
    return name;
  }

  /** Refuses application schemas other than the platform's where the operation is bound to it. */
  void requirePlatformSchema(String command) {
    if (!"migration".equals(root().schema)) {
      throw CliException.badInput("--schema applies to status, purge and flows; " + command
          + " works on the platform schema migration");
    }
  }

  /**
   * Asks on a terminal whether to go on; without a terminal, {@code --yes} must have been
   * given. Either way a refusal changes nothing.
   */
  void confirm(boolean yes, String question, String what) {
    if (yes) {
      return;
    }
    if (!context().interactive() || out().json()) {
      throw CliException.refused(what + " needs --yes when not run interactively; nothing was changed");
    }
    out().ask(question);
    String answer;
    try {
      answer = context().in().readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
      throw new CliException(ErrorCode.REFUSED, "not confirmed; nothing was changed");
    }
  }

  /**
   * Seeds {@code graph} into {@code target}, with a progress bar on a terminal; a tenant that
   * exists already is reported in the options of {@code command} ({@link TenantExists#forCommand}).
   */
  SeedReport seed(Target target, TenantGraph graph, SeedMode seedMode, String command) {
    long rows = graph.rowCounts().values().stream().mapToLong(Long::longValue).sum();
    SeedListener progress = Progress.maybe(context(), out(), interruption(), "Seeding " + graph.name(), rows);
    try {
      SeedReport report = Seeder.forDataSource(target.url().dataSource()).listener(progress).seed(graph, seedMode);
      Progress.completeIfBar(progress);
      return report;
    } catch (TenantExistsException e) {
      throw TenantExists.forCommand(command, e);
    } finally {
      Progress.closeIfBar(progress);
    }
  }

  static String plural(long count, String singular, String plural) {
    return count + " " + (count == 1 ? singular : plural);
  }
}
