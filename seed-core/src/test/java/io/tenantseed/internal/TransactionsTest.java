package io.tenantseed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one transaction idiom, against a real database: what it commits, what it rolls back, what it keeps. */
class TransactionsTest {

  private static ScratchDatabase scratch;
  private static DataSource dataSource;

  @BeforeAll
  static void createTable() throws SQLException {
    scratch = TestDatabase.shared().createEmptyDatabase();
    dataSource = scratch.dataSource();
    execute("create table marks (name text primary key)");
  }

  @AfterAll
  static void dropDatabase() {
    scratch.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    execute("truncate marks");
  }

  @Test
  void inTransactionCommitsTheWorkReturnsItsValueAndRestoresAutoCommit() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      int inserted = Transactions.inTransaction(connection, c -> {
        assertThat(c.getAutoCommit()).isFalse();
        return insert(c, "committed");
      });

      assertThat(inserted).isOne();
      assertThat(connection.getAutoCommit()).isTrue();
    }
    assertThat(marks()).isEqualTo(1);
  }

  @Test
  void useTransactionRestoresAnAutoCommitThatWasOff() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);

      Transactions.useTransaction(connection, c -> insert(c, "committed"));

      assertThat(connection.getAutoCommit()).isFalse();
    }
    assertThat(marks()).isEqualTo(1);
  }

  @Test
  void anSqlExceptionRollsBackAndReachesTheCallerAsItWas() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      assertThatThrownBy(() -> Transactions.useTransaction(connection, c -> {
        insert(c, "rolled back");
        insert(c, "rolled back"); // the primary key refuses it
      })).isInstanceOf(SQLException.class).hasMessageContaining("duplicate key").satisfies(failure ->
          assertThat(failure.getSuppressed()).isEmpty());

      assertThat(connection.getAutoCommit()).isTrue();
      assertThat(marks(connection)).isZero(); // and the connection is usable again
    }
  }

  @Test
  void aRuntimeExceptionRollsBackToo() throws SQLException {
    IllegalStateException thrown = new IllegalStateException("the work gave up");
    try (Connection connection = dataSource.getConnection()) {
      assertThatThrownBy(() -> Transactions.useTransaction(connection, c -> {
        insert(c, "rolled back");
        throw thrown;
      })).isSameAs(thrown);

      assertThat(connection.getAutoCommit()).isTrue();
    }
    assertThat(marks()).isZero();
  }

  @Test
  void anErrorRollsBackToo() throws SQLException {
    AssertionError thrown = new AssertionError("out of memory, say");
    try (Connection connection = dataSource.getConnection()) {
      assertThatThrownBy(() -> Transactions.useTransaction(connection, c -> {
        insert(c, "rolled back");
        throw thrown;
      })).isSameAs(thrown);
    }
    assertThat(marks()).isZero();
  }

  @Test
  void workThatRollsBackByItselfLeavesNothingForTheCommit() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      String value = Transactions.inTransaction(connection, c -> {
        insert(c, "given up");
        c.rollback();
        return "gave up";
      });

      assertThat(value).isEqualTo("gave up");
      assertThat(connection.getAutoCommit()).isTrue();
    }
    assertThat(marks()).isZero();
  }

  @Test
  void aRollbackThatFailsIsKeptAsSuppressedOnTheFailureThatCausedIt() throws SQLException {
    IllegalStateException thrown = new IllegalStateException("the work failed");
    try (Connection connection = dataSource.getConnection()) {
      assertThatThrownBy(() -> Transactions.useTransaction(connection, c -> {
        insert(c, "lost with the connection");
        terminate(backend(c)); // the rollback that follows cannot reach the server
        throw thrown;
      })).isSameAs(thrown).satisfies(failure -> assertThat(failure.getSuppressed())
          .singleElement().isInstanceOf(SQLException.class));
    }
    assertThat(marks()).isZero();
  }

  private static int insert(Connection connection, String name) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("insert into marks (name) values (?)")) {
      insert.setString(1, name);
      return insert.executeUpdate();
    }
  }

  private static int backend(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
      result.next();
      return result.getInt(1);
    }
  }

  /** Ends the backend {@code pid} from another session, waiting until it has gone. */
  private static void terminate(int pid) throws SQLException {
    try (Connection other = dataSource.getConnection();
         PreparedStatement statement = other.prepareStatement("select pg_terminate_backend(?, 10000)")) {
      statement.setInt(1, pid);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        assertThat(result.getBoolean(1)).as("backend %d terminated", pid).isTrue();
      }
    }
  }

  private static long marks() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return marks(connection);
    }
  }

  private static long marks(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("select count(*) from marks")) {
      result.next();
      return result.getLong(1);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
