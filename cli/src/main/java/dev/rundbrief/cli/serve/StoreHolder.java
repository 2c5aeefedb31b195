package dev.rundbrief.cli.serve;

import dev.rundbrief.store.SubscriberStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Opens the subscriber store on first use, and again on the next use after a failed open or a
 * failed health check.
 */
final class StoreHolder implements AutoCloseable {
  /** How long {@code /health} waits for the database before it answers 503. */
  static final Duration HEALTH_WAIT = Duration.ofMillis(1500);

  private final Supplier<SubscriberStore> opener;
  private SubscriberStore store;
  // Not this object's lock: get() holds that while a store opens, which may wait on the database.
  private final Object checkLock = new Object();
  private CompletableFuture<Boolean> check;

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

  /**
   * Whether the store opens and answers a query within {@link #HEALTH_WAIT}. A database that stops
   * answering holds the query until the store's own timeouts end it; meanwhile every probe answers
   * false at once and waits on the same one query, so probes never pile up threads.
   */
  boolean healthy() {
    CompletableFuture<Boolean> c;
    synchronized (checkLock) {
      if (check == null || check.isDone()) {
        check = CompletableFuture.supplyAsync(this::query, StoreHolder::daemon);
      }
      c = check;
    }
    try {
      return c.get(HEALTH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean query() {
    try {
      get().findByToken("health-check");
      return true;
    } catch (RuntimeException e) {
      // A connection the database dropped (restarted, timed out) stays closed: open it again.
      close();
      return false;
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "health-check");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public synchronized void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
