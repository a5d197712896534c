package io.tenantseed.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The tenants seeded for one test class (or one test method), kept in the extension's store:
 * closing it purges them, whether the tests passed, failed, or the class never started.
 * Tenants of enclosing classes are reached through {@link #parent()}.
 */
final class SeededTenants implements AutoCloseable {

  private final SeedDatabase database;
  private final List<TenantDeclaration> declarations;
  private final SeededTenants parent;
  private final String owner;
  private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean failed = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** What a {@link #closeEarly()} failed with, for the close that follows it to throw. */
  private volatile RuntimeException earlyFailure;

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

  SeededTenants(SeedDatabase database, List<TenantDeclaration> declarations, SeededTenants parent, String owner) {
    this.database = database;
    this.declarations = declarations;
    this.parent = parent;
    this.owner = owner;
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

  /** Purges every tenant this seeded or tried to seed, but keeps those asked to stay after a failure. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      RuntimeException early = earlyFailure;
      earlyFailure = null;
      if (early != null) {
        throw early;
      }
      return;
    }
    try {
      purge();
    } finally {
      database.closed(this);
    }
  }

  /** Closes now, because the database is going away; a failure is thrown by the next {@link #close()}. */
  void closeEarly() {
    try {
      close();
    } catch (RuntimeException e) {
      earlyFailure = e;
    }
  }

  private void purge() {
    List<Attempt> reversed;
    synchronized (attempts) {
      reversed = new ArrayList<>(attempts);
    }
    Collections.reverse(reversed);
    RuntimeException failure = null;
    for (Attempt attempt : reversed) {
      if (failed.get() && attempt.declaration.keepOnFailure() && attempt.seeded != null) {
        System.err.println("tenant-seed: kept tenant " + attempt.tenantId + " ('" + attempt.declaration.name()
            + "', " + attempt.declaration.source() + ") of " + owner + " because a test failed, "
            + database.keep(attempt.tenantId) + "; the next run replaces it, `seed purge --tenant " + attempt.tenantId
            + " --yes` removes it");
        continue;
      }
      try {
        database.purge(attempt.tenantId);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
