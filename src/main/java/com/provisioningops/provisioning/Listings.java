package com.provisioningops.provisioning;

import java.util.List;

/**
 * The API's list responses: {@code {value, nextLink}}, where {@code nextLink} is an absolute URL of
 * this API (never Graph's) and absent on the last page.
 */
public final class Listings {
  private Listings() {}

  /**
   * A page of gallery apps.
   *
   * @param value the items on this page
   * @param nextLink the URL of the next page; absent on the last page
   */
  public record ApplicationTemplates(List<ApplicationTemplate> value, String nextLink) {}

  /**
   * A service principal's synchronization templates.
   *
   * @param value the items on this page
   * @param nextLink the URL of the next page; absent on the last page
   */
  public record SynchronizationTemplates(List<SynchronizationTemplate> value, String nextLink) {}

  /**
   * A service principal's jobs, each with its health.
   *
   * @param value the items on this page
   * @param nextLink the URL of the next page; absent on the last page
   */
  public record Jobs(List<JobView> value, String nextLink) {}

  /**
   * A page of provisioning events.
   *
   * @param value the items on this page
   * @param nextLink the URL of the next page; absent on the last page
   */
  public record ProvisioningEvents(List<ProvisioningEvent> value, String nextLink) {}
}
