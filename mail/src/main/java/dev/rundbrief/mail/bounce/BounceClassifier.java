package dev.rundbrief.mail.bounce;

import static java.util.Objects.requireNonNull;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.regex.Matcher;

/**
 * Decides what a message that came back to the bounce address means: a hard or soft bounce, a
 * complaint, an auto-reply, or nothing understood.
 *
 * <p>Standard reports are read as such: RFC 3464 delivery status notifications through Angus Mail's
 * {@code DeliveryStatus} (recipient, action, status, diagnostic code), RFC 5965 abuse reports. The
 * many bounces that are not standard (qmail, Yahoo, old Sendmail and Exchange, the German
 * providers' texts) are read from their text. The VERP token, when the classifier has the {@link
 * VerpAddresses}, says which subscriber and issue the message is about.
 *
 * <p>Rules, in this order:
 *
 * <ol>
 *   <li>An abuse report is a complaint (a {@code not-spam} report is unknown).
 *   <li>A delivery status notification is judged by its failed recipient; delayed, delivered and
 *       relayed recipients are unknown (nothing failed yet).
 *   <li>A message that is not from a mail system (mailer-daemon, postmaster, "Mail Delivery
 *       System", null sender with a bounce subject) is never a bounce: auto-reply when it carries
 *       RFC 3834 {@code Auto-Submitted}, {@code X-Autoreply}, {@code Precedence: auto_reply}, an
 *       out-of-office subject in one of several languages, or a challenge-response request; else
 *       unknown.
 *   <li>A failure is hard only when its text or status says the address is dead (unknown user or
 *       domain, moved, disabled, does not accept mail). A block for policy, spam, authentication or
 *       reputation is soft and flagged as a warning for the sender. A full mailbox, a message too
 *       large, a 4.x.x status, or a 5.x.x without a reason naming the address are soft.
 * </ol>
 *
 * <p>{@link #classify} never throws for bad input: a message that cannot be parsed is unknown. A
 * classifier is immutable and thread-safe.
 */
public final class BounceClassifier {
  /** Messages larger than this are not parsed (no real bounce is this large). */
  public static final int MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

  /**
   * The CPU time one message may take to classify. Real bounces take a few milliseconds; a message
   * over it is skipped (unknown, with the reason).
   */
  public static final Duration BUDGET = Duration.ofMillis(500);

  private final VerpAddresses verp;
  private final LongFunction<Optional<String>> owners;
  private final Duration budget;

  private BounceClassifier(
      VerpAddresses verp, LongFunction<Optional<String>> owners, Duration budget) {
    this.verp = verp;
    this.owners = owners;
    this.budget = budget;
  }

  /**
   * A classifier that also reads and verifies VERP tokens of these addresses.
   *
   * @param owners the address of the subscriber with this id, empty when there is none: a report
   *     that names several recipients is judged by the line of the token's owner
   */
  public static BounceClassifier withVerp(
      VerpAddresses verp, LongFunction<Optional<String>> owners) {
    return new BounceClassifier(
        requireNonNull(verp, "verp"), requireNonNull(owners, "owners"), BUDGET);
  }

  /** A classifier without VERP: the recipient comes from the report or its text only. */
  public static BounceClassifier withoutVerp() {
    return new BounceClassifier(null, id -> Optional.empty(), BUDGET);
  }

  /** This classifier with another time budget per message (tests take the budget's path). */
  BounceClassifier withBudget(Duration budget) {
    return new BounceClassifier(verp, owners, budget);
  }

