package dev.rundbrief.mail.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SMTP server on 127.0.0.1 whose replies a test scripts: it can refuse connections with
 * 421, answer RCPT with 451 or 550, drop the connection in the middle of DATA or right after its
 * reply, offer extensions in a multi-line EHLO reply (PIPELINING, CHUNKING with BDAT), send every
 * reply one byte per TCP segment, and answer a pipelined group out of turn; it counts the messages
 * it accepted per recipient (a message counts when the 250 after DATA or the last BDAT is sent) and
 * the transactions whose RCPT TO arrived before MAIL FROM was answered (pipelined).
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  /** The test's script; the defaults accept everything. */
  public interface Script {
    /** The greeting for the n-th connection (1-based); a 4xx closes the connection. */
    default String greeting(int connection) {
      return "220 scripted ESMTP";
    }

    /** The reply to RCPT TO for the n-th time this address is given (1-based). */
    default String rcpt(String address, int time) {
      return "250 OK";
    }

    /** Whether to drop the connection in the middle of the n-th DATA (1-based, all connections). */
    default boolean dropInData(int data) {
      return false;
    }

    /** Milliseconds to wait before answering the end of DATA. */
    default int dataDelayMillis() {
      return 0;
    }

    /**
     * Called at the end of DATA, right before the message is accepted, with the recipients of the
     * messages accepted earlier on this connection (oldest first).
     */
    default void beforeAccept(List<String> acceptedOnConnection, String recipient) {}

    /** The keywords of the EHLO reply, one line each after the greeting line; none by default. */
    default List<String> ehloKeywords() {
      return List.of();
    }

    /** Whether every reply goes out one byte per write (and so per TCP segment). */
    default boolean splitReplies() {
      return false;
    }

    /** Whether to close the connection right after answering the n-th accepted message. */
    default boolean dropAfterAccepting(int message) {
      return false;
    }

    /**
     * Whether to answer a pipelined group (RCPT TO already sent when MAIL FROM is read) out of
     * turn: the reply to DATA first, then those to MAIL FROM and RCPT TO. A client that waits for
     * each reply is answered in turn, after a second.
     */
    default boolean outOfTurnWhenPipelined() {
      return false;
    }
  }

  private final ServerSocket server;
  private final Script script;
  private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> rcptTimes = new ConcurrentHashMap<>();
  private final Map<String, String> lastMessage = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger datas = new AtomicInteger();
  private final AtomicInteger messages = new AtomicInteger();
  private final AtomicInteger pipelined = new AtomicInteger();
  private final AtomicInteger bdats = new AtomicInteger();
  private final List<String> logins = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public ScriptedSmtpServer(Script script) throws IOException {
    this(script, 0);
  }

  public ScriptedSmtpServer(Script script, int port) throws IOException {
    this.script = script;
    server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "scripted-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Messages accepted per recipient address (lower-cased). */
  public Map<String, Integer> accepted() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    accepted.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  /** The last accepted message for the address, as text. */
  public String lastMessage(String address) {
    return lastMessage.get(address.toLowerCase(Locale.ROOT));
  }

  public int connections() {
    return connections.get();
  }

  /** Transactions whose RCPT TO had arrived when MAIL FROM was read (the client pipelined). */
  public int pipelinedTransactions() {
    return pipelined.get();
  }

  /** The logins given with AUTH, as {@code user:password}. */
  public List<String> logins() {
    return List.copyOf(logins);
  }

  private static String decode(String base64) {
    return base64 == null
        ? ""
        : new String(java.util.Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
  }

  /** Messages that came with BDAT rather than DATA. */
  public int bdatMessages() {
    return bdats.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> session(s), "scripted-smtp-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      String greeting = script.greeting(connections.incrementAndGet());
      reply(out, greeting);
      if (!greeting.startsWith("2")) {
        return;
      }
      String rcpt = null;
      List<String> acceptedHere = new ArrayList<>();
      while (true) {
        String line = readLine(in);
        if (line == null) {
          return;
        }
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("EHLO") && !script.ehloKeywords().isEmpty()) {
          StringBuilder ehlo = new StringBuilder("250-scripted");
          List<String> keywords = script.ehloKeywords();
          for (int i = 0; i < keywords.size(); i++) {
            ehlo.append("\r\n250")
                .append(i == keywords.size() - 1 ? ' ' : '-')
                .append(keywords.get(i));
          }
          reply(out, ehlo.toString());
        } else if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
          reply(out, "250 scripted");
        } else if (upper.startsWith("MAIL FROM:")) {
          rcpt = null;
          boolean group = more(in, script.outOfTurnWhenPipelined() ? 1000 : 0);
          if (group) {
            pipelined.incrementAndGet();
          }
          if (group && script.outOfTurnWhenPipelined()) {
            reply(out, "354 go ahead");
          }
          reply(out, "250 OK");
        } else if (upper.startsWith("AUTH LOGIN")) {
          reply(out, "334 VXNlcm5hbWU6");
          String user = decode(readLine(in));
          reply(out, "334 UGFzc3dvcmQ6");
          logins.add(user + ":" + decode(readLine(in)));
          reply(out, "235 2.7.0 accepted");
        } else if (upper.startsWith("AUTH PLAIN ")) {
          logins.add(decode(line.substring(11).trim()).replace('\0', ':').substring(1));
          reply(out, "235 2.7.0 accepted");
        } else if (upper.startsWith("BDAT ")) {
          String[] words = line.trim().split("\\s+");
          int size = Integer.parseInt(words[1]);
          byte[] chunk = in.readNBytes(size);
          if (chunk.length < size) {
            return;
          }
          if (rcpt == null) {
            reply(out, "554 no valid recipients");
            continue;
          }
          if (words.length > 2 && words[2].equalsIgnoreCase("LAST")) {
            bdats.incrementAndGet();
            if (accept(out, rcpt, acceptedHere, new String(chunk, StandardCharsets.ISO_8859_1))) {
              return;
            }
            rcpt = null;
          } else {
            reply(out, "502 only one chunk, please");
          }
        } else if (upper.startsWith("RCPT TO:")) {
          String address = line.substring(8).replaceAll("[<>\\s]", "").toLowerCase(Locale.ROOT);
          int time = rcptTimes.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
          String answer = script.rcpt(address, time);
          if (answer.startsWith("2")) {
            rcpt = address;
          }
          reply(out, answer);
        } else if (upper.startsWith("DATA")) {
          if (rcpt == null) {
            reply(out, "503 no valid recipients");
            continue;
          }
          reply(out, "354 go ahead");
          boolean drop = script.dropInData(datas.incrementAndGet());
          ByteArrayOutputStream message = new ByteArrayOutputStream();
          int lines = 0;
          while (true) {
            String l = readLine(in);
            if (l == null) {
              return;
            }
            if (drop && ++lines == 3) {
              return;
            }
            if (l.equals(".")) {
              break;
            }
            message.writeBytes(
                (l.startsWith(".") ? l.substring(1) : l).getBytes(StandardCharsets.ISO_8859_1));
            message.writeBytes(new byte[] {'\r', '\n'});
          }
          if (script.dataDelayMillis() > 0) {
            Thread.sleep(script.dataDelayMillis());
          }
          if (accept(out, rcpt, acceptedHere, message.toString(StandardCharsets.ISO_8859_1))) {
            return;
          }
          rcpt = null;
        } else if (upper.startsWith("RSET")) {
          rcpt = null;
          reply(out, "250 OK");
        } else if (upper.startsWith("NOOP")) {
          reply(out, "250 OK");
        } else if (upper.startsWith("QUIT")) {
          reply(out, "221 bye");
          return;
        } else {
          reply(out, "502 not implemented");
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  /** Accepts a message; returns whether the connection is to be dropped now. */
  private boolean accept(OutputStream out, String rcpt, List<String> acceptedHere, String message)
      throws IOException {
    script.beforeAccept(List.copyOf(acceptedHere), rcpt);
    acceptedHere.add(rcpt);
    lastMessage.put(rcpt, message);
    accepted.computeIfAbsent(rcpt, a -> new AtomicInteger()).incrementAndGet();
    reply(out, "250 OK queued");
    return script.dropAfterAccepting(messages.incrementAndGet());
  }

  /** Whether more input is there, or arrives within {@code millis}. */
  private static boolean more(InputStream in, int millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (in.available() == 0) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private void reply(OutputStream out, String line) throws IOException {
    byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    if (script.splitReplies()) {
      for (byte b : bytes) {
        out.write(b);
        out.flush();
      }
      return;
    }
    out.write(bytes);
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
