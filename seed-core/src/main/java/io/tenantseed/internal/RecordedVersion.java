package io.tenantseed.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Set;

/**
 * Internal. The one rule for "the version" of a schema, which {@code Migrator.status()} (and
 * so {@code seed status} and {@code seed migrate}) and a purge plan both show: the highest
 * version among the versioned migrations its Flyway history records as applied successfully
 * and not deleted or undone since (by a later {@code DELETE} row, what {@code flyway repair}
 * writes for a migration it marks deleted, or an {@code UNDO} row). Schema creation and
 * baseline markers are not migrations. Read with one query, without Flyway; changes nothing.
 *
 * <pre>
 * RecordedVersion.of(connection, "migration");   // "003"
 * </pre>
 */
public final class RecordedVersion {

  /** The history table Flyway keeps in each schema it migrates. */
  public static final String HISTORY_TABLE = "flyway_schema_history";
  /** The version of a schema without a Flyway history (or without any migration in it). */
  public static final String NONE = "none";
  /** The version of a schema whose history the connecting role may not read. */
  public static final String UNKNOWN = "unknown";

  /** Undefined table, undefined schema: there is no history. */
  private static final Set<String> NO_HISTORY = Set.of("42P01", "3F000");
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private RecordedVersion() {}

  /**
   * The version of {@code schema}: as above, {@value #NONE} where it has no Flyway history or
   * no migration recorded there (created by hand, or migrated with {@code psql}), and
   * {@value #UNKNOWN} where the connecting role may not read the history. On a connection
   * inside a transaction, a failed read is rolled back to a savepoint, so the transaction
   * goes on.
   */
  public static String of(Connection connection, String schema) throws SQLException {
    String history = SchemaCatalog.quote(schema) + "." + SchemaCatalog.quote(HISTORY_TABLE);
    // Flyway orders versions by their numeric parts: 010 after 9, 1.10 after 1.9.
    String sql = "select h.version from " + history + " h"
        + " where h.success and h.version is not null"
        + " and h.type not in ('SCHEMA', 'BASELINE', 'DELETE') and h.type not like 'UNDO%'"
        + " and not exists (select 1 from " + history + " later where later.version = h.version"
        + " and later.installed_rank > h.installed_rank and (later.type = 'DELETE' or later.type like 'UNDO%'))"
        + " order by string_to_array(h.version, '.')::numeric[] desc limit 1";
    // Asked first, of the catalog every role may read (to_regclass needs USAGE on the schema),
    // so that a schema without a history leaves no ERROR in the server's log.
    try (java.sql.PreparedStatement exists = connection.prepareStatement("select exists (select 1"
        + " from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
        + " where n.nspname = ? and c.relname = ?)")) {
      exists.setString(1, schema);
      exists.setString(2, HISTORY_TABLE);
      try (ResultSet result = exists.executeQuery()) {
        if (!result.next() || !result.getBoolean(1)) {
          return NONE;
        }
      }
    }
    Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      String version = result.next() ? result.getString(1) : NONE;
      if (savepoint != null) {
        connection.releaseSavepoint(savepoint);
      }
      return version;
    } catch (SQLException e) {
      String state = e.getSQLState();
      boolean answered = NO_HISTORY.contains(state) || INSUFFICIENT_PRIVILEGE.equals(state);
      if (savepoint != null && answered) {
        connection.rollback(savepoint);
      }
      if (NO_HISTORY.contains(state)) {
        return NONE;
      }
      if (INSUFFICIENT_PRIVILEGE.equals(state)) {
        return UNKNOWN;
      }
      throw e;
    }
  }
}
