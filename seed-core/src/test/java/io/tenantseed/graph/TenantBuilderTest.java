package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.*;
import static io.tenantseed.graph.Tenants.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantseed.schema.migration.tables.records.AssetsRecord;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.junit.jupiter.api.Test;

class TenantBuilderTest {

  private static final UUID SAMPLE = UUID.fromString("5a3b1e00-0000-4000-8000-000000000001");
  private static final UUID OTHER = UUID.fromString("0b0b0b0b-1234-4321-8888-0123456789ab");

  @Test
  void everyRowOfEveryTableBelongsToTheTenant() {
    TenantGraph graph = SampleTenants.full(SAMPLE).build();

    int tablesWithRows = 0;
    for (String table : graph.tables()) {
      List<Row> rows = graph.rows(table).toList();
      tablesWithRows += rows.isEmpty() ? 0 : 1;
      String tenantColumn = table.equals(graph.rootTable()) ? "id" : "client_account_id";
      assertThat(rows).as(table).allSatisfy(row -> assertThat(row.get(tenantColumn)).isEqualTo(SAMPLE));
    }
    assertThat(tablesWithRows).isEqualTo(graph.tables().size() - 1); // the sample has no assessment flow
  }

  @Test
  void theBuildersSetEveryColumnTheirGeneratedClassKnows() {
    // so that a graph's export equals what the database gives back, column for column; a column
    // a later migration adds is left to its DEFAULT until a builder learns it
    TenantGraph graph = tenant(SAMPLE).user("u", u -> { })
        .engagement("e", e -> e.masterFlow("f", f -> f.discoveryFlow(d -> { }).assessmentFlow(a -> a.group("g", 0))
                .dataImport("i", i -> i.fieldMapping(m -> m.source("a").target("b"))))
            .assets(1, (i, a) -> a.server()).assets(1, (i, a) -> a.application()).assets(1, (i, a) -> a.kind("db")))
        .build();

    for (String table : graph.tables()) {
      List<String> known = ColumnValues.knownTable(table).fieldStream().map(org.jooq.Field::getName).toList();
      assertThat(graph.rows(table).toList()).as(table).isNotEmpty()
          .allSatisfy(row -> assertThat(row.columns()).as(row.path()).containsExactlyInAnyOrderElementsOf(known));
    }
  }

  @Test
  void jsonColumnsAreBuiltFromValuesNotText() throws Exception {
    TenantGraph graph = tenant(SAMPLE).settings(Map.of("features", List.of("a", "b"), "api_access", true))
        .engagement("e", e -> e.masterFlow("f", f -> f.discoveryFlow(d -> d.inProgress("environment_scanning"))))
        .build();

    JsonNode settings = Json.MAPPER.readTree(graph.clientAccount().into(CLIENT_ACCOUNTS).getSettings().data());
    JsonNode phases = Json.MAPPER.readTree(graph.discoveryFlows().get(0).into(DISCOVERY_FLOWS).getPhases().data());

    assertThat(settings.get("api_access").booleanValue()).isTrue();
    assertThat(settings.get("features")).hasSize(2);
    assertThat(phases.get("agent_loading").get("status").asText()).isEqualTo("completed");
    assertThat(phases.get("environment_scanning").get("status").asText()).isEqualTo("in_progress");
    assertThat(phases.get("reporting").get("status").asText()).isEqualTo("pending");
  }

  @Test
  void theSameBuilderAndTenantIdGiveTheSameBytes() {
    String first = CanonicalExport.toJson(SampleTenants.full(SAMPLE).build());
    String second = CanonicalExport.toJson(SampleTenants.full(SAMPLE).build());

    assertThat(second).isEqualTo(first);
  }

  @Test
  void theFingerprintOfDefaultsIsPinned() {
    // Pins the Datafaker-drawn defaults too: the same on every JVM and every day. (The default
    // slug, and the user's email domain with it, carries the whole tenant id.)
    TenantGraph graph = tenant(OTHER)
        .user("someone", u -> { })
        .engagement("e", e -> e.masterFlow("f", f -> f.discoveryFlow(d -> { }).assessmentFlow(a -> a.group("g", 0, 1)))
            .assets(3, (i, a) -> a.server()).assets(2, (i, a) -> a.application()))
        .build();

    assertThat(graph.fingerprint()).isEqualTo("d54ce101297b5f66cb2adb313525f8a6141b45075aa0c0496a110d12e2d95386");
  }

