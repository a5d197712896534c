package io.tenantseed.internal;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;

/**
 * Finds SQL text built from values that are not provably constants or quoted identifiers.
 * The sources are parsed and attributed by the JDK's own compiler (nothing is written), so
 * names resolve to what they declare, not to look-alikes.
 *
 * <p><b>Where SQL is built.</b> (a) A string concatenation, a {@code String.format} or
 * {@code formatted} call, or a {@code StringBuilder} whose literal text (literals and
 * compile-time constants, a placeholder for anything else) reads as SQL: {@link #SQL}; (b)
 * the SQL argument of a method that takes SQL text ({@link #SINKS}: JDBC, pgjdbc's COPY,
 * jOOQ's plain SQL), whatever it looks like.
 *
 * <p><b>What may go into it.</b> Every value concatenated, formatted or appended into (a),
 * and the whole argument of (b), must be safe:
 *
 * <ul>
 *   <li>a literal or a compile-time constant; any expression of a number or boolean type;
 *   <li>the result of an identifier-quoting method of {@link #QUOTING}, whatever its argument;
 *   <li>a concatenation, conditional, or String, StringBuilder, collection or stream operation
 *       ({@link #COMPOSING}) of safe values (lambdas: their results);
 *   <li>a local variable, field or record component whose every value (initialiser,
 *       assignment, append, add) is safe;
 *   <li>a parameter of a method that only this code can call (not public or protected
 *       through public types, not used as a method reference) and that is given a safe
 *       value at every call;
 *   <li>the result of a method of the sources whose every returned value is safe.
 * </ul>
 *
 * <p>Anything else (a public method's parameter, a loop or lambda variable that is not a
 * number, a value read from a result set, the environment or a library) is reported with
 * its file and line, unless the allowances name it (a variable, or a method's result) with
 * the reason it is safe. Circular dependencies (a predicate built from its parent's) count
 * as safe when nothing outside the circle is unsafe. The work is shared by
 * {@link SqlSourceIndex} (who gives which value to what) and {@link SqlValueSafety} (which
 * values are safe). Not thread-safe.
 */
final class SqlTextCheck {

  /** Literal text that reads as SQL (case-insensitive; "_" stands for a value that is not a literal). */
  static final Pattern SQL = Pattern.compile(String.join("|",
      "\\bselect\\b[\\s\\S]*\\bfrom\\b",
      "\\bselect\\s+(\\*|count\\s*\\(|exists\\b|distinct\\b|set_config\\b|current_setting\\b|to_regclass\\b|\\d)",
      "\\binsert\\s+into\\b",
      "\\bupdate\\s+\\S+\\s+set\\b",
      "\\bdelete\\s+from\\b",
      "\\bwhere\\s+\\S+\\s*(=|<>|!=|<|>|\\bin\\b|\\bis\\b|\\bi?like\\b)",
      "\\bvalues\\s*\\(\\s*[?'_$\\d(]",
      "\\b(order|group)\\s+by\\b",
      "\\bon\\s+conflict\\b",
      "\\bset_config\\s*\\(",
      "\\?\\s*::",
      "\\bcopy\\b[^;]*\\b(from|to)\\s+(stdin|stdout|program\\b)",
      "(^|;)\\s*(create|drop|alter)\\s+(table|schema|database|role|user|index|view|function|policy|extension|type"
          + "|sequence|trigger)\\b",
      "(^|;)\\s*(set|reset)\\s+(local\\s+|session\\s+)?(role|all|search_path|session\\s+authorization|\\w+\\.\\w+)\\b",
      "(^|;)\\s*(grant|revoke)\\s+(select|insert|update|delete|usage|all|execute|create|connect|temporary|references)\\b",
      "(^|;)\\s*(truncate|lock)\\s+table\\b",
      "(^|;)\\s*(do\\s+\\$|call\\s+\\w+\\s*\\()"),
      Pattern.CASE_INSENSITIVE);

  /** Methods that take SQL text as their first argument: owner, then method names. */
  static final Map<String, Set<String>> SINKS = Map.of(
      "java.sql.Connection", Set.of("prepareStatement", "prepareCall", "nativeSQL"),
      "java.sql.Statement", Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch"),
      "java.sql.PreparedStatement", Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch"),
      "org.postgresql.copy.CopyManager", Set.of("copyIn", "copyOut"),
      "org.jooq.DSLContext", Set.of("fetch", "fetchOne", "fetchSingle", "fetchOptional", "fetchValue", "fetchValues",
          "fetchLazy", "fetchStream", "fetchMany", "fetchAsync", "execute", "query", "resultQuery"),
      "org.jooq.impl.DSL", Set.of("field", "table", "condition", "sql", "query", "resultQuery"),
      "io.tenantseed.internal.RoundTrip", Set.of("statement", "query"));

