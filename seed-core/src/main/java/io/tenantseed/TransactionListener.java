package io.tenantseed;

/**
 * Told where a writing transaction stands, so that a caller can say truthfully what an
 * interruption left behind: until {@link #committing()} an end of the process rolls the
 * transaction back; from then on it may have committed. Throwing from {@code committing()}
 * ends the transaction with a rollback instead of the commit (the exception reaches the
 * caller as it was thrown). Called on the thread that runs the transaction.
 *
 * <pre>
 * Purger purger = Purger.forDataSource(dataSource).listener(new TransactionListener() {
 *   &#64;Override
 *   public void committing() {
 *     if (interrupted.get()) {
 *       throw new IllegalStateException("interrupted");   // rolled back, nothing kept
 *     }
 *   }
 * });
 * </pre>
 */
public interface TransactionListener {

  /** Changes are about to be sent inside the open transaction; they are not yet committed. */
  default void writing() {}

  /** The commit is about to be sent (on its own, or with the last changes); throw to roll back instead. */
  default void committing() {}

  /** The server acknowledged the commit. */
  default void committed() {}

  /** A listener that does nothing. */
  TransactionListener NONE = new TransactionListener() {};
}
