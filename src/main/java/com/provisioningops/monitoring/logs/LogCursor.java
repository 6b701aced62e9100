package com.provisioningops.monitoring.logs;

import java.time.Duration;
import java.time.Instant;

/**
 * How far the log monitor has read, kept in {@code checkpoints}: every event before the watermark
 * is counted (and late ones inside the overlap will be), the ids of the overlap's events, the
 * window size that suits the tenant's event rate, the journal of the last window, and the lease of
 * the run in progress.
 *
 * @param watermark events before it are counted; null before the first window
 * @param coverageFrom where the monitor began reading (the first run's backfill)
 * @param chunk how long a window the next run reads at once
 * @param journal the number of the last committed window; its journal is kept until every job's
 *     tally has taken it
 * @param seen events counted whose time is inside the overlap
 * @param leaseOwner the run that holds the lease, or null
 * @param leaseUntil when that lease lapses (a run that died frees it then)
 * @param version the stored version this was read at; null before it was stored
 */
public record LogCursor(
    Instant watermark,
    Instant coverageFrom,
    Duration chunk,
    long journal,
    SeenEvents seen,
    String leaseOwner,
    Instant leaseUntil,
    String version) {

  /** The cursor before the first run. */
  public static LogCursor fresh() {
    return new LogCursor(null, null, Duration.ofHours(1), 0, SeenEvents.none(), null, null, null);
  }

  boolean leasedToAnotherAt(Instant now, String owner) {
    return leaseOwner != null
        && !leaseOwner.equals(owner)
        && leaseUntil != null
        && leaseUntil.isAfter(now);
  }

  /** This cursor held by {@code owner} until {@code until}. */
  public LogCursor withLease(String owner, Instant until) {
    return leased(owner, until);
  }

  LogCursor leased(String owner, Instant until) {
    return new LogCursor(watermark, coverageFrom, chunk, journal, seen, owner, until, version);
  }

  LogCursor released() {
    return leased(null, null);
  }

  LogCursor withChunk(Duration c) {
    return new LogCursor(
        watermark, coverageFrom, c, journal, seen, leaseOwner, leaseUntil, version);
  }

  /** The cursor after window {@code journal + 1}, which ended at {@code to}. */
  LogCursor advanced(Instant to, Instant coverage, Duration nextChunk, SeenEvents nowSeen) {
    return new LogCursor(
        to, coverage, nextChunk, journal + 1, nowSeen, leaseOwner, leaseUntil, version);
  }
}
