package io.tenantseed.cli;

import io.tenantseed.seed.SeedListener;
import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr (rows, rate, time left) fed by the seeder as it writes. A load that
 * completes fills it; one that fails leaves it where the load stopped, at what the seeder last
 * reported (see {@link SeedListener#rowsWritten}), and says so on a line of its own, so a
 * failed load never looks done; one refused before a row was written says nothing more than
 * its error. The bar draws itself on stderr, one state over the other; its task name is made
 * {@linkplain TerminalText#printable printable} before the bar library sees it.
 *
 * <pre>
 * SeedListener progress = Progress.maybe(context, output, interruption, "Seeding Scale Test Co", rows);
 * try { seeder.listener(progress).seed(graph); Progress.completeIfBar(progress); }
 * finally { Progress.closeIfBar(progress); }
 * </pre>
 */
final class Progress implements SeedListener, Interruption.OpenLine, AutoCloseable {

  /** Loads above this many rows get a bar, on a terminal. */
  static final long THRESHOLD = 10_000;

  /** The most columns of the task's name the bar shows: the bar itself needs the rest of the line. */
  private static final int TASK_WIDTH = 40;

  /**
   * Columns left free at the right of the terminal: a terminal that wraps on writing its last
   * column would start a new line with every state of the bar.
   */
  static final int RIGHT_MARGIN = 1;

  private final PrintWriter err;
  private final Output output;
  private final Interruption interruption;
  private final String task;
  private final int lineWidth;
  private final ProgressBar bar;
  private long finishedTables;
  private long currentTable;
  private boolean completed;
  private boolean closed;
  private boolean drawn; // a state is on the terminal, its line not ended
  private boolean ended; // interrupted: the line was ended, nothing more is drawn

  private Progress(String task, long rows, PrintWriter err, Output output, Interruption interruption) {
    this.err = err;
    this.output = output;
    this.interruption = interruption;
    this.task = task;
    this.lineWidth = lineWidth();
    interruption.open(this);
    this.bar = new ProgressBarBuilder().setTaskName(cut(TerminalText.printable(task), TASK_WIDTH))
        .setInitialMax(rows).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new DelegatingProgressBarConsumer(this::render, lineWidth))
        .setUnit(" rows", 1).showSpeed().setUpdateIntervalMillis(250).continuousUpdate().build();
  }

  /** A bar for {@code rows} rows when it is worth one and a person watches; else nothing. */
  static SeedListener maybe(Context context, Output output, Interruption interruption, String task, long rows) {
    if (rows <= THRESHOLD || !context.interactive() || output.json()) {
      return SeedListener.NONE;
    }
    return new Progress(task, rows, context.err(), output, interruption);
  }

  /** The columns a state of the bar may take: the terminal's width (as the bar library reads it) but the margin. */
  static int lineWidth() {
    return new DelegatingProgressBarConsumer(line -> { }).getMaxRenderedLength() - RIGHT_MARGIN;
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
   * followed by a line saying so, unless no row was written (a refusal before the first, such
   * as an existing tenant: its error says it all) or the run was interrupted (its line says it).
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
    interruption.closed(this);
    synchronized (err) {
      if (ended) {
        return;
      }
      ended = true;
      err.println();
      err.flush();
    }
    if (!completed && bar.getCurrent() > 0) {
      output.note(task + " stopped at " + String.format("%,d", bar.getCurrent()) + " of "
          + String.format("%,d", bar.getMax()) + " rows.");
    }
  }

  /** The run is interrupted: the bar's line is ended, so that the interruption's starts a line of its own. */
  @Override
  public void end() {
    synchronized (err) {
      if (ended) {
        return;
      }
      ended = true;
      if (drawn) {
        err.println();
        err.flush();
      }
    }
  }

  /** One state of the bar, drawn over the previous one. */
  private void render(String line) {
    synchronized (err) {
      if (ended) {
        return;
      }
      err.print('\r');
      err.print(cut(line, lineWidth));
      err.flush();
      drawn = true;
    }
  }

  /** {@code text} (printable) cut to {@code columns} columns, {@code ...} marking the cut. */
  private static String cut(String text, int columns) {
    if (TerminalText.width(text) <= columns) {
      return text;
    }
    StringBuilder kept = new StringBuilder();
    int width = 0;
    for (int at = 0; at < text.length(); ) {
      int c = text.codePointAt(at);
      width += TerminalText.width(Character.toString(c));
      if (width > columns - 3) {
        break;
      }
      kept.appendCodePoint(c);
      at += Character.charCount(c);
    }
    return kept + "...";
  }
}
