package io.tenantseed.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** The line of a refused COPY, read from the context of the server's error as the driver receives it. */
class CopyFailureTest {

  @Test
  void theLineIsReadFromTheContextInEnglishAndInOtherLanguages() {
    assertThat(CopyFailure.acceptedLines(refusal("COPY assets, line 15000, column hostname: \"x\"")))
        .isEqualTo(OptionalLong.of(14_999));
    assertThat(CopyFailure.acceptedLines(refusal("COPY assets, Zeile 15000, Spalte hostname: \u00bbx\u00ab")))
        .isEqualTo(OptionalLong.of(14_999));
    assertThat(CopyFailure.acceptedLines(refusal("COPY assets, строка 7")))
        .isEqualTo(OptionalLong.of(6));
    assertThat(CopyFailure.acceptedLines(refusal("PL/pgSQL function refuse() line 1 at RAISE\nCOPY assets, line 9000")))
        .as("a trigger's line is not the COPY's").isEqualTo(OptionalLong.of(8_999));
  }

  @Test
  void anErrorWithoutACopyLineNamesNone() {
    assertThat(CopyFailure.acceptedLines(refusal("SQL statement \"SELECT 1 FROM ONLY migration.master_flows x\"")))
        .isEmpty();
    assertThat(CopyFailure.acceptedLines(new SQLException("connection lost"))).isEmpty();
  }

  /** An error as PostgreSQL sends it: severity, SQLSTATE, message and the context ("where"), NUL-separated. */
  private static PSQLException refusal(String where) {
    return new PSQLException(new ServerErrorMessage("SERROR\u0000C23505\u0000Mrefused\u0000W" + where + "\u0000"));
  }
}
