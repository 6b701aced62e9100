package com.provisioningops.devhost;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Starts the dev host on a packaged app, as its own process so that the app reads its settings from
 * a real process environment. Usage: {@code DevHostMain [appDir]}; {@code PORT}, {@code
 * DEVHOST_FUNCTION_KEY} and {@code DEVHOST_MASTER_KEY} come from the environment.
 */
public final class DevHostMain {
  /** Printed once the host serves; launchers wait for it. */
  public static final String STARTED = "Host started";

  private DevHostMain() {}

  public static void main(String[] args) throws Exception {
    exitWithParent();
    Path appDir = Path.of(args.length > 0 ? args[0] : "target/azure-functions/provisioning-ops");
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.getOrDefault("PORT", "7071"));
    DevHost.HostKeys keys =
        new DevHost.HostKeys(
            env.getOrDefault("DEVHOST_FUNCTION_KEY", randomKey()),
            env.getOrDefault("DEVHOST_MASTER_KEY", randomKey()));
    DevHost host = DevHost.start(appDir, env::get, keys, "127.0.0.1", port, System.out);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    host.close();
                  } catch (Exception e) {
                    // Exiting anyway.
                  }
                }));
    System.out.println();
    System.out.println("Functions:");
    host.describe().forEach(line -> System.out.println("        " + line));
    System.out.println();
    System.out.println("Function key (x-functions-key or ?code=): " + keys.function());
    System.out.println("Master key (admin routes):                " + keys.master());
    System.out.println(
        "Run a timer now: curl -X POST -H 'x-functions-key: "
            + keys.master()
            + "' -H 'Content-Type: application/json' -d '{}' "
            + host.baseUri()
            + "/admin/functions/JobPollTimer");
    System.out.println();
    System.out.println(STARTED + " on " + host.baseUri() + " (Ctrl-C to stop)");
    System.out.flush();
    Thread.currentThread().join();
  }

  /**
   * Exits (running shutdown hooks) when the process that started this one ends, so that stopping
   * Maven or a test JVM never leaves a dev host behind, whatever signal it got.
   */
  static void exitWithParent() {
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
  }

  static String randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
