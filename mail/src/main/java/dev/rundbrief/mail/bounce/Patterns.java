package dev.rundbrief.mail.bounce;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The texts that real mail systems put in bounces and auto-replies, in English and German. Each
 * pattern is matched against lower-case text, so each is written in lower case.
 */
final class Patterns {
  private Patterns() {}

  /** Where a single-part bounce starts quoting the original message. */
  static final Pattern ORIGINAL_MARKER =
      Pattern.compile(
          "(?im)^[ \\t|>-]*("
              + "-+ ?below this line is a copy of the message"
              + "|-+ ?this is a copy of the message"
              + "|-+ ?original message follows"
              + "|-+ ?original message -+"
              + "|-+ ?the original message was received"
              + "|-+ ?returned message"
              + "|original message headers:"
              + "|--- ?below this line is the original message"
              + "|-+ ?urspr(ü|ue)ngliche nachricht"
              + "|-+ ?kopie der nachricht"
              + "|-+ ?copy of the original message"
              + ")");

  /** Local parts and display names of the senders of bounces. */
  static final Pattern DAEMON_LOCAL =
      Pattern.compile(
          "(?i)^(mailer-daemon|mailer_daemon|maildaemon|mail-daemon|mailerdaemon|postmaster"
              + "|mdaemon|microsoftexchange[0-9a-f]*|mail\\.delivery|bounce|bounces|nobody)$");

  static final Pattern DAEMON_NAME =
      Pattern.compile(
          "(?i)(mail delivery (system|subsystem|service)|mail administrator|mailer-daemon"
              + "|delivery status notification|microsoft outlook|microsoft exchange"
              + "|internet mail delivery|mail-?system|e-mail-zustellsystem|postmaster)");

  /** Subjects of bounces. */
  static final Pattern BOUNCE_SUBJECT =
      Pattern.compile(
          "(?i)(undeliver|undelivered|delivery status notification|delivery failure"
              + "|failure notice|returned mail|mail delivery failed|delivery failed"
              + "|could not be delivered|non-?deliver|delivery has failed|message not delivered"
              + "|mail system error|delivery problem|mail failure|delivery notification: delivery has failed"
              + "|unzustellbar|nicht zustellbar"
              + "|zustellung fehlgeschlagen|fehlgeschlagene zustellung|mail-zustellung fehlgeschlagen"
              + "|warning: message|delayed mail|delivery delayed)");

  /** Subjects of auto-replies (vacation, out of office) in the languages readers write in. */
  static final Pattern AUTO_REPLY_SUBJECT =
      Pattern.compile(
          "(?i)(^|\\W)(out of (the )?office|out-of-office|automatic reply|auto(matic)?[ -]?reply"
              + "|auto-?response|autoresponder|^auto:|^autom\\.|away from (the )?office"
              + "|on vacation|on holiday|(i am|i'm|ich bin) (away|abwesend|verreist)|vacation|abwesen(d|heit)|automatische antwort"
              + "|autom(\\.|atische) (antwort|nachricht|benachrichtigung)|urlaub|nicht im b(ü|ue)ro"
              + "|au(ß|ss)er haus|elternzeit|r(é|e)ponse automatique|absence|respuesta autom(á|a)tica"
              + "|risposta automatica|automatisch antwoord|afwezig|fuera de la oficina"
              + "|empfangsbest(ä|ae)tigung|eingangsbest(ä|ae)tigung|we received your|"
              + "thank you for your (e-?mail|message)|vielen dank f(ü|ue)r ihre (nachricht|e-?mail))");

  /** Challenge-response systems ask the sender to prove being human: never a bounce. */
  static final Pattern CHALLENGE =
      Pattern.compile(
          "(?i)(challenge[- ]response|spam ?arrest|please (verify|confirm) (that )?you"
              + "|verify (your|that you are)|confirm (your|that you are)|whitelist|allowlist"
              + "|sender verification|bestätigen sie, dass|verifizier|sind sie ein mensch"
              + "|human sender|are you human|boxbe|mailskeptic|mail ?sentinel)");