  @Test
  void anotherTenantIdGivesAnIndependentTenantWithoutSharedIds() {
    TenantGraph one = SampleTenants.full(SAMPLE).build();
    TenantGraph copy = SampleTenants.full(OTHER).build();

    assertThat(ids(copy)).doesNotContainAnyElementsOf(ids(one));
    assertThat(copy.asset(17).into(ASSETS).getAssetName()).isEqualTo(one.asset(17).into(ASSETS).getAssetName());
  }

  @Test
  void aCanonicalSlugIsKeptUnderTheCanonicalIdAndSuffixedWithTheWholeIdUnderAnyOther() {
    assertThat(tenant(SAMPLE).slug("sample", SAMPLE).build().clientAccount().into(CLIENT_ACCOUNTS).getSlug()).isEqualTo("sample");
    assertThat(tenant(OTHER).slug("sample", SAMPLE).build().clientAccount().into(CLIENT_ACCOUNTS).getSlug())
        .isEqualTo("sample-0b0b0b0b-1234-4321-8888-0123456789ab");
    assertThat(tenant(OTHER).name("Acme Ltd").build().clientAccount().into(CLIENT_ACCOUNTS).getSlug())
        .isEqualTo("acme-ltd-0b0b0b0b-1234-4321-8888-0123456789ab");
  }

  @Test
  void idsThatDifferOnlyAtTheEndGiveDistinctSlugsAndUserDomains() {
    List<UUID> ids = IntStream.rangeClosed(1, 1000)
        .mapToObj(i -> UUID.fromString("5eed0001-0000-4000-8000-%012d".formatted(i))).toList();

    Set<String> derived = ids.stream().map(id -> tenant(id).slug("sample", SAMPLE).build().clientAccount().into(CLIENT_ACCOUNTS).getSlug())
        .collect(Collectors.toSet());
    List<TenantGraph> defaults = ids.stream().map(id -> tenant(id).name("Acme Ltd").user("u", u -> { }).build()).toList();

    assertThat(derived).hasSize(1000).allMatch(slug -> slug.matches("[a-z0-9][a-z0-9-]*"));
    assertThat(defaults.stream().map(g -> g.clientAccount().into(CLIENT_ACCOUNTS).getSlug()).distinct().count()).isEqualTo(1000);
    assertThat(defaults.stream().map(g -> g.users().get(0).into(USERS).getEmail()).distinct().count()).isEqualTo(1000);
  }

  @Test
  void addingAnAssetChangesNoOtherRow() {
    TenantGraph fifty = tenant(OTHER).engagement("e", e -> e.masterFlow("f", f -> { })
        .assets(50, (i, a) -> a.kind(i % 2 == 0 ? "server" : "application").discoveredBy("f"))).build();
    TenantGraph fiftyOne = tenant(OTHER).engagement("e", e -> e.masterFlow("f", f -> { })
        .assets(51, (i, a) -> a.kind(i % 2 == 0 ? "server" : "application").discoveredBy("f"))).build();

    assertThat(fiftyOne.tables()).isEqualTo(fifty.tables());
    for (String table : fifty.tables()) {
      List<Row> before = fifty.rows(table).toList();
      List<Row> after = fiftyOne.rows(table).limit(before.size()).toList();
      assertThat(after).as(table).isEqualTo(before);
    }
    assertThat(fiftyOne.assetCount()).isEqualTo(51);
  }

