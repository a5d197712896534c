package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.ErrorCode;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * An import stores exactly what its file says, or refuses it naming the table, the row's
 * key and the column; and whatever an export writes, its import reads back. Each case is an
 * edited export, read and loaded through seed-core.
 */
class ExactImportTest {

  /** Escapes every non-ASCII character, as a file may: a lone surrogate has no UTF-8 form of its own. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private final DataSource dataSource = TestDatabase.shared().dataSource();

  @Test
  void aNumberWithMoreDecimalPlacesThanItsColumnIsRefusedNotRounded() {
    assertRefused(asset(a -> a.put("cpu_utilization_percent", new BigDecimal("100.004"))),
        "column cpu_utilization_percent: 100.004 has more decimal places than the 2 of numeric(5,2)");
    assertRefused(asset(a -> a.put("confidence_score", new BigDecimal("1.0004"))),
        "column confidence_score: 1.0004 has more decimal places than the 3 of numeric(4,3)");
    assertRefused(asset(a -> a.put("memory_gb", new BigDecimal("-0.004"))),
        "column memory_gb: -0.004 has more decimal places");
    assertRefused(asset(a -> a.put("cpu_utilization_percent", new BigDecimal("1000.5"))),
        "column cpu_utilization_percent: 1000.5 does not fit numeric(5,2)");
  }

  @Test
  void trailingZerosBeyondTheScaleChangeNothingAndAreAccepted() throws Exception {
    TenantGraph graph = load(asset(a -> a.put("cpu_utilization_percent", new BigDecimal("99.5000"))));

    assertThat(scalar("select cpu_utilization_percent::text from migration.assets where client_account_id = ?"
        + " order by id limit 1", graph.tenantId())).isEqualTo("99.50");
  }

  @Test
  void aTimestampMorePreciseThanMicrosecondsIsRefused() {
    assertRefused(asset(a -> a.put("created_at", "2026-01-01T00:00:00.0000005Z")),
        "column created_at: '2026-01-01T00:00:00.0000005Z' is more precise than the microseconds");
  }

  @Test
  void aLoneSurrogateOrANulIsRefusedWhereverTextGoes() {
    assertRefused(asset(a -> a.put("hostname", "web\ud800")),
        "column hostname: a lone UTF-16 surrogate (U+D800) at character 4, which PostgreSQL text cannot hold");
    assertRefused(asset(a -> a.put("hostname", "\udc00web")), "column hostname: a lone UTF-16 surrogate (U+DC00)");
    assertRefused(asset(a -> a.put("hostname", "web\u0000")), "column hostname: a NUL character (0x00)");
    assertRefused(account(a -> a.putObject("settings").put("note", "x\ud83d")), "client_accounts",
        "column settings: a lone UTF-16 surrogate");
  }

  @Test
  void aSurrogatePairIsTextAndRoundTrips() throws Exception {
    TenantGraph graph = load(asset(a -> a.put("hostname", "rocket-\ud83d\ude80")));

    assertThat(scalar("select hostname from migration.assets where client_account_id = ? and hostname like"
        + " 'rocket-%'", graph.tenantId())).isEqualTo("rocket-\ud83d\ude80");
    assertRoundTrips(graph);
  }

  @Test
  void anIpv4MappedAddressStaysIpv6AsPostgresqlStoresIt() throws Exception {
    TenantGraph graph = load(asset(a -> a.put("ip_address", "::ffff:10.0.0.1")));

    assertThat(scalar("select abbrev(ip_address) || ' ' || family(ip_address) from migration.assets"
        + " where client_account_id = ? and family(ip_address) = 6", graph.tenantId()))
        .isEqualTo("::ffff:10.0.0.1 6");
    assertRoundTrips(graph);
    assertThat(CanonicalExport.toJson(graph)).contains("\"ip_address\" : \"::ffff:10.0.0.1\"");
  }

  @Test
  void anIpv4MappedNetworkWithAnIpv6PrefixIsAccepted() throws Exception {
    TenantGraph graph = load(asset(a -> a.put("ip_address", "::ffff:10.0.0.0/104")));

    assertThat(scalar("select abbrev(ip_address) from migration.assets where client_account_id = ?"
        + " and family(ip_address) = 6", graph.tenantId())).isEqualTo("::ffff:10.0.0.0/104");
    assertRoundTrips(graph);
  }

  @Test
  void ipv6AddressesArePrintedAsPostgresqlPrintsThem() throws Exception {
    String[] addresses = {"2001:db8::1", "::1", "::", "1::", "2001:db8:0:0:1:0:0:1", "::10.0.0.1",
        "::ffff:0.0.0.0", "fe80::1:2:3:4", "0:0:0:0:0:fffe:a00:1", "1:0:0:2:0:0:0:3", "::ffff:10.0.0.0/104"};
    try (Connection connection = dataSource.getConnection()) {
      for (String address : addresses) {
        try (PreparedStatement statement = connection.prepareStatement("select abbrev(?::inet)")) {
          statement.setString(1, address);
          try (ResultSet result = statement.executeQuery()) {
            result.next();
            assertThat(ExportValues.inetText(CanonicalImport.inet(address))).as(address)
                .isEqualTo(result.getString(1));
          }
        }
      }
    }
  }

  @Test
  void aStringLongerThanJacksonsDefaultLimitIsExportedAndReadBack() throws Exception {
    String description = "d".repeat(20_000_001);
    TenantGraph graph = load(edit(d -> ((ObjectNode) d.get("tables").get("client_accounts").get(0))
        .put("description", description)));

    String exported = CanonicalExport.toJson(DSL.using(dataSource, SQLDialect.POSTGRES), graph.tenantId());
    TenantGraph again = CanonicalImport.read(new ByteArrayInputStream(exported.getBytes(StandardCharsets.UTF_8)));
    assertThat(again.clientAccount().into(CLIENT_ACCOUNTS).getDescription()).hasSize(description.length());
  }

  @Test
  void jsonAsDeepAsAnExportCanHoldRoundTripsAndDeeperIsRefusedAtExport() throws Exception {
    TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();
    Seeder.forDataSource(dataSource).seed(graph);
    var db = DSL.using(dataSource, SQLDialect.POSTGRES);

    setSettings(graph.tenantId(), Json.MAX_VALUE_DEPTH);
    String exported = CanonicalExport.toJson(db, graph.tenantId());
    assertThat(CanonicalExport.toJson(read(exported))).isEqualTo(exported);

    setSettings(graph.tenantId(), Json.MAX_VALUE_DEPTH + 1);
    assertThatThrownBy(() -> CanonicalExport.toJson(db, graph.tenantId()))
        .isInstanceOf(InvalidExportException.class)
        .hasMessage("cannot export client_accounts row (id " + graph.tenantId() + "), column settings: its JSON"
            + " value nests deeper than 1000 levels, more than an export can be read back with");
  }

  /** The tenant's settings: an object nested {@code depth} levels deep, written by SQL. */
  private void setSettings(UUID tenant, int depth) throws SQLException {
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = connection.prepareStatement(
             "update migration.client_accounts set settings = ?::jsonb where id = ?")) {
      statement.setString(1, "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1));
      statement.setObject(2, tenant);
      assertThat(statement.executeUpdate()).isOne();
    }
  }

