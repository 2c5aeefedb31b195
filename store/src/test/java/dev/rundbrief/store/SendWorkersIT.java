package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryException;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.mail.delivery.RecipientClaims;
import dev.rundbrief.mail.delivery.RetryPolicy;
import dev.rundbrief.mail.testing.ScriptedSmtpServer;
import dev.rundbrief.mail.testing.TestMessages;
import dev.rundbrief.mail.testing.TestSmtp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store side of shared sends on a throwaway PostgreSQL server: workers starting at the same
 * moment queue the list once, claims never overlap, an expired lease is taken over, and the status.
 */
class SendWorkersIT {
  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
  private static final int N = 300;

  @RegisterExtension static final PostgresDatabases POSTGRES = new PostgresDatabases("w");

  private StoreLocation location;

  @BeforeEach
  void listOfN() throws Exception {
    location = POSTGRES.newDatabase();
    try (SubscriberStore store = SubscriberStore.open(location, Clock.fixed(T0, ZoneOffset.UTC))) {
      for (int i = 0; i < N; i++) {
        EmailAddress a = EmailAddress.parse("leser" + i + "@example.org");
        store.subscribe(a, "", Consent.of(T0, "test", "v1"));
        store.confirm(a);
      }
    }
  }

  private static List<Recipient> drain(RecipientClaims claims) {
    List<Recipient> all = new ArrayList<>();
    while (true) {
      Optional<List<Recipient>> next = claims.next();
      if (next.isEmpty() || next.get().isEmpty()) {
        return all;
      }
      all.addAll(next.get());
    }
  }