  /** Texts that say a delivery failed (as opposed to being delayed or succeeding). */
  static final Pattern FAILURE_TEXT =
      Pattern.compile(
          "(?i)(could not be delivered|couldn't be delivered|wasn't delivered|was not delivered"
              + "|delivery (to the following )?(recipient|address)(s|es|\\(s\\)|\\(es\\))? failed"
              + "|permanent (fatal )?error|permanent failure|unable to deliver|not able to deliver"
              + "|wasn't able to deliver|undeliverable|failed permanently|delivery has failed"
              + "|the following (address|recipient)|failed addresses follow|did not reach"
              + "|cannot be reached|could not be reached|address not found|user unknown"
              + "|delivery to .* failed|message not delivered|fatal errors|rejected"
              + "|nicht zugestellt|konnte nicht zugestellt|zustellung .*fehlgeschlagen"
              + "|fehlgeschlagen|unzustellbar|nicht zustellbar|konnte nicht .*(zugestellt|ausgeliefert)"
              + "|(#[45]\\.\\d+\\.\\d+))");

  /** A delivery that is only late: the relay keeps trying. */
  static final Pattern DELAY_TEXT =
      Pattern.compile(
          "(?i)(delivery (has been |is )?delayed|delayed mail|has not yet been delivered"
              + "|not (yet )?been delivered.*(retry|will try)|will (retry|continue to try|keep trying)"
              + "|message delayed|verz(ö|oe)gert|noch nicht zugestellt|wird weiter versucht)");

  /** A success notice ("relayed", "delivered"): nothing failed. */
  static final Pattern SUCCESS_TEXT =
      Pattern.compile(
          "(?i)(successfully (delivered|relayed)|delivery to the following recipients? (was|were)"
              + " successful|erfolgreich zugestellt)");

  /** The reader's own mailbox says the address is dead. */
  static final Pattern DEAD_ADDRESS =
      Pattern.compile(
          "(?i)(user unknown|unknown user|no such (user|recipient|mailbox|account|address|person)"
              + "|unknown (recipient|mailbox|address|local[- ]part|account)|recipient unknown"
              + "|(recipient|user|mailbox|address|account|e-?mail account)( name)? (does not|doesn't|did not) exist"
              + "|does not exist|doesn't exist|not exist|no mailbox|mailbox (was )?not found|mailbox unavailable"
              + "|invalid (recipient|mailbox|address|user)|recipient not found|address not found"
              + "|user not found|account not found|not found at|wasn't found|was not found"
              + "|couldn't be found|could not be found|no longer (valid|available|exists|in use|active)"
              + "|unrouteable|unroutable|host or domain name not found|domain (name )?not found"
              + "|name service error|no mx|nxdomain|non-?existent (domain|host|user)"
              + "|domain does not accept mail|does not accept mail|null mx"
              + "|account (is |has been )?(disabled|deactivated|closed|terminated|deleted)"
              + "|mailbox (is |has been )?(disabled|deactivated|closed|deleted)"
              + "|is (disabled|inactive)|mailbox (is )?inactive|inactive (mailbox|account|user)"
              + "|host unknown|unknown host|mailbox (has )?moved|recipnotfound|recipientnotfound"
              + "|bad destination|no such domain|unknown domain|sorry, no mailbox"
              + "|doesn't have a [a-z0-9.-]+ account|not our customer|address rejected: user"
              + "|(benutzer|empf(ä|ae)nger|adresse|postfach|mailbox|konto|e-mail-adresse)"
              + "( ist)? (unbekannt|existiert nicht|nicht vorhanden|ungültig|ung(ü|ue)ltig)"
              + "|unbekannte?r? (benutzer|empf(ä|ae)nger|adresse)|existiert nicht|gibt es nicht"
              + "|nicht gefunden|kein postfach|wurde nicht gefunden|nicht (mehr )?vergeben"
              + "|deaktiviert|gel(ö|oe)scht)");

  /** Blocks that concern the sender (policy, spam, reputation, authentication), not the reader. */
  static final Pattern SENDER_BLOCK =
      Pattern.compile(
          "(?i)(spam|blocked|block ?list|black ?list|\\blisted\\b|reputation|policy|policies"
              + "|not (permitted|allowed|authorized)|relay(ing)? (access )?denied|denied"
              + "|\\bspf\\b|\\bdkim\\b|\\bdmarc\\b|unauthenticated|authentication|complaint"
              + "|rate limit|too many|throttl|temporarily deferred|\\bjunk\\b|\\bbulk\\b"
              + "|content (rejected|filter)|rejected .*content|message content|virus|malware|phish|suspicious|banned|rbl\\b|dnsbl|spamhaus|barracuda"
              + "|blockiert|gesperrt|richtlinie|spamverdacht|abgelehnt wegen|\\[ts0\\d\\]|\\[tss0\\d\\])");

