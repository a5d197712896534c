package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Testing with tenant-seed" example is the examples' AssetReportIT, and
 * seed-junit/README.md's "Spring tests" example is SpringContextIT; both run with the build.
 */
class ReadmeExampleTest {

  @Test
  void theReadmeShowsTheExampleAsItIs() throws IOException {
    Path root = Path.of(System.getProperty("tenantseed.migrations.dir")).getParent();
    String readme = Files.readString(root.resolve("README.md"));
    String example = Files.readString(
        root.resolve("seed-junit/src/test/java/io/tenantseed/junit/examples/AssetReportIT.java"));

    String section = readme.substring(readme.indexOf("## Testing with tenant-seed"));
    int start = section.indexOf("```java\n") + "```java\n".length();
    String shown = section.substring(start, section.indexOf("```", start));
    String withoutPackage = example.substring(example.indexOf('\n') + 1).stripLeading();

    assertThat(shown).isEqualTo(withoutPackage);
    assertThat(shown).contains("@SeedTenant(fixture = \"techcorp\")", "void countsServers(Tenant tenant, DSLContext db)");
  }

  @Test
  void theReadmeShowsTheCapturedTenantExampleAsItIs() throws IOException {
    Path root = Path.of(System.getProperty("tenantseed.migrations.dir")).getParent();
    String readme = Files.readString(root.resolve("README.md"));
    String example = Files.readString(
        root.resolve("seed-junit/src/test/java/io/tenantseed/junit/examples/WavePlanningIT.java"));

    String section = readme.substring(readme.indexOf("### A test from a captured tenant"));
    int start = section.indexOf("```java\n") + "```java\n".length();
    String shown = section.substring(start, section.indexOf("```", start));
    String withoutPackage = example.substring(example.indexOf('\n') + 1).stripLeading();

    assertThat(shown).isEqualTo(withoutPackage);
    assertThat(shown).contains("@SeedTenant(file = \"tenants/bug-1234.json\")", ".matchesExport(");
  }

  @Test
  void theModuleReadmeShowsTheSpringExampleAsItIs() throws IOException {
    Path root = Path.of(System.getProperty("tenantseed.migrations.dir")).getParent();
    String readme = Files.readString(root.resolve("seed-junit/README.md"));
    String example = Files.readString(
        root.resolve("seed-junit/src/test/java/io/tenantseed/junit/examples/SpringContextIT.java"));

    String section = readme.substring(readme.indexOf("## Spring tests"));
    int start = section.indexOf("```java\n") + "```java\n".length();
    String shown = section.substring(start, section.indexOf("```", start));

    assertThat(shown).isEqualTo(example.substring(example.indexOf("@SpringJUnitConfig")));
  }
}
