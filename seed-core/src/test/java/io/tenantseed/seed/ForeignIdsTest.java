package io.tenantseed.seed;

import static io.tenantseed.schema.migration.Tables.*;
import static io.tenantseed.schema.migration.Tables.DISCOVERY_FLOWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.ErrorCode;
import io.tenantseed.graph.CanonicalExport;
import io.tenantseed.graph.CanonicalImport;
import io.tenantseed.graph.SampleTenants;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * An import that carries another tenant's ids is refused inside its transaction, in any
 * column that identifies a row or a flow, whether or not a constraint says so.
 */
class ForeignIdsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource = TestDatabase.shared().dataSource();
  private final DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
  private final Seeder seeder = Seeder.forDataSource(dataSource);

  private final TenantGraph other = SampleTenants.full(UUID.randomUUID()).build();
  private final UUID otherFlow = other.masterFlowId("f");
  private final UUID tenant = UUID.randomUUID();

  @Test
  void aDiscoveryFlowCarryingAnotherTenantsFlowIdIsRefusedThoughNoConstraintObjects() {
    seeder.seed(other);
    String otherDiscoveryFlowId = db.fetchValue(DSL.select(DISCOVERY_FLOWS.FLOW_ID).from(DISCOVERY_FLOWS)
        .where(DISCOVERY_FLOWS.CLIENT_ACCOUNT_ID.eq(other.tenantId()))).toString();
    assertThat(otherDiscoveryFlowId).as("the sample's discovery flow keeps an id of its own")
        .isNotEqualTo(otherFlow.toString());
    String[] id = new String[1];
    TenantGraph carrier = exportOf(tenant, d -> {
      ObjectNode flow = row(d, "discovery_flows");
      id[0] = flow.get("id").asText();
      flow.put("flow_id", otherFlow.toString());
    });

    assertRefused(carrier, "discovery_flows row (id " + id[0] + "), column flow_id: " + otherFlow
        + " is an id of tenant " + other.tenantId() + " (crewai_flow_state_extensions.flow_id)");
  }

  @Test
  void replacingWithAnotherTenantsIdsIsRefusedAndKeepsTheTenantAsItWas() {
    seeder.seed(other);
    TenantGraph own = SampleTenants.full(tenant).build();
    seeder.seed(own);
    String before = CanonicalExport.toJson(db, tenant);
    TenantGraph carrier = exportOf(tenant, d -> row(d, "discovery_flows").put("flow_id", otherFlow.toString()));

    assertThatThrownBy(() -> seeder.seed(carrier, SeedMode.REPLACE))
        .isInstanceOf(UnableToSeedException.class)
        .hasMessageContaining("is an id of tenant " + other.tenantId());
    assertThat(CanonicalExport.toJson(db, tenant)).isEqualTo(before);

    seeder.seed(read(CanonicalExport.toJson(db, tenant)), SeedMode.REPLACE); // its own ids are its own
    assertThat(CanonicalExport.toJson(db, tenant)).isEqualTo(before);
  }

  @Test
  void aKeyOrUniqueValueAnotherTenantHasIsNamedWithItsColumn() {
    seeder.seed(other);
    String otherAsset = other.asset(0).into(ASSETS).getId().toString();
    String otherSlug = other.clientAccount().into(CLIENT_ACCOUNTS).getSlug();

    assertRefused(exportOf(tenant, d -> rewrite(d, "assets", "id", otherAsset)),
        "column id: " + otherAsset + " is an id of tenant " + other.tenantId() + " (assets.id)");
    assertRefused(exportOf(tenant, d -> row(d, "client_accounts").put("slug", otherSlug)),
        "column slug: " + otherSlug + " is an id of tenant " + other.tenantId() + " (client_accounts.slug)");
  }

  // ---- helpers

  /** The export of a sample tenant {@code id}, changed by {@code change}, read back. */
  private static TenantGraph exportOf(UUID id, Consumer<ObjectNode> change) {
    try {
      ObjectNode document = (ObjectNode) JSON.readTree(CanonicalExport.toJson(SampleTenants.full(id).build()));
      change.accept(document);
      return read(JSON.writeValueAsString(document));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TenantGraph read(String json) {
    return CanonicalImport.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static ObjectNode row(ObjectNode document, String table) {
    return (ObjectNode) document.get("tables").get(table).get(0);
  }

  /** Gives the first row of {@code table} the key {@code id}, and every reference to its old key too. */
  private static void rewrite(ObjectNode document, String table, String column, String id) {
    String old = row(document, table).get(column).asText();
    document.get("tables").forEach(rows -> rows.forEach(row -> row.properties().forEach(field -> {
      if (field.getValue().isTextual() && field.getValue().asText().equals(old)) {
        ((ObjectNode) row).put(field.getKey(), id);
      }
    })));
  }

  private void assertRefused(TenantGraph carrier, String message) {
    assertThatThrownBy(() -> seeder.seed(carrier))
        .isInstanceOf(UnableToSeedException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("an export may not carry another tenant's ids")
        .satisfies(e -> assertThat(((UnableToSeedException) e).errorCode()).isEqualTo(ErrorCode.BAD_INPUT));
    assertThat(db.fetchCount(io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS,
        io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS.ID.eq(carrier.tenantId()))).isZero();
  }
}
