package io.tenantseed.seed;

import static io.tenantseed.graph.Tenants.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.graph.AssetBuilder;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a listener hears of a COPY the database refuses partway: its last count is true. The
 * assets table is written as two COPY statements (a change of the columns the rows set starts
 * a new one): 12,000 rows, then 18,000 that also set a column {@code note}. Counts are
 * reported every 10,000 rows sent (at 10,000 and 20,000); the refusal comes at the 21,000th
 * asset, line 9,000 of the second statement, after 20,000 rows were reported sent.
 */
class CopyProgressTest {

  private static final int FIRST_STATEMENT = 12_000;
  private static final int ASSETS = 30_000;
  /** The asset refused: the 21,000th, line 9,000 of the second COPY. */
  private static final int REFUSED = 21_000;

  private ScratchDatabase database;
  private DSLContext db;
  private final List<Long> reported = new ArrayList<>();
  private final SeedListener listener = new SeedListener() {
    @Override
    public void rowsWritten(String table, long rows) {
      if (table.equals("migration.assets")) {
        reported.add(rows);
      }
    }
  };

  @BeforeEach
  void databaseWithAnExtraColumn() {
    database = TestDatabase.shared().createDatabase();
    db = DSL.using(database.dataSource(), SQLDialect.POSTGRES);
    db.execute("alter table migration.assets add column note text");
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void aRowRefusedByATriggerInTheSecondCopyIsReportedAtTheRowsTheDatabaseTookBeforeIt() {
    db.execute("create sequence public.asset_count");
    db.execute("create function public.refuse_an_asset() returns trigger language plpgsql as $$ begin"
        + " if nextval('public.asset_count') = " + REFUSED + " then raise exception 'asset refused'; end if;"
        + " return new; end $$");
    db.execute("create trigger refuse_an_asset before insert on migration.assets for each row"
        + " execute function public.refuse_an_asset()");

    assertRefused(graph((i, asset) -> { }), "asset refused");

    assertThat(reported).containsExactly(10_000L, 20_000L, REFUSED - 1L);
  }

  @Test
  void aPrimaryKeyClashInTheSecondCopyIsReportedAtTheRowsTheDatabaseTookBeforeIt() {
    long high = UUID.randomUUID().getMostSignificantBits();
    // Every asset its own id, but the refused one: it takes the first asset's.
    assertRefused(graph((i, asset) -> asset.id(new UUID(high, i == REFUSED - 1 ? 0 : i))), "assets_pkey");

    assertThat(reported).containsExactly(10_000L, 20_000L, REFUSED - 1L);
  }

  @Test
  void aForeignKeyCheckedAfterTheInputIsReportedAtTheRowsOfTheEarlierStatements() {
    // PostgreSQL checks foreign keys once the COPY has read its input: its error names no line.
    assertRefused(graph((i, asset) -> {
      if (i == REFUSED - 1) {
        asset.set("master_flow_id", UUID.randomUUID());
      }
    }), "foreign key");

    assertThat(reported).containsExactly(10_000L, 20_000L, (long) FIRST_STATEMENT);
  }

  private void assertRefused(TenantGraph graph, String reason) {
    assertThatThrownBy(() -> Seeder.forDataSource(database.dataSource()).listener(listener).seed(graph))
        .isInstanceOf(UnableToSeedException.class)
        .hasMessageContaining("failed at migration.assets: ")
        .hasMessageContaining(reason);
    assertThat(db.fetchCount(DSL.table("migration.assets"))).isZero();
  }

  /** 30,000 servers, those after the first 12,000 with a note, each customised by {@code also}. */
  private static TenantGraph graph(BiConsumer<Integer, AssetBuilder> also) {
    return tenant(UUID.randomUUID()).engagement("e", e -> e.assets(ASSETS, (i, asset) -> {
      asset.server();
      if (i >= FIRST_STATEMENT) {
        asset.set("note", "second statement");
      }
      also.accept(i, asset);
    })).build();
  }
}
