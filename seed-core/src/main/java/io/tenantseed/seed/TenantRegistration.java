package io.tenantseed.seed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.internal.SchemaCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed's row in {@code seed_meta.tenants}: the tenant id, the fixture's name and version,
 * and the rows written per tenant table ({@code migration.assets} to its count), written in
 * the seed's transaction.
 *
 * <pre>
 * TenantRegistration.register(connection, graph, Map.of("migration.client_accounts", 1L, ...));
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class TenantRegistration {

  /** The registry row of a seed: four parameters, bound by {@link #bind}. */
  static final String REGISTER =
      "insert into seed_meta.tenants (tenant_id, fixture_name, fixture_version, row_counts) values (?, ?, ?, ?::jsonb)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TenantRegistration() {}

  /**
   * Registers a stored tenant that equals {@code graph} under the graph's fixture and version,
   * in place of whatever the registry said (keeping when it was seeded, if it says).
   */
  static void reregister(Connection connection, SchemaCatalog catalog, TenantGraph graph) throws SQLException {
    java.time.OffsetDateTime seededAt = null;
    try (PreparedStatement statement = connection.prepareStatement(
        "delete from seed_meta.tenants where tenant_id = ? returning seeded_at")) {
      statement.setObject(1, graph.tenantId());
      try (ResultSet result = statement.executeQuery()) {
        if (result.next()) {
          seededAt = result.getObject(1, java.time.OffsetDateTime.class);
        }
      }
    }
    Map<String, Long> rows = reportOrder(catalog, graph);
    rows.replaceAll((table, count) -> graph.rowCount(table.substring(catalog.schema.length() + 1)));
    try (PreparedStatement statement = connection.prepareStatement(
        "insert into seed_meta.tenants (tenant_id, fixture_name, fixture_version, row_counts, seeded_at)"
            + " values (?, ?, ?, ?::jsonb, coalesce(?::timestamptz, now()))")) {
      int parameter = bind(statement, 1, graph, rows);
      statement.setObject(parameter, seededAt, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
      statement.executeUpdate();
    }
  }

  /**
   * Every tenant table of the catalog, qualified, counted 0: the graph's tables first, in the
   * order the graph describes them (the order a report names them in), then the others in
   * the catalog's insert order. The seed puts each table's count in as it writes it.
   */
  static Map<String, Long> reportOrder(SchemaCatalog catalog, TenantGraph graph) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : graph.tables()) {
      rows.put(catalog.schema + "." + table, 0L);
    }
    for (String table : catalog.insertOrder()) {
      rows.putIfAbsent(catalog.schema + "." + table, 0L);
    }
    return rows;
  }

  /** Binds the four parameters of {@link #REGISTER} from {@code parameter} on; returns the next. */
  static int bind(PreparedStatement statement, int parameter, TenantGraph graph,
      Map<String, Long> rows) throws SQLException {
    ObjectNode counts = JSON.createObjectNode();
    rows.forEach(counts::put);
    statement.setObject(parameter, graph.tenantId());
    statement.setString(parameter + 1, graph.fixtureName());
    statement.setString(parameter + 2, graph.version());
    statement.setString(parameter + 3, counts.toString());
    return parameter + 4;
  }

  /** Binds the four parameters of {@link #REGISTER} to a part of a round trip. */
  static void bind(io.tenantseed.internal.RoundTrip.Parameters parameters, TenantGraph graph, Map<String, Long> rows)
      throws SQLException {
    ObjectNode counts = JSON.createObjectNode();
    rows.forEach(counts::put);
    parameters.setObject(1, graph.tenantId());
    parameters.setString(2, graph.fixtureName());
    parameters.setString(3, graph.version());
    parameters.setString(4, counts.toString());
  }

  /** Registers a seed of {@code graph} that wrote {@code rows} (qualified table to count). */
  static void register(Connection connection, TenantGraph graph, Map<String, Long> rows) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(REGISTER)) {
      bind(statement, 1, graph, rows);
      statement.executeUpdate();
    }
  }
}
