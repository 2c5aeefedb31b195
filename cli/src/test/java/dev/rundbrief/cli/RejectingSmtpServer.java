package dev.rundbrief.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small SMTP server on 127.0.0.1 (a real socket, plain SMTP) that refuses every recipient whose
 * address starts with {@code weg} with a 550 reply, the way a relay rejects an unknown user, and
 * takes every other message. GreenMail has no way to refuse a recipient.
 */
final class RejectingSmtpServer implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> accepted = new CopyOnWriteArrayList<>();
  private final List<Long> acceptedAt = new CopyOnWriteArrayList<>();

  RejectingSmtpServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "rejecting-smtp");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The recipients of the messages taken, in order. */
  List<String> accepted() {
    return List.copyOf(accepted);
  }

  /** When each message was taken (System.nanoTime() at the 250), in the order of acceptance. */
  List<Long> acceptedAt() {
    return List.copyOf(acceptedAt);
  }

  static String reply(String address) {
    return "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown";
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket s = server.accept();
        Thread t = new Thread(() -> session(s), "rejecting-smtp-session");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void session(Socket socket) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = socket.getOutputStream()) {
      send(out, "220 rejecting.test ESMTP");
      String rcpt = null;
      String line;
      while ((line = in.readLine()) != null) {
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
          send(out, "250 rejecting.test");
        } else if (upper.startsWith("MAIL FROM")) {
          rcpt = null;
          send(out, "250 2.1.0 Ok");
        } else if (upper.startsWith("RCPT TO")) {
          String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
          if (address.startsWith("weg")) {
            send(out, reply(address));
          } else {
            rcpt = address;
            send(out, "250 2.1.5 Ok");
          }
        } else if (upper.equals("DATA")) {
          send(out, "354 End data with <CR><LF>.<CR><LF>");
          String body;
          while (!".".equals(body = in.readLine())) {
            if (body == null) {
              return; // the client died in the middle of the message: not taken
            }
          }
          synchronized (this) {
            accepted.add(rcpt);
            acceptedAt.add(System.nanoTime());
          }
          send(out, "250 2.0.0 Ok: queued");
        } else if (upper.equals("QUIT")) {
          send(out, "221 2.0.0 Bye");
          return;
        } else {
          send(out, "250 2.0.0 Ok");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void send(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
