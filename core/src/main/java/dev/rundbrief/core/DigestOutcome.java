package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What {@link DigestBuilder#build} produced: the next issue, or "no issue this period", together
 * with every article that was left out and why.
 *
 * <p>When nothing in the period passed the filters there is no digest at all, never an empty one:
 * {@link #digest()} is empty and {@link #hasIssue()} is {@code false}. {@link #period()} is always
 * the window that was considered.
 */
public final class DigestOutcome {
  private final Digest digest;
  private final DigestPeriod period;
  private final List<Omission> omissions;

  private DigestOutcome(Digest digest, DigestPeriod period, List<Omission> omissions) {
    this.digest = digest;
    this.period = requireNonNull(period, "period");
    this.omissions = List.copyOf(omissions);
  }

  static DigestOutcome issue(Digest digest, List<Omission> omissions) {
    return new DigestOutcome(requireNonNull(digest, "digest"), digest.period(), omissions);
  }

  static DigestOutcome noIssue(DigestPeriod period, List<Omission> omissions) {
    return new DigestOutcome(null, period, omissions);
  }

  /** The issue, or empty when there is nothing to publish this period. */
  public Optional<Digest> digest() {
    return Optional.ofNullable(digest);
  }

  /** Whether there is an issue to publish. */
  public boolean hasIssue() {
    return digest != null;
  }

  /** The window that was considered, whether or not it gave an issue. */
  public DigestPeriod period() {
    return period;
  }

  /**
   * Every article that is not in the digest, in the order the rules were applied (window, tags,
   * duplicates, section limit, total limit) and, within one rule, in input order.
   */
  public List<Omission> omissions() {
    return omissions;
  }

  /** The omissions for one reason, in the order of {@link #omissions()}. */
  public List<Omission> omissions(Omission.Reason reason) {
    requireNonNull(reason, "reason");
    return omissions.stream().filter(o -> o.reason() == reason).toList();
  }

  @Override
  public String toString() {
    return (digest == null ? "no issue for " + period : "issue " + digest.number())
        + ", "
        + omissions.size()
        + " omitted";
  }
}
