package dev.rundbrief.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for integration tests: {@code initdb} into a temporary directory,
 * {@code pg_ctl start} on a free loopback port (its Unix socket in that directory too), stopped
 * again by {@link #close()}.
 *
 * <p>The server binaries are found on the {@code PATH} or in Debian's {@code
 * /usr/lib/postgresql/<version>/bin}; when there are none the test is skipped (or, in CI, fails) as
 * with {@link ExternalTools#require}. PostgreSQL refuses to run as root, so as root (as in CI) the
 * server runs as the {@code postgres} system user through {@code runuser}, in a directory that user
 * owns. Connections over TCP need the password of {@link #user()} (SCRAM), so tests exercise the
 * same credentials path as a real deployment.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String USER = "rundbrief";
  private static final String PASSWORD = "Testkennwort-42";
  private static final String SYSTEM_USER = "postgres";

  private final Path bin;
  private final Path home;
  private final boolean asRoot;
  private final int port;
  private final Thread shutdownHook;
  private boolean stopped;

  private PostgresServer(Path bin, Path home, boolean asRoot, int port) {
    this.bin = bin;
    this.home = home;
    this.asRoot = asRoot;
    this.port = port;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-test-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Creates a cluster under {@code dir} (a test's temporary directory) and starts it.
   *
   * @throws IOException if initdb or pg_ctl fail; their output is in the message
   */
  public static PostgresServer start(Path dir) throws IOException, InterruptedException {
    Path bin = binaries();
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    Path home = dir.resolve("pg");
    Files.createDirectories(home);
    if (asRoot) {
      // The server's user must reach its directory through the (root-owned) temporary directory.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
      UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(home, users.lookupPrincipalByName(SYSTEM_USER));
    }
    Path pwfile = home.resolve("pwfile");
    Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
    if (asRoot) {
      Files.setOwner(pwfile, Files.getOwner(home));
    }
    run(
        asRoot,
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            home.resolve("data").toString(),
            "-U",
            USER,
            "--pwfile=" + pwfile,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync"));
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      try {
        run(asRoot, startCommand(bin, home, port));
        return new PostgresServer(bin, home, asRoot, port);
      } catch (IOException e) {
        // Another process may have taken the port between the probe and the start.
        last = e;
      }
    }
    throw last;
  }

  /** Creates an empty database owned by {@link #user()} and returns its JDBC URL. */
  public String createDatabase(String name) throws IOException, InterruptedException {
    run(
        asRoot,
        List.of(
            bin.resolve("createdb").toString(),
            "-h",
            home.toString(),
            "-p",
            Integer.toString(port),
            "-U",
            USER,
            name));
    return jdbcUrl(name);
  }

  /** The JDBC URL of a database on this server (no credentials in it). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The database superuser that tests connect as. */
  public String user() {
    return USER;
  }

  /** The password of {@link #user()}. */
  public String password() {
    return PASSWORD;
  }

  /** JDBC properties with {@link #user()} and {@link #password()}. */
  public Properties credentials() {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("password", PASSWORD);
    return p;
  }

  /** The loopback port the server listens on. */
  public int port() {
    return port;
  }

  /**
   * The process ids of the running server: the postmaster (from its data directory's {@code
   * postmaster.pid}) and every process it started (the backends serving the connections).
   */
  public List<Long> pids() throws IOException {
    long postmaster =
        Long.parseLong(
            Files.readAllLines(home.resolve("data/postmaster.pid"), StandardCharsets.US_ASCII)
                .get(0)
                .strip());
    List<Long> pids = new ArrayList<>();
    pids.add(postmaster);
    ProcessHandle.of(postmaster).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    return pids;
  }

  /**
   * Sends a signal ({@code STOP}, {@code CONT}, {@code KILL}) to the server and all its processes,
   * as an operator or the kernel would: {@code STOP} freezes it, {@code KILL} kills it.
   */
  public void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(p -> command.add(Long.toString(p)));
    run(false, command);
  }

  /**
   * Kills the server and every process it started with SIGKILL, as the kernel's out-of-memory
   * killer would, and waits until they are gone.
   */
  public void kill() throws IOException, InterruptedException {
    List<Long> pids = pids();
    signal("KILL", pids);
    for (long pid : pids) {
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isPresent()) {
        try {
          h.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          throw new IOException("PostgreSQL process " + pid + " did not end after SIGKILL", e);
        }
      }
    }
  }

  /**
   * Starts the server again on the same port and data (after {@link #kill()}). A backend that was
   * still leaving makes the first start fail ("shared memory block is still in use"): it is tried a
   * few times.
   */
  public void restart() throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        run(asRoot, startCommand(bin, home, port));
        return;
      } catch (IOException e) {
        last = e;
        Thread.sleep(1000);
      }
    }
    String log = Files.readString(home.resolve("server.log"), StandardCharsets.UTF_8);
    throw new IOException(
        last.getMessage() + "\nserver log:\n" + log.substring(Math.max(0, log.length() - 2000)),
        last);
  }

  private static List<String> startCommand(Path bin, Path home, int port) {
    return List.of(
        bin.resolve("pg_ctl").toString(),
        "-D",
        home.resolve("data").toString(),
        "-l",
        home.resolve("server.log").toString(),
        "-o",
        "-p "
            + port
            + " -k "
            + home
            + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
            + " -c full_page_writes=off -c max_connections=40",
        "-w",
        "-t",
        "60",
        "start");
  }

  /** Stops the server at once; its files go with the temporary directory. */
  @Override
  public synchronized void close() throws IOException {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down; the hook stops the server.
    }
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping PostgreSQL", e);
    }
  }

  private void stop() throws IOException, InterruptedException {
    run(
        asRoot,
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            home.resolve("data").toString(),
            "-m",
            "immediate",
            "-w",
            "stop"));
  }

  private synchronized void stopQuietly() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      stop();
    } catch (IOException e) {
      // Nothing more can be done while the JVM exits.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The directory with initdb, pg_ctl and createdb, or skips (in CI fails) the test. */
  static Path binaries() {
    Optional<Path> onPath = ExternalTools.find("initdb");
    if (onPath.isPresent()) {
      Path dir;
      try {
        dir = onPath.get().toRealPath().getParent();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (Files.isExecutable(dir.resolve("pg_ctl"))) {
        return dir;
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                .max(Comparator.comparing(PostgresServer::majorVersion));
        if (newest.isPresent()) {
          return newest.get();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ExternalTools.require("initdb", "postgresql").getParent();
  }

  private static int majorVersion(Path bin) {
    String name = bin.getParent().getFileName().toString();
    return name.matches("\\d+") ? Integer.parseInt(name) : 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(boolean asRoot, List<String> command)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asRoot) {
      full.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", full) + " did not finish");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", full)
              + " exited with "
              + p.exitValue()
              + ": "
              + new String(output, StandardCharsets.UTF_8));
    }
  }
}
