package com.provisioningops.provisioning;

import java.util.List;

/**
 * The API's list responses: {@code {value, nextLink}}, where {@code nextLink} is an absolute URL of
 * this API (never Graph's) and absent on the last page.
 */
public final class Listings {
  private Listings() {}

  /** A page of gallery apps. */
  public record ApplicationTemplates(List<ApplicationTemplate> value, String nextLink) {}

  /** A service principal's synchronization templates. */
  public record SynchronizationTemplates(List<SynchronizationTemplate> value, String nextLink) {}

  /** A service principal's jobs, each with its health. */
  public record Jobs(List<JobView> value, String nextLink) {}

  /** A page of provisioning events. */
  public record ProvisioningEvents(List<ProvisioningEvent> value, String nextLink) {}
}
