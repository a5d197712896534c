package io.tenantseed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Multi-statement round trips read back part by part, against a real database. */
class RoundTripTest {

  private final DataSource dataSource = TestDatabase.shared().dataSource();

  @Test
  void eachPartBindsItsOwnParametersAndHasItsOwnValue() throws SQLException {
    RoundTrip trip = new RoundTrip();
    RoundTrip.Part<Integer> setting = trip.statement("set local statement_timeout = 0");
    RoundTrip.Part<String> greeting = trip.query("select ?::text || ' ' || ?::text",
        parameters -> {
          parameters.setString(2, "world");
          parameters.setString(1, "hello");
        }, result -> result.next() ? result.getString(1) : null);
    RoundTrip.Part<Integer> rows = trip.statement("select 1 where ? = ?", parameters -> {
      parameters.setInt(1, 1);
      parameters.setInt(2, 1);
    });
    RoundTrip.Part<List<Integer>> numbers = trip.query("select n from unnest(?::int4[]) as u(n) order by n desc",
        parameters -> parameters.setArray(1, "int4", List.of(1, 2, 3)), result -> {
          List<Integer> read = new java.util.ArrayList<>();
          while (result.next()) {
            read.add(result.getInt(1));
          }
          return read;
        });

    try (Connection connection = dataSource.getConnection()) {
      trip.execute(connection);
    }

    assertThat(setting.value()).isZero(); // a command's count
    assertThat(greeting.value()).isEqualTo("hello world");
    assertThat(rows.value()).isNull(); // rows, not read
    assertThat(numbers.value()).containsExactly(3, 2, 1);
  }

  @Test
  void thePartsTravelTogetherInOneImplicitTransaction() throws SQLException {
    RoundTrip trip = new RoundTrip();
    RoundTrip.Part<Long> first = trip.query("select txid_current()", parameters -> {}, RoundTripTest::single);
    RoundTrip.Part<Long> second = trip.query("select txid_current()", parameters -> {}, RoundTripTest::single);

    try (Connection connection = dataSource.getConnection()) {
      assertThat(connection.getAutoCommit()).isTrue();
      trip.execute(connection);
    }

    // With auto-commit on, statements sent in separate round trips run in separate transactions.
    assertThat(second.value()).isEqualTo(first.value());
  }

  @Test
  void theServerStopsAtTheFirstPartThatFails() throws SQLException {
    RoundTrip trip = new RoundTrip();
    trip.statement("select 1 / 0");
    RoundTrip.Part<Long> after = trip.query("select 1", parameters -> {}, RoundTripTest::single);

    try (Connection connection = dataSource.getConnection()) {
      assertThatThrownBy(() -> trip.execute(connection)).isInstanceOf(SQLException.class)
          .hasMessageContaining("division by zero");
    }
    assertThatThrownBy(after::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("has not run");
  }

  @Test
  void aBinderMustSetEveryParameterOfItsPartAndNoOther() throws SQLException {
    RoundTrip tooFew = new RoundTrip();
    tooFew.statement("select ?::int + ?::int", parameters -> parameters.setInt(1, 1));
    RoundTrip tooMany = new RoundTrip();
    tooMany.statement("select ?::int", parameters -> parameters.setInt(2, 1));

    try (Connection connection = dataSource.getConnection()) {
      assertThatThrownBy(() -> tooFew.execute(connection)).isInstanceOf(IllegalStateException.class)
          .hasMessage("a part's binder set 1 of its 2 parameters: select ?::int + ?::int");
      assertThatThrownBy(() -> tooMany.execute(connection)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("parameter 2 of a part with 1: select ?::int");
    }
  }

  @Test
  void placeholdersInQuotesAndCommentsAreNotParameters() {
    assertThat(RoundTrip.placeholders("select '?', \"a?\" from t where x = ? -- y = ?\n and z = ? /* ? */")).isEqualTo(2);
    assertThat(RoundTrip.placeholders("select 'it''s ?' where a ?? b and c = ?")).isEqualTo(1);
  }

  @Test
  void aRoundTripRunsOnce() throws SQLException {
    RoundTrip trip = new RoundTrip();
    trip.statement("select 1");
    try (Connection connection = dataSource.getConnection()) {
      trip.execute(connection);
      assertThatThrownBy(() -> trip.execute(connection)).isInstanceOf(IllegalStateException.class)
          .hasMessage("the round trip has run already");
    }
    assertThatThrownBy(() -> trip.statement("select 2")).isInstanceOf(IllegalStateException.class);
  }

  private static long single(java.sql.ResultSet result) throws SQLException {
    result.next();
    return result.getLong(1);
  }
}
