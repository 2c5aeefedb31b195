package dev.rundbrief.mail.bounce;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The CPU time one message may take to classify. Parsing checks it between parts and while it reads
 * them, and every pattern runs over text that checks it as the pattern reads, so a hostile message
 * ends with {@link Exceeded} instead of occupying a core for minutes.
 *
 * <p>The thread's CPU time is measured where the JVM offers it (a loaded machine does not make a
 * message run out of budget), else the elapsed time.
 */
final class Budget {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Duration limit;
  private final boolean cpu;
  private final long start;
  private int ticks;

  private Budget(Duration limit) {
    this.limit = limit;
    this.cpu = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    this.start = now();
  }

  static Budget start(Duration limit) {
    return new Budget(limit);
  }

  private long now() {
    return cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /**
   * Throws once the time is spent.
   *
   * @throws Exceeded once the time is spent
   */
  void check() {
    if (now() - start >= limit.toNanos()) {
      throw new Exceeded(limit);
    }
  }

  /** {@link #check()} for steps that come by the thousand, reading the clock on every 4096th. */
  void checkOften() {
    if ((++ticks & 0xFFF) == 0) {
      check();
    }
  }

  /** The text as a sequence that checks this budget while a pattern reads it. */
  CharSequence watch(CharSequence text) {
    return text instanceof Watched w && w.budget == this ? w : new Watched(this, text);
  }

  /** A text that checks the budget as it is read: patterns cannot run past it. */
  private static final class Watched implements CharSequence {
    private final Budget budget;
    private final CharSequence text;

    Watched(Budget budget, CharSequence text) {
      this.budget = budget;
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      budget.checkOften();
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Watched(budget, text.subSequence(start, end));
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  /** The budget is spent: the message is skipped, with this as the reason. */
  static final class Exceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exceeded(Duration limit) {
      super("took more than its budget of " + limit.toMillis() + " ms of CPU time to read");
    }
  }
}
