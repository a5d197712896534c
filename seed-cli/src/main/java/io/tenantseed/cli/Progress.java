package io.tenantseed.cli;

import io.tenantseed.seed.SeedListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr (rows, rate, time left) fed by the seeder as it writes. */
final class Progress implements SeedListener, AutoCloseable {

  /** Loads above this many rows get a bar, on a terminal. */
  static final long THRESHOLD = 10_000;

  private final ProgressBar bar;
  private long finishedTables;
  private long currentTable;

  private Progress(String task, long rows, PrintStream err) {
    this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(rows).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(err)).setUnit(" rows", 1).showSpeed()
        .setUpdateIntervalMillis(250).continuousUpdate().build();
  }

  /** A bar for {@code rows} rows when it is worth one and a person watches; else nothing. */
  static SeedListener maybe(Context context, Output output, String task, long rows) {
    if (rows <= THRESHOLD || !context.interactive() || output.json()) {
      return SeedListener.NONE;
    }
    return new Progress(task, rows, System.err);
  }

  static void closeIfBar(SeedListener listener) {
    if (listener instanceof Progress progress) {
      progress.close();
    }
  }

  @Override
  public void tableStarted(String table, long rows) {
    finishedTables += currentTable;
    currentTable = 0;
  }

  @Override
  public void rowsWritten(String table, long rows) {
    currentTable = rows;
    bar.stepTo(finishedTables + rows);
  }

  @Override
  public void close() {
    bar.stepTo(bar.getMax());
    bar.close();
  }
}