  /** The mailbox is full: counted as soft, it may empty again. */
  static final Pattern MAILBOX_FULL =
      Pattern.compile(
          "(?i)(mailbox (is )?full|over ?quota|quota (exceeded|full)|exceed(ed|s)? (the |its |their )?(storage|quota)"
              + "|insufficient (storage|space|system storage)|mailbox size limit|out of storage"
              + "|not enough (space|storage)|postfach[^.\\n]{0,40}(ist )?voll|speicher[^.\\n]{0,40}voll|speicher(platz)? (ist )?(voll|(ü|ue)berschritten)"
              + "|kontingent|(ü|ue)berschreitet .*speicher)");

  /** The message was too large for the receiving system. */
  static final Pattern TOO_LARGE =
      Pattern.compile(
          "(?i)(message (size )?(is )?too (large|big)|exceeds (the )?(maximum )?(message )?size"
              + "|size limit|message size exceeds|zu gro(ß|ss))");

  /** An RFC 3463 enhanced status code. */
  static final Pattern STATUS =
      Pattern.compile("(?<![0-9.])([245])\\.([0-9]{1,3})\\.([0-9]{1,3})(?![0-9]|\\.[0-9])");

  /** A basic SMTP reply code at the start of a reply. */
  static final Pattern REPLY_CODE =
      Pattern.compile("(?<![0-9.])([45][0-9][0-9])(?:[ -]|:\\s)(?![0-9])");

  /** An address in a text. */
  static final Pattern ADDRESS =
      Pattern.compile(
          "(?i)(?<![A-Za-z0-9._%+=-])([A-Za-z0-9._%+=-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}"
              + "[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+)(?![A-Za-z0-9-])");

  /** Lines that introduce the failed address in common non-standard bounces. */
  static final Pattern ADDRESS_LINE =
      Pattern.compile(
          "(?im)^\\s*(?:<([^<>\\s]+@[^<>\\s]+)>\\s*:?\\s*$"
              + "|<([^<>\\s]+@[^<>\\s]+)>:"
              + "|(?:your message to|delivered to|delivery to|deliver (?:your message )?to|an|to"
              + "|recipient|empf(?:ä|ae)nger|address|adresse)\\s*:?\\s*<?([^<>\\s]+@[^<>\\s:]+?)>?"
              + "(?:\\s|:|,|$))");

  /**
   * Text of an HTML part, roughly: scripts and styles out, line-ending tags to line breaks, other
   * tags to spaces, the entities of the bounce texts decoded. One pass over the text: an unclosed
   * {@code <} or {@code <script} ends the search instead of starting it again at every later one.
   */
  static String htmlToText(String html, Budget budget) {
    StringBuilder t = new StringBuilder(html.length());
    int i = 0;
    while (i < html.length()) {
      budget.checkOften();
      char c = html.charAt(i);
      if (c != '<') {
        t.append(c);
        i++;
        continue;
      }
      int end = html.indexOf('>', i);
      if (end < 0) {
        t.append(' ');
        break; // no tag closes after here: the rest is an unfinished tag
      }
      String name = tagName(html, i + 1, end);
      if (name.equals("script") || name.equals("style")) {
        int close = closing(html, end, name, budget);
        int closeEnd = close < 0 ? -1 : html.indexOf('>', close);
        if (closeEnd < 0) {
          break; // unclosed: nothing after it is text
        }
        t.append(' ');
        i = closeEnd + 1;
        continue;
      }
      t.append(LINE_ENDING_TAGS.contains(name) ? '\n' : ' ');
      i = end + 1;
    }
    return t.toString()
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&auml;", "ä")
        .replace("&ouml;", "ö")
        .replace("&uuml;", "ü")
        .replace("&szlig;", "ß")
        .replace("&amp;", "&");
  }

  private static final Set<String> LINE_ENDING_TAGS =
      Set.of("br", "/p", "/div", "/tr", "/li", "/h1", "/h2", "/h3", "/h4", "/h5", "/h6");

  /** The tag's name, lower-case, with a leading {@code /} for a closing tag. */
  private static String tagName(String html, int from, int end) {
    int i = from;
    if (i < end && html.charAt(i) == '/') {
      i++;
    }
    int start = i;
    while (i < end && i - start < 16 && Character.isLetterOrDigit(html.charAt(i))) {
      i++;
    }
    return html.substring(from, i).toLowerCase(Locale.ROOT);
  }

  /** Where the closing tag {@code </name} starts, in any case; -1 when there is none. */
  private static int closing(String html, int from, String name, Budget budget) {
    for (int k = html.indexOf("</", from); k >= 0; k = html.indexOf("</", k + 2)) {
      budget.checkOften();
      if (html.regionMatches(true, k + 2, name, 0, name.length())) {
        return k;
      }
    }
    return -1;
  }
}
