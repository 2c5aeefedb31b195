package dev.rundbrief.cli.serve;

import dev.rundbrief.store.SubscriberStore;
import java.util.function.Supplier;

/** Opens the subscriber store on first use, and again on the next use after a failed open. */
final class StoreHolder implements AutoCloseable {
  private final Supplier<SubscriberStore> opener;
  private SubscriberStore store;

  StoreHolder(Supplier<SubscriberStore> opener) {
    this.opener = opener;
  }

  /**
   * The open store.
   *
   * @throws RuntimeException whatever opening it threw
   */
  synchronized SubscriberStore get() {
    if (store == null) {
      store = opener.get();
    }
    return store;
  }

  /** Whether the store opens and answers a query. */
  boolean healthy() {
    try {
      get().findByToken("health-check");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
