package io.tenantseed.graph;

import io.tenantseed.graph.ExportDiff.Difference;
import io.tenantseed.graph.ExportDiff.Kind;
import io.tenantseed.internal.Column;
import io.tenantseed.internal.MigratedSchema;
import io.tenantseed.internal.SchemaCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Compares a tenant's rows in the database, in every tenant table of the live catalog, with an
 * expected export file (a {@link CanonicalExport}, captured with {@code seed export} or written
 * by hand): what {@code TenantAssertions.matchesExport} and {@code seed diff} run.
 *
 * <ul>
 *   <li><b>Order-independent.</b> Rows are found by their primary key; where a table has none,
 *       a key column is ignored, or a row of a {@code containing()} file leaves a key column
 *       out, by their other values, as a multiset.
 *   <li><b>Canonical values.</b> Both sides are compared by their canonical export text, so
 *       {@code 1.5} and {@code 1.50} in a {@code numeric(5,2)} column, a timestamp in another
 *       zone and JSON with its keys in another order are equal.
 *   <li><b>Mapped ids.</b> When the file's {@code tenant_id} is not the compared tenant's, the
 *       file's rows are first mapped as {@link TenantClone} maps them, so a file captured from
 *       the tenant a test seeded as a clone compares directly.
 *   <li><b>{@link #ignoringColumns}</b> leaves columns out: {@code table.column},
 *       {@code *.column} or {@code table.*}.
 *   <li><b>{@link #containing()}</b> checks only the tables, rows and columns the file lists:
 *       the tenant may hold more. Such a file need not list the tenant's own row, nor the rows
 *       its rows reference.
 * </ul>
 *
 * <pre>
 * ExportDiff diff = ExportComparison.of(dataSource, tenantId)
 *     .ignoringColumns("*.created_at", "assets.updated_at")
 *     .compare(Path.of("src/test/resources/expected/after-import.json"));
 * if (!diff.equal()) {
 *   System.out.print(diff.format());   // assets (id 5f3c...): asset_name: expected "a", actual "b"
 * }
 * ExportComparison.of(dataSource, tenantId).update(Path.of("expected.json")); // approve what is there
 * </pre>
 *
 * <p>Read-only: the tenant's rows are read in one read-only, repeatable-read transaction (the
 * schema catalog before it, on a connection of its own), each on a new connection of the
 * {@code DataSource}, so rows another transaction has not committed are not seen; nothing is
 * written. Memory: the tenant's whole export is held as text, and both documents as rows of
 * canonical values, which suits test and development tenants, not a production one of
 * millions of rows. Immutable and thread-safe.
 */
public final class ExportComparison {

  private final DataSource dataSource;
  private final UUID tenantId;
  private final IgnoredColumns ignored;
  private final boolean containing;

  private ExportComparison(DataSource dataSource, UUID tenantId, IgnoredColumns ignored, boolean containing) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
    this.ignored = ignored;
    this.containing = containing;
  }

  /** A comparison of tenant {@code tenantId} of the database behind {@code dataSource}. */
  public static ExportComparison of(DataSource dataSource, UUID tenantId) {
    return new ExportComparison(dataSource, tenantId, IgnoredColumns.none(), false);
  }

  /**
   * The same comparison, also leaving out the columns of {@code patterns}: {@code table.column},
   * {@code *.column} or {@code table.*}. A pattern that matches no column of the tenant tables
   * is refused when compared.
   *
   * @throws IllegalArgumentException if a pattern has none of those forms
   */
  public ExportComparison ignoringColumns(String... patterns) {
    return new ExportComparison(dataSource, tenantId, ignored.with(Arrays.asList(patterns)), containing);
  }

  /** The same comparison, checking only the tables, rows and columns the file lists. */
  public ExportComparison containing() {
    return new ExportComparison(dataSource, tenantId, ignored, true);
  }

  /**
   * Compares with the export file {@code expected}.
   *
   * @throws InvalidExportException naming the file and what is wrong with it: no such file,
   *     not JSON, not an export, a value of the wrong type, a table or column this database lacks
   * @throws IllegalArgumentException if an ignored column matches no column
   */
  public ExportDiff compare(Path expected) {
    try (InputStream in = Files.newInputStream(expected)) {
      return compare(expected.toString(), in);
    } catch (NoSuchFileException e) {
      throw new InvalidExportException(expected + ": no such file");
    } catch (IOException e) {
      throw new InvalidExportException(expected + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Compares with the export read from {@code expected} (read to its end, not closed), which
   * {@code name} names in messages.
   *
   * @throws InvalidExportException "{@code name}: what is wrong"
   */
  public ExportDiff compare(String name, InputStream expected) {
    DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
    MigratedSchema.require(db, "cannot compare tenant " + tenantId);
    SchemaCatalog catalog = db.connectionResult(connection -> SchemaCatalog.of(connection, CanonicalExport.SCHEMA));
    ignored.check(catalog);
    ExportRows file = ExportRows.read(name, expected, catalog, tenantId, containing);
    return compare(name, catalog, db, file);
  }

  /**
   * Writes {@code expected} anew to match the database, when it does not already: approval
   * testing. Values equal to the file's stay as the file gives them (its ids, when it was
   * captured from another tenant), ignored columns keep the file's values, and with
   * {@code containing()} only the rows and columns the file lists are refreshed (a row that
   * matches no row of the database is kept as it was, none is added). A file that does not
   * exist is created with the tenant's whole export (less ignored columns). The file is
   * replaced in one move, then compared again: when it still differs (a kept row, a value
   * that cannot be written back under the file's ids), a warning naming the first difference
   * goes to standard error.
   *
   * @return whether the file changed (false when its text would stay the same)
   * @throws InvalidExportException if the file exists and cannot be read as an export
   */
  public boolean update(Path expected) {
    ExportDiff diff;
    if (Files.exists(expected)) {
      diff = compare(expected);
      if (diff.equal()) {
        return false;
      }
    } else {
      DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
      MigratedSchema.require(db, "cannot compare tenant " + tenantId);
      SchemaCatalog catalog = db.connectionResult(connection -> SchemaCatalog.of(connection, CanonicalExport.SCHEMA));
      ignored.check(catalog);
      diff = compare(expected.toString(), catalog, db, ExportRows.none(tenantId));
    }
    Path absolute = expected.toAbsolutePath();
    String rewritten = diff.rewrittenExpected();
    if (Files.exists(absolute) && sameText(absolute, rewritten)) {
      warnIfDiffers(expected, diff); // what it could not write back under the file's ids
      return false;
    }
    Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(absolute.getParent());
      Files.writeString(temporary, rewritten, StandardCharsets.UTF_8);
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + expected + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException e) {
        // nothing left to do about a temporary file that cannot be removed
      }
    }
    warnIfDiffers(expected, compare(expected));
    return true;
  }

  private static boolean sameText(Path file, String text) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).equals(text);
    } catch (IOException e) {
      return false; // written anew
    }
  }

  /** A warning on standard error when the file, updated, still differs from the database. */
  private static void warnIfDiffers(Path expected, ExportDiff after) {
    if (!after.equal()) {
      System.err.println("tenant-seed: warning: " + expected + " still differs after its update ("
          + after.differences().size() + (after.differences().size() == 1 ? " difference" : " differences")
          + ": a row it could not match, or a value it cannot write under the file's ids, is kept as it was): "
          + after.differences().get(0));
    }
  }

  private ExportDiff compare(String name, SchemaCatalog catalog, DSLContext db, ExportRows file) {
    String export = CanonicalExport.toJson(db, tenantId);
    ExportRows actual = ExportRows.read("the export of tenant " + tenantId,
        new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)), catalog, null);
    List<Difference> differences = new ArrayList<>();
    Map<String, RowMatching> matchings = new LinkedHashMap<>();
    for (String table : CanonicalExport.tableOrder(catalog.root, catalog.tenantTables)) {
      if (catalog.columns(table).stream().map(Column::name).allMatch(column -> ignored.ignores(table, column))) {
        continue;
      }
      boolean listed = file.tables().containsKey(table);
      if (containing && !listed) {
        continue;
      }
      List<ExportRows.CanonicalRow> want = file.rows(table);
      List<ExportRows.CanonicalRow> have = actual.rows(table);
      RowMatching matching = RowMatching.of(table, want, have, RowMatching.key(catalog, table, ignored),
          ignored, containing, catalog.tenantColumn(table));
      matchings.put(table, matching);
      if (!listed && !have.isEmpty()) {
        differences.add(new Difference(Kind.EXTRA_TABLE, table, "", null, null, String.valueOf(have.size())));
      } else if (!want.isEmpty() && have.isEmpty()) {
        differences.add(new Difference(Kind.MISSING_TABLE, table, "", null, String.valueOf(want.size()), null));
      } else {
        differences.addAll(matching.differences());
      }
    }
    return new ExportDiff(name, differences, export,
        () -> new ExpectedRewrite(catalog, file, actual, tenantId, matchings, ignored, containing).json());
  }
}
