package com.provisioningops.monitoring.logs;

import java.time.Duration;

/**
 * Sizes the log monitor's windows from the read rate, so that one window takes about {@link
 * #TARGET_READ} to read and fits the run's remaining time: pure arithmetic over what was measured.
 */
final class WindowSizer {
  /**
   * How long reading one window should take: short enough that a window rarely outlasts a run and a
   * lost one costs little, long enough that commits are few. At Graph's audit-log limit this is
   * about ten pages; against a fast source, many more.
   */
  static final Duration TARGET_READ = Duration.ofSeconds(20);

  /** Events a window aims at, whatever the read rate: five pages at least, 50,000 at most. */
  static final long MIN_TARGET_EVENTS = 2_500;

  static final long MAX_TARGET_EVENTS = 50_000;

  /** Job-buckets one window's journal aims at (about 30 characters each in storage). */
  static final long TARGET_CELLS = 20_000;

  static final Duration MIN_CHUNK = Duration.ofMinutes(1);
  static final Duration MAX_CHUNK = Duration.ofDays(1);

  private WindowSizer() {}

  /**
   * The next window after one of {@code span} that read {@code read} events (duplicates included)
   * touching {@code cells} job-buckets in {@code readTime}: as many events as {@link #TARGET_READ}
   * reads at that rate, and no more job-buckets than {@link #TARGET_CELLS}.
   */
  static Duration next(Duration span, long read, long cells, Duration readTime) {
    if (read == 0) {
      return min(MAX_CHUNK, span.multipliedBy(2));
    }
    long perSecond = read * 1000 / Math.max(1, readTime.toMillis());
    long target =
        Math.max(
            MIN_TARGET_EVENTS, Math.min(MAX_TARGET_EVENTS, perSecond * TARGET_READ.toSeconds()));
    long millis = span.toMillis() * target / read;
    if (cells > 0) {
      millis = Math.min(millis, span.toMillis() * TARGET_CELLS / cells);
    }
    return max(MIN_CHUNK, min(MAX_CHUNK, Duration.ofMillis(millis)));
  }

  /**
   * The window to read next: {@code chunk}, or less when this run's read rate ({@code readEvents}
   * in {@code readNanos}, {@code eventsPerSpanSecond} of log time) says it would not be read before
   * the deadline (a window cut short is read again by the next run, wasting the requests); null
   * when not even the smallest window fits.
   */
  static Duration fitting(
      Duration chunk,
      Duration remaining,
      long readEvents,
      long readNanos,
      double eventsPerSpanSecond) {
    if (readEvents == 0 || eventsPerSpanSecond <= 0) {
      return chunk; // nothing measured yet in this run
    }
    double eventsPerReadSecond = readEvents / (readNanos / 1e9);
    double affordable = eventsPerReadSecond * remaining.toMillis() / 1000.0 * 0.8;
    long fits = (long) (affordable / eventsPerSpanSecond);
    if (fits < MIN_CHUNK.toSeconds()) {
      return null;
    }
    return min(chunk, Duration.ofSeconds(fits));
  }

  /** A window a quarter of {@code span}: after a run ran out of time in it, or it was too large. */
  static Duration smaller(Duration span) {
    return max(MIN_CHUNK, span.dividedBy(4));
  }

  /**
   * How far back a run reads again for late events: the overlap, but never more than the window the
   * tenant's event rate allows ({@code chunk}, which shrinks each time a run runs out of time
   * mid-window). Otherwise an overlap denser than one run can read would be read again and again
   * and the watermark would never move.
   */
  static Duration reread(Duration chunk, Duration overlap, RunTally tally) {
    if (chunk.compareTo(overlap) >= 0) {
      return overlap;
    }
    tally.note(
        "late events read again for "
            + LogRules.describe(chunk)
            + " instead of the overlap's "
            + LogRules.describe(overlap)
            + ": the overlap holds more than one run can read");
    return chunk;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