  /**
   * Classifies one raw RFC 5322 message, within {@link #BUDGET} of CPU time. A message refused for
   * its structure or over the budget is {@link BounceDecision#skipped()}.
   */
  public BounceDecision classify(byte[] raw) {
    requireNonNull(raw, "raw");
    if (raw.length > MAX_MESSAGE_BYTES) {
      return unknown("message of " + raw.length + " bytes is too large to be a bounce");
    }
    Budget b = Budget.start(budget);
    ParsedMessage p;
    try {
      p = ParsedMessage.parse(raw, b);
    } catch (ParsedMessage.Refused | Budget.Exceeded e) {
      return skipped(e.getMessage(), VerpToken.NONE);
    } catch (MessagingException | RuntimeException e) {
      return unknown("not a readable e-mail message: " + e.getMessage());
    }
    VerpToken token;
    try {
      token = token(p, raw);
      return decide(p, token);
    } catch (Budget.Exceeded e) {
      return skipped(e.getMessage(), VerpToken.NONE);
    } catch (RuntimeException e) {
      return new BounceDecision(
          BounceKind.UNKNOWN, "", "", "", "could not be read: " + e, false, VerpToken.NONE);
    }
  }

  private static BounceDecision unknown(String reason) {
    return new BounceDecision(BounceKind.UNKNOWN, "", "", "", reason, false, VerpToken.NONE);
  }

  private static BounceDecision skipped(String why, VerpToken token) {
    return new BounceDecision(
        BounceKind.UNKNOWN, "", "", "", "skipped unread: " + why, false, token, true);
  }

  private VerpToken token(ParsedMessage p, byte[] raw) {
    if (verp == null) {
      return VerpToken.NONE;
    }
    // The envelope recipient of the bounce is the VERP address; the headers that carry it come
    // first, then the returned original (its Return-Path), then the whole text.
    String headers =
        String.join(
            "\n",
            p.allHeaders("To"),
            p.allHeaders("Delivered-To"),
            p.allHeaders("X-Original-To"),
            p.allHeaders("Envelope-To"),
            p.allHeaders("X-Envelope-To"),
            p.allHeaders("Cc"));
    VerpToken inHeaders = verp.find(p.budget.watch(headers));
    if (inHeaders.state() == VerpToken.State.VALID) {
      return inHeaders;
    }
    String whole =
        new String(
            raw,
            0,
            Math.min(raw.length, 2 * 1024 * 1024),
            java.nio.charset.StandardCharsets.ISO_8859_1);
    VerpToken anywhere = verp.find(p.budget.watch(whole));
    return anywhere.state() == VerpToken.State.NONE ? inHeaders : anywhere;
  }

  private BounceDecision decide(ParsedMessage p, VerpToken token) {
    if (p.feedbackReport != null || p.reportTypeFeedback) {
      return complaint(p, token);
    }
    if (p.deliveryStatus != null) {
      Optional<String> owner =
          token.state() == VerpToken.State.VALID
              ? owners.apply(token.subscriberId())
              : Optional.empty();
      Optional<BounceDecision> dsn = Dsns.decide(p, token, owner);
      if (dsn.isPresent()) {
        return dsn.get();
      }
    }
    CharSequence subject = p.budget.watch(p.header("Subject"));
    String autoReply = autoReply(p, subject);
    boolean daemon = fromMailSystem(p, subject, autoReply != null);
    if (!daemon) {
      if (autoReply != null) {
        return new BounceDecision(
            BounceKind.AUTO_REPLY, "", "", "", autoReply + "; not a bounce", false, token);
      }
      return new BounceDecision(
          BounceKind.UNKNOWN,
          "",
          "",
          "",
          "not from a mail system and not a report: a reply or other mail, nothing to do",
          false,
          token);
    }
    if (autoReply != null
        && Patterns.AUTO_REPLY_SUBJECT.matcher(subject).find()
        && !Patterns.BOUNCE_SUBJECT.matcher(subject).find()) {
      // A postmaster's own vacation reply: bounces never carry an out-of-office subject.
      return new BounceDecision(
          BounceKind.AUTO_REPLY, "", "", "", autoReply + "; not a bounce", false, token);
    }
    CharSequence text = p.budget.watch(p.text);
    if (!failure(text, subject)) {
      if (Patterns.DELAY_TEXT.matcher(text).find() || Patterns.DELAY_TEXT.matcher(subject).find()) {
        return new BounceDecision(
            BounceKind.UNKNOWN,
            recipient(p).orElse(""),
            "",
            "",
            "a delay warning: the relay keeps trying, nothing failed yet",
            false,
            token);
      }
      if (autoReply != null) {
        return new BounceDecision(
            BounceKind.AUTO_REPLY, "", "", "", autoReply + "; not a bounce", false, token);
      }
      return new BounceDecision(
          BounceKind.UNKNOWN,
          recipient(p).orElse(""),
          "",
          "",
          "from a mail system, but it says no delivery failed",
          false,
          token);
    }
    String recipient = recipient(p).orElse("");
    String diagnostic = diagnostic(text, recipient);
    String status = status(diagnostic).orElseGet(() -> status(text).orElse(""));
    Meaning m = Meaning.judge(status, diagnostic, text, p.budget, !recipient.isEmpty());
    return new BounceDecision(
        m.kind(), recipient, status, diagnostic, m.reason(), m.senderWarning(), token);
  }

