package com.provisioningops.provisioning;

import com.provisioningops.provisioning.SynchronizationJob.StatusCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What earlier polls saw of a job, for the rules that judge change over time.
 *
 * @param code Graph's status code at the previous poll; null when unknown
 * @param health the previous verdict; null when unknown
 * @param cycleStarts when the job's recent cycles began, oldest first: its own rhythm
 */
public record JobHistory(StatusCode code, JobHealth health, List<Instant> cycleStarts) {
  /** Cycle starts kept: twelve intervals, about eight hours of a 40-minute job. */
  public static final int KEPT = 13;

  /** Fewer intervals than this are too few to call a rhythm. */
  static final int MIN_INTERVALS = 4;

  public static final JobHistory UNKNOWN = new JobHistory(null, null, List.of());

  public JobHistory {
    cycleStarts = cycleStarts == null ? List.of() : List.copyOf(cycleStarts);
  }

  /** This history with {@code began} as its newest cycle, when it is newer than what it has. */
  public JobHistory withCycle(Instant began) {
    if (began == null
        || (!cycleStarts.isEmpty() && !began.isAfter(cycleStarts.get(cycleStarts.size() - 1)))) {
      return this;
    }
    List<Instant> starts = new ArrayList<>(cycleStarts);
    starts.add(began);
    return new JobHistory(
        code, health, starts.subList(Math.max(0, starts.size() - KEPT), starts.size()));
  }

  /** The median time between the recent cycles; null when there are too few to tell. */
  public Duration medianInterval() {
    if (cycleStarts.size() <= MIN_INTERVALS) {
      return null;
    }
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < cycleStarts.size(); i++) {
      gaps.add(Duration.between(cycleStarts.get(i - 1), cycleStarts.get(i)));
    }
    gaps.sort(null);
    int mid = gaps.size() / 2;
    return gaps.size() % 2 == 1
        ? gaps.get(mid)
        : gaps.get(mid - 1).plus(gaps.get(mid)).dividedBy(2);
  }

  /** The shortest time between the recent cycles; null when there are too few to tell. */
  public Duration shortestInterval() {
    if (cycleStarts.size() <= MIN_INTERVALS) {
      return null;
    }
    Duration shortest = null;
    for (int i = 1; i < cycleStarts.size(); i++) {
      Duration gap = Duration.between(cycleStarts.get(i - 1), cycleStarts.get(i));
      shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
    }
    return shortest;
  }

  /** When the newest cycle seen began; null before the first. */
  public Instant lastCycleStart() {
    return cycleStarts.isEmpty() ? null : cycleStarts.get(cycleStarts.size() - 1);
  }
}
