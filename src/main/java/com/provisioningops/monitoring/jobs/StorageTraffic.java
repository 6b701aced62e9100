package com.provisioningops.monitoring.jobs;

/**
 * What this instance has asked of table storage so far: a run states its own share as the
 * difference of two readings, so that an admin sees storage grow with changes, not with the fleet.
 * Other functions running at the same time on the instance count too.
 *
 * @param reads requests that read (gets and queries, each page one)
 * @param writes requests that write (a transaction of up to 100 changes is one)
 * @param entitiesRead entities that the job registry's and the alert store's listings returned
 */
public record StorageTraffic(long reads, long writes, long entitiesRead) {
  /** Nothing counted: for stores that are not tables. */
  public static final StorageTraffic NONE = new StorageTraffic(0, 0, 0);

  /** Reads the running totals. */
  @FunctionalInterface
  public interface Meter {
    StorageTraffic total();
  }

  /** What happened between {@code earlier} and this reading. */
  public StorageTraffic since(StorageTraffic earlier) {
    return new StorageTraffic(
        reads - earlier.reads, writes - earlier.writes, entitiesRead - earlier.entitiesRead);
  }

  @Override
  public String toString() {
    return "storage reads " + reads + " (entities " + entitiesRead + "), writes " + writes;
  }
}
