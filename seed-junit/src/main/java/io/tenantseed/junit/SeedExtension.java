package io.tenantseed.junit;

import io.tenantseed.fixtures.FixtureCatalog;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Seeds the tenants a test class declares with {@link SeedTenant}, resolves {@link Tenant},
 * {@code DSLContext}, {@code DataSource} and {@code Connection} parameters, and purges the
 * tenants afterwards. {@code @SeedTenant} registers it, and it seeds into the JVM's test
 * database, or, in a test class that runs with Spring's {@code SpringExtension}, into the
 * {@code DataSource} bean of the class's {@code ApplicationContext} (Spring's TestContext is
 * an optional dependency: without it, no Spring class is loaded; parameters Spring autowires
 * are left to it). Register it yourself only to
 * bring a database of your own, which then wins over both:
 *
 * <pre>
 * &#64;SeedTenant(fixture = "techcorp")
 * class WithMyDatabaseIT {
 *   &#64;RegisterExtension
 *   static SeedExtension seed = SeedExtension.forDataSource(MyDatabase.dataSource()); // migrated by you
 * }
 * </pre>
 *
 * <p>All state lives in the {@link ExtensionContext.Store} of the class (or test) as closeable
 * values, so the tenants are purged when the context closes even if seeding, a
 * {@code @BeforeAll} method or a test failed; the extension holds nothing but its
 * configuration, and classes may run concurrently.
 */
