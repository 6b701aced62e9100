package com.provisioningops.devhost;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * The app's class loader, shaped as the Java worker shapes it: the app jar and its {@code lib/}
 * first-class, and only the host-provided Functions library and SPI visible from the parent. The
 * dev host's own classpath (which holds the app's classes too) stays invisible to the app.
 */
final class HostClassLoader extends URLClassLoader {
  private static final String HOST_PROVIDED = "com.microsoft.azure.functions.";

  HostClassLoader(List<URL> appJars) {
    super("app", appJars.toArray(URL[]::new), new HostProvided());
  }

  /** Sees the JDK (through the platform loader) and the worker-provided Functions packages. */
  private static final class HostProvided extends ClassLoader {
    private final ClassLoader host = HostClassLoader.class.getClassLoader();

    HostProvided() {
      super("host-provided", ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (name.startsWith(HOST_PROVIDED)) {
        return host.loadClass(name);
      }
      throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
      return name.startsWith(HOST_PROVIDED.replace('.', '/')) ? host.getResource(name) : null;
    }
  }
}
