package com.provisioningops.delivery;

import com.provisioningops.failure.Failure;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Keeps the webhook feature from being an SSRF tool: a callback must be {@code https} (plain {@code
 * http} only to loopback, and only when the app runs locally), and every address its host resolves
 * to must be public: no private, loopback (outside local runs), link-local (the cloud metadata
 * endpoint 169.254.169.254 among them), carrier-grade NAT, multicast or unspecified address, nor
 * Azure's host address 168.63.129.16, nor any of these inside an IPv6 form (IPv4-compatible, NAT64,
 * 6to4). Checked when a subscription is made and again before every post (DNS may have changed).
 */
public final class TargetCheck {
  /** Resolves a host name to its addresses, as {@link InetAddress#getAllByName} does. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Resolver resolver;
  private final boolean local;

  /**
   * @param local true when the app runs on a developer's machine: loopback targets are allowed
   */
  public TargetCheck(Resolver resolver, boolean local) {
    this.resolver = resolver;
    this.local = local;
  }

  /**
   * Checks a callback URL.
   *
   * @throws Failure.InvalidInput naming what is wrong (never echoing the URL's secret parts)
   */
  public URI check(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (Exception e) {
      throw Failure.invalid("callbackUrl must be an absolute https URL.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    String host = uri.getHost();
    if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw Failure.invalid("callbackUrl must be an absolute https URL.");
    }
    if (uri.getUserInfo() != null) {
      throw Failure.invalid("callbackUrl must not carry a user name or password.");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw Failure.invalid("callbackUrl's host " + host + " does not resolve.");
    }
    boolean allLoopback = addresses.length > 0;
    for (InetAddress a : addresses) {
      if (a.isLoopbackAddress()) {
        if (!local) {
          throw refused(host, "a loopback address");
        }
        continue;
      }
      allLoopback = false;
      if (!isPublic(a)) {
        throw refused(host, "a private, link-local or reserved address");
      }
    }
    if (scheme.equals("http") && !(local && allLoopback)) {
      throw Failure.invalid(
          "callbackUrl must use https (plain http is allowed only to loopback on a local run).");
    }
    return uri;
  }

  private static Failure refused(String host, String what) {
    return Failure.invalid(
        "callbackUrl's host "
            + host
            + " resolves to "
            + what
            + ": the app posts only to public addresses.");
  }

  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      // fc00::/7: unique local addresses, IPv6's private range.
      if ((b[0] & 0xfe) == 0xfc) {
        return false;
      }
      // 64:ff9b:1::/48, local-use NAT64: translates to whatever the network chooses.
      if (b[0] == 0
          && b[1] == 0x64
          && (b[2] & 0xff) == 0xff
          && (b[3] & 0xff) == 0x9b
          && b[4] == 0
          && b[5] == 1) {
        return false;
      }
      byte[] embedded = embeddedIpv4(b);
      return embedded == null || isPublic(ipv4(embedded));
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    // 100.64.0.0/10 (carrier-grade NAT), 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15, 240.0.0.0/4.
    return !(first == 100 && (second & 0xc0) == 64)
        && first != 0
        && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
        && !(first == 198 && (second == 18 || second == 19))
        && first < 240
        // 168.63.129.16: Azure's host address (DHCP, DNS, health probes), reachable from any VM.
        && !(first == 168 && second == 63 && (b[2] & 0xff) == 129 && (b[3] & 0xff) == 16);
  }

  /**
   * The IPv4 address inside an IPv6 form that reaches it: IPv4-compatible {@code ::a.b.c.d}, NAT64
   * {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:aabb:ccdd::}; null for any other address.
   */
  private static byte[] embeddedIpv4(byte[] b) {
    boolean compatible = true;
    for (int i = 0; i < 12; i++) {
      compatible &= b[i] == 0;
    }
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = b[i] == 0;
    }
    if (compatible || nat64) {
      return Arrays.copyOfRange(b, 12, 16);
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return Arrays.copyOfRange(b, 2, 6);
    }
    return null;
  }

  private static InetAddress ipv4(byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }

  /** The URL as it may be shown: scheme and host only. */
  public static String mask(URI url) {
    return url.getScheme() + "://" + url.getHost() + "/…";
  }
}
