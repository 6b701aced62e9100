package com.provisioningops.app;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

/**
 * Hands the Functions worker (or the dev host) ready-wired function instances. Registered through
 * {@code META-INF/services}; the object graph is built once per process, on first use, from {@link
 * AppSettings#fromEnvironment()}.
 */
public final class AppInjector implements FunctionInstanceInjector {
  private static volatile Wiring wiring;

  @Override
  public <T> T getInstance(Class<T> functionClass) {
    return functionClass.cast(wiring().instance(functionClass));
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
