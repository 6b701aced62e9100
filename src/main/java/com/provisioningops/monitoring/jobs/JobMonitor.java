package com.provisioningops.monitoring.jobs;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.HealthRules;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.JobHistory;
import com.provisioningops.provisioning.SynchronizationJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One poll of every watched job: read them all in few Graph requests, judge each by the health
 * taxonomy, keep the alert book in step, and save what changed. A job that cannot be read this time
 * keeps its last health and its alerts (no false "resolved"); a deleted job is forgotten with an
 * info alert; a missing permission raises one tenant alert, not one per job.
 */
public final class JobMonitor {
  private final JobRegistry registry;
  private final FleetReader fleet;
  private final AlertBook alerts;
  private final HealthRules rules;
  private final Clock clock;

  public JobMonitor(
      JobRegistry registry, FleetReader fleet, AlertBook alerts, HealthRules rules, Clock clock) {
    this.registry = registry;
    this.fleet = fleet;
    this.alerts = alerts;
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * What one poll did, for its summary line.
   *
   * @param jobs watched jobs
   * @param read jobs read
   * @param graphRequests HTTP requests to Graph
   * @param throttledItems items Graph throttled inside batches
   * @param alerts alerts opened, updated and resolved
   * @param duration wall time
   */
  public record PollSummary(
      int jobs,
      int read,
      int graphRequests,
      int throttledItems,
      AlertBook.Changes alerts,
      Duration duration) {
    @Override
    public String toString() {
      return "jobs "
          + jobs
          + ", read "
          + read
          + ", Graph requests "
          + graphRequests
          + ", throttled items "
          + throttledItems
          + ", alerts opened "
          + alerts.opened()
          + " updated "
          + alerts.updated()
          + " resolved "
          + alerts.resolved()
          + ", "
          + duration.toMillis()
          + " ms";
    }
  }

  /**
   * Polls every watched job once.
   *
   * @throws Failure.Unavailable when the registry or the alert store cannot be reached; what was
   *     saved stays saved and the next poll completes the rest
   */
  public PollSummary poll() {
    return poll(Slice.ALL);
  }

  /**
   * One slice of a fleet too large for one run: the jobs whose id hashes to {@code index} of {@code
   * count}. Every instance slices the same way, whatever order the registry lists jobs in.
   */
  public record Slice(int index, int count) {
    public static final Slice ALL = new Slice(0, 1);

    public Slice {
      if (count < 1 || index < 0 || index >= count) {
        throw Failure.invalid("A poll slice must be 0 ≤ index < count.");
      }
    }

    boolean contains(JobKey key) {
      return count == 1 || Math.floorMod(key.jobId().value().hashCode(), count) == index;
    }
  }

  /**
   * How many jobs are registered and how many of those are watched, from one registry read: a fresh
   * install (nothing registered) should discover at once, a large fleet fans out. It keeps what it
   * read, so that a poll right after it does not read the registry again.
   */
  public record Census(int registered, int watched, List<JobRecord> records) {}

  public Census census() {
    List<JobRecord> all = registry.all();
    return new Census(all.size(), (int) all.stream().filter(JobRecord::watched).count(), all);
  }

  /**
   * Polls every watched job of a census just taken, without reading the registry again.
   *
   * @throws Failure.Unavailable as {@link #poll()}
   */
  public PollSummary poll(Census census) {
    return poll(Slice.ALL, census.records());
  }

  /**
   * Polls one slice of the watched jobs.
   *
   * @throws Failure.Unavailable as {@link #poll()}
   */
  public PollSummary poll(Slice slice) {
    return poll(slice, registry.all());
  }

  private PollSummary poll(Slice slice, List<JobRecord> registered) {
    Instant started = clock.instant();
    List<JobRecord> watched =
        registered.stream().filter(r -> r.watched() && slice.contains(r.key())).toList();
    FleetReader.FleetRead read = fleet.read(watched.stream().map(JobRecord::key).toList());
    Instant now = clock.instant();
    List<JobRecord> changed = new ArrayList<>();
    Map<String, List<Sighting>> jobSightings = new LinkedHashMap<>();
    Map<String, List<Sighting>> appSightings = new LinkedHashMap<>();
    List<JobKey> gone = new ArrayList<>();
    Failure.Forbidden forbidden = null;
    int ok = 0;
    for (JobRecord record : watched) {
      FleetReader.JobReading reading = read.readings().get(record.key());
      if (reading != null && reading.read()) {
        ok++;
        SynchronizationJob.Status status = reading.job().status();
        JobHistory seen =
            record
                .history()
                .withCycle(
                    status == null || status.lastExecution() == null
                        ? null
                        : status.lastExecution().timeBegan());
        JobHealth health = rules.assess(reading.job(), seen, now);
        jobSightings.put(
            record.key().jobId().value(),
            JobSightings.of(record.key(), record.appDisplayName(), health, now));
        JobRecord next = record.read(health, status == null ? null : status.code(), seen, now);
        if (changed(record, next)) {
          changed.add(next);
        }
      } else if (reading != null && reading.failure() instanceof Failure.NotFound) {
        appSightings.put(record.key().jobId().value(), List.of(deleted(record)));
        // What was wrong with a job that is gone is over: its status alerts resolve.
        jobSightings.put(record.key().jobId().value(), List.of());
        gone.add(record.key());
      } else {
        // Not read this time: its alerts stay as they are, its health is kept and marked.
        Failure why = reading == null ? null : reading.failure();
        if (why instanceof Failure.Forbidden f) {
          forbidden = f;
        }
        JobRecord next = record.unread(why == null ? "not read" : why.detail(), now);
        if (!Objects.equals(record.readFailure(), next.readFailure())) {
          changed.add(next);
        }
      }
    }
    if (forbidden != null || ok > 0) {
      // Only a poll that read something may say the permission is back.
      appSightings.put(
          Alert.TENANT, forbidden == null ? List.of() : List.of(permissionMissing(forbidden)));
    }
    AlertBook.Changes changes =
        alerts.reconcileAll(
            Map.of(Alert.Source.jobStatus, jobSightings, Alert.Source.app, appSightings));
    registry.saveSnapshots(changed);
    gone.forEach(registry::unregister);
    return new PollSummary(
        watched.size(),
        ok,
        read.graphRequests(),
        read.throttledItems(),
        changes,
        Duration.between(started, clock.instant()));
  }

  /** Only what a reader of the fleet view would notice is worth a write. */
  private static boolean changed(JobRecord before, JobRecord after) {
    return before.health() == null
        || !Objects.equals(before.health(), after.health())
        || before.statusCode() != after.statusCode()
        || before.readFailure() != null
        || !before.cycleStarts().equals(after.cycleStarts());
  }

  private static Sighting deleted(JobRecord record) {
    String app =
        record.appDisplayName() == null ? record.key().jobId().value() : record.appDisplayName();
    return Sighting.of(Alert.Source.app, "deleted", Alert.Severity.info)
        .job(
            record.key().jobId().value(),
            record.key().servicePrincipalId().value(),
            record.appDisplayName())
        .title("The provisioning job of " + app + " was deleted")
        .problem(
            "Graph no longer has job "
                + record.key().jobId().value()
                + "; the app stopped watching it.",
            "Nothing, unless the deletion was a mistake: then create the job again.")
        .build();
  }

  private static Sighting permissionMissing(Failure.Forbidden f) {
    return Sighting.of(Alert.Source.app, "permissionMissing", Alert.Severity.critical)
        .tenant()
        .title("The app cannot read provisioning jobs")
        .problem(
            "Microsoft Graph refused to let the app read jobs, so no job is watched ("
                + f.detail()
                + ").",
            "Grant " + f.missing() + " to the app's identity.")
        .build();
  }
}
