package io.tenantseed.cli;

import io.tenantseed.Environment;
import io.tenantseed.ErrorCode;
import io.tenantseed.graph.CanonicalExport;
import io.tenantseed.graph.CanonicalImport;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.seed.Registry;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.SeedReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "clone", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Copy a tenant under another tenant id in the same database, beside the original: every id"
        + " remapped (a v5 UUID of the new tenant id and the old id, so the same tenant and id give the same rows),"
        + " references followed, the slug, unique text and every email (each email or *_email column) made the clone's"
        + " own. The clone is written completely or not at all. Production is refused first, then a missing tenant, and"
        + " (without --replace or --if-absent) an existing clone, before anything is exported.",
        "The tenant is exported to an owner-only temporary file, deleted afterwards, and loaded from there as"
            + " seed load --file FILE --tenant-id UUID loads it, so a large tenant stays off the heap."})
final class CloneCommand extends BaseCommand {

  @Option(names = "--tenant", required = true, paramLabel = "UUID", description = "The tenant to copy (client account id).")
  UUID tenant;

  @Option(names = "--to", required = true, paramLabel = "UUID", description = "The clone's tenant id.")
  UUID to;

  @ArgGroup(exclusive = true)
  LoadCommand.Mode mode = new LoadCommand.Mode();

  @Override
  int run() throws IOException {
    requirePlatformSchema("clone");
    if (tenant.equals(to)) {
      throw CliException.badInput("--to is --tenant: a clone needs a tenant id of its own");
    }
    Target target = target();
    DataSource dataSource = target.url().dataSource();
    Registry registry = Registry.forDataSource(dataSource);
    // The seed refuses too, in its transaction; refused here first, a large tenant is not
    // exported for nothing. Production before anything else, as for every command that writes.
    String refusing = "refusing to clone tenant " + tenant + " as " + to;
    if (registry.guardedEnvironment(refusing).equals(Optional.of(Environment.PRODUCTION))) {
      throw CliException.refused(refusing + ": the environment marker of this database says production");
    }
    if (!registry.accountExists(tenant)) {
      throw CliException.badInput("tenant " + tenant + " does not exist at " + target.url());
    }
    SeedMode seedMode = mode.replace ? SeedMode.REPLACE : mode.ifAbsent ? SeedMode.IF_ABSENT : SeedMode.FAIL_IF_EXISTS;
    TenantExists.refuseUpFront(registry, to, seedMode, "clone");
    Path file = OwnerOnlyFile.create("seed-clone-", "the export");
    try {
      export(dataSource, file);
      TenantGraph graph = read(file, dataSource);
      SeedReport report = seed(target, graph, seedMode, "clone");
      out().line("Cloned tenant " + tenant + " as " + to + ".");
      out().line(report.summary());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("database", target.url().toString());
      result.put("from", tenant.toString());
      result.put("tenants", List.of(InitDevDbCommand.document(report, graph.fixtureName(), graph.version())));
      out().result(result);
      return 0;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The export read back as the clone; a failure names tenant A, not the temporary file deleted afterwards. */
  private TenantGraph read(Path file, DataSource dataSource) {
    try {
      return CanonicalImport.read(file, dataSource, to);
    } catch (UncheckedIOException e) {
      throw new CliException(ErrorCode.UNEXPECTED, "cannot read back the export of tenant " + tenant + ": "
          + CliException.reason(e.getCause()), e);
    } catch (io.tenantseed.graph.InvalidExportException e) {
      throw new CliException(e.errorCode(), "the export of tenant " + tenant + " cannot be read back as "
          + to + ": " + e.getMessage(), e);
    }
  }

  private void export(DataSource dataSource, Path file) {
    try (OutputStream out = OwnerOnlyFile.write(file)) {
      CanonicalExport.write(DSL.using(dataSource, SQLDialect.POSTGRES), tenant, out);
    } catch (IOException e) {
      throw exportFailed(file, e);
    } catch (UncheckedIOException e) {
      throw exportFailed(file, e.getCause());
    }
  }

  private CliException exportFailed(Path file, IOException e) {
    return new CliException(ErrorCode.UNEXPECTED, "cannot write the export of tenant " + tenant + " to " + file + ": "
        + CliException.reason(e), e);
  }
}
