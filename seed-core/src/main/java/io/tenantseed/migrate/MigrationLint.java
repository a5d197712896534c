package io.tenantseed.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a migrations directory against the two-track rule: the baseline ({@code V001})
 * may create anything; every later migration is additive only and idempotent.
 *
 * <pre>
 * List&lt;LintFinding&gt; findings = MigrationLint.lint(Path.of("migrations"));
 * findings.forEach(System.out::println);
 * // migrations/V004__drop_old.sql:3: DROP TABLE after the baseline: migrations are additive only
 * </pre>
 *
 * <p>Rules, each a {@link LintFinding.Rule}:
 *
 * <ul>
 *   <li>file names match {@code V<3 digits>__<lowercase_words>.sql};
 *   <li>versions are unique and without gaps from {@code 001};
 *   <li>after the baseline: no {@code DROP TABLE}, {@code DROP SCHEMA}, {@code TRUNCATE} or
 *       {@code DROP COLUMN};
 *   <li>after the baseline: {@code CREATE TABLE}, {@code CREATE INDEX} and {@code ADD COLUMN}
 *       only with {@code IF NOT EXISTS}.
 * </ul>
 *
 * <p>Comments, string literals (dollar-quoted ones too) and quoted identifiers are ignored;
 * the bodies of {@code DO $$ ... $$} blocks and functions are checked, since they run SQL too.
 * Stateless and thread-safe.
 */
public final class MigrationLint {

  private static final Pattern NAME = Pattern.compile("V(\\d{3})__[a-z0-9]+(_[a-z0-9]+)*\\.sql");
  private static final Pattern LOOSE_VERSION = Pattern.compile("[Vv](\\d+)__.*");
  private static final int BASELINE = 1;

