package dev.rundbrief.cli;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how long the phases of a command took, at debug level ({@code --verbose}): the first timer
 * of the process logs how long the process ran before it started (JVM start, loading classes,
 * parsing the arguments); each phase logs the time since the timer's previous phase. Costs nothing
 * when debug is off.
 */
final class PhaseTimer {
  private static final Logger LOG = LoggerFactory.getLogger(PhaseTimer.class);

  private final String command;
  private long last;

  private PhaseTimer(String command) {
    this.command = command;
    this.last = System.nanoTime();
  }

  private static final java.util.concurrent.atomic.AtomicBoolean STARTED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Starts timing; the first timer of the process logs the time from the process's start. */
  static PhaseTimer start(String command) {
    PhaseTimer t = new PhaseTimer(command);
    if (LOG.isDebugEnabled() && STARTED.compareAndSet(false, true)) {
      ProcessHandle.current()
          .info()
          .startInstant()
          .ifPresent(
              s ->
                  LOG.debug(
                      "{}: process start to command: {} ms",
                      command,
                      Duration.between(s, Instant.now()).toMillis()));
    }
    return t;
  }

  /** Logs the time since the previous phase ended. */
  void phase(String name) {
    long now = System.nanoTime();
    if (LOG.isDebugEnabled()) {
      LOG.debug("{}: {}: {} ms", command, name, (now - last) / 1_000_000);
    }
    last = now;
  }
}
