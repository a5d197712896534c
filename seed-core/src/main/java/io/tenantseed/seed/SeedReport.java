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

  private static final Map<String, String[]> NOUNS = Map.of(
      "client_accounts", new String[] {"client account", "client accounts"},
      "users", new String[] {"user", "users"},
      "engagements", new String[] {"engagement", "engagements"},
      "crewai_flow_state_extensions", new String[] {"master flow", "master flows"},
      "discovery_flows", new String[] {"discovery flow", "discovery flows"},
      "assessment_flows", new String[] {"assessment flow", "assessment flows"},
      "data_imports", new String[] {"data import", "data imports"},
      "assets", new String[] {"asset", "assets"},
      "import_field_mappings", new String[] {"field mapping", "field mappings"});

  public SeedReport {
    rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
  }

  public long totalRows() {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * One line for people, e.g. "Seeded TechCorp Solutions: 1 client account, 2 users, 50
   * assets in 41 ms". Tables without rows are left out.
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
        String bare = table.substring(table.indexOf('.') + 1);
        String[] noun = NOUNS.getOrDefault(bare, new String[] {bare + " row", bare + " rows"});
        parts.add(count + " " + (count == 1 ? noun[0] : noun[1]));
      }
    });
    return (outcome == Outcome.REPLACED ? "Replaced " : "Seeded ") + tenantName + ": " + parts
        + " in " + elapsed.toMillis() + " ms";
  }
}
