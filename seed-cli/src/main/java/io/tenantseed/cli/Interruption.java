package io.tenantseed.cli;

import io.tenantseed.TransactionListener;
import java.io.PrintStream;

/**
 * What a SIGINT or SIGTERM says, in one line on stderr: where the command's writing
 * transaction stood when the signal came. The commands report their work into it (as the
 * {@link TransactionListener} of the purge or the flow deletion, or around other calls);
 * {@link #install} makes a shutdown hook print the line. The JVM then exits with 130 for
 * SIGINT and 143 for SIGTERM, as shells expect.
 *
 * <p>Truthful by construction: once interrupted, {@link #committing()} refuses, so a
 * transaction that had not sent its commit is rolled back (and the server rolls back what
 * the ended process left open), and "nothing was kept" stays true. Thread-safe.
 */
final class Interruption implements TransactionListener {

  /** Where the work stands. */
  enum Phase {
    /** Nothing written, or only reading. */
    NOTHING_WRITTEN,
    /** A command that does not report its transactions: each is all or nothing. */
    UNTRACKED,
    /** Inside a writing transaction, before its commit was sent. */
    WRITING,
    /** The commit was sent; the server's answer has not come. */
    COMMITTING,
    /** The commit was acknowledged. */
    COMMITTED
  }

  /** A line drawn on stderr and not yet ended, such as a progress bar's. */
  interface OpenLine {
    /** Ends the line (if anything was drawn on it) and draws nothing more. */
    void end();
  }

  private Phase phase = Phase.UNTRACKED;
  private OpenLine openLine;
  private String work = "the command";
  private boolean interrupted;
  private boolean finished;

  /** Prints {@link #message()} on {@code err} when the JVM is stopped by a signal. */
  void install(PrintStream err) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> report(err), "seed-interruption"));
  }

  /**
   * What the shutdown hook does: marks the run interrupted and, unless the command had ended by
   * itself, prints its line on {@code err}, on a line of its own: an {@linkplain #open open line}
   * (a progress bar) is ended first.
   */
  void report(PrintStream err) {
    String message = interrupt();
    if (message == null) {
      return;
    }
    OpenLine line;
    synchronized (this) {
      line = openLine;
    }
    if (line != null) {
      line.end();
    }
    err.println("seed: " + message);
    err.flush();
  }

  /** {@code line} is drawn on stderr until {@link #closed}. */
  synchronized void open(OpenLine line) {
    openLine = line;
  }

  /** {@code line} has ended by itself. */
  synchronized void closed(OpenLine line) {
    if (openLine == line) {
      openLine = null;
    }
  }

  /** The command's work, as the message names it ("the purge"), starting with nothing written. */
  synchronized void begin(String work) {
    this.work = work;
    phase = Phase.NOTHING_WRITTEN;
  }

  /** A command whose writes are not reported here. */
  synchronized void untracked() {
    phase = Phase.UNTRACKED;
  }

  /** The command ended by itself (exit code in hand): a later shutdown says nothing. */
  synchronized void finished() {
    finished = true;
  }

  synchronized boolean interrupted() {
    return interrupted;
  }

  @Override
  public synchronized void writing() {
    refuseIfInterrupted();
    phase = Phase.WRITING;
  }

  @Override
  public synchronized void committing() {
    refuseIfInterrupted();
    phase = Phase.COMMITTING;
  }

  @Override
  public synchronized void committed() {
    phase = Phase.COMMITTED;
  }

  private void refuseIfInterrupted() {
    if (interrupted) {
      throw new CliException(io.tenantseed.ErrorCode.UNEXPECTED, "interrupted; nothing was kept");
    }
  }

  /** Marks the run interrupted and returns its one line, or null if the command had ended by itself. */
  synchronized String interrupt() {
    if (finished) {
      return null;
    }
    interrupted = true;
    return message();
  }

  /** The line for where the work stands now. */
  synchronized String message() {
    return switch (phase) {
      case NOTHING_WRITTEN -> "interrupted: nothing was kept";
      case WRITING -> "interrupted: nothing was kept (" + work + " had not committed; it is rolled back)";
      case COMMITTING -> "interrupted while committing: " + work + " may have completed, see `seed status`"
          + " / seed_meta.purge_log";
      case COMMITTED -> "interrupted after " + work + " had committed: it is complete";
      case UNTRACKED -> "interrupted: nothing partial is kept (work not yet committed is rolled back);"
          + " `seed status` shows what was committed";
    };
  }
}
