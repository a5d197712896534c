package io.tenantseed.purge;

/**
 * A {@link io.tenantseed.TransactionListener}'s own exception, carried past the translation
 * of database failures so that it reaches the caller as it was thrown.
 */
final class ListenerFailure extends RuntimeException {

  final RuntimeException failure;

  private ListenerFailure(RuntimeException failure) {
    super(failure);
    this.failure = failure;
  }

  /** Runs a listener's {@code event}; its exception becomes a ListenerFailure. */
  static void tell(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      throw new ListenerFailure(e);
    }
  }
}
