package io.tenantseed.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

  private static final Map<String, String> BOTH = Map.of(
      "SEED_DATABASE_URL", "postgresql://seed@h1/a",
      "DATABASE_URL", "postgresql://app@h2/b");

  @Test
  void explicitUrlWinsOverEveryVariable() {
    DatabaseSettings settings = DatabaseSettings.resolve("jdbc:postgresql://h0/z", BOTH);

    assertThat(settings.source()).isEqualTo("--url");
    assertThat(settings.url().database()).isEqualTo("z");
  }

  @Test
  void seedDatabaseUrlWinsOverDatabaseUrl() {
    DatabaseSettings settings = DatabaseSettings.resolve(null, BOTH);

    assertThat(settings.source()).isEqualTo("SEED_DATABASE_URL");
    assertThat(settings.url().hosts()).isEqualTo("h1");
  }

  @Test
  void databaseUrlIsUsedWhenItIsTheOnlyOne() {
    DatabaseSettings settings = DatabaseSettings.resolve(" ", Map.of("DATABASE_URL", "postgresql://app@h2/b", "SEED_DATABASE_URL", ""));

    assertThat(settings.source()).isEqualTo("DATABASE_URL");
    assertThat(settings.url().hosts()).isEqualTo("h2");
  }

  @Test
  void defaultIsTheLocalDevelopmentDatabase() {
    DatabaseSettings settings = DatabaseSettings.resolve(null, Map.of());

    assertThat(settings.source()).isEqualTo("default");
    assertThat(settings.url().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/seed_dev");
    assertThat(settings.url().user()).contains("postgres");
  }

  @Test
  void anUnparsableValueSaysWhereItCameFrom() {
    assertThatThrownBy(() -> DatabaseSettings.resolve(null, Map.of("DATABASE_URL", "mysql://u:pw@h/d")))
        .isInstanceOf(InvalidDatabaseUrlException.class)
        .hasMessageStartingWith("DATABASE_URL: ")
        .message().doesNotContain("pw");
  }
}
