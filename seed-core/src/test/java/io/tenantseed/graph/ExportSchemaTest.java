package io.tenantseed.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.ErrorCode;
import io.tenantseed.migrate.NotMigratedException;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** An export from a schema changed by hand names what the migrations define and the database lacks. */
class ExportSchemaTest {

  @Test
  void aDroppedColumnOrARenamedTableIsNamedNotAQueryThatFails() throws Exception {
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();
      Seeder.forDataSource(scratch.dataSource()).seed(graph);
      var db = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      assertThat(CanonicalExport.toJson(db, graph.tenantId())).isEqualTo(CanonicalExport.toJson(graph));

      execute(scratch, "alter table migration.assets drop column hostname");
      assertThatThrownBy(() -> CanonicalExport.toJson(db, graph.tenantId()))
          .isInstanceOf(NotMigratedException.class)
          .hasMessageContaining("the migrations define column hostname of table migration.assets, which the"
              + " database lacks")
          .satisfies(e -> assertThat(((NotMigratedException) e).errorCode()).isEqualTo(ErrorCode.MIGRATION_FAILED));

      execute(scratch, "alter table migration.import_field_mappings rename to field_mappings");
      assertThatThrownBy(() -> CanonicalExport.toJson(db, graph.tenantId()))
          .isInstanceOf(NotMigratedException.class)
          .hasMessageContaining("table migration.import_field_mappings");
    }
  }

  private static void execute(ScratchDatabase scratch, String sql) throws Exception {
    try (Connection connection = scratch.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
