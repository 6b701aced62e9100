package com.provisioningops.devhost;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * A packaged function app, loaded as the Java worker loads it: every {@code function.json} under
 * the app folder, the jars in the app's own class loader, and instances from the app's {@code
 * FunctionInstanceInjector} when it registers one.
 */
final class FunctionApp implements AutoCloseable {
  private final Path dir;
  private final Map<String, FunctionJson> functions;
  private final HostClassLoader loader;
  private final FunctionInstanceInjector injector;

  private FunctionApp(Path dir, Map<String, FunctionJson> functions, HostClassLoader loader) {
    this.dir = dir;
    this.functions = functions;
    this.loader = loader;
    this.injector = injector(loader);
  }

  /**
   * Loads the app in {@code dir} ({@code target/azure-functions/<app>}).
   *
   * @throws IllegalStateException when the folder holds no packaged app
   */
  static FunctionApp load(Path dir) {
    if (!Files.isRegularFile(dir.resolve("host.json"))) {
      throw new IllegalStateException(
          dir.toAbsolutePath() + " holds no packaged function app; run 'mvn package' first.");
    }
    Map<String, FunctionJson> functions = new LinkedHashMap<>();
    try (Stream<Path> children = Files.list(dir)) {
      children
          .filter(p -> Files.isRegularFile(p.resolve("function.json")))
          .sorted()
          .map(FunctionJson::read)
          .forEach(f -> functions.put(f.name(), f));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<URL> jars = new ArrayList<>();
    functions.values().stream().map(FunctionJson::jar).distinct().forEach(j -> jars.add(url(j)));
    try (Stream<Path> lib = Files.list(dir.resolve("lib"))) {
      lib.filter(p -> p.toString().endsWith(".jar"))
          .sorted(Comparator.naturalOrder())
          .forEach(j -> jars.add(url(j)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FunctionApp(dir, functions, new HostClassLoader(jars));
  }

  Path dir() {
    return dir;
  }

  Map<String, FunctionJson> functions() {
    return functions;
  }

  /** Reads a file of the packaged app, such as {@code host.json}. */
  String read(String file) {
    try {
      return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Invokes {@code function}, binding its parameters as the worker does: the trigger by its
   * annotation, {@code @BindingName} from {@code bindingData}, and the {@link ExecutionContext}.
   *
   * @return what the method returned
   * @throws Throwable what the method threw
   */
  Object invoke(
      FunctionJson function,
      ExecutionContext context,
      HostRequest request,
      String timerInfo,
      Map<String, String> bindingData)
      throws Throwable {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Class<?> type = Class.forName(function.className(), true, loader);
      Method method = method(type, function);
      Object target =
          java.lang.reflect.Modifier.isStatic(method.getModifiers()) ? null : instance(type);
      Object[] args = new Object[method.getParameterCount()];
      Parameter[] parameters = method.getParameters();
      for (int i = 0; i < parameters.length; i++) {
        args[i] = bind(parameters[i], context, request, timerInfo, bindingData);
      }
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private Object instance(Class<?> type) throws Exception {
    if (injector != null) {
      return injector.getInstance(type);
    }
    return type.getDeclaredConstructor().newInstance();
  }

  private static Method method(Class<?> type, FunctionJson function) {
    Method found = null;
    for (Method m : type.getMethods()) {
      if (!m.getName().equals(function.methodName())) {
        continue;
      }
      FunctionName name = m.getAnnotation(FunctionName.class);
      if (name != null && name.value().equals(function.name())) {
        return m;
      }
      found = found == null ? m : found;
    }
    if (found == null) {
      throw new IllegalStateException("No public method " + function.methodName() + " on " + type);
    }
    return found;
  }

  private static Object bind(
      Parameter parameter,
      ExecutionContext context,
      HostRequest request,
      String timerInfo,
      Map<String, String> bindingData) {
    if (ExecutionContext.class.isAssignableFrom(parameter.getType())) {
      return context;
    }
    if (parameter.isAnnotationPresent(HttpTrigger.class)) {
      return request == null ? null : withBody(request, parameter.getParameterizedType());
    }
    if (parameter.isAnnotationPresent(TimerTrigger.class)
        || parameter.isAnnotationPresent(QueueTrigger.class)) {
      return timerInfo;
    }
    BindingName name = parameter.getAnnotation(BindingName.class);
    if (name != null) {
      String value = bindingData.get(name.value());
      // The worker converts binding data to the parameter's type, as for DequeueCount.
      if (parameter.getType() == long.class || parameter.getType() == Long.class) {
        return value == null
            ? (parameter.getType() == long.class ? 0L : null)
            : Long.valueOf(value);
      }
      if (parameter.getType() == int.class || parameter.getType() == Integer.class) {
        return value == null
            ? (parameter.getType() == int.class ? 0 : null)
            : Integer.valueOf(value);
      }
      return value;
    }
    return null;
  }

  /** Shapes the raw body as the parameter's type asks: Optional of String, String, or bytes. */
  private static HostRequest withBody(HostRequest request, Type parameterType) {
    byte[] raw = (byte[]) request.body();
    Type bodyType =
        parameterType instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
    boolean optional =
        bodyType instanceof ParameterizedType p && p.getRawType().equals(Optional.class);
    Type inner = optional ? ((ParameterizedType) bodyType).getActualTypeArguments()[0] : bodyType;
    Object body;
    if (inner.equals(byte[].class)) {
      body = raw.length == 0 ? null : raw;
    } else {
      body = raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
    }
    Object shaped = optional ? Optional.ofNullable(body) : body;
    return new HostRequest(
        request.uri(), request.method(), request.headers(), request.query(), shaped);
  }

  private static FunctionInstanceInjector injector(ClassLoader loader) {
    Iterator<FunctionInstanceInjector> found =
        ServiceLoader.load(FunctionInstanceInjector.class, loader).iterator();
    return found.hasNext() ? found.next() : null;
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