  /**
   * Whether a mail system's message reports a failed delivery: failure wording, a bounce subject
   * that is not a delay warning, a 5xx reply or 5.x.x status, or words that say the address is
   * dead. Delay warnings and success notices say none of these.
   */
  private static boolean failure(CharSequence text, CharSequence subject) {
    if (Patterns.FAILURE_TEXT.matcher(text).find()
        || Patterns.FAILURE_TEXT.matcher(subject).find()) {
      return true;
    }
    if (Patterns.DELAY_TEXT.matcher(text).find() || Patterns.DELAY_TEXT.matcher(subject).find()) {
      return false;
    }
    if (Patterns.SUCCESS_TEXT.matcher(text).find()) {
      return false;
    }
    return Patterns.BOUNCE_SUBJECT.matcher(subject).find()
        || status(text).filter(s -> s.startsWith("5")).isPresent()
        || Patterns.DEAD_ADDRESS.matcher(text).find();
  }

  private static BounceDecision complaint(ParsedMessage p, VerpToken token) {
    InternetHeaders report = p.feedbackReport;
    String type = report == null ? "" : field(report, "Feedback-Type").toLowerCase(Locale.ROOT);
    String agent = report == null ? "" : field(report, "User-Agent");
    String recipient = "";
    if (report != null) {
      recipient = firstAddress(field(report, "Original-Rcpt-To")).orElse("");
      if (recipient.isEmpty()) {
        recipient = firstAddress(field(report, "Removal-Recipient")).orElse("");
      }
    }
    if (recipient.isEmpty()) {
      recipient = returnedTo(p).orElse("");
    }
    String diagnostic =
        "feedback-type: "
            + (type.isEmpty() ? "(none)" : type)
            + (agent.isEmpty() ? "" : "; user-agent: " + agent);
    if (type.equals("not-spam")) {
      return new BounceDecision(
          BounceKind.UNKNOWN,
          recipient,
          "",
          diagnostic,
          "a not-spam report: nothing to do",
          false,
          token);
    }
    return new BounceDecision(
        BounceKind.COMPLAINT,
        recipient,
        "",
        diagnostic,
        "abuse report (RFC 5965"
            + (agent.isEmpty() ? "" : ", from " + agent)
            + "): the reader marked the mail as spam",
        false,
        token);
  }

  static String field(InternetHeaders h, String name) {
    String v = h.getHeader(name, ", ");
    return v == null ? "" : v.strip();
  }

