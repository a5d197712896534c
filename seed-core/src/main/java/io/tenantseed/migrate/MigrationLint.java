package io.tenantseed.migrate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
 * Checks a migrations directory against the two rules of the schema's migrations: every
 * file runs twice safely (so that {@code psql -f} may apply it again), and after the
 * baseline ({@code V001}) migrations are additive only.
 *
 * <pre>
 * List&lt;LintFinding&gt; findings = MigrationLint.lint(Path.of("migrations"));
 * findings.forEach(System.out::println);
 * // migrations/V004__drop_old.sql:3: DROP TABLE after the baseline: migrations are additive only
 * // migrations/V004__drop_old.sql:5: CREATE POLICY without a guard: PostgreSQL has no IF NOT EXISTS for it, ...
 * </pre>
 *
 * <p>Rules, each a {@link LintFinding.Rule}:
 *
 * <ul>
 *   <li>file names match {@code V<3 digits>__<lowercase_words>.sql};
 *   <li>versions are unique and without gaps from {@code 001};
 *   <li>every file is readable UTF-8 (as Flyway reads it);
 *   <li>in every file, the baseline too, each statement can run twice: {@code CREATE SCHEMA},
 *       {@code TABLE}, {@code INDEX}, {@code SEQUENCE}, {@code MATERIALIZED VIEW},
 *       {@code EXTENSION} and {@code ADD COLUMN} only with {@code IF NOT EXISTS};
 *       {@code CREATE TRIGGER}, {@code FUNCTION}, {@code PROCEDURE} and {@code VIEW} only with
 *       {@code OR REPLACE}; {@code CREATE POLICY}, {@code TYPE}, {@code DOMAIN}, {@code ROLE}
 *       (or {@code USER}, {@code GROUP}) and {@code ADD CONSTRAINT} (or an unnamed
 *       {@code ADD PRIMARY KEY}, {@code UNIQUE}, {@code CHECK}, {@code FOREIGN KEY},
 *       {@code EXCLUDE}) only when guarded: inside a {@code DO} block, in the {@code THEN}
 *       branch of an existence check ({@code IF NOT EXISTS (SELECT 1 FROM
 *       pg_catalog.pg_policies ...) THEN}) or in a {@code BEGIN ... EXCEPTION WHEN
 *       duplicate_object} block around it; a guarded statement passes every
 *       re-run rule, and the other statements of the same block are checked as usual;
 *   <li>after the baseline: no {@code DROP TABLE}, {@code DROP SCHEMA}, {@code TRUNCATE} or
 *       {@code DROP COLUMN}.
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
  /** ALTER TABLE ... ADD x: the x that add a constraint (named or not). */
  private static final Set<String> ADD_CONSTRAINT =
      Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE");
  /** CREATE [modifiers] TABLE. */
  private static final Set<String> TABLE_MODIFIERS =
      Set.of("GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED");

  private MigrationLint() {}

  /**
   * The migration files of {@code directory} that {@link #lint} checks: its regular files
   * ending in {@code .sql} (not recursive), by name.
   *
   * @throws UncheckedIOException when the directory cannot be listed
   */
  public static List<Path> migrationFiles(Path directory) {
    try (Stream<Path> list = Files.list(directory)) {
      return list.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".sql"))
          .sorted(Comparator.comparing(f -> f.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migrations directory " + directory, e);
    }
  }

  /**
   * Lints every file of {@code directory} (not recursive). Files that are not {@code .sql}
   * are ignored; a file that cannot be read, or is not UTF-8, is a finding of its own.
   *
   * @return the findings ordered by file and line; empty when the directory is clean
   * @throws UncheckedIOException when the directory cannot be listed
   */
  public static List<LintFinding> lint(Path directory) {
    List<Path> files = migrationFiles(directory);
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
        try {
          findings.addAll(lintStatements(file, read(file), version > BASELINE));
        } catch (CharacterCodingException e) {
          findings.add(new LintFinding(file, 1, LintFinding.Rule.UNREADABLE,
              "not UTF-8 (Flyway reads migrations as UTF-8): " + firstMalformedLine(file)));
        } catch (IOException e) {
          findings.add(new LintFinding(file, 1, LintFinding.Rule.UNREADABLE,
              "cannot read the file: " + reason(e)));
        }
      }
    }
    findings.addAll(lintVersions(versions));
    findings.sort(Comparator.comparing((LintFinding f) -> f.file().getFileName().toString())
        .thenComparingInt(LintFinding::line));
    return List.copyOf(findings);
  }

  private static String read(Path file) throws IOException {
    // A strict decoder: Files.readString reports malformed input too, but say so explicitly.
    byte[] bytes = Files.readAllBytes(file);
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /** Where the first byte that is not UTF-8 is, for the message. */
  private static String firstMalformedLine(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      var decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
      int line = 1;
      int start = 0;
      for (int i = 0; i <= bytes.length; i++) {
        if (i == bytes.length || bytes[i] == '\n') {
          try {
            decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
          } catch (CharacterCodingException e) {
            return "line " + line + " holds bytes that are not UTF-8";
          }
          line++;
          start = i + 1;
        }
      }
    } catch (IOException e) {
      // reported as not UTF-8 all the same
    }
    return "it holds bytes that are not UTF-8";
  }

  private static String reason(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return message == null || message.isBlank() ? kind : kind + " " + message;
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

  /**
   * The statement rules for one migration: the re-run rules always, the additive-only rules
   * when {@code afterBaseline}.
   */
  static List<LintFinding> lintStatements(Path file, String sql, boolean afterBaseline) {
    List<LintFinding> findings = new ArrayList<>();
    for (SqlTokens.Statement parsed : SqlTokens.statements(sql)) {
      List<Token> statement = parsed.tokens();
      boolean guarded = parsed.guarded();
      boolean alterTable = false;
      boolean privileges = !statement.isEmpty() && (statement.get(0).is("GRANT") || statement.get(0).is("REVOKE")
          || (statement.get(0).is("ALTER") && statement.size() > 1 && statement.get(1).is("DEFAULT")));
      for (int i = 0; i < statement.size(); i++) {
        Token token = statement.get(i);
        Token next = at(statement, i + 1);
        if (token.is("ALTER") && next.is("TABLE")) {
          alterTable = true;
        } else if (token.is("DROP") && (next.is("TABLE") || next.is("SCHEMA"))) {
          if (afterBaseline) {
            findings.add(destructive(file, token, "DROP " + next.text()));
          }
        } else if (token.is("TRUNCATE") && !privileges) {
          if (afterBaseline) {
            findings.add(destructive(file, token, "TRUNCATE"));
          }
        } else if (token.is("DROP") && alterTable && dropsColumn(next)) {
          if (afterBaseline) {
            findings.add(destructive(file, token, "DROP COLUMN"));
          }
        } else if (token.is("CREATE") && !guarded) {
          checkCreate(file, statement, i, findings);
        } else if (token.is("ADD") && alterTable && !guarded) {
          checkAdd(file, statement, i, findings);
        }
      }
    }
    return findings;
  }

  /** CREATE x: what makes each kind safe to run twice. */
  private enum Rerun { IF_NOT_EXISTS, OR_REPLACE, GUARD }

  private static void checkCreate(Path file, List<Token> statement, int create, List<LintFinding> findings) {
    int i = create + 1;
    boolean orReplace = false;
    if (at(statement, i).is("OR") && at(statement, i + 1).is("REPLACE")) {
      orReplace = true;
      i += 2;
    }
    while (TABLE_MODIFIERS.contains(at(statement, i).text()) || at(statement, i).is("RECURSIVE")
        || at(statement, i).is("TRUSTED") || at(statement, i).is("PROCEDURAL")) {
      i++;
    }
    Token word = at(statement, i);
    String kind;
    Rerun rerun;
    if (word.is("TABLE") || word.is("SCHEMA") || word.is("SEQUENCE") || word.is("EXTENSION")) {
      kind = word.text();
      rerun = Rerun.IF_NOT_EXISTS;
      i++;
    } else if (word.is("MATERIALIZED") && at(statement, i + 1).is("VIEW")) {
      kind = "MATERIALIZED VIEW";
      rerun = Rerun.IF_NOT_EXISTS;
      i += 2;
    } else if (word.is("INDEX") || (word.is("UNIQUE") && at(statement, i + 1).is("INDEX"))) {
      kind = "INDEX";
      rerun = Rerun.IF_NOT_EXISTS;
      i += word.is("UNIQUE") ? 2 : 1;
      if (at(statement, i).is("CONCURRENTLY")) {
        i++;
      }
    } else if (word.is("TRIGGER") || (word.is("CONSTRAINT") && at(statement, i + 1).is("TRIGGER"))) {
      kind = "TRIGGER";
      rerun = Rerun.OR_REPLACE;
    } else if (word.is("FUNCTION") || word.is("PROCEDURE") || word.is("VIEW")) {
      kind = word.text();
      rerun = Rerun.OR_REPLACE;
    } else if (word.is("USER") && at(statement, i + 1).is("MAPPING")) {
      kind = "USER MAPPING";
      rerun = Rerun.IF_NOT_EXISTS;
      i += 2;
    } else if (word.is("POLICY") || word.is("TYPE") || word.is("DOMAIN") || word.is("ROLE") || word.is("USER")
        || word.is("GROUP")) {
      kind = word.text();
      rerun = Rerun.GUARD;
    } else {
      return;
    }
    String problem = switch (rerun) {
      case IF_NOT_EXISTS -> ifNotExists(statement, i) ? null
          : "CREATE " + kind + " without IF NOT EXISTS: every migration must run twice safely";
      case OR_REPLACE -> orReplace ? null
          : "CREATE " + kind + " without OR REPLACE: every migration must run twice safely";
      case GUARD -> "CREATE " + kind + " without a guard: PostgreSQL has no IF NOT EXISTS for it, so create it in"
          + " a DO block that checks " + catalogOf(kind) + " first (every migration must run twice safely)";
    };
    if (problem != null) {
      findings.add(new LintFinding(file, statement.get(create).line(), LintFinding.Rule.NOT_IDEMPOTENT, problem));
    }
  }

  private static String catalogOf(String kind) {
    return switch (kind) {
      case "POLICY" -> "pg_catalog.pg_policies";
      case "TYPE", "DOMAIN" -> "pg_catalog.pg_type";
      default -> "pg_catalog.pg_roles";
    };
  }

  /** ALTER TABLE ... ADD: a column needs IF NOT EXISTS, a constraint a guard. */
  private static void checkAdd(Path file, List<Token> statement, int add, List<LintFinding> findings) {
    Token next = at(statement, add + 1);
    if (addsColumn(next)) {
      int after = next.is("COLUMN") ? add + 2 : add + 1;
      if (!ifNotExists(statement, after)) {
        findings.add(new LintFinding(file, statement.get(add).line(), LintFinding.Rule.NOT_IDEMPOTENT,
            "ADD COLUMN without IF NOT EXISTS: every migration must run twice safely"));
      }
    } else if (ADD_CONSTRAINT.contains(next.text()) && next.kind() == Token.Kind.WORD) {
      String what = next.is("CONSTRAINT") ? "ADD CONSTRAINT" : "ADD " + next.text() + " (a constraint)";
      findings.add(new LintFinding(file, statement.get(add).line(), LintFinding.Rule.NOT_IDEMPOTENT,
          what + " without a guard: PostgreSQL has no IF NOT EXISTS for it, so add it in a DO block that checks"
              + " pg_catalog.pg_constraint first (every migration must run twice safely)"));
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
