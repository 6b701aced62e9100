package com.provisioningops.provisioning;

/** Provisioning events, read tenant-wide by time window and filtered as the caller asks. */
public final class ProvisioningLogs {
  private final GraphProvisioning graph;

  public ProvisioningLogs(GraphProvisioning graph) {
    this.graph = graph;
  }

  /** One page of events matching {@code query}, newest first. */
  public Page<ProvisioningEvent> read(LogQuery query, String skipToken) {
    Page<ProvisioningEvent> page = graph.provisioningEvents(query, skipToken);
    return new Page<>(page.value().stream().filter(query::matches).toList(), page.skipToken());
  }
}