  /**
   * Whether a mail system sent the message: a daemon's address (mailer-daemon, postmaster, an
   * Exchange system mailbox), a daemon's display name with a bounce subject, or a null sender with
   * a bounce subject, no auto-reply marker, and either no From or an Exim-style {@code
   * X-Failed-Recipients}.
   */
  private static boolean fromMailSystem(
      ParsedMessage p, CharSequence subject, boolean autoReplyMarked) {
    String from = p.header("From");
    try {
      InternetAddress[] parsed = InternetAddress.parseHeader(from, false);
      for (InternetAddress a : parsed) {
        String address = a.getAddress() == null ? "" : a.getAddress();
        int at = address.indexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        if (Patterns.DAEMON_LOCAL.matcher(local).matches()) {
          return true;
        }
        if (a.getPersonal() != null
            && Patterns.DAEMON_NAME.matcher(a.getPersonal()).find()
            && Patterns.BOUNCE_SUBJECT.matcher(subject).find()) {
          return true;
        }
      }
    } catch (MessagingException e) {
      // An unparseable From decides nothing.
    }
    String returnPath = p.header("Return-Path").strip();
    boolean nullSender = returnPath.equals("<>") || returnPath.isEmpty();
    return nullSender
        && !autoReplyMarked
        && Patterns.BOUNCE_SUBJECT.matcher(subject).find()
        && !Patterns.AUTO_REPLY_SUBJECT.matcher(subject).find()
        && (!p.header("X-Failed-Recipients").isEmpty() || p.header("From").isBlank());
  }

  /** Why the message is an auto-reply, or null when nothing says so. */
  static String autoReply(ParsedMessage p, CharSequence subject) {
    String autoSubmitted = p.header("Auto-Submitted").strip().toLowerCase(Locale.ROOT);
    if (!autoSubmitted.isEmpty() && !autoSubmitted.startsWith("no")) {
      return "Auto-Submitted: " + autoSubmitted + " (RFC 3834)";
    }
    for (String h : List.of("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Response")) {
      if (!p.header(h).isBlank()) {
        return h + " header";
      }
    }
    String precedence = p.header("Precedence").strip().toLowerCase(Locale.ROOT);
    if (precedence.equals("auto_reply") || precedence.equals("auto-reply")) {
      return "Precedence: " + precedence;
    }
    if (p.header("X-Precedence").toLowerCase(Locale.ROOT).contains("auto")) {
      return "X-Precedence: auto-reply";
    }
    if (!p.header("X-Autogenerated").isBlank() || !p.header("X-AutoReply-From").isBlank()) {
      return "auto-generated reply header";
    }
    if (Patterns.AUTO_REPLY_SUBJECT.matcher(subject).find()) {
      return "an out-of-office or auto-reply subject ('"
          + BounceDecision.oneLine(subject.toString(), 80)
          + "')";
    }
    CharSequence text = p.budget.watch(p.text);
    if (Patterns.CHALLENGE.matcher(subject).find() || Patterns.CHALLENGE.matcher(text).find()) {
      return "a challenge-response request";
    }
    if (Patterns.AUTO_REPLY_SUBJECT
        .matcher(text.subSequence(0, Math.min(text.length(), 2000)))
        .find()) {
      return "an out-of-office text";
    }
    return null;
  }

  /** The failed recipient of a non-standard bounce. */
  private static Optional<String> recipient(ParsedMessage p) {
    Optional<String> failed = firstAddress(p.header("X-Failed-Recipients"));
    if (failed.isPresent()) {
      return failed;
    }
    Set<String> ours = ownAddresses(p);
    CharSequence text = p.budget.watch(p.text);
    Matcher line = Patterns.ADDRESS_LINE.matcher(text);
    while (line.find()) {
      for (int g = 1; g <= line.groupCount(); g++) {
        String a = line.group(g);
        if (a != null) {
          String clean = clean(a);
          if (isCandidate(clean, ours)) {
            return Optional.of(clean);
          }
        }
      }
    }
    Matcher any = Patterns.ADDRESS.matcher(text);
    while (any.find()) {
      String clean = clean(any.group(1));
      if (isCandidate(clean, ours)) {
        return Optional.of(clean);
      }
    }
    return returnedTo(p);
  }