  // ---- helpers

  /** An export of a fresh sample tenant with the first asset changed by {@code change}. */
  private static String asset(Consumer<ObjectNode> change) {
    return edit(d -> change.accept((ObjectNode) d.get("tables").get("assets").get(0)));
  }

  /** An export of a fresh sample tenant with its client account changed by {@code change}. */
  private static String account(Consumer<ObjectNode> change) {
    return edit(d -> change.accept((ObjectNode) d.get("tables").get("client_accounts").get(0)));
  }

  private static String edit(Consumer<ObjectNode> change) {
    try {
      ObjectNode document = (ObjectNode) JSON.readTree(CanonicalExport.toJson(SampleTenants.full(UUID.randomUUID())
          .build()));
      change.accept(document);
      return JSON.writeValueAsString(document);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static TenantGraph read(String json) {
    return CanonicalImport.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private TenantGraph load(String json) {
    TenantGraph graph = read(json);
    Seeder.forDataSource(dataSource).seed(graph);
    return graph;
  }

  /** What the database holds exports to the same document as the graph that was loaded. */
  private void assertRoundTrips(TenantGraph graph) {
    String stored = CanonicalExport.toJson(DSL.using(dataSource, SQLDialect.POSTGRES), graph.tenantId());
    assertThat(stored).isEqualTo(CanonicalExport.toJson(graph));
    assertThat(CanonicalExport.toJson(read(stored))).isEqualTo(stored);
  }

  private static void assertRefused(String json, String message) {
    assertRefused(json, "assets", message);
  }

  private static void assertRefused(String json, String table, String message) {
    JsonNode row;
    try {
      row = JSON.readTree(json).get("tables").get(table).get(0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(InvalidExportException.class)
        .hasMessageContaining(table + " row 1 (id " + row.get("id").asText() + ")")
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InvalidExportException) e).errorCode()).isEqualTo(ErrorCode.BAD_INPUT));
  }

  private String scalar(String sql, UUID tenant) throws SQLException {
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, tenant);
      try (ResultSet result = statement.executeQuery()) {
        assertThat(result.next()).as(sql).isTrue();
        return result.getString(1);
      }
    }
  }
}
