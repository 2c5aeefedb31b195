package dev.rundbrief.mail.delivery;

import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.delivery.SmtpReplies.Reply;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One SMTP connection of the pool, used by one thread, kept open and re-used for the next message
 * (after a failed transaction with RSET, which goes out with the next message's commands), and
 * opened again after a failure or after {@link SmtpSettings#maxMessagesPerConnection()} messages.
 *
 * <p><b>One round trip per message where the server allows it.</b> With PIPELINING (RFC 2920) MAIL
 * FROM, RCPT TO and DATA go out in one write and their replies are read together, then the content
 * and its final dot: two round trips. With CHUNKING (RFC 3030) as well, MAIL FROM, RCPT TO and
 * {@code BDAT n LAST} with the whole message go out together: one round trip. Without PIPELINING
 * every command waits for its reply (lock-step). A server that offers PIPELINING and then answers
 * out of turn (a reply that does not fit its command, or one nobody asked for) loses the
 * connection, and this sender talks to it in lock-step from then on.
 *
 * <p><b>Crash safety.</b> The last byte that lets the server accept the message (the final dot of
 * DATA, the last byte of the BDAT chunk) is written only after the {@link Sender.Gate} has opened;
 * the commands of the next message are never sent before this message's reply is read. So a
 * connection has at most one message that the server may have accepted without the sender knowing.
 *
 * <p><b>Timeouts.</b> {@link SmtpSettings#timeout()} for the connect and for every reply; {@link
 * SmtpSettings#messageTimeout()} for the whole of one message (connect and login included), after
 * which the socket is closed whatever it is doing, a blocked write included.
 *
 * <p>Also STARTTLS (required or opportunistic) and implicit TLS, with the certificate chain and the
 * host name checked unless the host is {@linkplain SmtpSettings#trustedHosts() trusted}; AUTH PLAIN
 * (preferred) or LOGIN; SIZE (a message larger than the server's limit is failed without being
 * sent; the size is declared in MAIL FROM); 8BITMIME ({@code BODY=8BITMIME} for a message with
 * 8-bit bytes); SMTPUTF8 (for a non-ASCII address). Messages go out byte for byte as composed, with
 * line ends made CRLF and, for DATA, dots doubled.
 */
final class SmtpSender implements Sender {
  /** Closes the sockets of messages that take longer than the whole-message timeout. */
  private static final ScheduledExecutorService WATCHDOG = watchdog();

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] DOT = {'.', '\r', '\n'};

  private final SmtpSettings settings;
  private final String password;
  private final String where;

  private Socket socket;
  private OutputStream out;
  private SmtpReplies replies;
  private volatile boolean expired;
  private int onConnection;
  private boolean mustReset;

  /** Set once a server answered out of turn: no more pipelining for this sender. */
  private boolean lockStep;

  // What the server offers, from its EHLO reply.
  private boolean pipelining;
  private boolean chunking;
  private boolean eightBitMime;
  private boolean smtpUtf8;
  private boolean startTls;
  private long sizeLimit = -1;
  private Set<String> auth = Set.of();

  private String lastFrom;
  private String lastFromAddress;

  SmtpSender(SmtpSettings settings, String password) {
    this.settings = settings;
    this.password = password;
    this.where = settings.host() + ":" + settings.port();
  }

  private static ScheduledExecutorService watchdog() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "rundbrief-smtp-timeouts");
              t.setDaemon(true);
              return t;
            });
    e.setRemoveOnCancelPolicy(true);
    return Executors.unconfigurableScheduledExecutorService(e);
  }

  @Override
  public Outcome send(ComposedMessage message, Gate gate) {
    expired = false;
    ScheduledFuture<?> timeout =
        WATCHDOG.schedule(
            this::expire, settings.messageTimeout().toMillis(), TimeUnit.MILLISECONDS);
    try {
      if (socket != null && onConnection >= settings.maxMessagesPerConnection()) {
        quit();
      }
      boolean reused = socket != null;
      if (!reused) {
        Outcome connected = connect();
        if (connected != null) {
          return connected;
        }
      }
      try {
        return transaction(message, gate);
      } catch (Stale e) {
        // The server closed the kept connection while it was idle (its own idle timeout, a
        // restart): the message was never taken; a new connection tries it at once.
        disconnect();
        Outcome connected = connect();
        return connected != null ? connected : transaction(message, gate);
      }
    } catch (Abandoned e) {
      disconnect();
      return new Outcome(
          Kind.TEMPORARY,
          0,
          "message abandoned before it could be accepted: " + text(e.getCause()));
    } catch (ProtocolException e) {
      disconnect();
      if (pipelining) {
        lockStep = true;
      }
      return new Outcome(Kind.TEMPORARY, 0, "protocol error from " + where + ": " + text(e));
    } catch (IOException e) {
      disconnect();
      return new Outcome(Kind.TEMPORARY, 0, "connection lost: " + lost(e));
    } finally {
      timeout.cancel(false);
    }
  }

  private void expire() {
    expired = true;
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // Closed either way.
      }
    }
  }

  private String lost(IOException e) {
    if (expired) {
      return "timed out: the message took longer than "
          + settings.messageTimeout().toSeconds()
          + " s";
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out: no reply from "
          + where
          + " within "
          + settings.timeout().toSeconds()
          + " s";
    }
    return text(e);
  }

  // ---------------------------------------------------------------------------------------------
  // One message.

  private Outcome transaction(ComposedMessage message, Gate gate) throws IOException {
    String from = envelopeFrom(message);
    String to = message.recipient().value();
    byte[] raw = message.bytes();
    boolean bdat = chunking;
    byte[] content = bdat ? MessageBytes.forBdat(raw) : MessageBytes.forData(raw);
    if (sizeLimit > 0 && content.length > sizeLimit) {
      return new Outcome(
          Kind.PERMANENT_MESSAGE,
          552,
          "552 the message has "
              + content.length
              + " bytes, more than the "
              + sizeLimit
              + " that "
              + where
              + " accepts (SIZE)");
    }
    boolean utf8 = !ascii(from) || !ascii(to);
    if (utf8 && !smtpUtf8) {
      return new Outcome(
          Kind.PERMANENT_MESSAGE,
          553,
          "553 " + where + " does not offer SMTPUTF8, needed for a non-ASCII address");
    }
    if (replies.unread()) {
      Reply unasked = read(true);
      if (unasked.code() == 421 && onConnection > 0) {
        // The server ends the kept connection (its idle timeout) and says so first.
        throw new Stale();
      }
      throw new ProtocolException("a reply nobody asked for: " + clean(unasked.toString()));
    }
    boolean pipe = pipelining && !lockStep;
    boolean reset = mustReset;
    mustReset = true;
    StringBuilder mail =
        new StringBuilder(80 + from.length()).append("MAIL FROM:<").append(from).append('>');
    if (sizeLimit >= 0) {
      mail.append(" SIZE=").append(content.length);
    }
    if (eightBitMime && MessageBytes.eightBit(raw)) {
      mail.append(" BODY=8BITMIME");
    }
    if (utf8) {
      mail.append(" SMTPUTF8");
    }
    mail.append("\r\n");
    String rcpt = "RCPT TO:<" + to + ">\r\n";
    boolean first = true;
    if (reset) {
      write("RSET\r\n");
      if (!pipe) {
        out.flush();
        expect(read(true), "RSET");
        first = false;
      }
    }
    write(mail);
    Reply mailReply = null;
    if (!pipe) {
      out.flush();
      mailReply = read(first);
      first = false;
      if (!mailReply.positive()) {
        return refused(mailReply, Kind.PERMANENT_MESSAGE);
      }
    }
    write(rcpt);
    Reply rcptReply = null;
    if (!pipe) {
      out.flush();
      rcptReply = read(false);
      if (!rcptReply.positive()) {
        return refused(rcptReply, Kind.PERMANENT_RECIPIENT);
      }
    }
    if (bdat) {
      write("BDAT " + content.length + " LAST\r\n");
      int n = content.length;
      if (n > 0) {
        out.write(content, 0, n - 1);
      }
      passGate(gate);
      if (n > 0) {
        out.write(content, n - 1, 1);
      }
      out.flush();
    } else {
      write("DATA\r\n");
      out.flush();
    }
    if (pipe) {
      if (reset) {
        expect(read(first), "RSET");
        first = false;
      }
      mailReply = read(first);
      first = false;
      if (mailReply.code() == 421) {
        return refused(mailReply, Kind.PERMANENT_MESSAGE);
      }
      rcptReply = read(false);
      if (rcptReply.code() == 421) {
        return refused(rcptReply, Kind.PERMANENT_RECIPIENT);
      }
    }
    Reply last = read(first);
    if (last.code() == 421) {
      return refused(last, Kind.PERMANENT_MESSAGE);
    }
    if (!bdat) {
      if (last.code() == 354) {
        if (!mailReply.positive() || !rcptReply.positive()) {
          // A server that took DATA although nobody may receive the message: end it empty.
          out.write(DOT);
          out.flush();
          read(false);
        } else {
          out.write(content);
          passGate(gate);
          out.write(DOT);
          out.flush();
          last = read(false);
        }
      } else if (last.positive()) {
        throw new ProtocolException("a " + last.code() + " reply to DATA instead of 354");
      }
    }
    checkFits(mailReply);
    checkFits(rcptReply);
    if (!mailReply.positive()) {
      return refused(mailReply, Kind.PERMANENT_MESSAGE);
    }
    if (!rcptReply.positive()) {
      return refused(rcptReply, Kind.PERMANENT_RECIPIENT);
    }
    if (last.code() >= 300 && last.code() < 400) {
      throw new ProtocolException("a " + last.code() + " reply to the end of the message");
    }
    if (!last.positive()) {
      return refused(last, Kind.PERMANENT_MESSAGE);
    }
    mustReset = false;
    onConnection++;
    return Outcome.ACCEPTED;
  }

  /** Reads a reply; {@code first} marks the first one of a transaction on a kept connection. */
  private Reply read(boolean first) throws IOException {
    try {
      return replies.read();
    } catch (EOFException e) {
      if (first && onConnection > 0) {
        throw new Stale();
      }
      throw e;
    }
  }

  private static void checkFits(Reply r) throws ProtocolException {
    if (r.code() >= 300 && r.code() < 400) {
      throw new ProtocolException("a " + r.code() + " reply to MAIL FROM or RCPT TO");
    }
  }

  private static void expect(Reply r, String command) throws ProtocolException {
    if (!r.positive()) {
      throw new ProtocolException(command + " was answered " + r);
    }
  }

  /** The outcome of a refused command: {@code permanent} for a 5xx, temporary for a 4xx. */
  private Outcome refused(Reply r, Kind permanent) {
    if (r.code() == 421) {
      disconnect();
    }
    return new Outcome(r.permanent() ? permanent : Kind.TEMPORARY, r.code(), clean(r.toString()));
  }

  private void passGate(Gate gate) throws IOException {
    if (gate.open()) {
      return;
    }
    // The bytes so far go out while the journal catches up.
    out.flush();
    try {
      gate.await();
    } catch (IOException e) {
      throw new Abandoned(e);
    }
  }

  private String envelopeFrom(ComposedMessage message) throws ProtocolException {
    if (message.envelopeSender().isPresent()) {
      return message.envelopeSender().get().value();
    }
    if (settings.envelopeFrom().isPresent()) {
      return settings.envelopeFrom().get().value();
    }
    String from = MessageBytes.field(message.bytes(), "From");
    if (from == null) {
      return "";
    }
    if (!from.equals(lastFrom)) {
      try {
        InternetAddress[] parsed = InternetAddress.parseHeader(from, false);
        lastFromAddress = parsed.length == 0 ? "" : parsed[0].getAddress();
      } catch (AddressException e) {
        lastFromAddress = "";
      }
      lastFrom = from;
    }
    return lastFromAddress;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // The connection.

  /** Opens, greets, secures and logs in; null when ready, else the outcome of the attempt. */
  private Outcome connect() {
    onConnection = 0;
    mustReset = false;
    int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      socket = s;
      s.connect(new InetSocketAddress(settings.host(), settings.port()), timeout);
      s.setSoTimeout(timeout);
      if (settings.security() == SmtpSettings.Security.IMPLICIT_TLS) {
        s = tls(s);
      }
      attach(s);
    } catch (IOException e) {
      disconnect();
      return new Outcome(
          Kind.TEMPORARY, 0, "cannot connect to " + where + ": " + connectFailure(e));
    }
    try {
      Reply greeting = replies.read();
      if (!greeting.positive()) {
        disconnect();
        return new Outcome(Kind.TEMPORARY, greeting.code(), clean("greeting: " + greeting));
      }
      Reply ehlo = hello();
      if (!ehlo.positive()) {
        disconnect();
        return new Outcome(Kind.TEMPORARY, ehlo.code(), clean("EHLO: " + ehlo));
      }
      SmtpSettings.Security security = settings.security();
      if (security == SmtpSettings.Security.STARTTLS_REQUIRED && !startTls) {
        disconnect();
        return new Outcome(
            Kind.FATAL, 0, "STARTTLS is required but " + where + " does not offer it");
      }
      if (startTls
          && (security == SmtpSettings.Security.STARTTLS_REQUIRED
              || security == SmtpSettings.Security.STARTTLS_OPPORTUNISTIC)) {
        write("STARTTLS\r\n");
        out.flush();
        Reply ready = replies.read();
        if (ready.code() != 220) {
          disconnect();
          return new Outcome(Kind.TEMPORARY, ready.code(), clean("STARTTLS: " + ready));
        }
        if (replies.unread()) {
          throw new ProtocolException("the server sent bytes after its reply to STARTTLS");
        }
        try {
          attach(tls(socket));
        } catch (IOException e) {
          disconnect();
          return new Outcome(
              Kind.TEMPORARY, 0, "cannot connect to " + where + ": " + connectFailure(e));
        }
        ehlo = hello();
        if (!ehlo.positive()) {
          disconnect();
          return new Outcome(Kind.TEMPORARY, ehlo.code(), clean("EHLO after STARTTLS: " + ehlo));
        }
      }
      if (settings.username().isPresent()) {
        Outcome login = login(settings.username().get());
        if (login != null) {
          disconnect();
          return login;
        }
      }
      return null;
    } catch (IOException e) {
      disconnect();
      return new Outcome(Kind.TEMPORARY, 0, "cannot connect to " + where + ": " + lost(e));
    }
  }

  private void attach(Socket s) throws IOException {
    socket = s;
    out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
    replies = new SmtpReplies(s.getInputStream());
  }

  /** EHLO, else HELO for a server that does not know EHLO; reads what the server offers. */
  private Reply hello() throws IOException {
    pipelining = false;
    chunking = false;
    eightBitMime = false;
    smtpUtf8 = false;
    startTls = false;
    sizeLimit = -1;
    auth = Set.of();
    write("EHLO " + settings.heloName() + "\r\n");
    out.flush();
    Reply ehlo = replies.read();
    if (ehlo.code() == 500 || ehlo.code() == 502) {
      write("HELO " + settings.heloName() + "\r\n");
      out.flush();
      return replies.read();
    }
    if (!ehlo.positive()) {
      return ehlo;
    }
    List<String> lines = ehlo.lines();
    for (String line : lines.subList(1, lines.size())) {
      String[] words = line.split("[ =]+");
      switch (words[0].toUpperCase(Locale.ROOT)) {
        case "PIPELINING" -> pipelining = true;
        case "CHUNKING" -> chunking = true;
        case "8BITMIME" -> eightBitMime = true;
        case "SMTPUTF8" -> smtpUtf8 = true;
        case "STARTTLS" -> startTls = true;
        case "SIZE" -> sizeLimit = words.length > 1 ? parseSize(words[1]) : 0;
        case "AUTH" -> {
          Set<String> mechanisms = new HashSet<>(auth);
          for (int i = 1; i < words.length; i++) {
            mechanisms.add(words[i].toUpperCase(Locale.ROOT));
          }
          auth = Set.copyOf(mechanisms);
        }
        default -> {}
      }
    }
    return ehlo;
  }

  private static long parseSize(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** AUTH PLAIN, else LOGIN; null when logged in. */
  private Outcome login(String user) throws IOException {
    Base64.Encoder b64 = Base64.getEncoder();
    Reply r;
    if (auth.contains("PLAIN")) {
      byte[] u = user.getBytes(StandardCharsets.UTF_8);
      byte[] p = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
      byte[] token = new byte[u.length + p.length + 2];
      System.arraycopy(u, 0, token, 1, u.length);
      System.arraycopy(p, 0, token, u.length + 2, p.length);
      String encoded = b64.encodeToString(token);
      Arrays.fill(token, (byte) 0);
      write("AUTH PLAIN " + encoded + "\r\n");
      out.flush();
      r = replies.read();
      if (r.code() == 334) {
        write(encoded + "\r\n");
        out.flush();
        r = replies.read();
      }
    } else if (auth.contains("LOGIN")) {
      write("AUTH LOGIN\r\n");
      out.flush();
      r = replies.read();
      if (r.code() == 334) {
        write(b64.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "\r\n");
        out.flush();
        r = replies.read();
        if (r.code() == 334) {
          write(
              b64.encodeToString(
                      (password == null ? "" : password).getBytes(StandardCharsets.UTF_8))
                  + "\r\n");
          out.flush();
          r = replies.read();
        }
      }
    } else {
      return new Outcome(
          Kind.FATAL,
          0,
          "login impossible: "
              + where
              + (auth.isEmpty()
                  ? " offers no AUTH" + (socket instanceof SSLSocket ? "" : " (without TLS)")
                  : " offers neither AUTH PLAIN nor LOGIN (offers "
                      + String.join(" ", auth)
                      + ")"));
    }
    if (r.code() == 235) {
      return null;
    }
    if (r.permanent()) {
      return new Outcome(Kind.FATAL, r.code(), clean("login refused: " + r));
    }
    return new Outcome(Kind.TEMPORARY, r.code(), clean("login: " + r));
  }

  private SSLSocket tls(Socket plain) throws IOException {
    SSLSocketFactory factory;
    boolean trusted = trusted();
    try {
      if (trusted) {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {TRUST_ALL}, null);
        factory = context.getSocketFactory();
      } else {
        factory = SSLContext.getDefault().getSocketFactory();
      }
    } catch (GeneralSecurityException e) {
      throw new SSLException("TLS is not available: " + e.getMessage(), e);
    }
    SSLSocket s = (SSLSocket) factory.createSocket(plain, settings.host(), settings.port(), true);
    socket = s;
    if (!trusted) {
      SSLParameters parameters = s.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(parameters);
    }
    s.setUseClientMode(true);
    s.startHandshake();
    return s;
  }

  private boolean trusted() {
    String hosts = settings.trustedHosts().strip();
    if (hosts.isEmpty()) {
      return false;
    }
    for (String h : hosts.split("\\s+")) {
      if (h.equals("*") || h.equalsIgnoreCase(settings.host())) {
        return true;
      }
    }
    return false;
  }

  private static final X509TrustManager TRUST_ALL =
      new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };

  private String connectFailure(IOException e) {
    if (expired) {
      return lost(e);
    }
    if (e instanceof SSLException) {
      return "TLS handshake failed (" + text(e) + ")";
    }
    return text(e);
  }

  private void write(CharSequence command) throws IOException {
    out.write(command.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void quit() {
    try {
      write("QUIT\r\n");
      out.flush();
    } catch (IOException e) {
      // Closing anyway.
    }
    disconnect();
  }

  private void disconnect() {
    Socket s = socket;
    socket = null;
    out = null;
    replies = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // The connection is gone either way.
      }
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      quit();
    }
  }

  private static String text(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null) {
      m = m + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return clean(m);
  }

  private static String clean(String m) {
    String s = m.replace('\r', ' ').replace('\n', ' ').strip();
    return s.length() > 900 ? s.substring(0, 900) : s;
  }

  /** The kept connection was closed by the server before this message. */
  private static final class Stale extends IOException {
    private static final long serialVersionUID = 1L;

    Stale() {
      super("the server closed the kept connection", null);
    }
  }

  /** The gate refused: the message must not be accepted. */
  private static final class Abandoned extends IOException {
    private static final long serialVersionUID = 1L;

    Abandoned(IOException cause) {
      super(cause);
    }
  }
}
