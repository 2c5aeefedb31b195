package dev.rundbrief.mail.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Postfix instance in a temporary folder (Debian's {@code postfix}), its {@code smtpd} on
 * four free 127.0.0.1 ports: {@link #port()} offers PIPELINING and CHUNKING, {@link
 * #lockStepPort()} discards both keywords from its EHLO reply ({@code
 * smtpd_discard_ehlo_keywords}), {@link #startTlsPort()} also offers STARTTLS with a self-signed
 * certificate for {@code localhost} made by {@code openssl}, and {@link #implicitTlsPort()} speaks
 * TLS from the first byte. Every message is delivered by Postfix's {@code virtual} agent into one
 * maildir, read by {@link #messages()}; each service logs under its own name ({@code
 * postfix-plain}, {@code postfix-lockstep}, {@code postfix-starttls}, {@code postfix-tls}) to
 * {@link #log()}.
 *
 * <p>Postfix's master runs only as root; without root or without Postfix the calling test is
 * skipped, or fails where {@code RUNDBRIEF_REQUIRE_TOOLS=1} (CI).
 */
public final class PostfixServer implements AutoCloseable {
  private static final Path POSTFIX = Path.of("/usr/sbin/postfix");

  private final Path dir;
  private final int[] ports = new int[4];

  private PostfixServer(Path dir) {
    this.dir = dir;
  }

  /** Starts an instance, or skips (fails in CI) the calling test when Postfix cannot run here. */
  public static PostfixServer start() throws IOException, InterruptedException {
    if (!Files.isExecutable(POSTFIX) || !Files.isExecutable(Path.of("/usr/bin/openssl"))) {
      missing("postfix and openssl are not installed (apt-get install postfix openssl)");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      missing("Postfix's master runs only as root");
    }
    Path dir = Files.createTempDirectory("rundbrief-postfix");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    PostfixServer server = new PostfixServer(dir);
    try {
      server.configure();
      server.run(POSTFIX.toString(), "-c", dir.resolve("etc").toString(), "start");
      server.awaitGreeting();
      return server;
    } catch (IOException | RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  private static void missing(String message) {
    String text = message + "; .ci/run installs Postfix and runs the tests as root";
    if ("1".equals(System.getenv("RUNDBRIEF_REQUIRE_TOOLS"))) {
      fail(text);
    }
    assumeTrue(false, text);
  }

  /** PIPELINING and CHUNKING offered. */
  public int port() {
    return ports[0];
  }

  /** Neither PIPELINING nor CHUNKING offered. */
  public int lockStepPort() {
    return ports[1];
  }

  /** PIPELINING, CHUNKING and STARTTLS offered. */
  public int startTlsPort() {
    return ports[2];
  }

  /** TLS from the first byte (as on port 465). */
  public int implicitTlsPort() {
    return ports[3];
  }

  /** Every message delivered so far, as Postfix wrote it into the maildir (LF line ends). */
  public List<String> messages() throws IOException {
    List<String> result = new ArrayList<>();
    for (String sub : List.of("new", "cur")) {
      Path d = dir.resolve("mail/box").resolve(sub);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> files = Files.list(d)) {
        for (Path f : files.sorted().toList()) {
          result.add(Files.readString(f, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return result;
  }

  /** Postfix's log so far. */
  public String log() throws IOException {
    Path log = dir.resolve("maillog");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
  }

  private void configure() throws IOException, InterruptedException {
    for (int i = 0; i < ports.length; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        ports[i] = s.getLocalPort();
      }
    }
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Files.createDirectories(dir.resolve("queue"));
    Path data = Files.createDirectories(dir.resolve("data"));
    Path mail = Files.createDirectories(dir.resolve("mail"));
    run("chown", "postfix", data.toString());
    run("chown", "65534:65534", mail.toString());
    Path cert = etc.resolve("cert.pem");
    Path key = etc.resolve("key.pem");
    run(
        "/usr/bin/openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost",
        "-keyout",
        key.toString(),
        "-out",
        cert.toString());
    String main =
        String.join(
            "\n",
            "compatibility_level = 3.6",
            "queue_directory = " + dir.resolve("queue"),
            "data_directory = " + data,
            "mail_owner = postfix",
            "setgid_group = postdrop",
            "inet_interfaces = 127.0.0.1",
            "inet_protocols = ipv4",
            "myhostname = postfix.test",
            "mydestination =",
            "relay_domains =",
            "mynetworks = 127.0.0.0/8",
            "smtpd_relay_restrictions = permit_mynetworks, reject",
            // Remote clients: no headers added or rewritten, so the message arrives as sent.
            "local_header_rewrite_clients =",
            "virtual_mailbox_domains = static:all",
            "virtual_mailbox_base = " + mail,
            "virtual_mailbox_maps = static:box/",
            "virtual_uid_maps = static:65534",
            "virtual_gid_maps = static:65534",
            "virtual_destination_concurrency_limit = 2",
            "maillog_file_prefixes = " + dir,
            "maillog_file = " + dir.resolve("maillog"),
            "smtpd_tls_cert_file = " + cert,
            "smtpd_tls_key_file = " + key,
            "smtpd_tls_loglevel = 1",
            "");
    String smtpd = " inet n - n - - smtpd";
    String master =
        String.join(
            "\n",
            "127.0.0.1:" + ports[0] + smtpd + " -o syslog_name=postfix-plain",
            "127.0.0.1:"
                + ports[1]
                + smtpd
                + " -o syslog_name=postfix-lockstep"
                + " -o smtpd_discard_ehlo_keywords=pipelining,chunking",
            "127.0.0.1:"
                + ports[2]
                + smtpd
                + " -o syslog_name=postfix-starttls"
                + " -o smtpd_tls_security_level=may",
            "127.0.0.1:"
                + ports[3]
                + smtpd
                + " -o syslog_name=postfix-tls"
                + " -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt",
            "pickup unix n - n 60 1 pickup",
            "cleanup unix n - n - 0 cleanup",
            "qmgr unix n - n 300 1 qmgr",
            "tlsmgr unix - - n 1000? 1 tlsmgr",
            "rewrite unix - - n - - trivial-rewrite",
            "bounce unix - - n - 0 bounce",
            "defer unix - - n - 0 bounce",
            "trace unix - - n - 0 bounce",
            "verify unix - - n - 1 verify",
            "flush unix n - n 1000? 0 flush",
            "proxymap unix - - n - - proxymap",
            "showq unix n - n - - showq",
            "error unix - - n - - error",
            "retry unix - - n - - error",
            "discard unix - - n - - discard",
            "virtual unix - n n - - virtual",
            "anvil unix - - n - 1 anvil",
            "scache unix - - n - 1 scache",
            "postlog unix-dgram n - n - 1 postlogd",
            "");
    Files.writeString(etc.resolve("main.cf"), main);
    Files.writeString(etc.resolve("master.cf"), master);
  }

  private void awaitGreeting() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[0]), 1000);
        s.setSoTimeout(10_000);
        if (s.getInputStream().read() == '2') {
          return;
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("Postfix did not answer on port " + ports[0] + ":\n" + log(), e);
        }
      }
      Thread.sleep(100);
    }
  }

  private String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  /** Stops the instance and deletes its folder. */
  @Override
  public void close() throws IOException {
    try {
      if (Files.exists(dir.resolve("queue/pid/master.pid"))) {
        run(POSTFIX.toString(), "-c", dir.resolve("etc").toString(), "stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | UncheckedIOException e) {
        // A file Postfix's last processes wrote or removed meanwhile: a temporary folder left.
      }
    }
  }
}
