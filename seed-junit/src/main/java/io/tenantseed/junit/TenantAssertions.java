package io.tenantseed.junit;

import io.tenantseed.graph.ExportComparison;
import io.tenantseed.graph.ExportDiff;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on what the database holds for a tenant after the code under test ran, compared
 * with an expected export file ({@code seed export --tenant ... --out expected.json}, or a
 * file of a few rows for {@link #containing()}), in every tenant table of the catalog: the
 * {@code @ExpectedDataSet} of tenant-seed. Rows are matched by primary key (by their values
 * where a table has none), independent of their order; values compare as they export, so
 * {@code 1.5} equals {@code 1.50} in a {@code numeric(5,2)} column; when the file was captured
 * from another tenant (the one a test tenant was seeded from), its ids are mapped as
 * {@link io.tenantseed.graph.TenantClone} maps them. See {@link ExportComparison}.
 *
 * <pre>
 * &#64;SeedTenant(fixture = "techcorp")
 * class ImportTest {
 *   &#64;Test void importMarksAssetsDiscovered(Tenant tenant, DataSource dataSource) {
 *     new AssetImport(dataSource).run(tenant.id());
 *     TenantAssertions.assertThat(tenant)
 *         .ignoringColumns("*.created_at", "assets.updated_at")
 *         .matchesExport("expected/after-import.json");   // a test resource, or a path
 *   }
 * }
 * // without the extension:
 * TenantAssertions.assertThat(dataSource, tenantId).containing().matchesExport(Path.of("expected/some-assets.json"));
 * </pre>
 *
 * <p>A mismatch fails with an {@link AssertionFailedError} showing at most
 * {@value ExportDiff#MAX_LINES} differences (table, row key, column, expected and actual value)
 * and the count of the rest, and writes the tenant's whole actual export next to the test
 * reports (see {@code tenantseed.reportsDir} in the module's README), naming its path. Run with
 * {@code -Dtenantseed.expected=update} to rewrite the expected files instead (approval
 * testing): a resource is written to its source under {@code src/test/resources}, each file
 * that changed is named on stderr, and the assertion passes.
 *
 * <p>The rows are read on a new connection of the {@code DataSource}: only committed rows are
 * seen, so in a Spring {@code @Transactional} test the writes of the code under test are not
 * (commit them first, or run the test without {@code @Transactional}).
 *
 * <p>Not thread-safe: one chain per assertion.
 */
public final class TenantAssertions {

  /** The system property that, set to {@code update}, rewrites expected files instead of comparing. */
  public static final String EXPECTED_PROPERTY = "tenantseed.expected";

  private final String tenant;
  private final Class<?> caller;
  private ExportComparison comparison;

  private TenantAssertions(String tenant, ExportComparison comparison, Class<?> caller) {
    this.tenant = tenant;
    this.comparison = comparison;
    this.caller = caller;
  }

  /**
   * Assertions on {@code tenant}, seeded by {@code @SeedTenant} and read from the database it
   * was seeded into.
   *
   * @throws IllegalStateException if the tenant was not seeded (yet)
   */
  public static TenantAssertions assertThat(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    DataSource dataSource = tenant.dataSource();
    if (dataSource == null) {
      throw new IllegalStateException(tenant + " has not been seeded into a database");
    }
    return new TenantAssertions(tenant.toString(), ExportComparison.of(dataSource, tenant.id()), caller());
  }

  /** Assertions on tenant {@code tenantId} of the database behind {@code dataSource}. */
  public static TenantAssertions assertThat(DataSource dataSource, UUID tenantId) {
    return new TenantAssertions("tenant " + tenantId, ExportComparison.of(dataSource, tenantId), caller());
  }

  /**
   * Leaves out the columns of {@code patterns}: {@code table.column}, {@code *.column} or
   * {@code table.*}; a pattern that matches no column fails the comparison.
   */
  public TenantAssertions ignoringColumns(String... patterns) {
    comparison = comparison.ignoringColumns(patterns);
    return this;
  }

  /** Checks only the tables, rows and columns the file lists: the tenant may hold more. */
  public TenantAssertions containing() {
    comparison = comparison.containing();
    return this;
  }

  /**
   * Asserts that the tenant matches the export {@code resourceOrPath}: a class path resource
   * ({@code expected/after-import.json} under {@code src/test/resources}), else a file path.
   *
   * @throws AssertionFailedError with the differences when it does not
   * @throws io.tenantseed.graph.InvalidExportException if the file is not an export this database can hold
   */
  public TenantAssertions matchesExport(String resourceOrPath) {
    Objects.requireNonNull(resourceOrPath, "resourceOrPath");
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ExpectedFile file = ExpectedFile.resolve(resourceOrPath,
        loader != null ? loader : caller != null ? caller.getClassLoader() : TenantAssertions.class.getClassLoader());
    return matches(file);
  }

  /** {@link #matchesExport(String)} of the file {@code file}. */
  public TenantAssertions matchesExport(Path file) {
    return matches(ExpectedFile.of(Objects.requireNonNull(file, "file")));
  }

  private TenantAssertions matches(ExpectedFile file) {
    if (updating()) {
      if (file.source() == null) {
        throw new IllegalStateException("cannot update " + file.name() + ": " + file.why());
      }
      if (comparison.update(file.source())) {
        System.err.println("tenant-seed: updated " + file.source().toAbsolutePath());
      }
      return this;
    }
    if (file.read() == null) {
      throw new AssertionFailedError("expected export " + file.name() + " does not exist"
          + (file.why() != null ? " (" + file.why() + ")" : "") + "; run with -D" + EXPECTED_PROPERTY
          + "=update to create it from " + tenant);
    }
    ExportDiff diff = comparison.compare(file.read());
    if (!diff.equal()) {
      String actual;
      try {
        actual = "actual export: " + ActualExports.write(caller, file.name(), diff.actualExport());
      } catch (java.io.UncheckedIOException e) {
        actual = "actual export not written: " + e.getMessage(); // the differences matter more
      }
      int count = diff.differences().size();
      throw new AssertionFailedError(tenant + " does not match " + file.name() + " (" + count
          + (count == 1 ? " difference" : " differences") + "):\n" + diff.format()
          + actual + "\n(run with -D" + EXPECTED_PROPERTY + "=update to rewrite "
          + file.name() + ")");
    }
    return this;
  }

  private static boolean updating() {
    String mode = System.getProperty(EXPECTED_PROPERTY, "");
    if (mode.isBlank() || mode.equals("compare")) {
      return false;
    }
    if (mode.equals("update")) {
      return true;
    }
    throw new IllegalStateException("-D" + EXPECTED_PROPERTY + " must be update (or compare, the default), not '"
        + mode + "'");
  }

  /** The class that called, to name its actual exports after it. */
  private static Class<?> caller() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
            .filter(type -> type != TenantAssertions.class).findFirst().orElse(null));
  }
}
