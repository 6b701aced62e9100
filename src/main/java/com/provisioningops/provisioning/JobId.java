package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import com.provisioningops.failure.Printable;
import java.util.regex.Pattern;

/**
 * A synchronization job id as Graph forms it: {@code <templateId>.<tenant id without dashes>.<job
 * guid>}, for example {@code
 * scim.e7a9f3b4c0d14d7b9c2e1a8f3e6b5d4c.8adf4e6f-2b1c-4d3e-9f8a-7b6c5d4e3f2a}.
 */
public record JobId(String value) {
  /** What a job id looks like; the connector definition states the same pattern. */
  public static final String PATTERN =
      "[A-Za-z][A-Za-z0-9_-]{0,99}\\.[0-9a-fA-F]{32}\\."
          + "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

  private static final Pattern FORMAT = Pattern.compile(PATTERN);

  public JobId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("not a synchronization job id");
    }
  }

  /**
   * Reads a caller-supplied id.
   *
   * @throws Failure.InvalidInput naming the expected form
   */
  public static JobId parse(String text) {
    String candidate = text == null ? "" : text.trim();
    if (!FORMAT.matcher(candidate).matches()) {
      throw Failure.invalid(
          "'"
              + Printable.of(text)
              + "' is not a synchronization job id. Job ids look like"
              + " <templateId>.<tenant id without dashes>.<guid>, for example"
              + " scim.e7a9f3b4c0d14d7b9c2e1a8f3e6b5d4c.8adf4e6f-2b1c-4d3e-9f8a-7b6c5d4e3f2a.");
    }
    return new JobId(candidate);
  }

  /** The synchronization template the job was created from, such as {@code scim}. */
  public String templateId() {
    return value.substring(0, value.indexOf('.'));
  }

  @Override
  public String toString() {
    return value;
  }
}
