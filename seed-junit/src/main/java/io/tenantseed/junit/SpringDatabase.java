package io.tenantseed.junit;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.BeanFactoryUtils;
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
 * {@link SeedDatabase} is kept per {@code DataSource} and reused by all of them; it is
 * forgotten when its context closes (evicted from Spring's cache, or at exit). It holds no
 * connection of its own: each seed and purge borrows one from the bean and gives it back.
 * Thread-safe.
 */
final class SpringDatabase {

  private static final Map<DataSource, SeedDatabase> DATABASES = Collections.synchronizedMap(new IdentityHashMap<>());

  private SpringDatabase() {}

  /**
   * The context's {@code DataSource}: the only one, or the {@code @Primary} one of several. The
   * context is loaded here if {@code SpringExtension} has not loaded it yet, so the order of
   * the two extensions does not matter.
   */
  static SeedDatabase of(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    ApplicationContext application = SpringExtension.getApplicationContext(context);
    String[] names = BeanFactoryUtils.beanNamesForTypeIncludingAncestors(application, DataSource.class);
    if (names.length == 0) {
      throw TenantDeclaration.misuse(testClass, "the class runs with SpringExtension, but its ApplicationContext has "
          + "no DataSource bean to seed into: declare one, or register SeedExtension.forDataSource(...)");
    }
    DataSource dataSource;
    try {
      dataSource = application.getBean(DataSource.class);
    } catch (NoUniqueBeanDefinitionException e) {
      throw TenantDeclaration.misuse(testClass, "its Spring ApplicationContext has " + names.length
          + " DataSource beans (" + String.join(", ", sorted(names)) + ") and none of them is @Primary: mark the one "
          + "to seed into @Primary, or register SeedExtension.forDataSource(...) with it", e);
    }
    return DATABASES.computeIfAbsent(dataSource, key -> {
      if (application instanceof ConfigurableApplicationContext configurable) {
        configurable.addApplicationListener(new ForgetOnClose(configurable, key));
      }
      return SeedDatabase.of(key, "the Spring ApplicationContext's DataSource");
    });
  }

  /** The SeedDatabase kept for {@code dataSource}, or null: for tests. */
  static SeedDatabase cached(DataSource dataSource) {
    return DATABASES.get(dataSource);
  }

  private static String[] sorted(String[] names) {
    String[] copy = names.clone();
    Arrays.sort(copy);
    return copy;
  }

  /**
   * When the context closes (before it destroys its beans): purges the tenants still seeded in
   * its DataSource, which a class whose {@code @DirtiesContext} closes the context before this
   * extension's afterAll would otherwise leave behind, and forgets the SeedDatabase, so that a
   * closed context is not kept reachable.
   */
  private static final class ForgetOnClose implements ApplicationListener<ContextClosedEvent> {
    private final ApplicationContext application;
    private final DataSource dataSource;

    ForgetOnClose(ApplicationContext application, DataSource dataSource) {
      this.application = application;
      this.dataSource = dataSource;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
      if (event.getApplicationContext() == application) { // a child context's closing reaches its parent too
        SeedDatabase database = DATABASES.remove(dataSource);
        if (database != null) {
          database.closing(); // before the context destroys the DataSource bean
        }
      }
    }
  }
}
