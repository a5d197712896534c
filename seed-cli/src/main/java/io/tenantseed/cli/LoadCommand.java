package io.tenantseed.cli;

import io.tenantseed.Environment;
import io.tenantseed.fixtures.Fixture;
import io.tenantseed.fixtures.FixtureCatalog;
import io.tenantseed.fixtures.FixtureParameters;
import io.tenantseed.graph.CanonicalImport;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.seed.Registry;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.SeedReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load fixtures from the catalog (techcorp, globalretail, badflow, scale), or a tenant export"
        + " with --file. Each tenant is written completely or not at all.",
        "A tenant exists when its client account does; a registry row left without one is removed and the tenant"
            + " loaded. Under --tenant-id the slug is the fixture's followed by the whole tenant id.",
        "--file with --tenant-id loads the export as a clone under that id, beside the original: every id remapped"
            + " (a v5 UUID of the new tenant id and the old id, so the same file and id give the same rows), references"
            + " followed, the slug, unique text and every email (each email or *_email column) made the clone's own (seed clone"
            + " does the same without a file). Production, and under --tenant-id an existing tenant, are refused before"
            + " the file (or stdin) is read."})
final class LoadCommand extends BaseCommand {

  @Parameters(paramLabel = "FIXTURE", arity = "0..*", description = "Fixture names: ${COMPLETION-CANDIDATES}.",
      completionCandidates = FixtureNames.class)
  List<String> fixtures = new ArrayList<>();

  @Option(names = "--file", paramLabel = "FILE", description = "A tenant export (seed export) to load instead: stored exactly as it says, or refused"
      + " (a value its column would round, another tenant's id). - reads it from stdin (seed export ... | seed load --file -).")
  Path file;

  @Option(names = "--tenant-id", paramLabel = "UUID",
      description = "Load the fixture under this tenant id instead of its canonical one; with --file, the export"
          + " as a clone under this id (the export's own id loads it as it is).")
  UUID tenantId;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A fixture parameter, e.g. --set assets=1000000.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @ArgGroup(exclusive = true)
  Mode mode = new Mode();

  static final class Mode {
    @Option(names = "--replace", description = "Replace the tenant if it exists (removed and written again, atomically).")
    boolean replace;

    @Option(names = "--if-absent", description = "Do nothing if the tenant exists as this fixture version: registered"
        + " so, or with the fixture's rows exactly (then registered so). A tenant that exists otherwise is refused.")
    boolean ifAbsent;
  }

  /** The catalog's names, for help and shell completion. */
  static final class FixtureNames extends ArrayList<String> {
    FixtureNames() {
      super(FixtureCatalog.standard().names());
    }
  }

  @Override
  int run() throws IOException {
    requirePlatformSchema("load");
    Target target = target();
    try {
      return load(target);
    } finally {
      if (spooled != null) {
        Files.deleteIfExists(spooled);
      }
    }
  }

  /** Standard input copied to a file for {@code --file -}: the import reads its large tables twice. */
  private Path spooled;

  private int load(Target target) throws IOException {
    List<Supplier<TenantGraph>> graphs = graphs(target);
    SeedMode seedMode = seedMode();
    List<Map<String, Object>> loaded = new ArrayList<>();
    for (Supplier<TenantGraph> supplier : graphs) {
      TenantGraph graph = supplier.get();
      SeedReport report = seed(target, graph, seedMode, "load");
      out().line(report.summary());
      loaded.add(InitDevDbCommand.document(report, graph.fixtureName(), graph.version()));
    }
    out().result(Map.of("database", target.url().toString(), "tenants", loaded));
    return 0;
  }

  /** Every graph to load, validated before the database is touched. */
  private List<Supplier<TenantGraph>> graphs(Target target) throws IOException {
    if (file != null) {
      if (!fixtures.isEmpty() || !parameters.isEmpty()) {
        throw CliException.badInput("--file loads an export, not a fixture: no FIXTURE or --set with it"
            + " (--tenant-id loads it as a clone)");
      }
      refuseBeforeReading(target);
      Path path = file;
      if (file.toString().equals("-")) {
        // As kubectl and psql read "-": the export piped in (seed export ... | seed load --file -),
        // spooled to an owner-only file of its own so that its large tables stream from there too.
        spooled = OwnerOnlyFile.create("seed-load-", "--file - (stdin)");
        try (java.io.InputStream in = new ReaderInputStream(context().in())) {
          OwnerOnlyFile.copy(in, spooled);
        } catch (IOException e) {
          throw CliException.badInput("cannot read --file - (stdin): " + CliException.reason(e));
        } catch (UncheckedIOException e) {
          throw CliException.badInput("cannot read --file - (stdin): " + CliException.reason(e.getCause()));
        }
        path = spooled;
      }
      TenantGraph graph = read(path, target);
      return List.of(() -> graph);
    }
    if (fixtures.isEmpty()) {
      throw CliException.badInput("name at least one FIXTURE (" + String.join(", ", FixtureCatalog.standard().names())
          + ") or give --file");
    }
    if (tenantId != null && fixtures.size() > 1) {
      throw CliException.badInput("--tenant-id applies to one fixture, not " + fixtures.size());
    }
    List<Supplier<TenantGraph>> graphs = new ArrayList<>();
    for (String name : fixtures) {
      Fixture fixture = FixtureCatalog.standard().get(name);
      FixtureParameters values = fixture.parameters(parameters);
      UUID id = tenantId != null ? tenantId : fixture.canonicalTenantId();
      graphs.add(() -> fixture.build(id, values));
    }
    return graphs;
  }

  /**
   * What the seed would refuse anyway, refused before stdin is copied or the file read: a
   * database whose marker says production, and, under {@code --tenant-id} (the one case where
   * the tenant is known before reading), a tenant that exists where the mode does not allow it.
   */
  private void refuseBeforeReading(Target target) {
    Registry registry = Registry.forDataSource(target.url().dataSource());
    String refusing = "refusing to load --file " + file + (tenantId == null ? "" : " as tenant " + tenantId);
    if (registry.guardedEnvironment(refusing).equals(Optional.of(Environment.PRODUCTION))) {
      throw CliException.refused(refusing + ": the environment marker of this database says production");
    }
    if (tenantId != null) {
      TenantExists.refuseUpFront(registry, tenantId, seedMode(), "load");
    }
  }

  private SeedMode seedMode() {
    return mode.replace ? SeedMode.REPLACE : mode.ifAbsent ? SeedMode.IF_ABSENT : SeedMode.FAIL_IF_EXISTS;
  }

  /**
   * The export, checked offline and then against the target's catalog: a table or column it
   * lacks is refused. Under {@code --tenant-id}, read as a clone under that id.
   */
  private TenantGraph read(Path file, Target target) {
    if (Files.isDirectory(file)) {
      throw CliException.badInput("cannot read --file " + file + ": it is a directory");
    }
    try {
      return CanonicalImport.read(file, target.url().dataSource(), tenantId);
    } catch (UncheckedIOException e) {
      throw CliException.badInput("cannot read --file " + file + ": " + (e.getCause() instanceof NoSuchFileException
          ? "no such file" : CliException.reason(e.getCause())));
    }
  }
}
