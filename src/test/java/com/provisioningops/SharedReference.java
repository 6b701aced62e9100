package com.provisioningops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the reference files in {@code shared/reference/}, which sits beside the project. */
public final class SharedReference {
  private SharedReference() {}

  /** The file at {@code shared/reference/<relative>}; fails loudly when it is not there. */
  public static Path file(String relative) throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate :
          new Path[] {
            dir.resolve("shared/reference").resolve(relative),
            dir.resolveSibling("shared/reference").resolve(relative)
          }) {
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    throw new IOException("shared/reference/" + relative + " not found beside the project");
  }
}
