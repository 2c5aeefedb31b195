package dev.rundbrief.mail.bounce;

import jakarta.mail.internet.InternetHeaders;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.angus.mail.dsn.DeliveryStatus;

/** Decisions from RFC 3464 delivery status notifications, read by Angus Mail's DSN support. */
final class Dsns {
  private Dsns() {}

  /**
   * The decision for the DSN's most relevant recipient; empty when it names no recipient.
   *
   * <p>With the address of the VERP token's owner, a report that names several recipients is judged
   * by the owner's line alone (Final-, Original- or X-Actual-Recipient): another address's failure
   * says nothing about the owner. A report that names several recipients, none of them the owner,
   * is unknown. A report with one recipient is judged by it (a forward changes the address).
   */
  static Optional<BounceDecision> decide(ParsedMessage p, VerpToken token, Optional<String> owner) {
    DeliveryStatus ds = p.deliveryStatus;
    int count = ds.getRecipientDSNCount();
    if (owner.isPresent() && count > 1) {
      String o = owner.get().toLowerCase(Locale.ROOT);
      for (int i = 0; i < count; i++) {
        p.budget.check();
        InternetHeaders h = ds.getRecipientDSN(i);
        if (names(h, o)) {
          return Optional.ofNullable(decide(p, token, h));
        }
      }
      return Optional.of(
          new BounceDecision(
              BounceKind.UNKNOWN,
              "",
              "",
              "",
              "delivery status notification for "
                  + count
                  + " recipients, none of them the VERP token's owner: nothing to do",
              false,
              token));
    }
    InternetHeaders chosen = null;
    int rank = Integer.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      p.budget.check();
      InternetHeaders h = ds.getRecipientDSN(i);
      int r = rank(BounceClassifier.field(h, "Action").toLowerCase(Locale.ROOT));
      if (r < rank) {
        rank = r;
        chosen = h;
      }
    }
    if (chosen == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(decide(p, token, chosen));
  }

  private static boolean names(InternetHeaders h, String owner) {
    for (String field :
        new String[] {"Final-Recipient", "Original-Recipient", "X-Actual-Recipient"}) {
      if (BounceClassifier.firstAddress(BounceClassifier.field(h, field))
          .filter(owner::equals)
          .isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static BounceDecision decide(ParsedMessage p, VerpToken token, InternetHeaders chosen) {
    String action = BounceClassifier.field(chosen, "Action").toLowerCase(Locale.ROOT);
    String recipient =
        BounceClassifier.firstAddress(BounceClassifier.field(chosen, "Final-Recipient"))
            .or(
                () ->
                    BounceClassifier.firstAddress(
                        BounceClassifier.field(chosen, "Original-Recipient")))
            .or(
                () ->
                    BounceClassifier.firstAddress(
                        BounceClassifier.field(chosen, "X-Actual-Recipient")))
            .or(() -> BounceClassifier.returnedTo(p))
            .orElse("");
    String statusField = BounceClassifier.field(chosen, "Status");
    String status = BounceClassifier.status(statusField).orElse("");
    String diagnostic = BounceClassifier.field(chosen, "Diagnostic-Code");
    int semicolon = diagnostic.indexOf(';');
    if (semicolon > 0 && semicolon < 12 && !diagnostic.substring(0, semicolon).contains(" ")) {
      diagnostic = diagnostic.substring(semicolon + 1).strip();
    }
    if (action.startsWith("delayed")) {
      return new BounceDecision(
          BounceKind.UNKNOWN,
          recipient,
          status,
          diagnostic,
          "a delay warning (DSN action delayed): the relay keeps trying, nothing failed yet",
          false,
          token);
    }
    if (action.startsWith("delivered")
        || action.startsWith("relayed")
        || action.startsWith("expanded")) {
      return new BounceDecision(
          BounceKind.UNKNOWN,
          recipient,
          status,
          diagnostic,
          "a success notice (DSN action " + action + "): nothing failed",
          false,
          token);
    }
    if (!action.startsWith("failed") && status.isEmpty()) {
      return null;
    }
    Meaning m = Meaning.judge(status, diagnostic, p.text, p.budget, !recipient.isEmpty());
    return new BounceDecision(
        m.kind(),
        recipient,
        status,
        diagnostic,
        "delivery status notification: " + m.reason(),
        m.senderWarning(),
        token);
  }

  private static int rank(String action) {
    if (action.startsWith("failed")) {
      return 0;
    }
    if (action.startsWith("delayed")) {
      return 1;
    }
    return 2;
  }
}
