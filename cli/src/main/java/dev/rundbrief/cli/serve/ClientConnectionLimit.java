package dev.rundbrief.cli.serve;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the open connections of each client, well below the server's global limit, so that one
 * client (an IPv4 address, an IPv6 prefix) can never hold every connection: a connection beyond the
 * client's share is closed as soon as it opens, and the global slot it took is free again at once.
 *
 * <p>Behind a trusted local proxy ({@code behindProxy}) every reader arrives from the proxy's
 * loopback address, so loopback peers are not counted then: the proxy must bound its clients'
 * connections itself (docs/serve.md says how).
 */
final class ClientConnectionLimit implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(ClientConnectionLimit.class);

  private final int perClient;
  private final int ipv6Prefix;
  private final boolean behindProxy;
  private final Map<String, Integer> open = new HashMap<>();
  private final Map<Connection, String> counted = new HashMap<>();

  ClientConnectionLimit(int perClient, int ipv6Prefix, boolean behindProxy) {
    this.perClient = perClient;
    this.ipv6Prefix = ipv6Prefix;
    this.behindProxy = behindProxy;
  }

  @Override
  public void onOpened(Connection connection) {
    SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return;
    }
    InetAddress address = inet.getAddress();
    if (behindProxy && address.isLoopbackAddress()) {
      return;
    }
    String key = RateLimiter.clientKey(address, ipv6Prefix);
    boolean refused;
    synchronized (this) {
      int n = open.getOrDefault(key, 0);
      refused = n >= perClient;
      if (!refused) {
        open.put(key, n + 1);
        counted.put(connection, key);
      }
    }
    if (refused) {
      LOG.debug("closing a connection beyond the {} a client may hold", perClient);
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    synchronized (this) {
      String key = counted.remove(connection);
      if (key != null) {
        open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
      }
    }
  }
}
