package dev.rundbrief.mail.delivery;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.SingleLine;
import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends one issue to a list of recipients, through a pool of SMTP connections or into an outbox
 * folder, recording every outcome in a {@link Journal}.
 *
 * <p><b>Threads.</b> The calling thread reads the recipient list in chunks and queues them; one
 * sender thread per connection composes each message (through the caller's function) and sends its
 * bytes as they are. Memory use does not grow with the number of recipients.
 *
 * <p><b>Replies.</b> A 4xx reply, a dropped connection or a failed connect is retried with
 * exponential backoff and jitter ({@link RetryPolicy}); after the last attempt the recipient is
 * deferred. A 5xx reply is a permanent failure, recorded with the reply text; a 5xx to RCPT TO also
 * counts towards the subscriber's bounce limit. One bad recipient never stops the send. The send
 * stops with a {@link DeliveryException} only when no message can go out: the login is refused, the
 * server has given no reply at all (refused or dropped connections, timeouts) for {@code
 * maxAttempts} attempts in a row over the pool and for at least the retry policy's whole {@link
 * RetryPolicy#schedule() schedule} (about 30 seconds with the default policy), the outbox cannot be
 * written, or the journal cannot be committed. Once the send is stopping, waiting senders wake up
 * at once, so the call returns within about a second after that (plus the SMTP timeout of a
 * connection that is in the middle of a command).
 *
 * <p><b>Crashes and duplicates.</b> With a journal, a recipient is recorded as sent only after the
 * server accepted the message, and right before a message can be accepted (before the final dot of
 * DATA, or the rename into the outbox) the connection waits until the "sent" record of the message
 * two before it on the same connection is committed to disk. If the process dies at any moment
 * (kill -9, power loss), at most two messages per connection were accepted but not yet recorded:
 * those two recipients may receive the issue twice when the send is resumed; everyone else receives
 * it exactly once, and nobody is missed. (Independently of crashes, SMTP itself cannot tell whether
 * a message was accepted when the connection drops after the final dot and before the reply; such a
 * message is retried and may arrive twice.)
 *
 * <p>An engine may be used for several sends, one at a time.
 */
public final class DeliveryEngine {
  private static final int CHUNK = 256;
  private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

  /** How often waiting threads look whether the send is stopping or the list is done. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** How long a shared send waits before asking again when others hold every open recipient. */
  private static final long CLAIM_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final SmtpSettings smtp;
  private final Path outbox;
  private final int outboxThreads;
  private final Journal journal;
  private final RetryPolicy retry;
  private final int bounceThreshold;
  private final DeliveryListener listener;
  private final Function<String, String> environment;
  private final Throttle throttle;

  private DeliveryEngine(Builder b) {
    smtp = b.smtp;
    outbox = b.outbox;
    outboxThreads = b.outboxThreads;
    journal = b.journal;
    retry = b.retry;
    bounceThreshold = b.bounceThreshold;
    listener = b.listener;
    environment = b.environment;
    throttle = b.throttle;
  }

  /** An engine that sends through an SMTP server. */
  public static Builder smtp(SmtpSettings settings) {
    return new Builder(requireNonNull(settings, "settings"), null);
  }

  /**
   * An engine that writes {@code .eml} files into {@code folder/<issue>/} instead of sending (the
   * default when no SMTP server is configured).
   */
  public static Builder outbox(Path folder) {
    return new Builder(null, requireNonNull(folder, "folder"));
  }

  /**
   * Sends the issue to every recipient that the journal does not show as done.
   *
   * @param issueId a stable name of the issue, such as {@code "2025-07"}; the journal's key
   * @param recipients the list; read once, lazily; duplicates (by {@link EmailAddress#key()}) are
   *     sent once when a journal is set
   * @param messages composes the message for one recipient; called on the sender threads, so it
   *     must be thread-safe; an exception from it fails that recipient only
   * @param mode whether the journal may already know the issue
   * @return the counts of this run
   * @throws DeliveryException if the issue was already sent or started ({@link SendMode#NEW}), or
   *     the send had to stop; recipients not reached stay queued for a resumed send
   */
  public DeliveryResult send(
      String issueId,
      Iterable<Recipient> recipients,
      Function<Recipient, ComposedMessage> messages,
      SendMode mode) {
    requireNonNull(issueId, "issueId");
    SingleLine.check(issueId, "issueId", 200);
    if (issueId.isBlank()) {
      throw new IllegalArgumentException("issueId is blank");
    }
    requireNonNull(recipients, "recipients");
    requireNonNull(messages, "messages");
    requireNonNull(mode, "mode");
    String password = smtp == null ? null : smtp.password(environment);
    Journal.Run run = journal == null ? null : journal.begin(issueId, mode, bounceThreshold);
    Send send = new Send(issueId, messages, run, password);
    try {
      return send.run((queue, workers) -> send.dispatch(recipients, queue, workers));
    } finally {
      if (run != null) {
        run.close();
      }
    }
  }

  /**
   * Sends this process's share of an issue that several processes send together: the recipients
   * come from {@code claims} (already queued in the journal and held by this process), batch after
   * batch, until it says that nothing is left. A new batch is asked for only when the connections
   * have little left to do, so that a process holds few recipients it has not tried yet. The
   * journal run is begun in {@link SendMode#RESUME} mode: starting the shared send (queueing the
   * whole list) is the caller's step, done before.
   *
   * @throws IllegalStateException if the engine has no journal
   * @throws DeliveryException if the send had to stop; recipients not reached stay queued
   */
  public DeliveryResult send(
      String issueId, RecipientClaims claims, Function<Recipient, ComposedMessage> messages) {
    requireNonNull(issueId, "issueId");
    requireNonNull(claims, "claims");
    requireNonNull(messages, "messages");
    if (journal == null) {
      throw new IllegalStateException("a shared send needs a journal");
    }
    String password = smtp == null ? null : smtp.password(environment);
    Journal.Run run = journal.begin(issueId, SendMode.RESUME, bounceThreshold);
    Send send = new Send(issueId, messages, run, password);
    try {
      return send.run((queue, workers) -> send.dispatchClaims(claims, queue, workers));
    } finally {
      run.close();
    }
  }

  /** How a send fills its queue: from a list, or from claims. */
  @FunctionalInterface
  private interface Dispatch {
    void fill(BlockingQueue<Recipient> queue, List<Thread> workers);
  }

  /** The state of one call to {@link #send}. */
  private final class Send {
    private final String issueId;
    private final Function<Recipient, ComposedMessage> messages;
    private final Journal.Run run;
    private final String password;
    private final long start = System.nanoTime();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger deferred = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();

    /** When the SMTP server last replied to anything (nanoTime); the start counts as a reply. */
    private final AtomicLong lastReply = new AtomicLong(start);

    /** Attempts over the whole pool that got no reply at all since {@link #lastReply}. */
    private final AtomicInteger silentAttempts = new AtomicInteger();

    private final AtomicReference<DeliveryException> fatal = new AtomicReference<>();

    /** Counted down once the send must stop, to wake senders waiting out a backoff. */
    private final CountDownLatch stopping = new CountDownLatch(1);

    private final Throttle limiter;
    private volatile boolean listComplete;
    private long lastProgress;

    Send(
        String issueId,
        Function<Recipient, ComposedMessage> messages,
        Journal.Run run,
        String password) {
      this.issueId = issueId;
      this.messages = messages;
      this.run = run;
      this.password = password;
      this.limiter =
          throttle != null
              ? throttle
              : smtp == null
                  ? new RateLimiter(0, 0)
                  : new RateLimiter(smtp.messagesPerSecond(), smtp.messagesPerHour());
    }

    DeliveryResult run(Dispatch dispatch) {
      int threads = smtp == null ? outboxThreads : smtp.connections();
      BlockingQueue<Recipient> queue = new ArrayBlockingQueue<>(threads * 8 + CHUNK);
      Supplier<Sender> senders =
          smtp == null
              ? () -> new OutboxSender(outbox, issueId)
              : () -> new SmtpSender(smtp, password);
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Thread t = new Thread(() -> work(queue, senders.get()), "rundbrief-send-" + (i + 1));
        t.start();
        workers.add(t);
      }
      try {
        dispatch.fill(queue, workers);
      } catch (RuntimeException | Error e) {
        stop(asDelivery(e));
      } finally {
        // The senders end once the queue is empty, or at once when the send stops: nothing here
        // waits for room in the queue, which a stopped sender would never make.
        listComplete = true;
        for (Thread t : workers) {
          joinQuietly(t);
        }
      }
      progress(true);
      DeliveryException stop = fatal.get();
      if (stop == null && run != null && run.failure().isPresent()) {
        stop = asDelivery(run.failure().get());
      }
      DeliveryResult result =
          new DeliveryResult(
              issueId, sent.get(), deferred.get(), failed.get(), skipped.get(), elapsed());
      if (stop != null) {
        throw new DeliveryException(
            "issue '"
                + issueId
                + "' stopped after "
                + sent.get()
                + " sent: "
                + stop.getMessage()
                + "; recipients not reached stay queued, resume the send to reach them",
            stop.recipient().orElse(null),
            stop.replyCode(),
            stop,
            result);
      }
      return result;
    }

    private void dispatch(
        Iterable<Recipient> recipients, BlockingQueue<Recipient> queue, List<Thread> workers) {
      List<Recipient> chunk = new ArrayList<>(CHUNK);
      for (Recipient r : recipients) {
        if (stopped()) {
          return;
        }
        chunk.add(requireNonNull(r, "recipient"));
        if (chunk.size() == CHUNK) {
          enqueue(chunk, queue, workers);
          chunk.clear();
        }
      }
      enqueue(chunk, queue, workers);
    }

    /**
     * Fills the queue from claims: a new batch only when fewer than two recipients per connection
     * wait or are being sent; an empty batch (others hold the rest) is asked for again after a
     * pause.
     */
    private void dispatchClaims(
        RecipientClaims claims, BlockingQueue<Recipient> queue, List<Thread> workers) {
      int low = Math.max(2, workers.size() * 2);
      while (!stopped()) {
        int inFlight = queued.get() - sent.get() - deferred.get() - failed.get();
        if (inFlight >= low) {
          pause(TimeUnit.MILLISECONDS.toNanos(5));
          continue;
        }
        Optional<List<Recipient>> batch = claims.next();
        if (batch.isEmpty()) {
          return;
        }
        if (batch.get().isEmpty()) {
          pause(CLAIM_PAUSE_NANOS);
          continue;
        }
        offer(batch.get(), queue, workers);
      }
    }

    /** Sleeps, waking early once the send is stopping. */
    private void pause(long nanos) {
      try {
        stopping.await(nanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop(new DeliveryException("the send was interrupted"));
      }
    }

    private void enqueue(
        List<Recipient> chunk, BlockingQueue<Recipient> queue, List<Thread> workers) {
      if (chunk.isEmpty()) {
        return;
      }
      List<Recipient> toSend = run == null ? chunk : run.claim(chunk);
      skipped.addAndGet(chunk.size() - toSend.size());
      offer(toSend, queue, workers);
    }

    private void offer(
        List<Recipient> toSend, BlockingQueue<Recipient> queue, List<Thread> workers) {
      for (Recipient r : toSend) {
        while (!stopped()) {
          try {
            if (queue.offer(r, 100, TimeUnit.MILLISECONDS)) {
              queued.incrementAndGet();
              break;
            }
            if (workers.stream().noneMatch(Thread::isAlive)) {
              stop(new DeliveryException("every sender thread has ended"));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(new DeliveryException("the send was interrupted"));
            return;
          }
        }
      }
    }

    private boolean stopped() {
      return fatal.get() != null || (run != null && run.failure().isPresent());
    }

    /** Stops the send with the first reason given; later reasons are dropped. */
    private void stop(DeliveryException reason) {
      fatal.compareAndSet(null, reason);
      stopping.countDown();
    }

    /** Waits out a backoff; returns early (false) once the send is stopping. */
    private boolean backoff(long millis) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (!stopped()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        // In slices, because a failing journal does not count the latch down.
        stopping.await(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
      }
      return false;
    }

    private void work(BlockingQueue<Recipient> queue, Sender sender) {
      // Futures of the "sent" records of the last messages on this connection. The gate runs
      // right before a message can be accepted (before the final dot of DATA): there the record of
      // the message two before must be on disk (the duplicate window, see the class comment). The
      // wait overlaps the commit with sending the previous message and this one's bytes.
      Deque<CompletableFuture<Void>> window = new ArrayDeque<>();
      Sender.Gate gate =
          run == null
              ? Sender.Gate.OPEN
              : new Sender.Gate() {
                @Override
                public void await() throws IOException {
                  awaitRecorded(run, window, 1);
                }

                @Override
                public boolean open() {
                  return recordedAlready(window, 1);
                }
              };
      try (sender) {
        while (!stopped()) {
          Recipient r = queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
          if (r == null) {
            if (listComplete && queue.isEmpty()) {
              break;
            }
            continue;
          }
          CompletableFuture<Void> recorded = deliver(sender, gate, r);
          if (recorded != null) {
            window.addLast(recorded);
          }
          progress(false);
        }
        if (run != null && !window.isEmpty()) {
          run.hurry();
        }
        for (CompletableFuture<Void> f : window) {
          f.join();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop(new DeliveryException("the send was interrupted"));
      } catch (RuntimeException | Error e) {
        // Whatever ends a sender ends the send, so that nobody waits for it.
        stop(asDelivery(e));
      }
    }

    /**
     * Whether at most {@code keep} of the connection's "sent" records are not yet on disk, without
     * waiting; drops those that are.
     */
    private static boolean recordedAlready(Deque<CompletableFuture<Void>> window, int keep) {
      while (window.size() > keep) {
        CompletableFuture<Void> oldest = window.peekFirst();
        if (!oldest.isDone() || oldest.isCompletedExceptionally()) {
          return false;
        }
        window.removeFirst();
      }
      return true;
    }

    /** Waits until at most {@code keep} of the connection's "sent" records are not yet on disk. */
    private static void awaitRecorded(
        Journal.Run run, Deque<CompletableFuture<Void>> window, int keep) throws IOException {
      while (window.size() > keep) {
        CompletableFuture<Void> oldest = window.peekFirst();
        try {
          if (!oldest.isDone()) {
            run.hurry();
          }
          oldest.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for the delivery journal");
        } catch (ExecutionException e) {
          throw new IOException("the delivery journal failed: " + e.getCause(), e.getCause());
        }
        window.removeFirst();
      }
    }

    /** Sends to one recipient with retries; returns the future of a "sent" record, else null. */
    private CompletableFuture<Void> deliver(Sender sender, Sender.Gate gate, Recipient r)
        throws InterruptedException {
      ComposedMessage message;
      try {
        message = requireNonNull(messages.apply(r), "composed message");
        if (!message.recipient().key().equals(r.address().key())) {
          throw new IllegalArgumentException(
              "the message is addressed to " + message.recipient() + ", not " + r.address());
        }
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        record(r, DeliveryState.FAILED, 0, 0, "message could not be composed: " + e, false);
        return null;
      }
      Sender.Outcome last = null;
      for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
        if (stopped()) {
          return null;
        }
        if (attempt > 1
            && !backoff(
                retry.backoff(attempt - 1, ThreadLocalRandom.current().nextDouble()).toMillis())) {
          return null;
        }
        limiter.acquire();
        last = sender.send(message, gate);
        if (last.kind() == Sender.Kind.TEMPORARY && last.code() == 0) {
          if (serverSilent(last, r)) {
            return null;
          }
        } else {
          lastReply.set(System.nanoTime());
          silentAttempts.set(0);
        }
        switch (last.kind()) {
          case ACCEPTED -> {
            sent.incrementAndGet();
            return record(r, DeliveryState.SENT, attempt, 0, "", false);
          }
          case PERMANENT_RECIPIENT, PERMANENT_MESSAGE -> {
            failed.incrementAndGet();
            record(
                r,
                DeliveryState.FAILED,
                attempt,
                last.code(),
                last.reply(),
                last.kind() == Sender.Kind.PERMANENT_RECIPIENT);
            return null;
          }
          case FATAL -> {
            stop(new DeliveryException(last.reply(), r.address(), last.code(), null));
            return null;
          }
          case TEMPORARY -> {
            // tried again below, after a backoff
          }
        }
      }
      deferred.incrementAndGet();
      record(
          r,
          DeliveryState.DEFERRED,
          retry.maxAttempts(),
          last == null ? 0 : last.code(),
          last == null ? "" : last.reply(),
          false);
      return null;
    }

    /**
     * Counts an attempt that got no reply at all (a refused or dropped connection, a timeout) and
     * stops the send once the server has been silent for {@code maxAttempts} attempts over the pool
     * and for the retry policy's whole schedule: then it is gone, not busy, and waiting longer only
     * keeps the command (and a cron job's lock) hanging. Returns whether the send stops.
     */
    private boolean serverSilent(Sender.Outcome last, Recipient r) {
      if (smtp == null) {
        return false;
      }
      int silent = silentAttempts.incrementAndGet();
      long silence = System.nanoTime() - lastReply.get();
      if (silent < retry.maxAttempts() || silence < retry.schedule().toNanos()) {
        return false;
      }
      stop(
          new DeliveryException(
              "the SMTP server "
                  + smtp.host()
                  + ":"
                  + smtp.port()
                  + " could not be reached: no reply for "
                  + TimeUnit.NANOSECONDS.toSeconds(silence)
                  + " s and "
                  + silent
                  + " attempts in a row (last: "
                  + last.reply()
                  + ")",
              r.address(),
              0,
              null));
      return true;
    }

    private CompletableFuture<Void> record(
        Recipient r, DeliveryState state, int attempts, int code, String reply, boolean bounce) {
      if (run == null) {
        return null;
      }
      return run.record(r.address(), state, attempts, code, reply, bounce);
    }

    private Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - start);
    }

    private void progress(boolean last) {
      if (listener == null) {
        return;
      }
      synchronized (this) {
        long now = System.nanoTime();
        if (!last && now - lastProgress < PROGRESS_INTERVAL_NANOS) {
          return;
        }
        lastProgress = now;
        try {
          listener.progress(
              new DeliveryProgress(
                  queued.get(),
                  listComplete,
                  sent.get(),
                  deferred.get(),
                  failed.get(),
                  skipped.get(),
                  elapsed()));
        } catch (RuntimeException e) {
          // A broken progress bar must not stop a send.
        }
      }
    }
  }

  private static DeliveryException asDelivery(Throwable e) {
    return e instanceof DeliveryException d
        ? d
        : new DeliveryException(
            e instanceof Error ? e.toString() : String.valueOf(e.getMessage()), null, 0, e);
  }

  private static void joinQuietly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds a {@link DeliveryEngine}. */
  public static final class Builder {
    private final SmtpSettings smtp;
    private final Path outbox;
    private int outboxThreads = 2;
    private Journal journal;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private int bounceThreshold = 3;
    private DeliveryListener listener;
    private Function<String, String> environment = System::getenv;
    private Throttle throttle;

    private Builder(SmtpSettings smtp, Path outbox) {
      this.smtp = smtp;
      this.outbox = outbox;
    }

    /**
     * Records every outcome in this journal, which makes sends resumable and refuses to send an
     * issue twice. Without a journal every recipient given is sent to, every time.
     */
    public Builder journal(Journal journal) {
      this.journal = requireNonNull(journal, "journal");
      return this;
    }

    /** How temporary failures are retried; default {@link RetryPolicy#DEFAULT}. */
    public Builder retry(RetryPolicy retry) {
      this.retry = requireNonNull(retry, "retry");
      return this;
    }

    /**
     * Permanent recipient failures after which an active subscriber is marked bounced; default 3.
     */
    public Builder bounceThreshold(int failures) {
      if (failures < 1) {
        throw new IllegalArgumentException("bounceThreshold must be at least 1: " + failures);
      }
      this.bounceThreshold = failures;
      return this;
    }

    /** Receives progress while sending. */
    public Builder listener(DeliveryListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /** Threads writing the outbox; default 2. Ignored for SMTP (one per connection). */
    public Builder outboxThreads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("outboxThreads must be 1..64: " + threads);
      }
      this.outboxThreads = threads;
      return this;
    }

    /**
     * Paces messages with this throttle instead of the rate limits of the {@link SmtpSettings}
     * (which then apply to no one): for limits that several processes share.
     */
    public Builder throttle(Throttle throttle) {
      this.throttle = requireNonNull(throttle, "throttle");
      return this;
    }

    /** Where environment variables (the SMTP password) are read; for tests. */
    Builder environment(Function<String, String> environment) {
      this.environment = requireNonNull(environment, "environment");
      return this;
    }

    /** The engine. */
    public DeliveryEngine build() {
      return new DeliveryEngine(this);
    }
  }
}
