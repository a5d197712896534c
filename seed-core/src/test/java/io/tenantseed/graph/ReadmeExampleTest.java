package io.tenantseed.graph;

import static io.tenantseed.graph.Tenants.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.seed.SeedReport;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's "Describing a tenant" example, as written there but for the tenant id and slug
 * (a fresh tenant id, so that the example seeds beside any other TechCorp): the test below
 * runs it, and the README is checked to show these lines, with the README's id and slug.
 */
class ReadmeExampleTest {

  private static final String FROM = "    TenantGraph techCorp = tenant(tenantId)";
  private static final String TO = "    SeedReport report = Seeder.forDataSource(dataSource).seed(techCorp);";

  @Test
  void theReadmeShowsTheExampleThisTestRuns() throws IOException {
    Path root = Path.of(System.getProperty("tenantseed.migrations.dir")).getParent();
    String readme = Files.readString(root.resolve("README.md"));
    String source = Files.readString(root.resolve("seed-core/src/test/java/io/tenantseed/graph/ReadmeExampleTest.java"));
    String section = readme.substring(readme.indexOf("## Describing a tenant"));
    int start = section.indexOf("```java\n") + "```java\n".length();
    String shown = section.substring(start, section.indexOf("```", start));

    String run = source.substring(source.lastIndexOf(FROM), source.lastIndexOf(TO) + TO.length())
        .replace("tenant(tenantId)", "tenant(\"11111111-1111-1111-1111-111111111111\")")
        .replace(".slug(\"techcorp-\" + tenantId)", ".slug(\"techcorp\")")
        .lines().map(line -> line.startsWith("    ") ? line.substring(4) : line).collect(Collectors.joining("\n"));

    assertThat(shown).contains(run);
  }

  @Test
  void theReadmeExampleBuildsAndSeeds() {
    DataSource dataSource = TestDatabase.shared().dataSource();
    String tenantId = java.util.UUID.randomUUID().toString();

    TenantGraph techCorp = tenant(tenantId)
        .name("TechCorp Solutions").slug("techcorp-" + tenantId)
        .settings(Map.of("features", List.of("advanced_discovery", "ai_assessment"), "api_access", true))
        .user("admin", u -> u.email("admin@techcorp.com").fullName("Test Admin").auth0Id("auth0|test_admin_001"))
        .engagement("cloud-migration-2025", e -> e
            .id("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa").name("Cloud Migration 2025")
            .startInDays(0).endInDays(180).active().createdBy("admin")
            .masterFlow("full-migration", f -> f
                .id("33333333-3333-3333-3333-333333333333").type("full_migration")
                .phaseHistory("initialization", "discovery")
                .discoveryFlow(d -> d.user("admin").startedAgo(Duration.ofHours(2)).inProgress("environment_scanning"))
                .dataImport("vcenter-export", i -> i.name("VMware vCenter Export").records(1250, 0).completed()
                    .fieldMapping(m -> m.source("VM Name").target("asset_name").exact().approvedBy("admin"))))
            .assets(50, (i, a) -> a.kind(i < 30 ? "server" : "application")
                .name("vm-prod-%03d".formatted(i))
                .environment(i < 20 ? "production" : i < 40 ? "staging" : "development")
                .discoveredBy("full-migration")))
        .build();

    SeedReport report = Seeder.forDataSource(dataSource).seed(techCorp);

    assertThat(report.summary()).matches("Seeded TechCorp Solutions: 1 client account, 1 user, 1 engagement, "
        + "1 crewai flow state extension, 1 discovery flow, 1 data import, 50 assets, 1 import field mapping in \\d+ ms");
  }
}