  @Test
  void defaultsAreConsistentWithTheKindOfAsset() {
    TenantGraph graph = tenant(OTHER).engagement("e", e -> e
        .assets(20, (i, a) -> a.server())
        .assets(20, (i, a) -> a.application())).build();

    List<AssetsRecord> assets = graph.assets().map(r -> r.into(ASSETS)).toList();
    assertThat(assets.subList(0, 20)).allSatisfy(server -> {
      assertThat(server.getAssetType()).isEqualTo("server");
      assertThat(server.getIpAddress().address().getHostAddress()).startsWith("10.");
      assertThat(server.getHostname()).endsWith(".local");
      assertThat(server.getCpuCores()).isPositive();
      assertThat(server.getMemoryGb()).isPositive();
      assertThat(server.getStorageGb()).isPositive();
      assertThat(server.getOsVersion()).isNotBlank();
      assertThat(server.getTechnologyStack()).isNull();
    });
    assertThat(assets.subList(20, 40)).allSatisfy(application -> {
      assertThat(application.getAssetType()).isEqualTo("application");
      assertThat(application.getIpAddress()).isNull();
      assertThat(application.getHostname()).isNull();
      assertThat(application.getCpuCores()).isNull();
      assertThat(application.getApplicationName()).isNotBlank();
      assertThat(application.getTechnologyStack()).isNotEmpty();
    });
    assertThat(assets.stream().map(AssetsRecord::getAssetName).distinct().count())
        .as("drawn names vary").isGreaterThan(30);
  }

