package io.tenantseed.graph;

import static io.tenantseed.graph.Tenants.tenant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform's reference development data, described with the builder API: the proof
 * that the API expresses all of it in one readable class.
 */
public final class ReferenceTenants {

  public static final UUID TECHCORP = UUID.fromString("11111111-1111-1111-1111-111111111111");
  public static final UUID GLOBAL_RETAIL = UUID.fromString("22222222-2222-2222-2222-222222222222");

  private ReferenceTenants() {}

  public static TenantBuilder techCorp(UUID id) {
    return tenant(id)
        .name("TechCorp Solutions").slug("techcorp", TECHCORP)
        .description("Test technology company").industry("Technology").companySize("1000-5000")
        .subscriptionTier("enterprise")
        .settings(Map.of("features", List.of("advanced_discovery", "ai_assessment"), "api_access", true))
        .agentPreferences(Map.of("discovery_depth", "comprehensive", "automation_level", "full", "risk_tolerance", "moderate"))
        .user("admin", u -> u.auth0Id("auth0|test_admin_001").email("admin@techcorp.com").fullName("Test Admin"))
        .user("analyst", u -> u.auth0Id("auth0|test_analyst_001").email("analyst@techcorp.com").fullName("Test Analyst"))
        .engagement("cloud-migration-2025", e -> e
            .id(canonical(id, TECHCORP, "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa", "engagement/cloud-migration-2025"))
            .name("Cloud Migration 2025").description("Migrate legacy applications to AWS").type("migration")
            .startInDays(0).endInDays(180).active().targetApplications(15).complexity("high").createdBy("admin")
            .masterFlow("full-migration", f -> f
                .id(canonical(id, TECHCORP, "33333333-3333-3333-3333-333333333333", "flow/full-migration"))
                .type("full_migration").displayName("Full Migration Workflow")
                .description("Complete migration from discovery to execution")
                .phaseHistory("initialization", "discovery")
                .crewState(Map.of("agents", List.of("discovery_agent", "assessment_agent"),
                    "current_task", "environment_scanning"))
                .discoveryFlow(d -> d.flowId(canonical(id, TECHCORP, "44444444-4444-4444-4444-444444444444", "flow/discovery").toString())
                    .user("admin").type("automated").targetPlatforms("vmware", "aws", "applications")
                    .startedAgo(Duration.ofHours(2)).inProgress("environment_scanning"))
                .dataImport("vcenter-export", i -> i
                    .name("VMware vCenter Export").type("vmware_vcenter")
                    .file("vcenter_export_20250120.csv", 15_728_640, "text/csv").sourceSystem("VMware vCenter 7.0")
                    .records(1250, 0).startedAgo(Duration.ofHours(2)).completedAgo(Duration.ofHours(1)).completed()
                    .importedBy("admin")
                    .fieldMapping(m -> m.source("VM Name").target("asset_name").exact().confidence(1.0)
                        .suggestedBy("discovery_agent").approvedBy("admin"))
                    .fieldMapping(m -> m.source("IP Address").target("ip_address").exact().confidence(1.0).approved()
                        .transformationRules(Map.of("format", "validate_ipv4")))
                    .fieldMapping(m -> m.source("Operating System").target("os_type").fuzzy(0.85)
                        .transformationRules(Map.of("mapping",
                            Map.of("Windows Server*", "windows", "Ubuntu*", "linux", "Red Hat*", "linux"))))))
            .assets(50, ReferenceTenants::referenceAsset));
  }

  /** Asset {@code i} of the reference data: every field a function of its index. */
  static void referenceAsset(int i, AssetBuilder a) {
    boolean server = i < 30;
    a.kind(server ? "server" : "application").name("vm-prod-%03d".formatted(i))
        .environment(i < 20 ? "production" : i < 40 ? "staging" : "development")
        .businessUnit(List.of("Engineering", "Sales", "Operations").get(i % 3))
        .criticality(i < 10 ? "critical" : i < 30 ? "high" : "medium")
        .sixR(i < 20 ? "rehost" : i < 35 ? "replatform" : "refactor")
        .migration(i < 10 ? "low" : i < 35 ? "medium" : "high", i < 10 ? 1 : i < 30 ? 2 : 3, i < 20 ? 1 : i < 40 ? 2 : 3)
        .scores(i < 20 ? 0.85 : i < 40 ? 0.70 : 0.60, server ? 0.90 : 0.75)
        .createdAgo(Duration.ofHours(1))
        .discoveredBy("full-migration");
    if (i % 2 == 0) {
      a.os("linux", "Ubuntu 20.04");
    } else if (server) {
      a.os("windows", "Windows Server 2019");
    }
    if (server) {
      a.hostname("vm-prod-%03d.techcorp.local".formatted(i)).ipAddress("10.100.1." + (100 + i))
          .resources(4, 16.0, 500.0).utilization(30 + (i % 50), 40 + (i % 40));
    } else {
      a.applicationName("App-%03d".formatted(i)).technologyStack("Java", "Spring Boot", "PostgreSQL");
    }
  }

  public static TenantBuilder globalRetail(UUID id) {
    return tenant(id)
        .name("Global Retail Inc").slug("globalretail", GLOBAL_RETAIL)
        .description("Test retail company").industry("Retail").companySize("5000+").subscriptionTier("standard")
        .engagement("app-modernization-q1", e -> e
            .id(canonical(id, GLOBAL_RETAIL, "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb", "engagement/app-modernization-q1"))
            .name("App Modernization Q1").description("Modernize e-commerce platform").type("modernization")
            .status("planning"));
  }

  /** The reference's fixed id under the canonical tenant, a derived one under any other. */
  private static UUID canonical(UUID tenant, UUID canonicalTenant, String fixed, String path) {
    return tenant.equals(canonicalTenant) ? UUID.fromString(fixed) : Ids.derive(tenant, path);
  }
}
