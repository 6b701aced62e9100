package com.provisioningops.monitoring.jobs;

/**
 * One run of the job-poll timer: on a fresh install it discovers the tenant's jobs first (rather
 * than wait for the hourly discovery), then polls every watched job itself or, above {@code
 * partitionSize}, leaves one queue message per slice so that any instance may take one.
 */
public final class FleetPoll {
  private final JobMonitor monitor;
  private final JobDiscovery discovery;
  private final PollPartitions partitions;
  private final int partitionSize;
  private final StorageTraffic.Meter storage;

  /**
   * What the run did.
   *
   * @param summary the run's summary line
   * @param polled true when this run polled the jobs itself (so alert changes are ready to fan
   *     out); false when it left slices to the queue
   */
  public record Outcome(String summary, boolean polled) {}

  /**
   * @param partitionSize a fleet with more watched jobs than this is polled in slices ({@code
   *     POLL_PARTITION_SIZE})
   */
  public FleetPoll(
      JobMonitor monitor, JobDiscovery discovery, PollPartitions partitions, int partitionSize) {
    this(monitor, discovery, partitions, partitionSize, () -> StorageTraffic.NONE);
  }

  /**
   * @param partitionSize as above
   * @param storage the instance's storage traffic, whose share of this run the summary states
   */
  public FleetPoll(
      JobMonitor monitor,
      JobDiscovery discovery,
      PollPartitions partitions,
      int partitionSize,
      StorageTraffic.Meter storage) {
    this.monitor = monitor;
    this.discovery = discovery;
    this.partitions = partitions;
    this.partitionSize = partitionSize;
    this.storage = storage;
  }

  /**
   * Polls the fleet, or fans it out.
   *
   * @throws com.provisioningops.failure.Failure.Unavailable when storage or the queue fails
   */
  public Outcome run() {
    StorageTraffic before = storage.total();
    JobMonitor.Census census = monitor.census();
    String discovered = "";
    if (census.registered() == 0) {
      discovered = "discovery: " + discovery.run() + "; ";
      census = monitor.census();
    }
    int watched = census.watched();
    if (watched <= partitionSize) {
      return new Outcome(
          discovered + monitor.poll(census) + ", " + storage.total().since(before), true);
    }
    int slices = (watched + partitionSize - 1) / partitionSize;
    for (int i = 0; i < slices; i++) {
      partitions.enqueue(i, slices);
    }
    return new Outcome(
        discovered + "jobs " + watched + ", fanned out to " + slices + " partitions", false);
  }
}
