package io.tenantseed.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantseed.graph.ExportComparison;
import io.tenantseed.graph.ExportDiff;
import io.tenantseed.seed.Registry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Compare one tenant in the database with an export file (seed export), in every tenant table:"
        + " rows matched by primary key in any order, values compared as the export prints them. When the"
        + " file's tenant_id is another tenant's (the one this tenant was cloned from), its ids are mapped first.",
        "Read-only: the database is never changed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        " 0:the tenant matches FILE",
        " 2:the tenant differs from FILE (the differences on stdout, at most 20 lines and a count of the rest),"
            + " or bad usage or input: an unknown tenant, a FILE that is not an export for this database"
            + " (then one error line on stderr and nothing on stdout)",
        " 4:database unreachable",
        " 7:the database is not migrated"})
final class DiffCommand extends BaseCommand {

  /** Reads a value as the export printed it: decimals exact, trailing zeros kept ({@code 4.50} stays {@code 4.50}). */
  private static final ObjectMapper VALUES = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  @Option(names = "--tenant", required = true, paramLabel = "UUID", description = "The tenant (client account id).")
  UUID tenant;

  @Parameters(paramLabel = "FILE", description = "The expected export (seed export --out FILE).")
  Path file;

  @Option(names = "--ignore-columns", split = ",", paramLabel = "PATTERN",
      description = "Leave columns out: table.column, *.column or table.*; repeatable or comma-separated"
          + " (--ignore-columns '*.created_at,*.updated_at').")
  List<String> ignoredColumns = new ArrayList<>();

  @Option(names = "--containing",
      description = "Check only the tables, rows and columns FILE lists: the tenant may hold more.")
  boolean containing;

  @Override
  int run() {
    requirePlatformSchema("diff");
    Target target = target();
    if (!Registry.forDataSource(target.url().dataSource()).accountExists(tenant)) {
      throw CliException.badInput("tenant " + tenant + " does not exist at " + target.url());
    }
    ExportDiff diff;
    try {
      ExportComparison comparison = ExportComparison.of(target.url().dataSource(), tenant)
          .ignoringColumns(ignoredColumns.toArray(String[]::new));
      diff = (containing ? comparison.containing() : comparison).compare(file);
    } catch (IllegalArgumentException e) {
      if (!String.valueOf(e.getMessage()).startsWith("ignored column '")) {
        throw e;
      }
      throw CliException.badInput("--ignore-columns: " + e.getMessage());
    }
    int count = diff.differences().size();
    if (diff.equal()) {
      out().line("Tenant " + tenant + " matches " + file + ".");
    } else {
      out().line("Tenant " + tenant + " differs from " + file + " (" + plural(count, "difference", "differences")
          + "):");
      diff.format().lines().forEach(out()::line);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("equal", diff.equal());
    result.put("tenantId", tenant.toString());
    result.put("file", file.toString());
    result.put("containing", containing);
    result.put("ignoredColumns", ignoredColumns);
    result.put("differenceCount", count);
    List<Map<String, Object>> differences = new ArrayList<>();
    for (ExportDiff.Difference difference : diff.differences()) {
      Map<String, Object> each = new LinkedHashMap<>();
      each.put("kind", difference.kind().name().toLowerCase(java.util.Locale.ROOT));
      each.put("table", difference.table());
      each.put("row", difference.row());
      each.put("column", difference.column());
      each.put("expected", value(difference.expected()));
      each.put("actual", value(difference.actual()));
      differences.add(each);
    }
    result.put("differences", differences);
    out().result(result);
    return diff.equal() ? 0 : 2;
  }

  /**
   * A difference's value as a JSON value (a row as an object, a count as a number), not as
   * JSON text in a string; a text that is not JSON ("(not listed)") as a string.
   */
  private static Object value(String text) {
    if (text == null) {
      return null;
    }
    try {
      return VALUES.readTree(text);
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
