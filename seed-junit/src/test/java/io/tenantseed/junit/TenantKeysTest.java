package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.graph.AmbiguousKeyException;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.graph.Tenants;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A test's Tenant looks flows and imports up as the graph does: by key in their engagement. */
class TenantKeysTest {

  private final TenantGraph graph = Tenants.tenant(UUID.randomUUID())
      .engagement("wave-1", e -> e.masterFlow("full-migration", f -> f.dataImport("vcenter", i -> { })))
      .engagement("wave-2", e -> e.masterFlow("full-migration", f -> f.dataImport("vcenter", i -> { })))
      .build();
  private final Tenant tenant = new Tenant("twin", graph, "");

  @Test
  void aKeyOfTwoEngagementsIsNamedWithItsEngagement() {
    assertThat(tenant.masterFlow("wave-2", "full-migration")).isEqualTo(graph.masterFlowId("wave-2", "full-migration"))
        .isNotEqualTo(tenant.masterFlow("wave-1", "full-migration"));
    assertThat(tenant.dataImport("wave-1", "vcenter")).isEqualTo(graph.dataImportId("wave-1", "vcenter"));
  }

  @Test
  void aKeyOfTwoEngagementsAloneIsAmbiguousAndTheMessageNamesTheTenantsOwnCallThatChooses() {
    assertThatThrownBy(() -> tenant.masterFlow("full-migration"))
        .isInstanceOf(AmbiguousKeyException.class)
        .hasMessageContaining("engagements 'wave-1' and 'wave-2'")
        .hasMessageEndingWith("name the engagement: masterFlow(\"wave-1\", \"full-migration\")")
        .hasMessageNotContaining("masterFlowId");
    assertThatThrownBy(() -> tenant.dataImport("vcenter"))
        .isInstanceOf(AmbiguousKeyException.class)
        .hasMessageEndingWith("name the engagement: dataImport(\"wave-1\", \"vcenter\")")
        .hasMessageNotContaining("dataImportId");
  }
}
