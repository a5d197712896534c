package io.tenantseed.junit;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The database of a test class that runs with Spring's {@code SpringExtension}: the
 * {@code DataSource} bean of its {@code ApplicationContext}. Only loaded when Spring is on the
 * class path ({@link SpringTestClass} says so first).
 *
 * <p>Spring caches a context across the test classes that share its configuration, so one
 * {@link SeedDatabase} is kept per context defining the bean (the test's context, or the parent
 * of a {@code @ContextHierarchy} that declares it) and {@code DataSource}, and reused by all of
 * them; when that context closes (dirtied, evicted from Spring's cache, or at exit), the
 * tenants seeded through it are purged and it is forgotten. Another context with the same
 * {@code DataSource} (a static one, a child of the same parent) keeps its tenants. It holds
 * no connection of its own: each seed and purge borrows one from the bean and gives it back.
 * Thread-safe.
 */
final class SpringDatabase {

  private static final Map<Key, SeedDatabase> DATABASES = new ConcurrentHashMap<>();

  private SpringDatabase() {}

  /**
   * The {@code DataSource} of the context {@code context} runs in, as Spring's
   * {@code getBean(DataSource.class)} finds it: the only one, or the {@code @Primary} one of
   * several, of the test's context, else of its nearest parent that has one. The context is
   * loaded here if {@code SpringExtension} has not loaded it yet, so the order of the two
   * extensions does not matter.
   */
  static SeedDatabase of(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    ApplicationContext application = SpringExtension.getApplicationContext(context);
    for (ApplicationContext level = application; level != null; level = level.getParent()) {
      String[] names = level.getBeanNamesForType(DataSource.class); // this level's own beans
      if (names.length == 0) {
        continue;
      }
      DataSource dataSource;
      try {
        dataSource = level.getBean(DataSource.class);
      } catch (NoUniqueBeanDefinitionException e) {
        throw TenantDeclaration.misuse(testClass, "its Spring ApplicationContext" + (level == application ? "" : "'s parent")
            + " has " + names.length + " DataSource beans (" + String.join(", ", sorted(names)) + ") and none of them "
            + "is @Primary: mark the one to seed into @Primary, or register SeedExtension.forDataSource(...) with it", e);
      }
      ApplicationContext defining = level;
      return DATABASES.computeIfAbsent(new Key(defining, dataSource), key -> {
        if (defining instanceof ConfigurableApplicationContext configurable) {
          configurable.addApplicationListener(new ForgetOnClose(configurable, key));
        }
        return SeedDatabase.of(dataSource, "the Spring ApplicationContext's DataSource");
      });
    }
    throw TenantDeclaration.misuse(testClass, "the class runs with SpringExtension, but its ApplicationContext has "
        + "no DataSource bean to seed into: declare one, or register SeedExtension.forDataSource(...)");
  }

  /** A SeedDatabase kept for {@code dataSource} by an open context, or null: for tests. */
  static SeedDatabase cached(DataSource dataSource) {
    return DATABASES.entrySet().stream().filter(e -> e.getKey().dataSource == dataSource)
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private static String[] sorted(String[] names) {
    String[] copy = names.clone();
    Arrays.sort(copy);
    return copy;
  }

  /** A context defining a DataSource bean, and the bean, compared by identity. */
  private record Key(ApplicationContext context, DataSource dataSource) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.context == context && key.dataSource == dataSource;
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(context) + System.identityHashCode(dataSource);
    }
  }

  /**
   * When the context closes (before it destroys its beans): purges the tenants seeded through
   * it and still there, which a class whose {@code @DirtiesContext} closes the context before
   * this extension's afterAll would otherwise leave behind, and forgets the SeedDatabase, so
   * that a closed context is not kept reachable.
   */
  private static final class ForgetOnClose implements ApplicationListener<ContextClosedEvent> {
    private final ApplicationContext application;
    private final Key key;

    ForgetOnClose(ApplicationContext application, Key key) {
      this.application = application;
      this.key = key;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
      if (event.getApplicationContext() == application) { // a child context's closing reaches its parent too
        SeedDatabase database = DATABASES.remove(key);
        if (database != null) {
          database.closing(); // before the context destroys the DataSource bean
        }
      }
    }
  }
}
