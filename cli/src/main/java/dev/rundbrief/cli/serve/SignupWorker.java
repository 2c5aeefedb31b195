package dev.rundbrief.cli.serve;

import dev.rundbrief.mail.ConfirmationMail;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.DeliveryEngine;
import dev.rundbrief.mail.DeliveryResult;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.SendMode;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores sign-ups and sends confirmation mails on one background thread, so that the answer to a
 * sign-up does not depend, in content or in time, on whether the address was known.
 *
 * <p>A new, pending, unsubscribed or bounced address becomes pending with the new consent record
 * and gets a confirmation mail (at most {@link ServeSettings.RateLimits#perAddress()} per window).
 * An active subscriber is left exactly as it is and gets no mail. Logs name subscriber ids, never
 * addresses or tokens.
 */
final class SignupWorker {
  private static final Logger LOG = LoggerFactory.getLogger(SignupWorker.class);
  private static final String ISSUE_ID = "confirmations";

  private final StoreHolder store;
  private final ConfirmationMail mail;
  private final java.util.function.Supplier<DeliveryEngine> transport;
  private final URI publicUrl;
  private final RateLimiter perAddress;
  private final ThreadPoolExecutor executor;
  private final java.util.concurrent.atomic.AtomicInteger pending =
      new java.util.concurrent.atomic.AtomicInteger();
  private DeliveryEngine engine;

  SignupWorker(
      StoreHolder store,
      ConfirmationMail mail,
      java.util.function.Supplier<DeliveryEngine> transport,
      URI publicUrl,
      RateLimiter perAddress) {
    this.store = store;
    this.mail = mail;
    this.transport = transport;
    this.publicUrl = publicUrl;
    this.perAddress = perAddress;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1000),
            r -> {
              Thread t = new Thread(r, "rundbrief-signup");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Queues a sign-up.
   *
   * @return false when the queue is full
   */
  boolean submit(EmailAddress address, String name, Consent consent) {
    pending.incrementAndGet();
    try {
      executor.execute(
          () -> {
            try {
              process(address, name, consent);
            } finally {
              pending.decrementAndGet();
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      pending.decrementAndGet();
      LOG.warn("sign-up queue full; a sign-up was refused with 503");
      return false;
    }
  }

  private void process(EmailAddress address, String name, Consent consent) {
    try {
      Optional<Subscriber> existing = store.get().find(address);
      if (existing.isPresent() && existing.get().state() == SubscriberState.ACTIVE) {
        LOG.info(
            "sign-up for active subscriber #{}: nothing changed, no mail", existing.get().id());
        return;
      }
      Subscriber s = store.get().subscribe(address, name, consent);
      if (!perAddress.tryAcquire(address.key())) {
        LOG.info("sign-up for subscriber #{}: mail limit reached, no confirmation mail", s.id());
        return;
      }
      String link = publicUrl.resolve("confirm?t=" + s.token()).toString();
      DeliveryResult r =
          engine()
              .send(ISSUE_ID, List.of(s.toRecipient()), rc -> mail.compose(rc, link), SendMode.NEW);
      if (r.sent() == 1) {
        LOG.info("confirmation mail for subscriber #{} sent", s.id());
      } else {
        LOG.warn("confirmation mail for subscriber #{} not sent (failed or deferred)", s.id());
      }
    } catch (RuntimeException e) {
      LOG.error("sign-up could not be processed: {}", e.getClass().getName());
    }
  }

  private DeliveryEngine engine() {
    if (engine == null) {
      engine = transport.get();
    }
    return engine;
  }

  /** Finishes the queued sign-ups, waiting at most the given time. */
  void shutdown(long timeout, TimeUnit unit) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(timeout, unit)) {
        LOG.warn("{} queued sign-up(s) dropped at shutdown", executor.shutdownNow().size());
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every sign-up queued so far is processed (for tests and shutdown). */
  boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (pending.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }
}
