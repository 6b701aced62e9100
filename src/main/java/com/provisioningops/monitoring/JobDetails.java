package com.provisioningops.monitoring;

import com.provisioningops.alerts.Alert;
import com.provisioningops.monitoring.logs.LogSummary;
import com.provisioningops.monitoring.logs.LogTally;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.JobView;
import com.provisioningops.provisioning.ProvisioningJobs;
import com.provisioningops.provisioning.ServicePrincipalId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * One job as its GET shows it: Graph's answer with its health, its active alerts and its log
 * summary. The three storage reads run beside the Graph read instead of after it, so the answer
 * takes about as long as its slowest read: a flow that reads a job per app in a loop waits for
 * Graph, not for Graph and then storage three times.
 */
public final class JobDetails {
  /** Storage reads in flight at once; a fourth GET's reads wait for a free thread. */
  private static final int READERS = 9;

  /**
   * How long a job's log summary is reused by this instance. The log monitor commits every {@code
   * LOG_POLL_SCHEDULE} (ten minutes by default), so a flow polling one job reads Graph and its
   * alerts each time, and the watermark and tally at most twice a minute.
   */
  static final Duration SUMMARY_TTL = Duration.ofSeconds(30);

  /** Summaries kept at most; past that the cache starts over rather than grow with the fleet. */
  private static final int SUMMARIES_KEPT = 10_000;

  private final ProvisioningJobs jobs;
  private final FleetView fleet;
  private final Clock clock;
  private final Map<String, Cached> summaries = new ConcurrentHashMap<>();

  private record Cached(LogSummary summary, Instant until) {}

  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          READERS,
          r -> {
            Thread t = new Thread(r, "job-details");
            t.setDaemon(true);
            return t;
          });

  public JobDetails(ProvisioningJobs jobs, FleetView fleet, Clock clock) {
    this.jobs = jobs;
    this.fleet = fleet;
    this.clock = clock;
  }

  /**
   * A job with its health, alerts and log summary.
   *
   * @param view the job as Graph reports it, with its health
   * @param alerts its open and acknowledged alerts
   * @param logs its provisioning events of the 24 hours before the log monitor's watermark; null
   *     before the monitor counted any of them
   */
  public record Detail(JobView view, List<Alert> alerts, LogSummary logs) {}

  /**
   * Reads the job from Graph and its alerts and tallies from storage, at once.
   *
   * @throws com.provisioningops.failure.Failure as Graph's read does (not found, throttled,
   *     unavailable), else as storage's
   */
  public Detail read(ServicePrincipalId servicePrincipal, JobId jobId) {
    String id = jobId.value();
    Cached hit = summaries.get(id);
    boolean reuse = hit != null && hit.until().isAfter(clock.instant());
    CompletableFuture<List<Alert>> alerts = async(() -> fleet.activeAlerts(id));
    CompletableFuture<Optional<Instant>> watermark = reuse ? null : async(fleet::logWatermark);
    CompletableFuture<Optional<LogTally>> tally = reuse ? null : async(() -> fleet.jobLog(id));
    JobView view = jobs.get(servicePrincipal, jobId);
    String canonical = view.job().id();
    if (!canonical.equals(id)) {
      // Graph matched another spelling of the id: the monitor keys what it stores by Graph's.
      return new Detail(view, fleet.activeAlerts(canonical), fleet.logSummary(canonical));
    }
    LogSummary logs =
        reuse
            ? hit.summary()
            : remember(id, FleetView.logSummary(joined(watermark), joined(tally)));
    return new Detail(view, joined(alerts), logs);
  }

  private LogSummary remember(String jobId, LogSummary summary) {
    if (summaries.size() >= SUMMARIES_KEPT) {
      summaries.clear();
    }
    summaries.put(jobId, new Cached(summary, clock.instant().plus(SUMMARY_TTL)));
    return summary;
  }

  private <T> CompletableFuture<T> async(Supplier<T> read) {
    return CompletableFuture.supplyAsync(read, pool);
  }

  /** The read's value, or the failure it threw as itself (a Failure stays a Failure). */
  private static <T> T joined(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
