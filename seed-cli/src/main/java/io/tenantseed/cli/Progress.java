package io.tenantseed.cli;

import io.tenantseed.seed.SeedListener;
import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr (rows, rate, time left) fed by the seeder as it writes. A load that
 * completes fills it; one that fails leaves it where the load stopped, at the rows sent so far,
 * and says so on a line of its own, so a failed load never looks done.
 */
final class Progress implements SeedListener, AutoCloseable {

  /** Loads above this many rows get a bar, on a terminal. */
  static final long THRESHOLD = 10_000;

  /** The most columns of the task's name the bar shows: the bar itself needs the rest of the line. */
  private static final int TASK_WIDTH = 40;

  private final PrintWriter err;
  private final String task;
  private final ProgressBar bar;
  private long finishedTables;
  private long currentTable;
  private boolean completed;
  private boolean closed;

  private Progress(String task, long rows, PrintWriter err) {
    this.err = err;
    this.task = task;
    this.bar = new ProgressBarBuilder().setTaskName(shortened(TerminalText.printable(task))).setInitialMax(rows)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new DelegatingProgressBarConsumer(this::render))
        .setUnit(" rows", 1).showSpeed().setUpdateIntervalMillis(250).continuousUpdate().build();
  }

  /** A bar for {@code rows} rows when it is worth one and a person watches; else nothing. */
  static SeedListener maybe(Context context, Output output, String task, long rows) {
    if (rows <= THRESHOLD || !context.interactive() || output.json()) {
      return SeedListener.NONE;
    }
    return new Progress(task, rows, context.err());
  }

  /** The load succeeded: its bar, if it has one, is full. */
  static void completeIfBar(SeedListener listener) {
    if (listener instanceof Progress progress) {
      progress.completed = true;
    }
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

  /**
   * Ends the bar: full after {@link #completeIfBar}, for what the seeder counted may fall short
   * of the graph's rows (a tenant left unchanged writes none); otherwise where it stopped,
   * followed by a line saying so.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (completed) {
      bar.stepTo(bar.getMax());
    }
    bar.close();
    synchronized (err) {
      err.println();
      if (!completed) {
        err.println(TerminalText.printable(task) + " stopped at " + String.format("%,d", bar.getCurrent()) + " of "
            + String.format("%,d", bar.getMax()) + " rows.");
      }
      err.flush();
    }
  }

  /** One state of the bar, drawn over the previous one. */
  private void render(String line) {
    synchronized (err) {
      err.print('\r');
      err.print(line);
      err.flush();
    }
  }

  private static String shortened(String name) {
    if (TerminalText.width(name) <= TASK_WIDTH) {
      return name;
    }
    StringBuilder kept = new StringBuilder();
    int width = 0;
    for (int at = 0; at < name.length(); ) {
      int c = name.codePointAt(at);
      width += TerminalText.width(Character.toString(c));
      if (width > TASK_WIDTH - 3) {
        break;
      }
      kept.appendCodePoint(c);
      at += Character.charCount(c);
    }
    return kept + "...";
  }
}
