package io.tenantseed.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

  @Test
  void theUnmaskedFormParsesBackToTheSameAddressWhileToStringHidesThePassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:p%40ss%2Fw%3Ard@db.example:6432/seed_dev?sslmode=require");

    assertThat(DatabaseUrl.parse(url.unmasked())).isEqualTo(url);
    assertThat(url.unmasked()).contains("p%40ss%2Fw%3Ard");
    assertThat(url.toString()).doesNotContain("p%40ss").contains(":***@");
  }

  @Test
  void libpqFormMovesCredentialsOutOfTheJdbcUrl() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s3cret@db.internal:5433/platform?sslmode=require");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/platform?sslmode=require");
    assertThat(url.user()).contains("app");
    assertThat(url.hasPassword()).isTrue();
    assertThat(url.database()).isEqualTo("platform");
    assertThat(url.parameters()).containsEntry("sslmode", "require");
  }

  @Test
  void postgresSchemeIsAcceptedLikePostgresql() {
    assertThat(DatabaseUrl.parse("postgres://u@h/d").jdbcUrl()).isEqualTo("jdbc:postgresql://h/d");
  }

  @Test
  void jdbcFormTakesUserAndPasswordFromItsParameters() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/seed_dev?user=postgres&password=pw&ssl=false");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/seed_dev?ssl=false");
    assertThat(url.user()).contains("postgres");
    assertThat(url.hasPassword()).isTrue();
  }

  @Test
  void passwordNeverAppearsInToStringOrDescribe() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:topsecret@db:5432/x?password=alsosecret");

    assertThat(url.toString()).doesNotContain("topsecret", "alsosecret").contains("app:***@db:5432/x");
    assertThat(url.describe()).doesNotContain("secret");
    assertThat(url.jdbcUrl()).doesNotContain("secret");
  }

  @Test
  void percentEscapesAreDecodedAndPlusStaysPlus() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://us%40er:p%3Aw+d@h/my%20db");

    assertThat(url.user()).contains("us@er");
    assertThat(url.database()).isEqualTo("my db");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/my%20db");
  }

  @Test
  void missingDatabaseDefaultsToTheUserNameAsLibpqDoes() {
    assertThat(DatabaseUrl.parse("postgresql://alice@h").database()).isEqualTo("alice");
    assertThat(DatabaseUrl.parse("postgresql://h:5432/").database()).isEqualTo("postgres");
  }

  @Test
  void missingHostMeansLocalhost() {
    assertThat(DatabaseUrl.parse("postgresql:///seed_dev").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/seed_dev");
  }

  @Test
  void ipv6AndSeveralHostsAreKept() {
    assertThat(DatabaseUrl.parse("postgresql://[::1]:5432/d").hosts()).isEqualTo("[::1]:5432");
    assertThat(DatabaseUrl.parse("postgresql://a:5432,b:5433/d").jdbcUrl()).isEqualTo("jdbc:postgresql://a:5432,b:5433/d");
  }

  @Test
  void libpqParameterNamesBecomePgjdbcNames() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://h/d?connect_timeout=5&application_name=seed");

    assertThat(url.parameters()).containsEntry("connectTimeout", "5").containsEntry("ApplicationName", "seed");
  }

  @Test
  void withDatabaseKeepsServerAndCredentials() {
    DatabaseUrl other = DatabaseUrl.parse("postgresql://u:p@h:1/a").withDatabase("b");

    assertThat(other.jdbcUrl()).isEqualTo("jdbc:postgresql://h:1/b");
    assertThat(other.toString()).isEqualTo("postgresql://u:***@h:1/b");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "   ",
      "mysql://u:pw@h/d",
      "http://h/d",
      "postgresql://u:pw@h:notaport/d",
      "postgresql://u:pw@h:70000/d",
      "postgresql://u:pw@h:0/d",
      "postgresql://u:pw@[::1/d",
      "postgresql://u:pw@h/d%zz",
      "postgresql://u:pw@h/a/b",
      "postgresql://u:pw@h/d#frag",
      "postgresql://u:pw@ho st/d"})
  void malformedUrlsAreRejectedWithoutShowingThePassword(String text) {
    assertThatThrownBy(() -> DatabaseUrl.parse(text))
        .isInstanceOf(InvalidDatabaseUrlException.class)
        .satisfies(e -> assertThat(((InvalidDatabaseUrlException) e).errorCode()).isEqualTo(ErrorCode.BAD_INPUT))
        .message()
        .doesNotContain("pw@")
        .doesNotContain(":pw")
        .doesNotContain("\n");
  }

  @Test
  void rawSlashesQuestionMarksAndAtSignsInAPasswordAreTakenAsThePassword() {
    DatabaseUrl slash = DatabaseUrl.parse("postgresql://app:Secr/etPass@db:5432/platform");
    DatabaseUrl question = DatabaseUrl.parse("postgresql://app:a?b@c@db/platform?application_name=x@y");

    assertThat(slash.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/platform");
    assertThat(slash.toString()).isEqualTo("postgresql://app:***@db:5432/platform");
    assertThat(question.hosts()).isEqualTo("db");
    assertThat(question.database()).isEqualTo("platform");
    assertThat(question.parameters()).containsEntry("ApplicationName", "x@y");
    assertThat(question.toString()).doesNotContain("a?b@c");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "postgresql://app:Secr/etPass@db:notaport/platform",
      "postgresql://app:1234/TopSecret@db:99999/platform",
      "postgresql://app:Top/Secret@bad host/platform"})
  void errorsNeverQuoteAPartOfTheUrlThatCouldBeAPassword(String text) {
    assertThatThrownBy(() -> DatabaseUrl.parse(text))
        .isInstanceOf(InvalidDatabaseUrlException.class)
        .message().doesNotContain("Secr").doesNotContain("Secret").doesNotContain("etPass");
  }

  @Test
  void passwordLikeParametersAreMaskedWhenPrinted() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://u@h/d?sslpassword=KeyPass123&sslmode=verify-full");

    assertThat(url.toString()).isEqualTo("postgresql://u@h/d?sslpassword=***&sslmode=verify-full");
    assertThat(url.jdbcUrl()).contains("sslpassword=KeyPass123");
  }

  @Test
  void targetSessionAttrsAreTranslatedToPgjdbcWords() {
    assertThat(DatabaseUrl.parse("postgresql://h/d?target_session_attrs=read-write").parameters())
        .containsEntry("targetServerType", "primary");
    assertThat(DatabaseUrl.parse("postgresql://h/d?target_session_attrs=prefer-standby").parameters())
        .containsEntry("targetServerType", "preferSecondary");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/d?target_session_attrs=sometimes"))
        .isInstanceOf(InvalidDatabaseUrlException.class)
        .hasMessageContaining("unknown target_session_attrs");
  }

  @Test
  void nullUrlIsRejected() {
    assertThatThrownBy(() -> DatabaseUrl.parse(null)).isInstanceOf(InvalidDatabaseUrlException.class);
  }

  @Test
  void redactMasksPasswordsInTextThatCouldNotBeParsed() {
    assertThat(DatabaseUrl.redact("mysql://me:hunter2@h/d?password=x&a=b")).isEqualTo("mysql://me:***@h/d?password=***&a=b");
  }

  @Test
  void parametersPgjdbcWouldRejectAreNamedBeforeAnyConnection() {
    assertInvalid("postgresql://u@127.0.0.1/d?connect_timeout=abc", "has an invalid connect_timeout 'abc': expected a"
        + " whole number");
    assertInvalid("postgresql://u@127.0.0.1/d?sslmode=bogus", "has an invalid sslmode 'bogus': expected one of disable,"
        + " allow, prefer, require, verify-ca, verify-full");
    assertInvalid("postgresql://u@127.0.0.1/d?keepalives=yes", "has an invalid keepalives 'yes': expected 1 or 0");
    assertInvalid("jdbc:postgresql://127.0.0.1/d?tcpKeepAlive=maybe", "invalid tcpKeepAlive 'maybe': expected true or"
        + " false");
    assertInvalid("postgresql://u@127.0.0.1/d?frobnicate=1", "has an unknown parameter 'frobnicate' (neither a libpq"
        + " parameter nor a pgjdbc property)");
    assertInvalid("postgresql://u@127.0.0.1/d?sslcrl=/etc/crl.pem", "has the libpq parameter 'sslcrl', which pgjdbc"
        + " does not support");
    assertInvalid("postgresql://u@127.0.0.1/d?port=0", "invalid port");
    assertInvalid("postgresql://u@127.0.0.1/d?sslpassword=Secret1&connect_timeout=x", "connect_timeout 'x'");
  }

  @Test
  void aUnixSocketIsRefusedWithAClearLine() {
    assertInvalid("postgresql://postgres@/postgres?host=/var/run/postgresql", "names a unix-domain socket"
        + " (/var/run/postgresql), which the seed command cannot use (pgjdbc needs junixsocket for sockets)");
    assertInvalid("postgresql://%2Fvar%2Frun%2Fpostgresql/postgres", "names a unix-domain socket");
  }

  @Test
  void libpqHostPortAndValueSpellingsBecomePgjdbcs() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql:///d?host=db1,db2:6543&port=5433&keepalives=1"
        + "&load_balance_hosts=random&channel_binding=require&fallback_application_name=seed");

    assertThat(url.hosts()).isEqualTo("db1:5433,db2:6543");
    assertThat(url.parameters()).containsEntry("tcpKeepAlive", "true").containsEntry("loadBalanceHosts", "true")
        .containsEntry("channelBinding", "require").containsEntry("ApplicationName", "seed");
  }

  private static void assertInvalid(String text, String message) {
    assertThatThrownBy(() -> DatabaseUrl.parse(text))
        .isInstanceOf(InvalidDatabaseUrlException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("Secret1")
        .satisfies(e -> assertThat(((InvalidDatabaseUrlException) e).errorCode()).isEqualTo(ErrorCode.BAD_INPUT));
  }
}
