package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a CSV import did: how many subscribers were added or merged into existing ones, and every
 * line that was rejected, with its number and the reason.
 *
 * @param added new subscribers
 * @param merged lines that matched an existing subscriber (or an earlier line) and were merged
 * @param keptUnsubscribed lines for people who had unsubscribed or bounced: an import never
 *     subscribes them again, only their own sign-up does
 * @param rejected the lines that were not imported
 */
public record CsvImportReport(
    int added, int merged, int keptUnsubscribed, List<RejectedLine> rejected) {
  /** Copies the list. */
  public CsvImportReport {
    rejected = List.copyOf(requireNonNull(rejected, "rejected"));
  }

  /**
   * One line that was not imported.
   *
   * @param line the 1-based line number where the record starts
   * @param reason what was wrong, such as {@code "e-mail address 'x@' needs exactly one @"}
   */
  public record RejectedLine(int line, String reason) {
    /** Validates the parts. */
    public RejectedLine {
      requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return "line " + line + ": " + reason;
    }
  }
}