  @Test
  void theGraphCannotBeChangedThroughWhatItReturns() {
    TenantGraph graph = SampleTenants.full(SAMPLE).build();

    graph.users().get(0).into(USERS).setEmail("changed@example.com");
    graph.asset(0).into(ASSETS).setAssetName("changed");
    graph.clientAccount().into(CLIENT_ACCOUNTS).setName("changed");
    ((String[]) graph.asset(40).get("technology_stack"))[0] = "changed";
    assertThatThrownBy(() -> graph.users().get(0).values().put("email", "changed@example.com"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> graph.users().add(graph.users().get(0))).isInstanceOf(UnsupportedOperationException.class);

    assertThat(graph.users().get(0).into(USERS).getEmail()).isEqualTo("admin@sample.test");
    assertThat(graph.asset(0).into(ASSETS).getAssetName()).isEqualTo("server-00");
    assertThat(graph.name()).isEqualTo("Sample Systems");
    assertThat(((String[]) graph.asset(40).get("technology_stack"))[0]).isNotEqualTo("changed");
  }

  @Test
  void aReferenceToAnUndefinedUserNamesTheEntity() {
    assertThatThrownBy(() -> tenant(OTHER).engagement("e", e -> e.createdBy("nobody")).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessage("tenant " + OTHER + "/engagement/e: createdBy names user 'nobody', which this tenant does not define (users: [])");
  }

  @Test
  void anAssetLinkedToAnUndefinedFlowNamesTheAsset() {
    assertThatThrownBy(() -> tenant(OTHER).engagement("e", e -> e.assets(3, (i, a) -> a.discoveredBy("ghost"))).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageStartingWith("tenant " + OTHER + "/engagement/e/asset/0: discoveredBy names flow 'ghost'");
  }

  @Test
  void aDuplicateKeyIsRefused() {
    assertThatThrownBy(() -> tenant(OTHER).user("a", u -> { }).user("a", u -> { }).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageContaining("/user/a: the user key 'a' is used twice");
    assertThatThrownBy(() -> tenant(OTHER).engagement("e", e -> e.masterFlow("f", f -> { }).masterFlow("f", f -> { }))
            .build())
        .hasMessageContaining("/engagement/e/flow/f: the flow key 'f' is used twice in engagement 'e'");
  }

  @Test
  void aDuplicateIdIsRefusedNamingBothEntities() {
    String id = "cccccccc-cccc-cccc-cccc-cccccccccccc";

    assertThatThrownBy(() -> tenant(OTHER).engagement("a", e -> e.id(id)).engagement("b", e -> e.id(id)).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageContaining("/engagement/b: id " + id + " is also the id of engagement/a");
  }

  @Test
  void anAssetGroupNamingAMissingAssetIsRefused() {
    assertThatThrownBy(() -> tenant(OTHER).engagement("e", e -> e
            .masterFlow("f", f -> f.assessmentFlow(a -> a.group("Web tier", 0, 1, 57)))
            .assets(50, (i, a) -> { })).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessage("tenant " + OTHER + "/engagement/e/flow/f/assessment: group 'Web tier' names asset 57, "
            + "but the engagement has 50 assets (0..49)");
  }

  @Test
  void anAssetListedTwiceInAGroupIsRefusedUnlessMarkedAsBadData() {
    List<Integer> sixteenTimesTheSame = Collections.nCopies(16, 5);

    assertThatThrownBy(() -> tenant(OTHER).engagement("e", e -> e
            .masterFlow("f", f -> f.assessmentFlow(a -> a.group("dup", sixteenTimesTheSame)))
            .assets(10, (i, a) -> { })).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageContaining("assessment: group 'dup' lists asset 5 more than once");

    TenantGraph bad = tenant(OTHER).engagement("e", e -> e
        .masterFlow("f", f -> f.assessmentFlow(a -> a.group("dup", sixteenTimesTheSame).allowDuplicateAssets()))
        .assets(10, (i, a) -> { })).build();
    assertThat(bad.assessmentFlows().get(0).into(ASSESSMENT_FLOWS).getApplicationAssetGroups().data()).contains(bad.asset(5).into(ASSETS).getId().toString());
    assertThat(bad.assessmentFlows().get(0).into(ASSESSMENT_FLOWS).getFlowId()).isEqualTo(bad.masterFlowId("f"));
  }

  @Test
  void thousandsOfDefaultUsersGetDistinctEmailsAndADuplicateGivenOneIsRefused() {
    TenantGraph many = tenant(OTHER).users(3000, (i, u) -> { }).build();

    assertThat(many.users().stream().map(r -> r.into(USERS)).map(u -> u.getEmail()).distinct().count()).isEqualTo(3000);
    assertThatThrownBy(() -> tenant(OTHER).user("a", u -> u.email("x@y.z")).user("b", u -> u.email("x@y.z")).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessage("tenant " + OTHER + "/user/b: the email 'x@y.z' is also the email of user/a");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"cafe", "1.2.3.4.5", "gg:1", "256.1.1.1", "example.com", "10.0.0"})
  void anIpAddressThatIsNotALiteralIsRefusedWithoutAnyLookup(String address) {
    assertThatThrownBy(() -> tenant(OTHER).engagement("e", e -> e.asset(a -> a.server().ipAddress(address))).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessage("tenant " + OTHER + "/engagement/e/asset/0: ip address '" + address + "' is not a literal IPv4 or IPv6 address");
  }

  @Test
  void transformationRulesMustBeAnObject() {
    assertThatThrownBy(() -> tenant(OTHER).engagement("e", e -> e.masterFlow("f", f -> f.dataImport("i", i -> i
            .fieldMapping(m -> m.source("a").target("b").transformationRules(List.of("not", "an", "object")))))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transformation rules must be a JSON object, not ARRAY");
  }

  @Test
  void anEngagementEndingBeforeItStartsIsRefused() {
    assertThatThrownBy(() -> tenant(OTHER).engagement("e", e -> e.startInDays(10).endInDays(5)).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageContaining("/engagement/e: ends on 2025-01-25, before it starts on 2025-01-30");
  }

  @Test
  void theClockCanBeMovedForTestsThatNeedRecentDates() {
    java.time.Instant now = java.time.Instant.parse("2026-11-21T08:00:00Z");
    TenantGraph graph = tenant(OTHER).relativeTo(now).engagement("e", e -> e.startInDays(0)).build();

    assertThat(graph.engagements().get(0).into(ENGAGEMENTS).getStartDate()).isEqualTo(java.time.LocalDate.of(2026, 11, 21));
    assertThat(graph.clientAccount().into(CLIENT_ACCOUNTS).getCreatedAt().toInstant()).isEqualTo(now);
  }

  @Test
  void aMillionAssetsAreDescribedWithoutBeingHeldInMemory() {
    TenantGraph graph = tenant(OTHER).engagement("e", e -> e.assets(1_000_000, (i, a) -> a.server())).build();

    assertThat(graph.assetCount()).isEqualTo(1_000_000);
    assertThat(graph.asset(999_999).into(ASSETS).getId()).isEqualTo(Ids.derive(OTHER, "engagement/e/asset/999999"));
  }

  private static Set<UUID> ids(TenantGraph graph) {
    Set<UUID> ids = new HashSet<>();
    for (String table : graph.tables()) {
      String key = ColumnValues.knownTable(table).getPrimaryKey().getFields().get(0).getName();
      graph.rows(table).map(row -> (UUID) row.get(key)).forEach(ids::add);
    }
    IntStream.range(0, (int) graph.assetCount()).forEach(i -> ids.add(graph.asset(i).into(ASSETS).getId()));
    assertThat(ids).isNotEmpty();
    return ids;
  }
}
