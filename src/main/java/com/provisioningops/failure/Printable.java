package com.provisioningops.failure;

/** Makes caller input safe to quote back in an error: bounded, one line, no control characters. */
public final class Printable {
  private static final int MAX = 80;

  private Printable() {}

  public static String of(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(MAX)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return text.codePointCount(0, text.length()) > MAX ? out + "…" : out.toString();
  }
}
