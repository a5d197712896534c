package io.tenantseed.cli;

import io.tenantseed.graph.CanonicalExport;
import io.tenantseed.seed.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write one tenant's canonical JSON, read from the database (load it elsewhere with seed load --file).")
final class ExportCommand extends BaseCommand {

  @Option(names = "--tenant", required = true, paramLabel = "UUID", description = "The tenant (client account id).")
  UUID tenant;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
  Path file;

  @Override
  int run() throws IOException {
    requirePlatformSchema("export");
    Path absolute = file == null ? null : file.toAbsolutePath();
    if (absolute != null && (Files.isDirectory(absolute) || absolute.getParent() == null
        || !Files.isDirectory(absolute.getParent()))) {
      throw CliException.badInput("cannot write --out " + file + ": " + (Files.isDirectory(absolute)
          ? "it is a directory" : "no such directory"));
    }
    Target target = target();
    if (!Registry.forDataSource(target.url().dataSource()).accountExists(tenant)) {
      throw CliException.badInput("tenant " + tenant + " does not exist at " + target.url());
    }
    DSLContext db = DSL.using(target.url().dataSource(), SQLDialect.POSTGRES);
    if (file == null) {
      // Streamed: a million assets make an export larger than any string.
      out().raw("the export", writer -> CanonicalExport.write(db, tenant, writer));
      return 0;
    }
    // Written beside the target and moved into place: a failed export leaves no half file.
    Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream stream = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
        CanonicalExport.write(db, tenant, stream);
      }
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw CliException.badInput("cannot write --out " + file + ": " + CliException.reason(e));
    } catch (UncheckedIOException e) {
      throw CliException.badInput("cannot write --out " + file + ": " + CliException.reason(e.getCause()));
    } finally {
      Files.deleteIfExists(temporary);
    }
    long bytes = Files.size(absolute);
    out().line("Exported tenant " + tenant + " to " + file + " (" + bytes + " bytes).");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("tenantId", tenant.toString());
    result.put("file", absolute.toString());
    result.put("bytes", bytes);
    out().result(result);
    return 0;
  }
}
