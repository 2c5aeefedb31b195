package dev.rundbrief.cli.serve;

import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.ConfirmationMail;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.store.SignUp;
import java.net.URI;
import java.util.List;
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
 * and gets a confirmation mail with a new single-use link (at most {@link
 * ServeSettings.RateLimits#perAddress()} per window, counted in the store). An active subscriber is
 * left exactly as it is and gets no mail. Every sign-up does the same work up to the sending: one
 * store transaction of the same shape ({@link dev.rundbrief.store.SubscriberStore#signUp}) and
 * composing (and, with DKIM, signing) the mail, so that the load a sign-up leaves behind does not
 * tell the address's state either. Logs name subscriber ids, never addresses or tokens.
 */
final class SignupWorker {
  private static final Logger LOG = LoggerFactory.getLogger(SignupWorker.class);
  private static final String ISSUE_ID = "confirmations";

  /** Stands in for a token where no link is sent, so that composing does the same work. */
  private static final String UNUSED_TOKEN = "0".repeat(43);

  private final StoreHolder store;
  private final ConfirmationMail mail;
  private final java.util.function.Supplier<DeliveryEngine> transport;
  private final URI publicUrl;
  private final ServeSettings.RateLimits limits;
  private final java.time.Duration linkValidity;
  private final ThreadPoolExecutor executor;
  private final java.util.concurrent.atomic.AtomicInteger pending =
      new java.util.concurrent.atomic.AtomicInteger();
  private DeliveryEngine engine;

  SignupWorker(
      StoreHolder store,
      ConfirmationMail mail,
      java.util.function.Supplier<DeliveryEngine> transport,
      URI publicUrl,
      ServeSettings.RateLimits limits,
      java.time.Duration linkValidity) {
    this.store = store;
    this.mail = mail;
    this.transport = transport;
    this.publicUrl = publicUrl;
    this.limits = limits;
    this.linkValidity = linkValidity;
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
      SignUp signUp =
          store
              .get()
              .signUp(
                  address,
                  name,
                  consent,
                  linkValidity,
                  limits.perAddress(),
                  limits.addressWindow());
      Recipient recipient =
          signUp
              .subscriber()
              .map(Subscriber::toRecipient)
              .orElseGet(() -> new Recipient(address, "", UNUSED_TOKEN));
      String token =
          signUp.outcome() == SignUp.Outcome.CONFIRMATION_ISSUED
              ? signUp.confirmationToken()
              : UNUSED_TOKEN;
      String link = publicUrl.resolve("confirm?t=" + token).toString();
      // Composed (and signed) in every case: the same work whatever the address's state.
      ComposedMessage message = mail.compose(recipient, link);
      long id = signUp.subscriber().map(Subscriber::id).orElse(0L);
      switch (signUp.outcome()) {
        case ALREADY_ACTIVE ->
            LOG.info("sign-up for active subscriber #{}: no change, no mail", id);
        case MAIL_LIMIT_REACHED ->
            LOG.info("sign-up for subscriber #{}: mail limit reached, no change, no mail", id);
        case CONFIRMATION_ISSUED -> send(id, recipient, message);
      }
    } catch (RuntimeException e) {
      LOG.error("sign-up could not be processed: {}", e.getClass().getName());
      LOG.debug("sign-up failure", e);
    }
  }

  private void send(long id, Recipient recipient, ComposedMessage message) {
    DeliveryResult r = engine().send(ISSUE_ID, List.of(recipient), rc -> message, SendMode.NEW);
    if (r.sent() == 1) {
      LOG.info("confirmation mail for subscriber #{} sent", id);
    } else {
      LOG.warn("confirmation mail for subscriber #{} not sent (failed or deferred)", id);
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
