package io.tenantseed.cli;

import io.tenantseed.ErrorCode;
import io.tenantseed.seed.Registry;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.TenantExistsException;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A {@link TenantExistsException} told in the command's own words: the options of
 * {@code seed load} (and {@code seed clone}) instead of the {@link SeedMode} names a Java caller reads.
 *
 * <pre>
 * catch (TenantExistsException e) {
 *   throw TenantExists.forCommand("load", e);   // "tenant 1111... exists already (...); load it with --replace to
 * }                                  //  overwrite it, or with --if-absent to keep it"
 * </pre>
 */
final class TenantExists {

  private TenantExists() {}

  /** For {@code seed load} or {@code seed clone}, which share the options that choose the mode. */
  static CliException forCommand(String command, TenantExistsException e) {
    return new CliException(ErrorCode.TENANT_EXISTS, e.situation() + "; " + command + " it with " + e.alternatives().stream()
        .map(mode -> option(mode) + " to " + TenantExistsException.purpose(mode))
        .collect(Collectors.joining(", or with ")), e);
  }

  /**
   * Refuses, before any work, to seed tenant {@code tenant} in {@code mode} when it exists and
   * the mode does not allow that ({@link SeedMode#FAIL_IF_EXISTS}): in the words the seed's own
   * refusal would use, which still stands, in its transaction, should the tenant appear meanwhile.
   */
  static void refuseUpFront(Registry registry, UUID tenant, SeedMode mode, String command) {
    // Before the first migration there is nothing to exist; the seed says the schema is missing.
    if (mode != SeedMode.FAIL_IF_EXISTS || !registry.accountsTableExists() || !registry.accountExists(tenant)) {
      return;
    }
    String registered = registry.tenant(tenant).filter(t -> t.fixtureName() != null)
        .map(t -> " (fixture " + t.fixtureName() + " version " + t.fixtureVersion() + ")")
        .orElse(" (not registered by tenant-seed)");
    throw new CliException(ErrorCode.TENANT_EXISTS, "tenant " + tenant + " exists already" + registered + "; " + command
        + " it with " + option(SeedMode.REPLACE) + " to " + TenantExistsException.purpose(SeedMode.REPLACE) + ", or with "
        + option(SeedMode.IF_ABSENT) + " to " + TenantExistsException.purpose(SeedMode.IF_ABSENT));
  }

  /** For a command that loads {@code fixture} by itself (init-dev-db, reset): {@code seed load} replaces it. */
  static CliException forFixture(TenantExistsException e, String fixture) {
    return new CliException(ErrorCode.TENANT_EXISTS, e.situation() + "; seed load " + fixture + " "
        + option(SeedMode.REPLACE) + " overwrites it", e);
  }

  /** The option of {@code seed load} for {@code mode} (as {@link LoadCommand.Mode} declares it). */
  static String option(SeedMode mode) {
    return switch (mode) {
      case REPLACE -> "--replace";
      case IF_ABSENT -> "--if-absent";
      case FAIL_IF_EXISTS -> "neither --replace nor --if-absent";
    };
  }
}
