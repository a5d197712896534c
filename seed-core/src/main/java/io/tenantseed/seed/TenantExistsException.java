package io.tenantseed.seed;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The tenant to be seeded exists already, and the caller did not ask to replace it. The
 * message says what exists and which {@link SeedMode} would seed it anyway; a caller that
 * speaks to its users in other words (the {@code seed} command names its options) takes
 * {@link #situation()} and {@link #alternatives()} and phrases its own advice.
 *
 * <pre>
 * try {
 *   seeder.seed(graph);
 * } catch (TenantExistsException e) {
 *   e.getMessage();    // "tenant 1111... exists already (fixture techcorp version 3f2a...); seed it with
 *                      //  SeedMode.REPLACE to overwrite it, or SeedMode.IF_ABSENT to keep it"
 *   e.situation();     // "tenant 1111... exists already (fixture techcorp version 3f2a...)"
 *   e.alternatives();  // [REPLACE, IF_ABSENT]
 * }
 * </pre>
 */
public final class TenantExistsException extends SeedException {

  private final UUID tenantId;
  private final String situation;
  private final List<SeedMode> alternatives;

  TenantExistsException(UUID tenantId, String situation, List<SeedMode> alternatives) {
    super(ErrorCode.TENANT_EXISTS, situation + "; " + advice(alternatives));
    this.tenantId = tenantId;
    this.situation = situation;
    this.alternatives = List.copyOf(alternatives);
  }

  private static String advice(List<SeedMode> alternatives) {
    return "seed it with " + alternatives.stream().map(mode -> "SeedMode." + mode.name() + " to " + purpose(mode))
        .collect(Collectors.joining(", or "));
  }

  /**
   * What seeding in {@code mode} does to the existing tenant, as the advice says it ("overwrite
   * it"): for a caller that names the modes in its own words ("--replace to overwrite it").
   */
  public static String purpose(SeedMode mode) {
    return switch (mode) {
      case REPLACE -> "overwrite it";
      case IF_ABSENT -> "keep it";
      case FAIL_IF_EXISTS -> "refuse";
    };
  }

  public UUID tenantId() {
    return tenantId;
  }

  /** What exists, without the advice: "tenant 1111... exists already (fixture techcorp version 3f2a...)". */
  public String situation() {
    return situation;
  }

  /** The modes that would seed the graph anyway, the one that overwrites the tenant first. */
  public List<SeedMode> alternatives() {
    return alternatives;
  }
}
