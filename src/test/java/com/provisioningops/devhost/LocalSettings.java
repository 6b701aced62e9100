package com.provisioningops.devhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Values} of {@code local.settings.json} (or of the committed template when there is no
 * such file), the way Core Tools reads them.
 *
 * @param source the file read
 * @param values the settings, in file order
 */
public record LocalSettings(Path source, Map<String, String> values) {
  static final String FILE = "local.settings.json";
  static final String TEMPLATE = "local.settings.json.template";

  /** Reads {@code local.settings.json} in {@code projectDir}, else its template. */
  public static LocalSettings load(Path projectDir) {
    Path file = projectDir.resolve(FILE);
    return read(Files.isRegularFile(file) ? file : projectDir.resolve(TEMPLATE));
  }

  static LocalSettings read(Path file) {
    try {
      JsonNode values = new ObjectMapper().readTree(file.toFile()).path("Values");
      Map<String, String> map = new LinkedHashMap<>();
      values.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
      return new LocalSettings(file, map);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /**
   * The settings a process started now should see: these values, except where the current process
   * environment already sets a name (the environment wins, as in Core Tools).
   */
  public Map<String, String> missingFrom(Map<String, String> environment) {
    Map<String, String> missing = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (!environment.containsKey(k)) {
            missing.put(k, v);
          }
        });
    return missing;
  }
}
