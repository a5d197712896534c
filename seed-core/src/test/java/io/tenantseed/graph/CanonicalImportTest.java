package io.tenantseed.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanonicalImportTest {

  private static final UUID TENANT = UUID.fromString("5a3b1e00-0000-4000-8000-0000000000aa");
  private final TenantGraph graph = SampleTenants.full(TENANT).build();
  private final String export = CanonicalExport.toJson(graph);

  @Test
  void anExportReadsBackToTheSameTenant() {
    TenantGraph read = read(export);

    assertThat(CanonicalExport.toJson(read)).isEqualTo(export);
    assertThat(read.rowCounts()).isEqualTo(graph.rowCounts());
    assertThat(read.fixtureName()).isEqualTo(CanonicalImport.FIXTURE_NAME);
    assertThat(read.version()).startsWith("rows-");
  }

  @Test
  void whatIsWrongIsNamedWithItsTableRowAndColumn() {
    String otherTenant = UUID.randomUUID().toString();

    assertInvalid(export.substring(0, export.length() / 2), "not a JSON document: ");
    assertInvalid("[]", "not a tenant export: the document is not a JSON object");
    assertInvalid(export.replace("tenant-seed/1", "tenant-seed/0"), "not a tenant export of format tenant-seed/1 (format: 'tenant-seed/0')");
    assertInvalid(export.replace("\"cpu_cores\" : 4", "\"cpu_cores\" : \"four\""), ", column cpu_cores: expected whole number, found string \"four\"");
    assertInvalid(export.replace("\"ip_address\" : \"10.", "\"ip_address\" : \"host."), ", column ip_address: ");
    assertInvalid(export.replaceFirst("\"engagement_id\" : \"[0-9a-f-]{36}\"", "\"engagement_id\" : \"" + otherTenant + "\""),
        "engagement_id " + otherTenant + " references a engagements row that is not in the export");
    assertInvalid(export.replaceFirst("(\"assets\" : \\[\\s*\\{[^}]*?\"client_account_id\" : \")[0-9a-f-]{36}", "$1" + otherTenant),
        "): client_account_id is " + otherTenant + ", not the export's tenant " + TENANT);
    assertInvalid(export.replace("\"users\" :", "\"people\" : [ { \"id\" : 1, \"client_account_id\" : \"" + otherTenant
        + "\" } ], \"users\" :"), "people row 1 (id 1): client_account_id is "
        + otherTenant + ", not the export's tenant " + TENANT);
  }

  /** Whether the database has them is for the import against its catalog (ChangedSchemaExportTest). */
  @Test
  void aTableOrColumnTheSchemaClassesDoNotKnowIsReadAsGenericValues() {
    String people = "\"people\" : [ { \"id\" : 7, \"client_account_id\" : \"" + TENANT + "\", \"score\" : 1.50,"
        + " \"tags\" : [ \"a\", null ], \"profile\" : { \"b\" : 1, \"a\" : true }, \"nickname\" : \"Al\","
        + " \"active\" : false, \"note\" : null } ], \"users\" :";
    TenantGraph read = read(export.replace("\"slug\"", "\"tagline\" : \"we ship\", \"slug\"").replace("\"users\" :", people));

    assertThat(read.clientAccount().get("tagline")).isEqualTo("we ship");
    Row person;
    try (var rows = read.rows("people")) {
      person = rows.toList().get(0);
    }
    assertThat(person.get("id")).isEqualTo(7L);
    assertThat(person.get("score")).isEqualTo(new java.math.BigDecimal("1.50"));
    assertThat(person.get("tags")).isEqualTo(org.jooq.JSONB.valueOf("[\"a\",null]"));
    assertThat(person.get("profile")).isEqualTo(org.jooq.JSONB.valueOf("{\"b\":1,\"a\":true}"));
    assertThat(person.get("active")).isEqualTo(false);
    assertThat(person.has("note")).isTrue();
    assertThat(CanonicalExport.toJson(read)).contains("\"people\" : [\n      {\n        \"active\" : false,")
        .contains("\"score\" : 1.50,").contains("\"tagline\" : \"we ship\"");
  }

  @Test
  void anApplicationGroupNamingAnAssetNotInTheExportIsRefused() {
    String grouped = CanonicalExport.toJson(Tenants.tenant(TENANT).name("Grouped Co").engagement("e", e -> e
        .masterFlow("m", f -> f.assessmentFlow(a -> a.group("web tier", 0, 1).group("data tier", 1)))
        .assets(2, (i, a) -> a.server())).build());
    String stranger = UUID.randomUUID().toString();

    assertThat(CanonicalExport.toJson(read(grouped))).isEqualTo(grouped);
    assertInvalid(grouped.replaceFirst("(\"asset_ids\" : \\[\\s*\")[0-9a-f-]{36}", "$1" + stranger),
        "assessment_flows row 1, column application_asset_groups, group 1: asset " + stranger
            + " is not in the export");
  }

  private static TenantGraph read(String json) {
    return CanonicalImport.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(InvalidExportException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InvalidExportException) e).errorCode()).isEqualTo(ErrorCode.BAD_INPUT));
  }
}
