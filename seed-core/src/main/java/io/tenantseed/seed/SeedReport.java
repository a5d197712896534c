package io.tenantseed.seed;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * What one seed did.
 *
 * @param tenantId the tenant
 * @param tenantName its name
 * @param outcome seeded, replaced, left unchanged, or left unchanged and registered
 * @param rows rows written per table (qualified name), in foreign-key order; empty when unchanged
 * @param elapsed wall time of the whole transaction
 */
public record SeedReport(UUID tenantId, String tenantName, Outcome outcome, Map<String, Long> rows, Duration elapsed) {

  /** How a seed ended. */
  public enum Outcome {
    /** The tenant was absent and has been written. */
    SEEDED,
    /** The tenant existed and has been removed and written again. */
    REPLACED,
    /** The registry showed the same fixture version: nothing was written. */
    UNCHANGED,
    /**
     * The tenant's stored rows were the graph's already, but the registry said otherwise (or
     * nothing): no row was written, and the registry now names the graph's fixture and version.
     */
    REGISTERED
  }

  public SeedReport {
    rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
  }

  public long totalRows() {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * One line for people, e.g. "Seeded TechCorp Solutions: 1 client account, 2 users, 50
   * assets in 41 ms". Tables without rows are left out. Each table is named by its own name
   * (see {@link #noun}), so a table added by a migration reads like the others.
   */
  public String summary() {
    if (outcome == Outcome.UNCHANGED) {
      return "Unchanged " + tenantName + ": the same fixture version is seeded already";
    }
    if (outcome == Outcome.REGISTERED) {
      return "Unchanged " + tenantName + ": its rows are the fixture's already; registered it as that fixture";
    }
    StringJoiner parts = new StringJoiner(", ");
    rows.forEach((table, count) -> {
      if (count > 0) {
        parts.add(count + " " + noun(table, count));
      }
    });
    return (outcome == Outcome.REPLACED ? "Replaced " : "Seeded ") + tenantName + ": " + parts
        + " in " + elapsed.toMillis() + " ms";
  }

  /**
   * The words for {@code count} rows of {@code table}, from its name alone: the schema's
   * prefix dropped, underscores read as spaces, the name as it is for the plural, and for one
   * row a trailing "ies" read as "y" and any other trailing "s" dropped.
   *
   * <pre>
   * noun("migration.client_accounts", 2);              // "client accounts"
   * noun("migration.crewai_flow_state_extensions", 1); // "crewai flow state extension"
   * noun("migration.policies", 1);                     // "policy"
   * </pre>
   */
  static String noun(String table, long count) {
    String words = table.substring(table.indexOf('.') + 1).replace('_', ' ');
    if (count == 1 && words.endsWith("ies")) {
      return words.substring(0, words.length() - 3) + "y";
    }
    if (count == 1 && words.endsWith("s") && words.length() > 1) {
      return words.substring(0, words.length() - 1);
    }
    return words;
  }
}
