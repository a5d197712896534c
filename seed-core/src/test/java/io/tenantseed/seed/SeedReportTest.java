package io.tenantseed.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The seed report's line for people names every table by its own name, whatever the schema holds. */
class SeedReportTest {

  @Test
  void summaryNamesEachTableWithRowsByItsNameInForeignKeyOrder() {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("migration.client_accounts", 1L);
    rows.put("migration.users", 2L);
    rows.put("migration.crewai_flow_state_extensions", 1L);
    rows.put("migration.data_imports", 0L);
    rows.put("migration.assets", 50L);
    rows.put("migration.import_field_mappings", 3L);
    rows.put("migration.assessments", 1L);

    SeedReport report = new SeedReport(UUID.randomUUID(), "TechCorp Solutions", SeedReport.Outcome.SEEDED, rows,
        Duration.ofMillis(41));

    assertThat(report.summary()).isEqualTo("Seeded TechCorp Solutions: 1 client account, 2 users,"
        + " 1 crewai flow state extension, 50 assets, 3 import field mappings, 1 assessment in 41 ms");
  }

  @Test
  void oneRowOfATableNamedInThePluralReadsInTheSingular() {
    assertThat(SeedReport.noun("migration.client_accounts", 1)).isEqualTo("client account");
    assertThat(SeedReport.noun("migration.client_accounts", 2)).isEqualTo("client accounts");
    assertThat(SeedReport.noun("migration.client_accounts", 0)).isEqualTo("client accounts");
    assertThat(SeedReport.noun("migration.asset_dependencies", 1)).isEqualTo("asset dependency");
    assertThat(SeedReport.noun("audit_log", 1)).as("a name that is not a plural stays as it is").isEqualTo("audit log");
    assertThat(SeedReport.noun("audit_log", 3)).isEqualTo("audit log");
  }

  @Test
  void aReplacedTenantSaysSo() {
    SeedReport report = new SeedReport(UUID.randomUUID(), "Global Retail Inc", SeedReport.Outcome.REPLACED,
        Map.of("migration.assets", 1L), Duration.ofMillis(7));

    assertThat(report.summary()).isEqualTo("Replaced Global Retail Inc: 1 asset in 7 ms");
  }
}
