package io.tenantseed.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeds a tenant of its own for the annotated test class before its tests, and purges it
 * after them.
 *
 * <pre>
 * &#64;SeedTenant(fixture = "techcorp")          // or builder = MyTenant.class
 * class AssetReportIT {
 *   &#64;Test void countsServers(Tenant tenant, DSLContext db) { ... }
 * }
 *
 * &#64;SeedTenant(file = "tenants/bug-1234.json")  // an export (seed export), seeded as a clone
 * class Bug1234IT {
 *   &#64;Test void reproduces(Tenant tenant, DSLContext db) {
 *     UUID asset = tenant.idOf("0f6a3c52-4d0e-5b1f-9a57-2c3b1f4e8d10");   // its id in the export
 *   }
 * }
 * </pre>
 *
 * <p>The tenant's id is a name-based UUID of the test class's name and the tenant's
 * {@link #name()}: the same in every run, different for every class, so classes running in
 * parallel on one database never meet, and a failed run can be inspected again. Test methods,
 * lifecycle methods and constructors of the class may declare parameters of type
 * {@link Tenant}, {@code DSLContext}, {@code DataSource} and {@code Connection}.
 *
 * <p>Inherited by subclasses (each subclass gets its own tenant), usable as a meta-annotation,
 * and repeatable for a class that needs more than one tenant (then name them, and pick one
 * for a parameter with {@link TenantName}). The database is the one of
 * {@link SeedExtension#forDataSource} when the class registers it; else, for a class that runs
 * with Spring's {@code SpringExtension} ({@code @SpringJUnitConfig}, {@code @SpringBootTest},
 * ...), the {@code DataSource} bean of its {@code ApplicationContext} (the only one, or the
 * {@code @Primary} one, of the test's context before a parent's), which the application
 * migrates, and per-class tenants there need a context that lives for the whole class
 * ({@code @DirtiesContext} after each method wants {@code lifecycle = PER_METHOD}); else the
 * JVM's test database ({@code io.tenantseed.testing.TestDatabase}: {@code SEED_TEST_DATABASE_URL}, else
 * Testcontainers when Docker answers, else an embedded PostgreSQL), migrated once per JVM.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Repeatable(SeedTenants.class)
@ExtendWith(SeedExtension.class)
public @interface SeedTenant {

  /** Alias of {@link #fixture()}: {@code @SeedTenant("techcorp")}. */
  String value() default "";

  /**
   * The fixture to seed, by catalog name ({@code techcorp}, {@code globalretail},
   * {@code badflow}, {@code scale}, or one added with {@link SeedExtension#withFixtures}).
   * Exactly one of {@code fixture}, {@link #builder()} and {@link #file()} is given.
   */
  String fixture() default "";

  /** A class of your own that describes the tenant; it needs a no-argument constructor. */
  Class<? extends TenantDefinition> builder() default TenantDefinition.class;

  /**
   * A tenant export ({@code seed export}) to seed: a class path resource such as
   * {@code "tenants/bug-1234.json"} (under {@code src/test/resources}), else a file path,
   * absolute or relative to the working directory. It is seeded as a clone under the tenant's
   * id (every id remapped, the slug, unique text and every {@code email}/{@code *_email}
   * column made its own, as {@code seed load --file FILE --tenant-id UUID} does), so that
   * classes seeding the same file never meet; {@link Tenant#idOf(UUID)} gives the seeded id of
   * an id in the file. A plain file streams its large tables; a resource inside a jar is read
   * into memory whole. An export that does
   * not fit the database's schema fails the class with an
   * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} naming the file
   * and its first problem, and nothing is seeded.
   */
  String file() default "";

  /** Fixture parameters as {@code name=value}, e.g. {@code {"assets=200"}} for {@code scale}. */
  String[] parameters() default {};

  /**
   * The tenant's name within the class: the fixture name, the builder's simple class name, or
   * the file's name without its directory and {@code .json}, unless given. It picks the
   * tenant for a {@link TenantName} parameter and enters the id.
   */
  String name() default "";

  /** Whether the tenant lives for the whole class (the default) or for each test method. */
  Lifecycle lifecycle() default Lifecycle.PER_CLASS;

  /**
   * Leave the tenant in the database when a test of the class (or the class's setup) failed,
   * and print its id, for inspection. The next run of the class replaces it.
   */
  boolean keepOnFailure() default false;

  /**
   * A database role, such as {@code "seed_app"}: the injected {@code DataSource},
   * {@code DSLContext} and {@code Connection} then run as that role with
   * {@code app.client_id} set to this tenant, so that row-level security shows the test
   * only its own tenant. The role must not bypass row-level security, and the connecting
   * user must be a member of it. Empty (the default): connections as the connecting user.
   */
  String rlsRole() default "";

  /** How long a seeded tenant lives. */
  enum Lifecycle {
    /** Seeded before the class's first test (before {@code @BeforeAll}), purged after the last. */
    PER_CLASS,
    /** Seeded before each test (before {@code @BeforeEach}), purged after it; an id per test. */
    PER_METHOD
  }
}
