package io.tenantseed.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

  private final DSLContext db = DSL.using(TestDatabase.shared().dataSource(), SQLDialect.POSTGRES);

  @Test
  void theSharedDatabaseIsTheOneTheEnvironmentAskedFor() {
    String external = System.getenv(TestDatabase.URL_VARIABLE);

    if (external != null && !external.isBlank()) {
      assertThat(TestDatabase.shared().kind()).isEqualTo(TestDatabase.Kind.EXTERNAL);
      assertThat(TestDatabase.shared().url().database()).startsWith("seed_test_");
    } else {
      assertThat(TestDatabase.shared().kind()).isIn(TestDatabase.Kind.TESTCONTAINERS, TestDatabase.Kind.EMBEDDED);
    }
    assertThat(db.fetchOne("show server_version_num").get(0, Integer.class)).isBetween(150000, 159999);
  }

  @Test
  void anAdminUrlGetsAUniqueDatabaseThatIsDroppedOnClose() {
    TestDatabase external = TestDatabase.external(TestDatabase.shared().server());
    String name = external.url().database();
    try {
      assertThat(external.kind()).isEqualTo(TestDatabase.Kind.EXTERNAL);
      assertThat(name).matches("seed_test_\\d{8}_\\d{6}_[0-9a-f]{8}");
      assertThat(exists(name)).isTrue();
    } finally {
      external.close();
    }
    assertThat(exists(name)).isFalse();
  }

  @Test
  void scratchDatabasesAreDistinctAndDroppedOnClose() {
    String first;
    String second;
    try (ScratchDatabase a = TestDatabase.shared().createDatabase();
         ScratchDatabase b = TestDatabase.shared().createDatabase()) {
      first = a.url().database();
      second = b.url().database();
      assertThat(first).isNotEqualTo(second);
      assertThat(exists(first)).isTrue();
    }
    assertThat(exists(first)).isFalse();
    assertThat(exists(second)).isFalse();
  }

  private boolean exists(String database) {
    return db.fetchOne("select count(*) from pg_database where datname = ?", database).get(0, Integer.class) == 1;
  }
}