  private static boolean isCandidate(String address, Set<String> ours) {
    int at = address.indexOf('@');
    if (at < 1 || ours.contains(address)) {
      return false;
    }
    return !Patterns.DAEMON_LOCAL.matcher(address.substring(0, at)).matches();
  }

  /** Addresses that are the sender side: the bounce's own From/To, the original's From. */
  private static Set<String> ownAddresses(ParsedMessage p) {
    Set<String> ours = new LinkedHashSet<>();
    for (String h :
        List.of("From", "To", "Delivered-To", "X-Original-To", "Return-Path", "Reply-To")) {
      addAll(ours, p.allHeaders(h));
    }
    for (InternetHeaders h : p.returnedHeaders) {
      for (String name : List.of("From", "Return-Path", "Reply-To", "Sender")) {
        addAll(ours, field(h, name));
      }
    }
    return ours;
  }

  private static void addAll(Set<String> to, String text) {
    Matcher m = Patterns.ADDRESS.matcher(text);
    while (m.find()) {
      to.add(clean(m.group(1)));
    }
  }

  static Optional<String> returnedTo(ParsedMessage p) {
    for (InternetHeaders h : p.returnedHeaders) {
      Optional<String> to = firstAddress(field(h, "To"));
      if (to.isPresent()) {
        return to;
      }
    }
    return Optional.empty();
  }

  static Optional<String> firstAddress(CharSequence text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = Patterns.ADDRESS.matcher(text);
    return m.find() ? Optional.of(clean(m.group(1))) : Optional.empty();
  }

  static String clean(String address) {
    String a = address.strip();
    if (a.regionMatches(true, 0, "rfc822;", 0, 7)) {
      a = a.substring(7).strip();
    }
    while (a.startsWith("<") || a.startsWith("\"")) {
      a = a.substring(1);
    }
    while (a.endsWith(">") || a.endsWith(".") || a.endsWith("\"") || a.endsWith(",")) {
      a = a.substring(0, a.length() - 1);
    }
    return a.toLowerCase(Locale.ROOT);
  }

  /** The remote server's reply: the lines around the first status or reply code. */
  static String diagnostic(CharSequence text, String recipient) {
    List<String> lines = new ArrayList<>();
    for (String l : LINES.split(text)) {
      String s = l.strip();
      if (!s.isEmpty()) {
        lines.add(s);
      }
    }
    int start = recipient.isEmpty() ? 0 : Math.max(0, indexOf(lines, recipient));
    for (int pass = 0; pass < 2; pass++) {
      for (int i = pass == 0 ? start : 0; i < lines.size(); i++) {
        String l = lines.get(i);
        if (Patterns.STATUS.matcher(l).find()
            || Patterns.REPLY_CODE.matcher(l).find()
                && !l.toLowerCase(Locale.ROOT).startsWith("received")) {
          StringBuilder b = new StringBuilder(l);
          for (int j = i + 1; j < lines.size() && j < i + 3 && b.length() < 300; j++) {
            String next = lines.get(j);
            if (next.contains("@") && next.startsWith("<") || next.startsWith("---")) {
              break;
            }
            if (Patterns.REPLY_CODE.matcher(next).lookingAt() || next.startsWith("(")) {
              b.append(' ').append(next);
            }
          }
          return b.toString();
        }
      }
    }
    return "";
  }

  private static int indexOf(List<String> lines, String recipient) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).toLowerCase(Locale.ROOT).contains(recipient)) {
        return i;
      }
    }
    return 0;
  }

  private static final java.util.regex.Pattern LINES = java.util.regex.Pattern.compile("\r?\n");

  static Optional<String> status(CharSequence text) {
    Matcher m = Patterns.STATUS.matcher(text);
    if (m.find()) {
      return Optional.of(
          m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3)));
    }
    Matcher c = Patterns.REPLY_CODE.matcher(text);
    if (c.find()) {
      return Optional.of(c.group(1).charAt(0) + ".0.0");
    }
    return Optional.empty();
  }
}
