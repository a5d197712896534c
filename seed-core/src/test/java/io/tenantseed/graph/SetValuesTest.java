package io.tenantseed.graph;

import static io.tenantseed.graph.Tenants.tenant;
import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What set(column, value) takes, and how it refuses what it cannot take: at build(), naming the entity. */
class SetValuesTest {

  private static final UUID TENANT = UUID.fromString("5e7a1000-0000-4000-8000-000000000001");

  @Test
  void aValueOfATypeNoColumnTakesIsRefusedNamingTheEntityAndColumn() {
    TenantBuilder builder = tenant(TENANT).engagement("e", e -> e.asset(a -> a.set("note", new Object())));

    assertThatThrownBy(builder::build).isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageContaining("tenant " + TENANT + "/engagement/e/asset/0: column note of assets: cannot take a value"
            + " of type java.lang.Object");
  }

  @Test
  void aColumnTheScopeSetsIsRefusedNamingTheEntity() {
    TenantBuilder builder = tenant(TENANT).engagement("e", e -> e.set("client_account_id", UUID.randomUUID()));

    assertThatThrownBy(builder::build).isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageContaining("/engagement/e: column client_account_id of engagements is set by its tenant scope");
  }

  @Test
  void aFieldOfAnotherTableIsRefused() {
    TenantBuilder builder = tenant(TENANT).engagement("e", e -> e.asset(a -> a.set(USERS.EMAIL, "x@example.com")));

    assertThatThrownBy(builder::build).isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageContaining("/engagement/e/asset/0: column users.email is not a column of assets");
  }

  @Test
  void primitiveArraysListsAndMapsBecomeImmutableValuesAndNonFiniteNumbersText() {
    int[] numbers = {1, 2};
    TenantGraph graph = tenant(TENANT).engagement("e", e -> e.asset(a -> a
        .set("counts", numbers).set("nested", List.of(List.of("a"), List.of("b")))
        .set("meta", Map.of("k", 1)).set("ratio", Double.NaN).set("label", new StringBuilder("x")))).build();
    numbers[0] = 9;

    Row asset = graph.asset(0);
    assertThat((Object[]) asset.get("counts")).containsExactly(1, 2);
    ((Object[]) ((Object[]) asset.get("nested"))[0])[0] = "changed";
    assertThat(((Object[]) ((Object[]) graph.asset(0).get("nested"))[0])[0]).isEqualTo("a");
    assertThat(asset.get("meta")).isInstanceOf(org.jooq.JSONB.class);
    assertThat(asset.get("ratio")).isEqualTo("NaN");
    assertThat(asset.get("label")).isEqualTo("x");
    assertThat(asset.get(ASSETS.ASSET_NAME)).isNotBlank();
  }
}
