package dev.rundbrief.feed;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses a fetch may reach: public unicast addresses, plus networks allowed explicitly.
 *
 * <p>A URL that comes from outside (a feed, a redirect, a page's link) must not make Rundbrief
 * fetch from the machine it runs on or its private network (SSRF). The host of every hop is
 * resolved here and every address it resolves to is checked; numeric forms such as {@code
 * 2130706433} or {@code 127.1} resolve like any name. The JDK caches the lookup (30 s by default),
 * so the HTTP client connects to the address checked here; a resolver that answers differently
 * within microseconds would need a custom DNS cache policy to defeat.
 */
final class Networks {
  private final List<Cidr> allowed;

  private Networks(List<Cidr> allowed) {
    this.allowed = allowed;
  }

  /**
   * Parses networks in CIDR form.
   *
   * @throws IllegalArgumentException if an entry is not an IP address with an optional prefix
   */
  static Networks of(List<String> cidrs) {
    List<Cidr> parsed = new ArrayList<>();
    for (String cidr : cidrs) {
      parsed.add(Cidr.parse(cidr));
    }
    return new Networks(List.copyOf(parsed));
  }

  /**
   * Resolves the URL's host and checks every address.
   *
   * @throws FeedFetchException if the host does not resolve or any address is internal and not
   *     allowed
   */
  void check(URI url) {
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new FeedFetchException(url, 0, "unknown host '" + host + "'", null);
    }
    for (InetAddress address : addresses) {
      if (isInternal(address) && allowed.stream().noneMatch(c -> c.contains(address))) {
        throw new FeedFetchException(
            url,
            0,
            "resolves to "
                + address.getHostAddress()
                + ", an internal address; refused (allow its network under fetch.allow_networks"
                + " only if you trust every feed you read)",
            null);
      }
    }
  }

  /** Loopback, private, link-local, multicast, unspecified, carrier-grade NAT or reserved. */
  static boolean isInternal(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isSiteLocalAddress()
        || a.isLinkLocalAddress()
        || a.isMulticastAddress()
        || a.isAnyLocalAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xFF;
      int second = b[1] & 0xFF;
      return first == 0
          || (first == 100 && second >= 64 && second < 128)
          || (first == 192 && second == 0 && (b[2] & 0xFF) == 0)
          || first >= 240;
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xFE) == 0xFC) {
        return true; // unique local fc00::/7
      }
      boolean zeroPrefix = true;
      for (int i = 0; i < 10; i++) {
        zeroPrefix &= b[i] == 0;
      }
      if (zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == -1 && b[11] == -1))) {
        // IPv4-compatible or IPv4-mapped: judge the embedded IPv4 address.
        try {
          return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
      if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x01 && b[2] == 0x0D && (b[3] & 0xFF) == 0xB8) {
        return true; // documentation 2001:db8::/32
      }
    }
    return false;
  }

  /** An IP network. */
  private record Cidr(byte[] network, int prefix) {
    static Cidr parse(String text) {
      String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
      int slash = t.indexOf('/');
      String ip = slash < 0 ? t : t.substring(0, slash);
      if (ip.isEmpty() || !ip.matches("[0-9a-f:.]+")) {
        throw new IllegalArgumentException("not an IP network in CIDR form: '" + text + "'");
      }
      byte[] address;
      try {
        address = InetAddress.getByName(ip).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP network in CIDR form: '" + text + "'", e);
      }
      int bits = address.length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'", e);
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'");
      }
      return new Cidr(address, prefix);
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (b[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (b[full] & mask) == (network[full] & mask);
    }
  }
}
