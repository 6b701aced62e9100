package com.provisioningops.devhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One function as the Functions host sees it: the {@code function.json} that {@code mvn package}
 * writes into {@code target/azure-functions/<app>/<FunctionName>/}.
 *
 * @param name the function's name (its folder)
 * @param jar the jar named by {@code scriptFile}, resolved against the folder
 * @param className the class part of {@code entryPoint}
 * @param methodName the method part of {@code entryPoint}
 * @param bindings the bindings, in file order
 */
record FunctionJson(
    String name, Path jar, String className, String methodName, List<JsonNode> bindings) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static FunctionJson read(Path functionDir) {
    Path file = functionDir.resolve("function.json");
    try {
      JsonNode root = MAPPER.readTree(file.toFile());
      String entryPoint = root.path("entryPoint").asText();
      int dot = entryPoint.lastIndexOf('.');
      if (dot < 1) {
        throw new IllegalStateException(file + ": entryPoint must be <class>.<method>");
      }
      List<JsonNode> bindings = new ArrayList<>();
      root.path("bindings").forEach(bindings::add);
      return new FunctionJson(
          functionDir.getFileName().toString(),
          functionDir.resolve(root.path("scriptFile").asText()).normalize(),
          entryPoint.substring(0, dot),
          entryPoint.substring(dot + 1),
          List.copyOf(bindings));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** The trigger binding: the one whose type ends in {@code Trigger}. */
  JsonNode trigger() {
    return bindings.stream()
        .filter(b -> b.path("type").asText().toLowerCase(Locale.ROOT).endsWith("trigger"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " has no trigger binding"));
  }

  String triggerType() {
    return trigger().path("type").asText();
  }

  boolean isHttp() {
    return triggerType().equalsIgnoreCase("httpTrigger");
  }

  boolean isQueue() {
    return triggerType().equalsIgnoreCase("queueTrigger");
  }

  boolean isTimer() {
    return triggerType().equalsIgnoreCase("timerTrigger");
  }

  /** The HTTP trigger's route, defaulting to the function name as the host does. */
  Optional<String> route() {
    if (!isHttp()) {
      return Optional.empty();
    }
    String route = trigger().path("route").asText("");
    return Optional.of(route.isBlank() ? name : route);
  }

  /** Methods the HTTP trigger accepts, upper-case; empty means all. */
  List<String> methods() {
    List<String> methods = new ArrayList<>();
    trigger().path("methods").forEach(m -> methods.add(m.asText().toUpperCase(Locale.ROOT)));
    return methods;
  }

  /** The HTTP trigger's auth level, {@code function} when unset as in the host. */
  AuthLevel authLevel() {
    return AuthLevel.parse(trigger().path("authLevel").asText("function"));
  }

  /** Who may call an HTTP function. */
  enum AuthLevel {
    ANONYMOUS,
    FUNCTION,
    ADMIN;

    static AuthLevel parse(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }
}
