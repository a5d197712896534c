package io.tenantseed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.internal.SchemaCatalog.ForeignKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaCatalogOrderTest {

  private static ForeignKey key(String table, String parent, char onDelete) {
    return new ForeignKey(table + "_" + parent + "_fkey", table, List.of(parent + "_id"), parent, List.of("id"), onDelete);
  }

  private static Set<String> tables(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }

  @Test
  void childrenComeBeforeTheTablesTheyReference() {
    List<String> order = SchemaCatalog.order("s", tables("accounts", "flows", "imports", "mappings"), List.of(
        key("flows", "accounts", 'c'), key("imports", "flows", 'c'), key("mappings", "imports", 'r'),
        key("mappings", "accounts", 'c')));

    assertThat(order).containsExactly("mappings", "imports", "flows", "accounts");
  }

  @Test
  void aCycleIsBrokenAtAKeyThatCascadesOrClears() {
    List<String> order = SchemaCatalog.order("s", tables("accounts", "a", "b"), List.of(
        key("a", "b", 'r'), key("b", "a", 'n'), key("a", "accounts", 'c'), key("b", "accounts", 'c')));

    assertThat(order).containsExactly("a", "b", "accounts");
  }

  @Test
  void aCycleOfRestrictingKeysIsAnErrorNamingItsTables() {
    assertThatThrownBy(() -> SchemaCatalog.order("s", tables("accounts", "a", "b"), List.of(
            key("a", "b", 'r'), key("b", "a", 'a'), key("a", "accounts", 'c'))))
        .isInstanceOf(SchemaPlanException.class)
        .hasMessage("cannot order the tenant tables [a, b] of schema s: their foreign keys form a cycle "
            + "of RESTRICT or NO ACTION keys");
  }

  @Test
  void selfReferencesDoNotBlockTheOrder() {
    assertThat(SchemaCatalog.order("s", tables("accounts", "a"), List.of(key("a", "a", 'r'), key("a", "accounts", 'c'))))
        .containsExactly("a", "accounts");
  }
}
