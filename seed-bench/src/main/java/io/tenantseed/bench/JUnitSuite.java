package io.tenantseed.bench;

import static io.tenantseed.schema.migration.Tables.ASSETS;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.Seeder;
import io.tenantseed.junit.SeedExtension;
import io.tenantseed.junit.SeedTenant;
import io.tenantseed.junit.Tenant;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test classes of benchmark 6: twenty that get TechCorp from {@code @SeedTenant}, twenty
 * that each clone a template database holding TechCorp and drop it, and twenty that seed and
 * purge TechCorp by hand. Each checks it sees TechCorp's 50 assets.
 */
public final class JUnitSuite {

  /** Set by the benchmark before the classes are loaded. */
  static volatile DataSource dataSource;
  static volatile DatabaseUrl admin;

  private JUnitSuite() {}

  @SeedTenant(fixture = "techcorp")
  public abstract static class Seeded {
    @RegisterExtension
    static SeedExtension seed = SeedExtension.forDataSource(dataSource);

    @Test
    void seesItsTenant(Tenant tenant, DSLContext db) {
      if (db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id())) != 50) {
        throw new AssertionError("expected TechCorp's 50 assets");
      }
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  public abstract static class Cloned {
    private final String name = "seed_bench_" + getClass().getSimpleName().toLowerCase(Locale.ROOT);
    private DatabaseUrl clone;

    @BeforeAll
    void cloneTheTemplate() throws Exception {
      for (int attempt = 1; ; attempt++) {
        try (Connection connection = admin.dataSource().getConnection(); Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE " + name + " TEMPLATE " + Isolation.TEMPLATE);
          break;
        } catch (SQLException e) {
          // Two clones of one template at once: PostgreSQL refuses the second while the
          // first copies ("source database is being accessed by other users"); retry.
          if (!"55006".equals(e.getSQLState()) || attempt == 100) {
            throw e;
          }
          Thread.sleep(5);
        }
      }
      clone = admin.withDatabase(name);
    }

    @Test
    void seesItsTenant() throws SQLException {
      try (Connection connection = clone.dataSource().getConnection(); Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT count(*) FROM migration.assets")) {
        row.next();
        if (row.getInt(1) != 50) {
          throw new AssertionError("expected TechCorp's 50 assets");
        }
      }
    }

    @AfterAll
    void dropTheClone() throws SQLException {
      try (Connection connection = admin.dataSource().getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  /** What a class would do without the extension: seed and purge by hand, same calls, same test. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  public abstract static class Manual {
    private final java.util.UUID id = Tenant.idFor(getClass(), "techcorp");

    @BeforeAll
    void seed() {
      Seeder.forDataSource(dataSource).seed(TechCorp.FIXTURE.build(id), SeedMode.REPLACE);
    }

    @Test
    void seesItsTenant() {
      if (DSL.using(dataSource, SQLDialect.POSTGRES).fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(id)) != 50) {
        throw new AssertionError("expected TechCorp's 50 assets");
      }
    }

    @AfterAll
    void purge() {
      Purger.forDataSource(dataSource).purge(List.of(id), PurgeOptions.DEFAULT);
    }
  }

  public static final class Seeded01 extends Seeded {}
  public static final class Seeded02 extends Seeded {}
  public static final class Seeded03 extends Seeded {}
  public static final class Seeded04 extends Seeded {}
  public static final class Seeded05 extends Seeded {}
  public static final class Seeded06 extends Seeded {}
  public static final class Seeded07 extends Seeded {}
  public static final class Seeded08 extends Seeded {}
  public static final class Seeded09 extends Seeded {}
  public static final class Seeded10 extends Seeded {}
  public static final class Seeded11 extends Seeded {}
  public static final class Seeded12 extends Seeded {}
  public static final class Seeded13 extends Seeded {}
  public static final class Seeded14 extends Seeded {}
  public static final class Seeded15 extends Seeded {}
  public static final class Seeded16 extends Seeded {}
  public static final class Seeded17 extends Seeded {}
  public static final class Seeded18 extends Seeded {}
  public static final class Seeded19 extends Seeded {}
  public static final class Seeded20 extends Seeded {}
  public static final class Cloned01 extends Cloned {}
  public static final class Cloned02 extends Cloned {}
  public static final class Cloned03 extends Cloned {}
  public static final class Cloned04 extends Cloned {}
  public static final class Cloned05 extends Cloned {}
  public static final class Cloned06 extends Cloned {}
  public static final class Cloned07 extends Cloned {}
  public static final class Cloned08 extends Cloned {}
  public static final class Cloned09 extends Cloned {}
  public static final class Cloned10 extends Cloned {}
  public static final class Cloned11 extends Cloned {}
  public static final class Cloned12 extends Cloned {}
  public static final class Cloned13 extends Cloned {}
  public static final class Cloned14 extends Cloned {}
  public static final class Cloned15 extends Cloned {}
  public static final class Cloned16 extends Cloned {}
  public static final class Cloned17 extends Cloned {}
  public static final class Cloned18 extends Cloned {}
  public static final class Cloned19 extends Cloned {}
  public static final class Cloned20 extends Cloned {}
  public static final class Manual01 extends Manual {}
  public static final class Manual02 extends Manual {}
  public static final class Manual03 extends Manual {}
  public static final class Manual04 extends Manual {}
  public static final class Manual05 extends Manual {}
  public static final class Manual06 extends Manual {}
  public static final class Manual07 extends Manual {}
  public static final class Manual08 extends Manual {}
  public static final class Manual09 extends Manual {}
  public static final class Manual10 extends Manual {}
  public static final class Manual11 extends Manual {}
  public static final class Manual12 extends Manual {}
  public static final class Manual13 extends Manual {}
  public static final class Manual14 extends Manual {}
  public static final class Manual15 extends Manual {}
  public static final class Manual16 extends Manual {}
  public static final class Manual17 extends Manual {}
  public static final class Manual18 extends Manual {}
  public static final class Manual19 extends Manual {}
  public static final class Manual20 extends Manual {}

  static List<Class<?>> of(String kind) {
    return switch (kind) {
      case "seeded" -> List.of(Seeded01.class, Seeded02.class, Seeded03.class, Seeded04.class, Seeded05.class, Seeded06.class, Seeded07.class, Seeded08.class, Seeded09.class, Seeded10.class, Seeded11.class, Seeded12.class, Seeded13.class, Seeded14.class, Seeded15.class, Seeded16.class, Seeded17.class, Seeded18.class, Seeded19.class, Seeded20.class);
      case "cloned" -> List.of(Cloned01.class, Cloned02.class, Cloned03.class, Cloned04.class, Cloned05.class, Cloned06.class, Cloned07.class, Cloned08.class, Cloned09.class, Cloned10.class, Cloned11.class, Cloned12.class, Cloned13.class, Cloned14.class, Cloned15.class, Cloned16.class, Cloned17.class, Cloned18.class, Cloned19.class, Cloned20.class);
      default -> List.of(Manual01.class, Manual02.class, Manual03.class, Manual04.class, Manual05.class, Manual06.class, Manual07.class, Manual08.class, Manual09.class, Manual10.class, Manual11.class, Manual12.class, Manual13.class, Manual14.class, Manual15.class, Manual16.class, Manual17.class, Manual18.class, Manual19.class, Manual20.class);
    };
  }
}