  /** ALTER TABLE ... DROP x: the x that do not drop a column. */
  private static final Set<String> DROP_NOT_COLUMN =
      Set.of("CONSTRAINT", "DEFAULT", "NOT", "EXPRESSION", "IDENTITY");
  /** ALTER TABLE ... ADD x: the x that do not add a column. */
  private static final Set<String> ADD_NOT_COLUMN =
      Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "GENERATED");
  /** CREATE [modifiers] TABLE. */
  private static final Set<String> TABLE_MODIFIERS =
      Set.of("GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED");

  private MigrationLint() {}

  /**
   * Lints every file of {@code directory} (not recursive). Files that are not {@code .sql}
   * are ignored.
   *
   * @return the findings ordered by file and line; empty when the directory is clean
   * @throws UncheckedIOException when the directory or a file cannot be read
   */
  public static List<LintFinding> lint(Path directory) {
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".sql"))
          .sorted(Comparator.comparing(f -> f.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migrations directory " + directory, e);
    }

    List<LintFinding> findings = new ArrayList<>();
    TreeMap<Integer, List<Path>> versions = new TreeMap<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (!NAME.matcher(name).matches()) {
        findings.add(new LintFinding(file, 1, LintFinding.Rule.FILE_NAME,
            "file name '" + name + "' does not match V<3 digits>__<lowercase_words>.sql"));
      }
      Matcher loose = LOOSE_VERSION.matcher(name);
      if (loose.matches()) {
        int version = Integer.parseInt(loose.group(1).length() > 9 ? "999999999" : loose.group(1));
        versions.computeIfAbsent(version, v -> new ArrayList<>()).add(file);
        if (version > BASELINE) {
          findings.addAll(lintStatements(file, read(file)));
        }
      }
    }
    findings.addAll(lintVersions(versions));
    findings.sort(Comparator.comparing((LintFinding f) -> f.file().getFileName().toString())
        .thenComparingInt(LintFinding::line));
    return List.copyOf(findings);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + file, e);
    }
  }

  private static List<LintFinding> lintVersions(TreeMap<Integer, List<Path>> versions) {
    List<LintFinding> findings = new ArrayList<>();
    versions.forEach((version, files) -> {
      for (Path duplicate : files.subList(1, files.size())) {
        findings.add(new LintFinding(duplicate, 1, LintFinding.Rule.VERSION_SEQUENCE,
            "version " + pad(version) + " is also used by " + files.get(0).getFileName()));
      }
    });
    int expected = BASELINE;
    for (var entry : versions.entrySet()) {
      int version = entry.getKey();
      if (version > expected) {
        String missing = version - expected == 1
            ? "version " + pad(expected) + " is missing"
            : "versions " + pad(expected) + " to " + pad(version - 1) + " are missing";
        findings.add(new LintFinding(entry.getValue().get(0), 1, LintFinding.Rule.VERSION_SEQUENCE,
            missing + " before " + entry.getValue().get(0).getFileName()));
      }
      expected = Math.max(expected, version + 1);
    }
    return findings;
  }

  private static String pad(int version) {
    return String.format(java.util.Locale.ROOT, "%03d", version);
  }

  /** The statement rules, for one migration after the baseline. */
  static List<LintFinding> lintStatements(Path file, String sql) {
    List<LintFinding> findings = new ArrayList<>();
    for (List<Token> statement : SqlTokens.statements(sql)) {
      boolean alterTable = false;
      boolean privileges = !statement.isEmpty() && (statement.get(0).is("GRANT") || statement.get(0).is("REVOKE")
          || (statement.get(0).is("ALTER") && statement.size() > 1 && statement.get(1).is("DEFAULT")));
      for (int i = 0; i < statement.size(); i++) {
        Token token = statement.get(i);
        Token next = at(statement, i + 1);
        if (token.is("ALTER") && next.is("TABLE")) {
          alterTable = true;
        } else if (token.is("DROP") && (next.is("TABLE") || next.is("SCHEMA"))) {
          findings.add(destructive(file, token, "DROP " + next.text()));
        } else if (token.is("TRUNCATE") && !privileges) {
          findings.add(destructive(file, token, "TRUNCATE"));
        } else if (token.is("DROP") && alterTable && dropsColumn(next)) {
          findings.add(destructive(file, token, "DROP COLUMN"));
        } else if (token.is("CREATE")) {
          checkCreate(file, statement, i, findings);
        } else if (token.is("ADD") && alterTable && addsColumn(next)) {
          int after = next.is("COLUMN") ? i + 2 : i + 1;
          if (!ifNotExists(statement, after)) {
            findings.add(new LintFinding(file, token.line(), LintFinding.Rule.NOT_IDEMPOTENT,
                "ADD COLUMN without IF NOT EXISTS after the baseline"));
          }
        }
      }
    }
    return findings;
  }

  private static void checkCreate(Path file, List<Token> statement, int create, List<LintFinding> findings) {
    int i = create + 1;
    if (at(statement, i).is("OR") && at(statement, i + 1).is("REPLACE")) {
      i += 2;
    }
    while (TABLE_MODIFIERS.contains(at(statement, i).text())) {
      i++;
    }
    String kind;
    if (at(statement, i).is("TABLE")) {
      kind = "CREATE TABLE";
      i++;
    } else {
      if (at(statement, i).is("UNIQUE")) {
        i++;
      }
      if (!at(statement, i).is("INDEX")) {
        return;
      }
      kind = "CREATE INDEX";
      i++;
      if (at(statement, i).is("CONCURRENTLY")) {
        i++;
      }
    }
    if (!ifNotExists(statement, i)) {
      findings.add(new LintFinding(file, statement.get(create).line(), LintFinding.Rule.NOT_IDEMPOTENT,
          kind + " without IF NOT EXISTS after the baseline"));
    }
  }

  private static boolean dropsColumn(Token next) {
    return next.is("COLUMN") || next.is("IF") || (next.isWord() && !DROP_NOT_COLUMN.contains(next.text()));
  }

  private static boolean addsColumn(Token next) {
    return next.is("COLUMN") || next.is("IF") || (next.isWord() && !ADD_NOT_COLUMN.contains(next.text()));
  }

  private static boolean ifNotExists(List<Token> statement, int i) {
    return at(statement, i).is("IF") && at(statement, i + 1).is("NOT") && at(statement, i + 2).is("EXISTS");
  }

  private static LintFinding destructive(Path file, Token token, String what) {
    return new LintFinding(file, token.line(), LintFinding.Rule.DESTRUCTIVE,
        what + " after the baseline: migrations are additive only (the destructive track is `seed reset`)");
  }

  private static Token at(List<Token> statement, int i) {
    return i < statement.size() ? statement.get(i) : Token.END;
  }
}
