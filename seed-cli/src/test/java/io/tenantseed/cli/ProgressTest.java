package io.tenantseed.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.seed.SeedListener;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bar against the lines around it, on one stderr as a terminal shows it. */
class ProgressTest {

  private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
  private final PrintStream stderr = new PrintStream(shown, true, UTF_8);
  private final PrintWriter err = new PrintWriter(stderr, true); // as Context.system() wraps System.err
  private final Context context = new Context(Map.of(), Path.of("."), true, new BufferedReader(new StringReader("")),
      new PrintWriter(new StringWriter()), err, "postgresql://postgres@127.0.0.1:1/none");
  private final Interruption interruption = new Interruption();

  @Test
  void anInterruptionWhileTheBarIsShownSaysSoOnALineOfItsOwnAndTheBarDrawsNoMore() throws Exception {
    interruption.begin("the load");
    interruption.writing();
    SeedListener bar = Progress.maybe(context, new Output(context.out(), err, false, false), interruption,
        "Seeding Scale Test Co", 30_005);
    assertThat(bar).isInstanceOf(Progress.class);
    bar.tableStarted("migration.assets", 30_000);
    bar.rowsWritten("migration.assets", 10_000);
    awaitShown("10000/30005");

    interruption.report(stderr); // what the shutdown hook does on SIGINT
    Thread.sleep(600); // the bar draws every 250 ms: it would have drawn again
    Progress.closeIfBar(bar); // the load fails, as the JVM stops

    String line = "seed: interrupted: nothing was kept (the load had not committed; it is rolled back)\n";
    assertThat(text()).contains("10000/30005").endsWith("\n" + line).doesNotContain("stopped at");
    assertThat(text().substring(0, text().length() - line.length())).doesNotEndWith("\n\n");
  }

  @Test
  void aBarClosedByItselfLeavesTheInterruptionNothingToEnd() throws Exception {
    SeedListener bar = Progress.maybe(context, new Output(context.out(), err, false, false), interruption,
        "Seeding Scale Test Co", 30_005);
    bar.rowsWritten("migration.assets", 10_000);
    awaitShown("10000/30005");
    Progress.closeIfBar(bar);
    String closed = text();

    interruption.report(stderr);

    assertThat(text()).isEqualTo(closed + "seed: " + new Interruption().message() + "\n");
    assertThat(closed).contains("Seeding Scale Test Co stopped at 10,000 of 30,005 rows.\n");
  }

  private void awaitShown(String part) throws InterruptedException {
    for (int i = 0; i < 100 && !text().contains(part); i++) {
      Thread.sleep(50);
    }
    assertThat(text()).contains(part);
  }

  private String text() {
    return shown.toString(UTF_8);
  }
}
