package dev.rundbrief.mail.bounce;

import java.util.Locale;
import java.util.regex.Matcher;

/** The meaning of a failure: hard only when the text or status says the address is dead. */
record Meaning(BounceKind kind, String reason, boolean senderWarning) {
  private static final java.util.Set<String> DEAD_STATUSES =
      java.util.Set.of("5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10", "5.2.1");

  /**
   * Judges a failure by the remote server's reply first and the bounce's own text second, then by
   * the status code. A failure that gives neither a status nor a known reason is soft when the
   * message names the recipient it failed for, and unknown when it names none (a bounce subject
   * over text that says nothing is not a bounce that can be counted).
   */
  static Meaning judge(
      String status, String diagnostic, CharSequence humanText, Budget budget, boolean named) {
    // Replies are folded over lines ("550 Invalid\n    Recipient"): words match across them.
    String d = diagnostic.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    String h = humanText.toString().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    boolean temporary = status.startsWith("4");
    if (status.equals("5.4.1") && d.contains("recipient address rejected")) {
      // Microsoft 365's directory-based edge blocking: the recipient is not in the directory.
      return new Meaning(
          BounceKind.HARD,
          "the recipient is not in the receiving directory (5.4.1): the address is dead",
          false);
    }
    Meaning byText = d.isEmpty() ? null : byText(budget.watch(d), status, temporary);
    if (byText == null) {
      byText = byText(budget.watch(h), status, temporary);
    }
    if (byText != null) {
      return byText;
    }
    if (temporary) {
      return new Meaning(BounceKind.SOFT, "a temporary failure (" + status + ")", false);
    }
    if (DEAD_STATUSES.contains(status)) {
      return new Meaning(
          BounceKind.HARD,
          "status " + status + " says the mailbox or domain does not exist",
          false);
    }
    if (status.equals("5.2.2")) {
      return new Meaning(BounceKind.SOFT, "the mailbox is full (5.2.2)", false);
    }
    if (status.equals("5.3.4") || status.equals("5.2.3")) {
      return new Meaning(BounceKind.SOFT, "the message was too large (" + status + ")", false);
    }
    if (status.startsWith("5.7")) {
      return new Meaning(
          BounceKind.SOFT,
          "refused for security or policy (" + status + "): concerns the sender, not the address",
          true);
    }
    if (status.startsWith("5")) {
      return new Meaning(
          BounceKind.SOFT,
          "a permanent failure (" + status + ") whose reason does not say the address is dead",
          false);
    }
    if (named) {
      return new Meaning(BounceKind.SOFT, "delivery failed, no reason given", false);
    }
    // Nothing recognisable: no status, no known text, no recipient. Not a bounce to count.
    return new Meaning(
        BounceKind.UNKNOWN,
        "a failure notice without a status, a reason or a recipient: nothing to do",
        false);
  }

  private static Meaning byText(CharSequence t, String status, boolean temporary) {
    if (t.toString().isBlank()) {
      return null;
    }
    Matcher block = Patterns.SENDER_BLOCK.matcher(t);
    if (block.find()) {
      return new Meaning(
          BounceKind.SOFT,
          "refused for policy, spam, authentication or reputation ('"
              + block.group().strip()
              + "'): concerns the sender, not the address",
          true);
    }
    Matcher full = Patterns.MAILBOX_FULL.matcher(t);
    if (full.find()) {
      return new Meaning(
          BounceKind.SOFT, "the mailbox is full ('" + full.group().strip() + "')", false);
    }
    Matcher large = Patterns.TOO_LARGE.matcher(t);
    if (large.find()) {
      return new Meaning(
          BounceKind.SOFT, "the message was too large ('" + large.group().strip() + "')", false);
    }
    Matcher dead = Patterns.DEAD_ADDRESS.matcher(t);
    if (dead.find()) {
      if (temporary) {
        return new Meaning(
            BounceKind.SOFT,
            "a temporary failure (" + status + ") although it says '" + dead.group().strip() + "'",
            false);
      }
      return new Meaning(
          BounceKind.HARD, "the address is dead ('" + dead.group().strip() + "')", false);
    }
    return null;
  }
}
