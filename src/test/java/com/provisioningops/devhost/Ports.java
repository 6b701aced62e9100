package com.provisioningops.devhost;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports for the local servers the run command and tests start. */
public final class Ports {
  /*
   * Below every common ephemeral range (Linux 32768-60999, Windows and macOS 49152-65535). A port
   * the kernel hands out for bind(0) is also what it hands out as the source port of outgoing
   * connections, so between picking one and a server binding it, any client on the machine (the
   * other test JVM talking to its Azurite) may take it. No kernel assigns ports from this range.
   */
  private static final int LOWEST = 20_000;
  private static final int ABOVE_HIGHEST = 32_768;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private Ports() {}

  /** Whether something already listens on {@code 127.0.0.1:port}. */
  public static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A loopback port nothing is bound to right now and this JVM has not handed out before, chosen at
   * random outside the ephemeral range so that neither outgoing connections nor another JVM's picks
   * are likely to take it before the caller binds it.
   *
   * @throws IllegalStateException when no such port is found after many tries
   */
  public static int free() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, ABOVE_HIGHEST);
      if (HANDED_OUT.add(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "No free loopback port between " + LOWEST + " and " + (ABOVE_HIGHEST - 1));
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
