package io.tenantseed.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tenants seeded for one test class (or one test method), kept in the extension's store:
 * closing it purges them, whether the tests passed, failed, or the class never started.
 * Tenants of enclosing classes are reached through {@link #parent()}.
 *
 * <p>Closed once: a second {@link #close()} (the extension's, after a Spring context's closing
 * purged early) waits for the first purge to end and throws its failure, once.
 */
final class SeededTenants implements AutoCloseable {

  private volatile SeedDatabase database;
  private final List<TenantDeclaration> declarations;
  private final SeededTenants parent;
  private final String owner;
  /** The class's (or test's) context, whose failure so far keeps keepOnFailure tenants. */
  private final ExtensionContext context;
  private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean failed = new AtomicBoolean();
  /** Whether a test of the class has started with these tenants: they can no longer be reseeded. */
  private final AtomicBoolean begun = new AtomicBoolean();
  private final Object lock = new Object();
  /** Guarded by {@link #lock}. */
  private boolean closed;
  private boolean failureThrown;
  private RuntimeException failure;
  /** Set when {@link #closeEarly()} purged: the database went away before the holder's end. */
  private volatile boolean closedEarly;

  /** A tenant this holder seeds or tried to seed; {@code seeded} is set once the seed committed. */
  private static final class Attempt {
    final TenantDeclaration declaration;
    final UUID tenantId;
    volatile Tenant seeded;

    Attempt(TenantDeclaration declaration, UUID tenantId) {
      this.declaration = declaration;
      this.tenantId = tenantId;
    }
  }

  SeededTenants(SeedDatabase database, List<TenantDeclaration> declarations, SeededTenants parent,
      ExtensionContext context) {
    this.database = database;
    this.declarations = declarations;
    this.parent = parent;
    this.context = context;
    this.owner = context.getTestMethod().isPresent() ? context.getUniqueId() : context.getRequiredTestClass().getName();
  }

  ExtensionContext context() {
    return context;
  }

  /** Marks that a test runs with these tenants: a class's can no longer be seeded again. */
  void begin() {
    begun.set(true);
  }

  /** Whether the database went away (its Spring context closed) and purged these tenants before their end. */
  boolean closedEarly() {
    return closedEarly;
  }

  /** Seeds this holder's tenants: a class's per-class ones, a test's all. */
  void seedAll() {
    boolean perTest = context.getTestMethod().isPresent();
    List<TenantDeclaration> seeded = perTest ? declarations
        : declarations.stream().filter(d -> d.lifecycle() == SeedTenant.Lifecycle.PER_CLASS).toList();
    seed(seeded, declaration -> declaration.tenantId(perTest ? context.getUniqueId() : null));
  }


  /**
   * Seeds the tenants again if a Spring context's closing purged them ({@link #closeEarly()}),
   * into {@code databaseOf} the context the test now runs in: a test's, or a class's before
   * any of its tests began ({@code @DirtiesContext(classMode = BEFORE_CLASS)} closing the
   * cached context after the extension's beforeAll). A class's tenants purged after one of
   * its tests began are not seeded again, as its tests may depend on what the earlier ones
   * left: this throws, saying to seed them per test method. Throws what the early purge
   * failed with, if nothing threw it yet.
   */
  void seedAgainIfPurged(Function<ExtensionContext, SeedDatabase> databaseOf) {
    if (!closedEarly) {
      return;
    }
    if (context.getTestMethod().isEmpty() && begun.get()) {
      throw TenantDeclaration.misuse(context.getRequiredTestClass(), "the Spring ApplicationContext of the class "
          + "closed after a test (@DirtiesContext after a test method, or before each), and its per-class tenants ("
          + declarations.stream().filter(d -> d.lifecycle() == SeedTenant.Lifecycle.PER_CLASS)
              .map(TenantDeclaration::name).collect(Collectors.joining(", "))
          + ") were purged with it: per-class tenants need a context that lives for the whole class; declare "
          + "them with lifecycle = PER_METHOD, or dirty the context after the class only");
    }
    reopen(databaseOf.apply(context));
    seedAll();
  }

  private void reopen(SeedDatabase database) {
    synchronized (lock) {
      throwFailureOnce();
      this.database = database;
      attempts.clear();
      closed = false;
      closedEarly = false;
    }
  }

  SeedDatabase database() {
    return database;
  }

  /** What the class declared (a per-method holder repeats its class's declarations). */
  List<TenantDeclaration> declarations() {
    return declarations;
  }

  SeededTenants parent() {
    return parent;
  }

  /**
   * Seeds the tenants of {@code declarations}, each under the id {@code ids} gives it. Every
   * tenant is built (a file read and checked) before the first is seeded, so that a bad one
   * seeds nothing; each is recorded before its seed starts, so that {@link #close()} purges it
   * whatever happens next.
   */
  void seed(List<TenantDeclaration> declarations, java.util.function.Function<TenantDeclaration, UUID> ids) {
    List<Tenant> built = new ArrayList<>();
    for (TenantDeclaration declaration : declarations) {
      if (!declaration.rlsRole().isEmpty()) {
        String problem = database.checkRole(declaration.rlsRole());
        if (problem != null) {
          throw TenantDeclaration.misuse(declaration.testClass(), problem);
        }
      }
      built.add(declaration.build(ids.apply(declaration), database.owner()));
    }
    if (!built.isEmpty()) {
      database.opened(this);
    }
    for (int i = 0; i < built.size(); i++) {
      Tenant tenant = built.get(i);
      Attempt attempt = new Attempt(declarations.get(i), tenant.id());
      attempts.add(attempt);
      database.seed(tenant.graph());
      tenant.seededInto(database.owner());
      attempt.seeded = tenant;
    }
  }

  /** The tenants seeded here (not those of the parent), in declaration order. */
  List<Tenant> tenants() {
    synchronized (attempts) {
      return attempts.stream().map(a -> a.seeded).filter(java.util.Objects::nonNull).toList();
    }
  }

  /** A test or the setup failed: tenants declared with keepOnFailure stay. */
  void failed() {
    failed.set(true);
  }

  /**
   * Purges every tenant this seeded or tried to seed, but keeps those asked to stay after a
   * failure; throws a purge failure, this close's or an earlier {@link #closeEarly()}'s, once.
   */
  @Override
  public void close() {
    synchronized (lock) {
      purgeOnce();
      throwFailureOnce();
    }
  }

  /** Closes now, because the database is going away; a failure is thrown by the next {@link #close()}. */
  void closeEarly() {
    synchronized (lock) {
      if (!closed) {
        closedEarly = true;
        purgeOnce();
      }
    }
  }

  private void purgeOnce() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      purge();
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      database.closed(this);
    }
  }

  private void throwFailureOnce() {
    if (failure != null && !failureThrown) {
      failureThrown = true;
      throw failure;
    }
  }

  private void purge() {
    List<Attempt> reversed;
    synchronized (attempts) {
      reversed = new ArrayList<>(attempts);
    }
    Collections.reverse(reversed);
    boolean keep = failed.get() || context.getExecutionException().isPresent(); // a failed @BeforeAll, @AfterAll too
    RuntimeException first = null;
    for (Attempt attempt : reversed) {
      if (keep && attempt.declaration.keepOnFailure() && attempt.seeded != null) {
        System.err.println("tenant-seed: kept tenant " + attempt.tenantId + " ('" + attempt.declaration.name()
            + "', " + attempt.declaration.source() + ") of " + owner + " because a test failed, "
            + database.keep(attempt.tenantId) + "; the next run replaces it, `seed purge --tenant " + attempt.tenantId
            + " --yes` removes it");
        continue;
      }
      try {
        database.purge(attempt.tenantId);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
