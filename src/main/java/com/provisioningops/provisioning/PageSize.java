package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;

/** How many items a list answers at once: the {@code top} a caller gives. */
public final class PageSize {
  private PageSize() {}

  /**
   * The page size {@code top} asks for: {@code fallback} when it is not given; a whole number from
   * 1 to {@code max} otherwise (the definition states the same bounds).
   *
   * @throws Failure.InvalidInput for anything else, an empty value included
   */
  public static int parse(String top, int fallback, int max) {
    if (top == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(top.trim());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw Failure.invalid("top must be a whole number from 1 to " + max + ".");
  }
}
