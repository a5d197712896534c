package io.tenantseed.cli;

import io.tenantseed.ErrorCode;
import io.tenantseed.migrate.LintFinding;
import io.tenantseed.migrate.MigrationLint;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "lint-migrations", mixinStandardHelpOptions = true,
    description = "Check a migrations directory: file names, version sequence, readable UTF-8, every statement"
        + " safe to run twice (IF NOT EXISTS, OR REPLACE, or in a DO block inside an IF NOT EXISTS (...) THEN"
        + " or a BEGIN ... EXCEPTION WHEN duplicate_object block; the baseline too), no destructive statement"
        + " after the baseline. Prints file:line messages; exit code 2 on findings or when the directory holds"
        + " no migration.")
final class LintMigrationsCommand extends BaseCommand {

  @Parameters(paramLabel = "DIR", arity = "0..1", description = "The directory (default: migrations/ of the project).")
  Path directory;

  @Override
  int run() {
    Path dir = directory != null ? directory : context().home().resolve("migrations");
    if (!Files.isDirectory(dir)) {
      throw CliException.badInput("no migrations directory at " + dir + (directory == null ? "; name one" : ""));
    }
    List<LintFinding> findings;
    int migrations;
    try {
      migrations = MigrationLint.migrationFiles(dir).size();
      if (migrations == 0) {
        throw CliException.badInput("no migrations in " + dir + ": it holds no .sql file");
      }
      findings = MigrationLint.lint(dir);
    } catch (UncheckedIOException e) {
      throw CliException.badInput(
          "cannot read the migrations directory " + dir + ": " + CliException.reason(e.getCause()));
    }
    findings.forEach(finding -> out().line(finding.toString()));
    out().line(findings.isEmpty()
        ? "No findings in " + dir + " (" + plural(migrations, "migration", "migrations") + ")."
        : plural(findings.size(), "finding", "findings") + " in " + dir + ".");
    out().result(Map.of("directory", dir.toString(), "findings", findings.stream().map(finding -> Map.of(
        "file", finding.file().toString(), "line", finding.line(), "rule", finding.rule().name(),
        "message", finding.message())).toList()));
    if (findings.isEmpty()) {
      return 0;
    }
    out().errorLine(plural(findings.size(), "finding", "findings") + " in " + dir + ", the first: "
        + findings.get(0));
    return ErrorCode.BAD_INPUT.exitCode();
  }
}
