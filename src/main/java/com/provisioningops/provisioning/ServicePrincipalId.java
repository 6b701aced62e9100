package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import com.provisioningops.failure.Printable;
import java.util.Locale;
import java.util.regex.Pattern;

/** A service principal's object id: a GUID, held in lower case. */
public record ServicePrincipalId(String value) {
  /** What callers may give: a GUID in any case (the app reads it lower-cased). */
  public static final String PATTERN =
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public ServicePrincipalId {
    if (value == null || !GUID.matcher(value).matches()) {
      throw new IllegalArgumentException("not a lower-case GUID");
    }
  }

  /**
   * Reads a caller-supplied id.
   *
   * @throws Failure.InvalidInput naming what a service principal id looks like
   */
  public static ServicePrincipalId parse(String text) {
    String candidate = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (!GUID.matcher(candidate).matches()) {
      throw Failure.invalid(
          "'"
              + Printable.of(text)
              + "' is not a service principal id. Use the service principal's object id, a GUID"
              + " such as 3f2c1a9e-8d4b-4c6a-9e1f-2b7d5a0c8e41 (Enterprise applications → Object"
              + " ID).");
    }
    return new ServicePrincipalId(candidate);
  }

  @Override
  public String toString() {
    return value;
  }
}
