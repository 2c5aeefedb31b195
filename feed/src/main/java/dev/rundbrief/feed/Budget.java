package dev.rundbrief.feed;

import java.time.Duration;

/**
 * The time one feed may take to read. Parsing and mapping check it between elements and items, so a
 * hostile document ends with a {@link FeedFormatException} instead of occupying a core for minutes.
 */
final class Budget {
  private final String source;
  private final Duration limit;
  private final long deadline;

  private Budget(String source, Duration limit) {
    this.source = source;
    this.limit = limit;
    this.deadline = System.nanoTime() + limit.toNanos();
  }

  static Budget start(String source, Duration limit) {
    return new Budget(source, limit);
  }

  String source() {
    return source;
  }

  /**
   * Throws once the time is spent.
   *
   * @throws FeedFormatException once the time is spent
   */
  void check() {
    if (System.nanoTime() - deadline > 0) {
      throw new Exceeded(source, limit);
    }
  }

  private int events;

  /**
   * {@link #check()} for events that come by the thousand (the XML parser's), reading the clock on
   * every 256th call only: a clock read cost more than the parser's own work for small text events.
   * 256 events take microseconds, so the budget still ends a hostile document in time.
   *
   * @throws FeedFormatException once the time is spent
   */
  void checkOften() {
    if ((++events & 0xFF) == 0) {
      check();
    }
  }

  /** The budget is spent: the whole feed is refused, not one item. */
  static final class Exceeded extends FeedFormatException {
    private static final long serialVersionUID = 1L;

    Exceeded(String source, Duration limit) {
      super(
          source, 0, 0, "took longer than the time budget of " + limit.toMillis() + " ms; refused");
    }
  }
}
