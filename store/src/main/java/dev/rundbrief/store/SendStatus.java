package dev.rundbrief.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The progress of one issue's send as the database shows it, from any machine: the recipients in
 * each state and the worker processes that took part.
 *
 * @param issueId the journal's name of the issue
 * @param startedAt when the send started, empty if it never did
 * @param finishedAt when the last recipient was sent or failed, empty while some are open
 * @param shared whether the send was started by workers ({@code send --worker}): the whole list was
 *     queued at once
 * @param queued recipients not yet tried (or being tried)
 * @param held those of {@code queued} that a worker holds under a live lease
 * @param deferred recipients that failed temporarily on every attempt so far
 * @param sent recipients whose message the server accepted
 * @param failed recipients rejected permanently (or whose message could not be composed)
 * @param workers every worker process of this send, oldest first
 */
public record SendStatus(
    String issueId,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    boolean shared,
    int queued,
    int held,
    int deferred,
    int sent,
    int failed,
    List<Worker> workers) {
  /** Copies the list. */
  public SendStatus {
    workers = List.copyOf(workers);
  }

  /** Recipients still to send: queued or deferred. */
  public int pending() {
    return queued + deferred;
  }

  /** The workers whose heartbeat is live. */
  public List<Worker> active() {
    return workers.stream().filter(Worker::active).toList();
  }

  /**
   * One worker process.
   *
   * @param id {@code host:pid:start}, unique per process
   * @param host the machine's name
   * @param pid the process id on that machine
   * @param startedAt when the worker joined the send
   * @param heartbeatAt its last heartbeat (database clock)
   * @param endedAt when it ended normally; empty while it runs, or if it died
   * @param sent messages it sent, as of its last heartbeat
   * @param held queued recipients it holds under a live lease
   * @param active whether it has not ended and its last heartbeat is younger than its lease
   */
  public record Worker(
      String id,
      String host,
      long pid,
      Instant startedAt,
      Instant heartbeatAt,
      Optional<Instant> endedAt,
      int sent,
      int held,
      boolean active) {}
}
