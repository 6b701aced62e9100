package com.provisioningops.app;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed settings by name; an invalid value fails with {@link IllegalArgumentException} naming
 * the setting and what it must be, never echoing the value (it may be a secret).
 */
record SettingsReader(Function<String, String> env) {
  Optional<String> text(String name) {
    return Optional.ofNullable(env.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  Optional<URI> uri(String name) {
    return text(name)
        .map(
            v -> {
              try {
                URI uri = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                if (uri.getScheme() == null || uri.getHost() == null) {
                  throw new IllegalArgumentException();
                }
                return uri;
              } catch (IllegalArgumentException e) {
                throw invalid(name, "an absolute URL such as https://host/path");
              }
            });
  }

  boolean bool(String name, boolean fallback) {
    return text(name)
        .map(
            v -> {
              if (v.equalsIgnoreCase("true")) {
                return true;
              }
              if (v.equalsIgnoreCase("false")) {
                return false;
              }
              throw invalid(name, "true or false");
            })
        .orElse(fallback);
  }

  int positiveInt(String name, int fallback) {
    return text(name)
        .map(
            v -> {
              try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                  return n;
                }
              } catch (NumberFormatException e) {
                // reported below
              }
              throw invalid(name, "a whole number above 0");
            })
        .orElse(fallback);
  }

  Duration durationAtMost(String name, Duration fallback, Duration most) {
    Duration d = duration(name, fallback);
    if (d.compareTo(most) > 0) {
      throw invalid(name, "at most " + most);
    }
    return d;
  }

  Duration durationWithin(String name, Duration fallback, Duration least, Duration most) {
    Duration d = duration(name, fallback);
    if (d.compareTo(least) < 0 || d.compareTo(most) > 0) {
      throw invalid(name, "at least " + least + " and at most " + most);
    }
    return d;
  }

  Duration duration(String name, Duration fallback) {
    return text(name)
        .map(
            v -> {
              try {
                Duration d = Duration.parse(v);
                if (!d.isNegative() && !d.isZero()) {
                  return d;
                }
              } catch (RuntimeException e) {
                // reported below
              }
              throw invalid(name, "an ISO-8601 duration above zero such as PT5M");
            })
        .orElse(fallback);
  }

  <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
    return text(name)
        .map(
            v -> {
              String wanted = v.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
              for (E e : type.getEnumConstants()) {
                if (e.name().equals(wanted)) {
                  return e;
                }
              }
              throw invalid(name, "one of " + camelNames(type));
            })
        .orElse(fallback);
  }

  private static String camelNames(Class<? extends Enum<?>> type) {
    StringBuilder out = new StringBuilder();
    for (Enum<?> e : type.getEnumConstants()) {
      String[] parts = e.name().toLowerCase(Locale.ROOT).split("_");
      StringBuilder camel = new StringBuilder(parts[0]);
      for (int i = 1; i < parts.length; i++) {
        camel.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
      }
      out.append(out.isEmpty() ? "" : ", ").append(camel);
    }
    return out.toString();
  }

  private static IllegalArgumentException invalid(String name, String expected) {
    return new IllegalArgumentException("Setting " + name + " must be " + expected + ".");
  }
}
