package io.tenantseed.graph;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the rows of a result set on a thread of its own, a few batches ahead of the thread
 * that writes them, so that the database sending rows and the export printing them overlap
 * (with one thread each waits for the other). At most {@link #DEPTH} batches are held.
 *
 * <pre>
 * try (RowPipe pipe = new RowPipe(result, readers, 2_000)) {
 *   for (Object[][] batch = pipe.next(); batch != null; batch = pipe.next()) {
 *     ... write each row of batch
 *   }
 * }
 * </pre>
 *
 * <p>The result set (and its connection) belongs to the pipe's thread until {@link #close}
 * returns. One reader and one consumer.
 */
final class RowPipe implements AutoCloseable {

  static final int DEPTH = 4;
  private static final Object[][] END = new Object[0][];

  private final BlockingQueue<Object[][]> batches = new ArrayBlockingQueue<>(DEPTH);
  private final Thread thread;
  private volatile boolean closed;
  private volatile Throwable failure;

  RowPipe(ResultSet result, ExportValues.Reader[] readers, int batchSize) {
    thread = new Thread(() -> read(result, readers, batchSize), "tenant-seed export reader");
    thread.setDaemon(true);
    thread.start();
  }

  /** The next batch of rows, or null after the last; a failure of the reader is thrown here. */
  Object[][] next() throws SQLException {
    Object[][] batch;
    try {
      batch = batches.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while exporting", e);
    }
    if (batch != END) {
      return batch;
    }
    batches.offer(END); // stays at the end for a further call
    Throwable cause = failure;
    if (cause instanceof SQLException sql) {
      throw sql;
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return null;
  }

  /** Stops the reader (if it has not finished) and waits for it: the result set is the caller's again. */
  @Override
  public void close() {
    closed = true;
    batches.clear();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void read(ResultSet result, ExportValues.Reader[] readers, int batchSize) {
    try {
      Object[][] batch = new Object[batchSize][];
      int size = 0;
      while (!closed && result.next()) {
        Object[] values = new Object[readers.length];
        for (int i = 0; i < readers.length; i++) {
          values[i] = readers[i].read(result, i + 1);
        }
        batch[size++] = values;
        if (size == batchSize) {
          put(batch);
          batch = new Object[batchSize][];
          size = 0;
        }
      }
      if (size > 0) {
        put(java.util.Arrays.copyOf(batch, size));
      }
    } catch (Throwable e) {
      failure = e;
    } finally {
      put(END);
    }
  }

  /** Hands a batch over, waiting while the queue is full, unless the consumer has gone. */
  private void put(Object[][] batch) {
    try {
      while (!closed && !batches.offer(batch, 50, TimeUnit.MILLISECONDS)) {
        // the writer is busy; wait for room
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
