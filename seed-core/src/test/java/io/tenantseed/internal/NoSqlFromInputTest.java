package io.tenantseed.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No SQL text is built from caller input in the main sources of any module: every value
 * concatenated, formatted or appended into SQL, and every SQL string handed to JDBC, COPY or
 * jOOQ, is a constant, a number or an identifier quoted by the project's quoting helpers, as
 * far back as it can be followed ({@link SqlTextCheck} has the rule). Values go in as bound
 * parameters. The check is also run on small sources written here, to show that it finds
 * what it is meant to find.
 */
class NoSqlFromInputTest {

  /** Not shipped: a harness that drives the others, with its own throw-away databases. */
  private static final List<String> NOT_CHECKED = List.of("seed-bench");

  /** What the rule cannot tell by itself, and why it is safe. Each must still match something. */
  private static final Map<String, String> ALLOWANCES = Map.of(
      "io.tenantseed.seed.TableWriter#types",
      "the column types of a table as pg_catalog.format_type() prints them (it quotes any identifier in"
          + " them itself); they become the casts of the bound values, no value of a row goes into the text",
      "io.tenantseed.migrate.AppliedCheck#scriptText",
      "the text of tenant-seed's own bookkeeping migrations, shipped in its jar: the SQL Flyway applies, run"
          + " again by env set --force to make a dropped marker table (every one runs twice safely)",
      "io.tenantseed.internal.RoundTrip#text",
      "the parts' SQL joined: each part's text is checked where it is given, RoundTrip.statement and"
          + " RoundTrip.query being methods that take SQL text like JDBC's");

  private static final Path ROOT = repositoryRoot();

  @Test
  void noMainSourceOfAnyModuleBuildsSqlTextFromInput() {
    List<Path> files = mainSources();

    SqlTextCheck.Result result = new SqlTextCheck(ALLOWANCES,
        unit -> ROOT.relativize(Path.of(unit.getSourceFile().toUri())).toString())
        .check(fileObjects(files), classPath());

    assertThat(result.files()).as("source files checked").isEqualTo(files.size()).isGreaterThan(50);
    assertThat(result.sqlSites()).as("places that build SQL text or hand it to JDBC, COPY or jOOQ").isGreaterThan(40);
    assertThat(result.unusedAllowances()).as("allowances that match nothing any more").isEmpty();
    assertThat(result.findings())
        .as("SQL text built from values that are not constants, numbers or quoted identifiers: bind them as parameters")
        .isEmpty();
  }

  @Test
  void theCheckFindsInputConcatenatedOrFormattedIntoSqlAndPassesWhatIsBound() {
    List<JavaFileObject> snippets = List.of(
        snippet("Lookup", """
            package snippet;

            import java.sql.Connection;
            import java.sql.ResultSet;
            import java.sql.SQLException;

            public class Lookup {
              public String nameOf(Connection connection, String id) throws SQLException {
                String sql = "select name from users where id = '" + id + "'";
                try (ResultSet row = connection.createStatement().executeQuery(sql)) {
                  return row.next() ? row.getString(1) : null;
                }
              }
            }
            """),
        snippet("Purge", """
            package snippet;

            import java.sql.Connection;
            import java.sql.SQLException;
            import java.sql.Statement;

            public class Purge {
              public void everything(Connection connection, String table) throws SQLException {
                try (Statement statement = connection.createStatement()) {
                  statement.execute(String.format("delete from %s", table));
                }
              }
            }
            """),
        snippet("Filter", """
            package snippet;

            import java.sql.Connection;
            import java.sql.PreparedStatement;
            import java.sql.SQLException;

            public class Filter {
              public PreparedStatement matching(Connection connection, String condition) throws SQLException {
                return connection.prepareStatement(where(condition));
              }

              private static String where(String condition) {
                StringBuilder sql = new StringBuilder("select id from assets where ");
                sql.append(condition);
                return sql.toString();
              }
            }
            """),
        snippet("Counts", """
            package snippet;

            import static io.tenantseed.internal.SchemaCatalog.quote;

            import java.sql.Connection;
            import java.sql.PreparedStatement;
            import java.sql.ResultSet;
            import java.sql.SQLException;
            import java.util.List;
            import java.util.UUID;

            public class Counts {
              private static final String SCHEMA = "migration";

              public long rows(Connection connection, String table, UUID tenant, int limit) throws SQLException {
                String where = "client_account_id = ?";
                return count(connection, "select count(*) from " + SCHEMA + "." + quote(table) + " where " + where
                    + " limit " + limit, tenant);
              }

              public long all(Connection connection, List<String> tables, UUID tenant) throws SQLException {
                String sql = String.join(" union all ", tables.stream()
                    .map(t -> "select count(*) from " + SCHEMA + "." + quote(t) + " where client_account_id = ?").toList());
                return count(connection, sql, tenant);
              }

              private static long count(Connection connection, String sql, UUID tenant) throws SQLException {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                  statement.setObject(1, tenant);
                  try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                  }
                }
              }
            }
            """));

    SqlTextCheck.Result result = new SqlTextCheck(Map.of(), unit -> Path.of(unit.getSourceFile().getName())
        .getFileName().toString()).check(snippets, classPath());

    assertThat(result.files()).isEqualTo(4);
    assertThat(result.findings().stream().map(f -> f.file() + ":" + f.line()).distinct()).containsExactlyInAnyOrder(
        "Lookup.java:9",    // the parameter id, concatenated between quotes
        "Lookup.java:10",   // the same text, handed to executeQuery
        "Purge.java:10",    // the parameter table, formatted into a DELETE
        "Filter.java:14",   // the parameter condition, appended to a SELECT by a private helper
        "Filter.java:9");   // the same text, handed to prepareStatement
    assertThat(result.findings()).filteredOn(f -> f.file().equals("Lookup.java") && f.line() == 9).singleElement()
        .extracting(SqlTextCheck.Finding::message).asString()
        .contains("`id`", "parameter id of snippet.Lookup#nameOf");
  }

  private static List<Path> mainSources() {
    List<String> modules = modules();
    assertThat(modules).as("modules of %s", ROOT.resolve("pom.xml"))
        .contains("seed-core", "seed-fixtures", "seed-junit", "seed-cli");
    List<Path> files = new ArrayList<>();
    for (String module : modules) {
      if (NOT_CHECKED.contains(module)) {
        continue;
      }
      Path sources = ROOT.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(sources) && Files.isRegularFile(ROOT.resolve(module).resolve("pom.xml"))) {
        continue; // a module without code, such as the pom seed-embedded-postgres
      }
      try (Stream<Path> walk = Files.walk(sources)) {
        walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the sources of module " + module, e);
      }
    }
    return files;
  }

  /** The modules of the root POM, so that a new one is checked without anyone remembering to add it. */
  private static List<String> modules() {
    try {
      Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
      List<String> modules = new ArrayList<>();
      while (module.find()) {
        modules.add(module.group(1).trim());
      }
      return modules;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("seed-core/src/main/java")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no tenant-seed checkout above " + Path.of("").toAbsolutePath());
  }

  private static List<? extends JavaFileObject> fileObjects(List<Path> files) {
    var fileManager = ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null);
    List<JavaFileObject> objects = new ArrayList<>();
    fileManager.getJavaFileObjectsFromPaths(files).forEach(objects::add);
    return objects;
  }

  /** The test class path, to resolve JDBC, pgjdbc and jOOQ types in the sources checked. */
  private static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path", ""));
  }

  private static JavaFileObject snippet(String className, String code) {
    return new SimpleJavaFileObject(URI.create("string:///snippet/" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }
}
