package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Testing with tenant-seed" examples are the examples' AssetReportIT and
 * WavePlanningIT, and seed-junit/README.md's "Spring tests" example is SpringContextIT; all
 * run with the build.
 */
class ReadmeExampleTest {

  private static final Path ROOT = Path.of(System.getProperty("tenantseed.migrations.dir")).getParent();
  private static final String EXAMPLES = "seed-junit/src/test/java/io/tenantseed/junit/examples/";

  @Test
  void theReadmeShowsTheExampleAsItIs() throws IOException {
    String shown = firstJavaBlock("README.md", "## Testing with tenant-seed");

    assertThat(shown).isEqualTo(withoutPackage(example("AssetReportIT.java")));
    assertThat(shown).contains("@SeedTenant(fixture = \"techcorp\")", "void countsServers(Tenant tenant, DSLContext db)");
  }

  @Test
  void theReadmeShowsTheCapturedTenantExampleAsItIs() throws IOException {
    String shown = firstJavaBlock("README.md", "### A test from a captured tenant");

    assertThat(shown).isEqualTo(withoutPackage(example("WavePlanningIT.java")));
    assertThat(shown).contains("@SeedTenant(file = \"tenants/bug-1234.json\")", ".matchesExport(");
  }

  @Test
  void theModuleReadmeShowsTheSpringExampleAsItIs() throws IOException {
    String shown = firstJavaBlock("seed-junit/README.md", "## Spring tests");
    String example = example("SpringContextIT.java");

    assertThat(shown).isEqualTo(example.substring(example.indexOf("@SpringJUnitConfig")));
  }

  /** The first java block of {@code file} after {@code heading}. */
  private static String firstJavaBlock(String file, String heading) throws IOException {
    String text = Files.readString(ROOT.resolve(file));
    String section = text.substring(text.indexOf(heading));
    int start = section.indexOf("```java\n") + "```java\n".length();
    return section.substring(start, section.indexOf("```", start));
  }

  private static String example(String name) throws IOException {
    return Files.readString(ROOT.resolve(EXAMPLES + name));
  }

  private static String withoutPackage(String source) {
    return source.substring(source.indexOf('\n') + 1).stripLeading();
  }
}
