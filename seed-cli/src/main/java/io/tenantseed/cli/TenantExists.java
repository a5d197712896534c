package io.tenantseed.cli;

import io.tenantseed.ErrorCode;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.TenantExistsException;
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