  @Test
  void eightWorkersStartingAtOnceQueueTheListOnceAndClaimDisjointBatchesThatCoverIt()
      throws Exception {
    int workers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<List<Recipient>>> claimed = new ArrayList<>();
    List<WorkerLease> leases = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        long pid = 1000 + w;
        claimed.add(
            pool.submit(
                () -> {
                  go.await();
                  try (SendWorkers sw = SendWorkers.open(location)) {
                    WorkerLease lease = sw.join("issue-1", "host", pid, Duration.ofSeconds(30), 7);
                    synchronized (leases) {
                      leases.add(lease);
                    }
                    return drain(lease.claims(line -> {}));
                  }
                }));
      }
      go.countDown();
      List<String> all = new ArrayList<>();
      for (Future<List<Recipient>> f : claimed) {
        f.get().forEach(r -> all.add(r.address().value()));
      }
      assertThat(all).doesNotHaveDuplicates().hasSize(N);
    } finally {
      pool.shutdownNow();
      leases.forEach(WorkerLease::close);
    }
    try (Connection c = POSTGRES.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*), COUNT(DISTINCT address_key) FROM delivery WHERE issue_id ="
                    + " 'issue-1' AND state = 'queued'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(N);
      assertThat(rs.getInt(2)).isEqualTo(N);
    }
    try (SendWorkers sw = SendWorkers.open(location)) {
      SendStatus status = sw.status("issue-1");
      assertThat(status.shared()).isTrue();
      assertThat(status.workers()).hasSize(workers);
      assertThat(status.active()).isEmpty();
      assertThat(status.queued()).isEqualTo(N);
      assertThat(status.held()).as("closed workers gave their leases back").isZero();
    }
  }

  @Test
  void anExpiredLeaseIsTakenOverAndALiveOneMakesOthersWait() throws Exception {
    try (SendWorkers sw = SendWorkers.open(location)) {
      WorkerLease dead = sw.join("issue-1", "a", 1, Duration.ofSeconds(3), N);
      List<Recipient> held = drain(dead.claims(line -> {}));
      assertThat(held).hasSize(N);
      // "a" dies: its heartbeat stops, its leases are not given back.
      dead.abandon();
      WorkerLease other = sw.join("issue-1", "b", 2, Duration.ofSeconds(3), N);
      List<String> said = new ArrayList<>();
      Optional<List<Recipient>> first = other.claims(said::add).next();
      assertThat(first).contains(List.of());
      assertThat(said).singleElement().asString().contains("waiting for 300 recipient(s)", "a:1:");
      SendStatus during = sw.status("issue-1");
      assertThat(during.held()).isEqualTo(N);
      assertThat(during.active()).extracting(SendStatus.Worker::host).contains("a", "b");

      Thread.sleep(4_000);
      Set<String> taken = new HashSet<>();
      drain(other.claims(line -> {})).forEach(r -> taken.add(r.address().value()));
      assertThat(taken).hasSize(N);
      SendStatus after = sw.status("issue-1");
      assertThat(after.workers())
          .filteredOn(w -> w.host().equals("a"))
          .singleElement()
          .satisfies(w -> assertThat(w.active()).isFalse());
      other.close();
      dead.close();
    }
  }

  /**
   * The database ends the worker's connections (as a restart, a failover or an administrator
   * would): its heartbeat cannot renew the lease, so the worker must stop sending before the lease
   * runs out, which is when another worker may take its recipients over.
   */
  @Test
  void aWorkerWhoseHeartbeatFailsStopsBeforeOthersMayTakeItsRecipients() throws Exception {
    Duration lease = Duration.ofSeconds(3);
    SendWorkers cutOff = SendWorkers.open(location);
    WorkerLease a = cutOff.join("issue-1", "a", 1, lease, N);
    assertThat(drain(a.claims(line -> {}))).hasSize(N);
    a.checkLease();

    long cut = System.nanoTime();
    try (java.sql.Connection admin = POSTGRES.connect();
        java.sql.Statement st = admin.createStatement()) {
      st.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
    }
    DeliveryException stopped = null;
    while (stopped == null && System.nanoTime() - cut < lease.toNanos() * 2) {
      try {
        a.checkLease();
        Thread.sleep(20);
      } catch (DeliveryException e) {
        stopped = e;
      }
    }
    long stoppedAfter = System.nanoTime() - cut;
    assertThat(stopped)
        .as("the worker stops once it cannot renew its lease")
        .isNotNull()
        .hasMessageContaining("worker a:1:")
        .hasMessageContaining("could not renew its lease in 3 s");
    // The lease was last renewed before the cut, so it ends at most 3 s after it; the worker
    // stops a tenth of the lease before that.
    assertThat(stoppedAfter).isLessThan(lease.toNanos());

    try (SendWorkers sw = SendWorkers.open(location)) {
      WorkerLease b = sw.join("issue-1", "b", 2, lease, N);
      Set<String> taken = new HashSet<>();
      long until = System.nanoTime() + lease.toNanos() * 3;
      while (taken.size() < N && System.nanoTime() < until) {
        drain(b.claims(line -> {})).forEach(r -> taken.add(r.address().value()));
        Thread.sleep(200);
      }
      assertThat(taken).as("every recipient of the stopped worker goes to another").hasSize(N);
      b.close();
    }
    a.close();
    cutOff.close();
  }

  /**
   * A recipient deferred by one worker (451 on every attempt) stays with that worker while it
   * lives; once it has ended, a worker started before the deferral leaves the recipient alone (it
   * had its chance), and a worker started after it sends it, once.
   */
  @Test
  void recipientsDeferredByOneWorkerAreSentOnceByAWorkerStartedLater() throws Exception {
    AtomicBoolean greylisting = new AtomicBoolean(true);
    ScriptedSmtpServer.Script script =
        new ScriptedSmtpServer.Script() {
          @Override
          public String rcpt(String address, int time) {
            boolean grey = address.startsWith("leser7@") || address.startsWith("leser8@");
            return greylisting.get() && grey ? "451 4.7.1 greylisted, try again" : "250 OK";
          }
        };
    Duration lease = Duration.ofSeconds(10);
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
        SubscriberStore store = SubscriberStore.open(location, Clock.systemUTC());
        SendWorkers sw = SendWorkers.open(location)) {
      DeliveryEngine engine =
          DeliveryEngine.smtp(
                  TestSmtp.loopback(server.port())
                      .connections(2)
                      .timeout(Duration.ofSeconds(10))
                      .build())
              .journal(store.journal())
              .retry(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20)))
              .build();
      Function<Recipient, ComposedMessage> compose = r -> TestMessages.compose(r, "issue-1");

      WorkerLease before = sw.join("issue-1", "b", 2, lease, 100);
      WorkerLease a = sw.join("issue-1", "a", 1, lease, 100);
      DeliveryResult first = engine.send("issue-1", a.claims(line -> {}), compose);
      assertThat(first.sent()).isEqualTo(N - 2);
      assertThat(first.deferred()).isEqualTo(2);
      assertThat(store.journal().records("issue-1", DeliveryState.DEFERRED))
          .extracting(r -> r.address().value())
          .containsExactlyInAnyOrder("leser7@example.org", "leser8@example.org");
      assertThat(drain(a.claims(line -> {}))).as("a never claims again what it deferred").isEmpty();
      assertThat(drain(before.claims(line -> {})))
          .as("while a lives, it holds what it deferred")
          .isEmpty();
      a.close();
      assertThat(drain(before.claims(line -> {})))
          .as("b started before the deferral: it does not retry")
          .isEmpty();
      before.close();

      greylisting.set(false);
      WorkerLease c = sw.join("issue-1", "c", 3, lease, 100);
      DeliveryResult second = engine.send("issue-1", c.claims(line -> {}), compose);
      c.close();

      assertThat(second.sent()).isEqualTo(2);
      assertThat(second.deferred()).isZero();
      assertThat(server.accepted()).hasSize(N).allSatisfy((address, n) -> assertThat(n).isOne());
      assertThat(store.journal().counts("issue-1").get(DeliveryState.SENT)).isEqualTo(N);
      assertThat(store.journal().finishedAt("issue-1")).isPresent();
      assertThat(sw.status("issue-1").deferred()).isZero();
    }
  }

  @Test
  void aSqliteStoreIsRefusedWithOneLine(@TempDir Path dir) {
    assertThatThrownBy(() -> SendWorkers.open(StoreLocation.sqlite(dir.resolve("r.db"))))
        .isInstanceOf(RundbriefException.class)
        .hasMessageContaining("needs a PostgreSQL store");
  }
}