  /**
   * Methods whose result is a quoted identifier whatever they are given (each doubles the
   * double quotes inside and encloses the whole in double quotes).
   */
  static final Set<String> QUOTING = Set.of(
      "io.tenantseed.internal.SchemaCatalog#quote",
      "io.tenantseed.internal.SchemaCatalog#qualified",
      "io.tenantseed.seed.TableWriter#quote",
      "io.tenantseed.seed.TableWriter#identifier",
      "io.tenantseed.seed.TableWriter#columns");

  /** Library types whose methods only compose what they are given (receiver and arguments). */
  static final Set<String> COMPOSING = Set.of(
      "java.lang.String", "java.lang.StringBuilder", "java.lang.StringBuffer", "java.lang.AbstractStringBuilder",
      "java.lang.CharSequence", "java.lang.Iterable", "java.util.Collection", "java.util.List", "java.util.Set",
      "java.util.Map", "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
      "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.TreeMap", "java.util.Collections",
      "java.util.Arrays", "java.util.stream.Stream", "java.util.stream.BaseStream", "java.util.stream.IntStream",
      "java.util.stream.Collectors");

  /** Stream operations whose result holds what their function makes, not what the stream held. */
  static final Set<String> MAPPING = Set.of("map", "mapToObj", "flatMap");

  /** Boxed numbers and booleans: their text is never more than a number or true/false. */
  static final Set<String> NUMBERS = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Short",
      "java.lang.Byte", "java.lang.Float", "java.lang.Double", "java.lang.Boolean");

  /** One report: where, and what made the SQL text unsafe. */
  record Finding(String file, long line, String message) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + message;
    }
  }

  /** What a check found, and how much it looked at (so that an empty scan cannot pass unnoticed). */
  record Result(List<Finding> findings, int files, int sqlSites, Set<String> unusedAllowances) {}

  private final Map<String, String> allowances;
  private final Function<CompilationUnitTree, String> fileNames;

  /**
   * @param allowances what counts as safe though the rule cannot tell, with the reason why:
   *     a method's result as {@code class#method}, a variable as {@code class#method:variable}
   * @param fileNames how a compilation unit is named in findings
   */
  SqlTextCheck(Map<String, String> allowances, Function<CompilationUnitTree, String> fileNames) {
    this.allowances = Map.copyOf(allowances);
    this.fileNames = fileNames;
  }

  /** Checks {@code sources}, resolving library types on {@code classPath} (may be empty). */
  Result check(List<? extends JavaFileObject> sources, String classPath) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> quiet = new DiagnosticCollector<>();
    // Attribute even where a library is missing from the class path (a module's own
    // dependencies may not all be on it): a value that does not resolve counts as unsafe.
    // Only the SQL-taking methods of a missing library would go unrecognised, hence the
    // class path.
    List<String> options = List.of("-proc:none", "-Xlint:none", "-nowarn", "--should-stop=ifError=FLOW",
        "-classpath", classPath);
    JavacTask task = (JavacTask) compiler.getTask(null, null, quiet, options, null, sources);
    List<CompilationUnitTree> units = new ArrayList<>();
    try {
      task.parse().forEach(units::add);
      task.analyze();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SqlSourceIndex index = new SqlSourceIndex(Trees.instance(task), units);
    SqlValueSafety safety = new SqlValueSafety(index, allowances, fileNames);
    for (SqlSourceIndex.Site site : index.sites) {
      safety.findings(site); // registers what the sites depend on
    }
    safety.solve();
    Set<Finding> findings = new TreeSet<>(Comparator.comparing(Finding::file).thenComparingLong(Finding::line)
        .thenComparing(Finding::message));
    for (SqlSourceIndex.Site site : index.sites) {
      findings.addAll(safety.findings(site));
    }
    Set<String> unused = new TreeSet<>(allowances.keySet());
    unused.removeAll(safety.usedAllowances());
    return new Result(List.copyOf(findings), units.size(), index.sites.size(), unused);
  }
}