public final class SeedExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, BeforeTestExecutionCallback, AfterTestExecutionCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(SeedExtension.class);
  private static final String CLASS_TENANTS = "class tenants";
  private static final String TEST_TENANTS = "test tenants";
  private static final Set<Class<?>> RESOLVED = Set.of(Tenant.class, DSLContext.class, DataSource.class, Connection.class);

  /** Null for the JVM's shared test database. */
  private final SeedDatabase database;
  private final FixtureCatalog fixtures;

  /** The form {@code @SeedTenant} registers: the JVM's shared test database. */
  SeedExtension() {
    this(null, FixtureCatalog.standard());
  }

  private SeedExtension(SeedDatabase database, FixtureCatalog fixtures) {
    this.database = database;
    this.fixtures = fixtures;
  }

  /**
   * An extension that seeds into {@code dataSource} (your own Testcontainers container's, one
   * of several in a Spring context) instead of the shared test database or the Spring
   * context's {@code DataSource}. The database must be
   * migrated ({@code Migrator.forDataSource(dataSource).migrate()}); connections as a user
   * that owns the schema or may act as the {@code rlsRole}.
   */
  public static SeedExtension forDataSource(DataSource dataSource) {
    return new SeedExtension(SeedDatabase.of(Objects.requireNonNull(dataSource, "dataSource"),
        "SeedExtension.forDataSource(...)"), FixtureCatalog.standard());
  }

  /**
   * The same extension, finding {@code @SeedTenant(fixture = ...)} names in {@code catalog}. A
   * fixture of the catalog whose slug does not end with the tenant id is seeded with a dash
   * and the tenant id appended to it, as a {@link TenantDefinition}'s is, so that the classes
   * using it never collide.
   */
  public SeedExtension withFixtures(FixtureCatalog catalog) {
    return new SeedExtension(database, Objects.requireNonNull(catalog, "catalog"));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (defers(context)) {
      return;
    }
    Class<?> testClass = context.getRequiredTestClass();
    if (registered(testClass) > 1) {
      throw TenantDeclaration.misuse(testClass, "more than one SeedExtension is registered; keep one");
    }
    List<TenantDeclaration> declarations = TenantDeclaration.of(testClass, fixtures);
    if (declarations.isEmpty()) {
      return; // a @Nested class of a seeded class, or an extension with no @SeedTenant
    }
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    SeededTenants enclosing = store.get(CLASS_TENANTS, SeededTenants.class);
    SeededTenants tenants = new SeededTenants(database(context), declarations, enclosing, context);
    store.put(CLASS_TENANTS, tenants); // from here on, the class context's closing purges
    tenants.seedAll();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (defers(context)) {
      return;
    }
    reseed(context);
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    SeededTenants classTenants = store.get(CLASS_TENANTS, SeededTenants.class);
    List<TenantDeclaration> perTest = new ArrayList<>();
    for (SeededTenants level = classTenants; level != null; level = level.parent()) {
      level.declarations().stream().filter(d -> d.lifecycle() == SeedTenant.Lifecycle.PER_METHOD).forEach(perTest::add);
    }
    if (perTest.isEmpty()) {
      return;
    }
    SeededTenants tenants = new SeededTenants(database(context), List.copyOf(perTest), classTenants, context);
    store.put(TEST_TENANTS, tenants); // a Spring class's are purged when the store closes: see afterEach
    tenants.seedAll();
  }

  /** The test is about to start: its tenants, and its classes', must be there now. */
  @Override
  public void beforeTestExecution(ExtensionContext context) {
    if (defers(context)) {
      return;
    }
    reseed(context);
    for (SeededTenants level = classTenants(context); level != null; level = level.parent()) {
      level.begin();
    }
  }

  /** Seeds again what a Spring context's closing purged: see {@link SeededTenants#seedAgainIfPurged}. */
  private void reseed(ExtensionContext context) {
    for (SeededTenants level = classTenants(context); level != null; level = level.parent()) {
      level.seedAgainIfPurged(this::database);
    }
    SeededTenants test = context.getStore(NAMESPACE).get(TEST_TENANTS, SeededTenants.class);
    if (test != null) {
      test.seedAgainIfPurged(this::database);
    }
  }

  private static SeededTenants classTenants(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(CLASS_TENANTS, SeededTenants.class);
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      for (SeededTenants level = nearest(context); level != null; level = level.parent()) {
        level.failed();
      }
    }
  }

  /**
   * Purges the test's tenants, but in a Spring class leaves that to the closing of the test's
   * store, after every afterEach: SpringExtension, whichever order the annotations come in,
   * must first roll back a {@code @Transactional} test's transaction, which may hold locks on
   * the tenant's rows. A failure fails the test either way.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    if (database == null && SpringTestClass.runsWithSpring(context.getRequiredTestClass())) {
      SeededTenants tenants = context.getStore(NAMESPACE).get(TEST_TENANTS, SeededTenants.class);
      if (tenants != null && context.getExecutionException().isPresent()) {
        tenants.failed();
      }
      return;
    }
    close(context, TEST_TENANTS);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close(context, CLASS_TENANTS);
  }

  /** Purges now rather than when the store closes, so that a purge failure fails the class. */
  private static void close(ExtensionContext context, String key) {
    SeededTenants tenants = context.getStore(NAMESPACE).remove(key, SeededTenants.class); // this context's only
    if (tenants != null) {
      if (context.getExecutionException().isPresent()) {
        tenants.failed();
      }
      tenants.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    if (!RESOLVED.contains(parameter.getParameter().getType()) || defers(context)) {
      return false;
    }
    return parameter.isAnnotated(TenantName.class) || !SpringTestClass.runsWithSpring(context.getRequiredTestClass())
        || !SpringTestClass.resolvesParameter(parameter.getParameter(), context);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    reseed(context); // a @BeforeAll method's, after SpringExtension's beforeAll closed a dirty context
    Class<?> type = parameter.getParameter().getType();
    if (type == Tenant.class) {
      return tenant(parameter, context);
    }
    DataSource dataSource = dataSource(parameter, context);
    if (type == DataSource.class) {
      return dataSource;
    }
    if (type == DSLContext.class) {
      return DSL.using(dataSource, SQLDialect.POSTGRES);
    }
    try {
      Connection connection = dataSource.getConnection();
      AutoCloseable closer = connection::close;
      context.getStore(NAMESPACE).put(closer, closer); // closed with the test (or class) that asked
      return connection;
    } catch (SQLException e) {
      throw new ParameterResolutionException(describe(parameter, context) + ": cannot connect: " + e.getMessage(), e);
    }
  }

  private Tenant tenant(ParameterContext parameter, ExtensionContext context) {
    Optional<String> wanted = parameter.findAnnotation(TenantName.class).map(TenantName::value);
    List<Tenant> visible = visible(context);
    List<TenantDeclaration> declared = declared(context);
    if (wanted.isPresent()) {
      String name = wanted.get();
      Optional<Tenant> named = visible.stream().filter(t -> t.name().equals(name)).findFirst();
      if (named.isPresent()) {
        return named.get();
      }
      if (declared.stream().anyMatch(d -> d.name().equals(name))) {
        throw notYet(parameter, context, name);
      }
      throw unresolved(parameter, context, "no tenant is named '" + name + "' (tenants: "
          + declared.stream().map(TenantDeclaration::name).collect(Collectors.joining(", ")) + ")");
    }
    if (visible.size() == 1) {
      return visible.get(0);
    }
    if (visible.size() > 1) {
      throw unresolved(parameter, context, visible.size() + " tenants are seeded ("
          + visible.stream().map(Tenant::name).collect(Collectors.joining(", ")) + "): pick one with @TenantName");
    }
    if (declared.isEmpty()) {
      throw unresolved(parameter, context, "no @SeedTenant on the test class");
    }
    throw notYet(parameter, context, declared.get(0).name());
  }

  /** Connections as the owner, or as the rlsRole of the tenant the parameter is for. */
  private DataSource dataSource(ParameterContext parameter, ExtensionContext context) {
    DataSource owner = database(context).owner(); // a Spring test's current context's, not the class's first
    if (parameter.isAnnotated(TenantName.class)) {
      return scoped(owner, tenant(parameter, context));
    }
    List<Tenant> visible = visible(context);
    boolean anyScoped = declared(context).stream().anyMatch(d -> !d.rlsRole().isEmpty());
    if (!anyScoped) {
      return owner;
    }
    if (visible.size() == 1) {
      return scoped(owner, visible.get(0));
    }
    if (visible.isEmpty()) {
      throw notYet(parameter, context, declared(context).get(0).name());
    }
    throw unresolved(parameter, context, "tenants " + visible.stream().map(Tenant::name).collect(Collectors.joining(", "))
        + " are seeded and one has an rlsRole: pick the tenant with @TenantName");
  }

  private static DataSource scoped(DataSource owner, Tenant tenant) {
    return tenant.rlsRole().isEmpty() ? owner : new ScopedDataSource(owner, tenant.rlsRole(), tenant.id());
  }

  /**
   * The registered DataSource, else the Spring ApplicationContext's when the class runs with
   * SpringExtension, else the JVM's shared test database.
   */
  private SeedDatabase database(ExtensionContext context) {
    if (database != null) {
      return database;
    }
    return SpringTestClass.runsWithSpring(context.getRequiredTestClass()) ? SpringDatabase.of(context) : SeedDatabase.shared();
  }

  private static SeededTenants nearest(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    SeededTenants tenants = store.get(TEST_TENANTS, SeededTenants.class);
    return tenants != null ? tenants : store.get(CLASS_TENANTS, SeededTenants.class);
  }

  /** Tenants seeded for this test and its classes, nearest first. */
  private static List<Tenant> visible(ExtensionContext context) {
    List<Tenant> tenants = new ArrayList<>();
    for (SeededTenants level = nearest(context); level != null; level = level.parent()) {
      tenants.addAll(level.tenants());
    }
    return tenants;
  }

  private static List<TenantDeclaration> declared(ExtensionContext context) {
    List<TenantDeclaration> declarations = new ArrayList<>();
    for (SeededTenants level = nearest(context); level != null; level = level.parent()) {
      declarations.addAll(level.declarations());
    }
    return declarations;
  }

  /**
   * The instance {@code @SeedTenant} registers steps aside when the class registers its own
   * {@code SeedExtension} (with a DataSource), so that exactly one seeds and resolves.
   */
  private boolean defers(ExtensionContext context) {
    return database == null && context.getTestClass().map(SeedExtension::registered).orElse(0) > 0;
  }

  /** How many SeedExtensions the class (or an enclosing class) registers in static fields. */
  private static int registered(Class<?> testClass) {
    int count = 0;
    for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
      count += AnnotationSupport.findAnnotatedFieldValues(type, RegisterExtension.class, SeedExtension.class).size();
    }
    return count;
  }

  private static ParameterResolutionException notYet(ParameterContext parameter, ExtensionContext context, String name) {
    return unresolved(parameter, context, "tenant '" + name + "' is seeded per test method, so it exists only in "
        + "test methods and @BeforeEach/@AfterEach methods");
  }

  private static ParameterResolutionException unresolved(ParameterContext parameter, ExtensionContext context, String why) {
    return new ParameterResolutionException(describe(parameter, context) + ": " + why);
  }

  /** {@code com.example.AssetReportIT.countsServers(...): parameter 0 (Tenant tenant)}. */
  private static String describe(ParameterContext parameter, ExtensionContext context) {
    Executable executable = parameter.getDeclaringExecutable();
    Parameter declared = parameter.getParameter();
    String owner = context.getTestClass().map(Class::getName).orElse(executable.getDeclaringClass().getName());
    String name = executable instanceof java.lang.reflect.Constructor<?> ? "<init>" : executable.getName();
    return owner + "." + name + "(...): parameter " + parameter.getIndex() + " ("
        + declared.getType().getSimpleName() + " " + declared.getName() + ")";
  }
}
