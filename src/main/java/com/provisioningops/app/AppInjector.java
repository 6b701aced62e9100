package com.provisioningops.app;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

/**
 * Hands the Functions worker (or the dev host) ready-wired function instances. Registered through
 * {@code META-INF/services}; the object graph is built once per process from {@link
 * AppSettings#fromEnvironment()}.
 *
 * <p>The worker creates the injector while it loads the functions, before the first invocation:
 * building the graph starts then, on a background thread, so a cold instance's first request finds
 * the SDK clients (most of its class loading) ready instead of building them while its caller
 * waits. It reads settings only and calls no dependency. When that build fails, the first
 * invocation builds again and meets the same error where it is reported.
 */
public final class AppInjector implements FunctionInstanceInjector {
  private static volatile Wiring wiring;
  private static volatile boolean warming;

  public AppInjector() {
    warmUp();
  }

  @Override
  public <T> T getInstance(Class<T> functionClass) {
    return functionClass.cast(wiring().instance(functionClass));
  }

  private static synchronized void warmUp() {
    if (warming || wiring != null) {
      return;
    }
    warming = true;
    Thread build =
        new Thread(
            () -> {
              try {
                wiring();
              } catch (RuntimeException e) {
                // Left for the first invocation, which builds again and reports it.
              }
            },
            "app-wiring");
    build.setDaemon(true);
    build.start();
  }

  private static Wiring wiring() {
    Wiring current = wiring;
    if (current == null) {
      synchronized (AppInjector.class) {
        current = wiring;
        if (current == null) {
          current = new Wiring(AppSettings.fromEnvironment());
          wiring = current;
        }
      }
    }
    return current;
  }
}
