package io.tenantseed.junit;

import io.tenantseed.fixtures.Fixture;
import io.tenantseed.fixtures.FixtureCatalog;
import io.tenantseed.fixtures.FixtureParameters;
import io.tenantseed.fixtures.InvalidFixtureParameterException;
import io.tenantseed.fixtures.UnknownFixtureException;
import io.tenantseed.graph.InvalidTenantGraphException;
import io.tenantseed.graph.TenantBuilder;
import io.tenantseed.graph.TenantGraph;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * One {@link SeedTenant} of a test class, checked: where the tenant comes from (a fixture, a
 * builder or a file: exactly one), its name in the class, its lifecycle and options. Misuse is
 * an {@link ExtensionConfigurationException} naming the class.
 */
record TenantDeclaration(
    Class<?> testClass,
    String name,
    Fixture fixture,
    FixtureParameters parameters,
    Class<? extends TenantDefinition> builder,
    TenantFile file,
    SeedTenant.Lifecycle lifecycle,
    boolean keepOnFailure,
    String rlsRole) {

  private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  /** Every {@code @SeedTenant} of {@code testClass}: direct, repeated, meta-present or inherited. */
  static List<TenantDeclaration> of(Class<?> testClass, FixtureCatalog catalog) {
    List<TenantDeclaration> declarations = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<SeedTenant> annotations = AnnotationSupport.findRepeatableAnnotations(testClass, SeedTenant.class);
    // That search folds equal annotations into one; written twice, they would still be two tenants of one name.
    SeedTenant[] declared = testClass.getAnnotationsByType(SeedTenant.class);
    if (new HashSet<>(List.of(declared)).size() < declared.length) {
      throw misuse(testClass, "the same @SeedTenant is declared twice: give each its own name = \"...\"");
    }
    for (SeedTenant annotation : annotations) {
      TenantDeclaration declaration = of(testClass, annotation, catalog);
      if (!names.add(declaration.name())) {
        throw misuse(testClass, "two tenants are named '" + declaration.name()
            + "': give each @SeedTenant of the class its own name = \"...\"");
      }
      declarations.add(declaration);
    }
    return List.copyOf(declarations);
  }

  private static TenantDeclaration of(Class<?> testClass, SeedTenant annotation, FixtureCatalog catalog) {
    String fixtureName = annotation.fixture().isEmpty() ? annotation.value() : annotation.fixture();
    if (!annotation.fixture().isEmpty() && !annotation.value().isEmpty()) {
      throw misuse(testClass, "@SeedTenant has both value and fixture; give one");
    }
    boolean hasBuilder = annotation.builder() != TenantDefinition.class;
    boolean hasFile = !annotation.file().isEmpty();
    List<String> sources = new ArrayList<>();
    if (!fixtureName.isEmpty()) {
      sources.add("a fixture ('" + fixtureName + "')");
    }
    if (hasBuilder) {
      sources.add("a builder (" + annotation.builder().getName() + ")");
    }
    if (hasFile) {
      sources.add("a file ('" + annotation.file() + "')");
    }
    if (sources.size() != 1) {
      throw misuse(testClass, sources.isEmpty()
          ? "@SeedTenant needs a fixture (e.g. fixture = \"techcorp\"; known: "
              + String.join(", ", catalog.names()) + "), a builder class or a file (an export)"
          : "@SeedTenant has " + (sources.size() == 2 ? "both " : "") + String.join(" and ", sources) + "; give one");
    }
    Map<String, String> given = parameters(testClass, annotation.parameters());
    Fixture fixture = null;
    FixtureParameters parameters = null;
    TenantFile file = null;
    if (hasFile) {
      if (!given.isEmpty()) {
        throw misuse(testClass, "parameters apply to fixtures; file " + annotation.file() + " takes none");
      }
      file = TenantFile.find(testClass, annotation.file());
    } else if (!fixtureName.isEmpty()) {
      try {
        fixture = catalog.get(fixtureName);
        parameters = fixture.parameters(given);
      } catch (UnknownFixtureException | InvalidFixtureParameterException e) {
        throw misuse(testClass, e.getMessage());
      }
    } else {
      if (!given.isEmpty()) {
        throw misuse(testClass, "parameters apply to fixtures; builder " + annotation.builder().getName()
            + " takes none");
      }
      constructor(testClass, annotation.builder());
    }
    String name = !annotation.name().isEmpty() ? annotation.name()
        : fixture != null ? fixture.name() : file != null ? file.baseName() : annotation.builder().getSimpleName();
    String role = annotation.rlsRole();
    if (!role.isEmpty() && !ROLE.matcher(role).matches()) {
      throw misuse(testClass, "rlsRole '" + role + "' is not a role name (letters, digits, _ and $, up to 63)");
    }
    return new TenantDeclaration(testClass, name, fixture, parameters,
        hasBuilder ? annotation.builder() : null, file, annotation.lifecycle(), annotation.keepOnFailure(), role);
  }

  private static Map<String, String> parameters(Class<?> testClass, String[] assignments) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int equals = assignment.indexOf('=');
      if (equals <= 0) {
        throw misuse(testClass, "parameter '" + assignment + "' is not name=value");
      }
      given.put(assignment.substring(0, equals).strip(), assignment.substring(equals + 1).strip());
    }
    return given;
  }

  private static Constructor<? extends TenantDefinition> constructor(
      Class<?> testClass, Class<? extends TenantDefinition> builder) {
    try {
      Constructor<? extends TenantDefinition> constructor = builder.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor;
    } catch (NoSuchMethodException | RuntimeException e) {
      throw misuse(testClass, "builder " + builder.getName() + " needs a no-argument constructor"
          + (builder.isMemberClass() && !java.lang.reflect.Modifier.isStatic(builder.getModifiers())
              ? " (make the nested class static)" : ""));
    }
  }

  /** The tenant's id for a per-class tenant, or for the test with JUnit unique id {@code test}. */
  UUID tenantId(String test) {
    return lifecycle == SeedTenant.Lifecycle.PER_CLASS ? Tenant.idFor(testClass, name) : Tenant.idFor(test, name);
  }

  /**
   * The tenant to seed under {@code tenantId} into {@code dataSource}: its graph, stamped with
   * the fixture's name and version, its slug made the tenant's own ({@link #withOwnSlug}); a
   * file's export read as a clone, checked against the database's catalog. Built once.
   */
  Tenant build(UUID tenantId, javax.sql.DataSource dataSource) {
    if (file != null) {
      TenantFile.Read read = file.read(testClass, dataSource, tenantId);
      return new Tenant(name, withOwnSlug(read.graph()), rlsRole, source(), read.exportTenantId());
    }
    TenantGraph graph = withOwnSlug(fixture != null ? fixture.build(tenantId, parameters) : described(tenantId));
    return new Tenant(name, graph, rlsRole, source(), null);
  }

  private TenantGraph described(UUID tenantId) {
    TenantBuilder described;
    try {
      described = constructor(testClass, builder).newInstance().describe(tenantId);
    } catch (InvocationTargetException e) {
      throw misuse(testClass, "builder " + builder.getName() + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw misuse(testClass, "builder " + builder.getName() + " cannot be created: " + e, e);
    }
    if (described == null) {
      throw misuse(testClass, "builder " + builder.getName() + " described no tenant (describe returned null)");
    }
    try {
      return described.build();
    } catch (InvalidTenantGraphException e) {
      throw misuse(testClass, "builder " + builder.getName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code graph}, or, where its slug does not end with a dash and the whole tenant id, the
   * same tenant with that suffix appended to its slug. {@code client_accounts.slug} is unique
   * across the tenants of a database, and every test class (every test, per method) seeds its
   * tenant from the same definition or fixture into one shared database under an id of its
   * own: a fixed slug would make the second of them fail, depending on which classes run
   * together. The rule is the same for a {@link TenantDefinition} and for a fixture (the
   * built-in ones and those added with {@link SeedExtension#withFixtures}), and for a slug
   * fixed by {@code slug("acme")} or by {@code set("slug", "acme")}. A slug left unset, or made
   * with {@code slug(canonical, canonicalId)}, ends with the tenant id already and is kept as it
   * is. Only the slug changes: users' emails and assets' hostnames keep the domain they were
   * built with ({@code @acme.local}), since they are unique only within their tenant.
   */
  static TenantGraph withOwnSlug(TenantGraph graph) {
    if (!(graph.clientAccount().get("slug") instanceof String slug)) {
      return graph; // none at all: the write refuses it, naming the column
    }
    String suffix = "-" + graph.tenantId();
    return slug.endsWith(suffix) ? graph : graph.withSlug(slug + suffix);
  }

  /** How the tenant is described, for messages: {@code fixture techcorp}, the builder class or the file. */
  String source() {
    return fixture != null ? "fixture " + fixture.name() : file != null ? file.source() : "builder " + builder.getName();
  }

  static ExtensionConfigurationException misuse(Class<?> testClass, String message) {
    return new ExtensionConfigurationException("@SeedTenant on " + testClass.getName() + ": " + message);
  }

  static ExtensionConfigurationException misuse(Class<?> testClass, String message, Throwable cause) {
    return new ExtensionConfigurationException("@SeedTenant on " + testClass.getName() + ": " + message, cause);
  }
}
