package io.tenantseed.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.testing.PlatformMigrations;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link SchemaCatalogTest}, on a database given the test-only migration
 * ({@code V900__assets_ai_summary_and_assessments.sql}) after the project's: a table added
 * the way the migrations add tables meets them all, and the rules follow it.
 */
class EvolvedSchemaCatalogTest extends SchemaCatalogTest {

  private static ScratchDatabase evolved;

  @Override
  DataSource dataSource() {
    synchronized (EvolvedSchemaCatalogTest.class) {
      if (evolved == null) {
        evolved = TestDatabase.shared().createMigratedDatabaseWith(PlatformMigrations.evolutionDirectory());
      }
      return evolved.dataSource();
    }
  }

  @Test
  void theTestOnlyTableIsAmongTheTenantTablesChecked() {
    assertThat(Catalog.tenantTables(db)).contains("assessments");
  }

  @Test
  void theTestRowsOfEveryTenantTableFillTheTestOnlyTableToo() {
    UUID tenant = UUID.randomUUID();

    TenantRows.insert(db, tenant, 2);

    assertThat(db.fetchValue("select count(*) from migration.assessments where client_account_id = ?"
        + " and engagement_id = ? and asset_id in (?, ?)", tenant, TenantRows.engagement(tenant),
        TenantRows.asset(tenant, 0), TenantRows.asset(tenant, 1))).isEqualTo(1L);
  }

  @AfterAll
  static void dropIt() {
    if (evolved != null) {
      evolved.close();
    }
  }
}
