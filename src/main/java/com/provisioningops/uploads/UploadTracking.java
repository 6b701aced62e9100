package com.provisioningops.uploads;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.monitoring.logs.LogWatch;
import com.provisioningops.provisioning.ProvisioningEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows each upload's records through the provisioning logs: an event of the job whose source
 * identity is a record's externalId settles that record (the latest event wins, so seeing an event
 * twice changes nothing), and an upload with records still missing when the log monitor's watermark
 * passes its deadline is a warning ({@value #RULE}) until they arrive.
 *
 * <p>An event belongs to the newest upload of its job that holds its externalId and was requested
 * before it (less {@link #SKEW} for clocks that differ): resending a person tomorrow does not
 * settle today's record.
 */
public final class UploadTracking implements LogWatch {
  /** The alert rule of an upload not processed in time. */
  public static final String RULE = "uploadNotProcessed";

  /** How much earlier than the request Graph's clock may date its processing. */
  static final Duration SKEW = Duration.ofMinutes(1);

  private static final int TRIES = 5;
  private static final int NAMED = 10;

  private final UploadLedger ledger;
  private final Clock clock;

  public UploadTracking(UploadLedger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  @Override
  public Set<String> jobs() {
    Set<String> jobs = new HashSet<>();
    for (UploadLedger.Entry e : recent()) {
      jobs.add(e.upload().jobId());
    }
    return jobs;
  }

  @Override
  public void observe(List<ProvisioningEvent> events) {
    Map<String, List<ProvisioningEvent>> byJob = new HashMap<>();
    for (ProvisioningEvent e : events) {
      if (e.sourceIdentityId() != null && e.activityDateTime() != null) {
        byJob.computeIfAbsent(e.jobId(), j -> new ArrayList<>()).add(e);
      }
    }
    byJob.forEach(this::settle);
  }

  /** Applies a job's events to its uploads, reading again and redoing what raced. */
  private void settle(String jobId, List<ProvisioningEvent> events) {
    for (int attempt = 0; attempt < TRIES; attempt++) {
      List<UploadLedger.Entry> uploads =
          new ArrayList<>(ledger.ofJob(jobId, clock.instant().minus(BulkUploads.RETENTION)));
      // Newest first: an event settles the newest upload requested before it.
      uploads.sort(
          Comparator.comparing((UploadLedger.Entry e) -> e.upload().requestedAt()).reversed());
      Map<String, List<Upload.UploadRecord>> changed = new HashMap<>();
      for (ProvisioningEvent e : events) {
        for (UploadLedger.Entry u : uploads) {
          if (u.upload().requestedAt().minus(SKEW).isAfter(e.activityDateTime())) {
            continue;
          }
          List<Upload.UploadRecord> records =
              changed.getOrDefault(u.upload().id(), u.upload().records());
          int i = indexOf(records, e.sourceIdentityId());
          if (i < 0) {
            continue;
          }
          Upload.UploadRecord current = records.get(i);
          if (current.isPending() || current.at().isBefore(e.activityDateTime())) {
            List<Upload.UploadRecord> next = new ArrayList<>(records);
            next.set(i, settled(e));
            changed.put(u.upload().id(), next);
          }
          break;
        }
      }
      boolean raced = false;
      for (UploadLedger.Entry u : uploads) {
        List<Upload.UploadRecord> records = changed.get(u.upload().id());
        if (records != null
            && ledger
                .replace(u.with(u.upload().withRecords(records), u.claimedUntil()))
                .isEmpty()) {
          raced = true;
        }
      }
      if (!raced) {
        return;
      }
    }
    throw com.provisioningops.failure.Failure.Unavailable.dependency(
        "storage-contention",
        "Upload records could not be saved",
        "Other runs kept changing the uploads of job " + jobId + "; the next run reads on.",
        Duration.ofMinutes(1));
  }

  @Override
  public Map<String, List<Sighting>> sightings(Instant watermark) {
    Map<String, List<Sighting>> seen = new HashMap<>();
    for (UploadLedger.Entry e : recent()) {
      Upload u = e.upload();
      List<Sighting> job = seen.computeIfAbsent(u.jobId(), j -> new ArrayList<>());
      if (u.pending() == 0 || !u.deadline().isBefore(watermark)) {
        continue;
      }
      if (u.status() != Upload.Status.notProcessed) {
        // Best effort: the alert is what must not be lost, and the next run writes it again.
        ledger.replace(e.with(u.overdue(), e.claimedUntil()));
      }
      job.add(notProcessed(u));
    }
    ledger.purgeBefore(clock.instant().minus(BulkUploads.RETENTION));
    return seen;
  }

  private List<UploadLedger.Entry> recent() {
    return ledger.since(clock.instant().minus(BulkUploads.RETENTION));
  }

  private static Sighting notProcessed(Upload u) {
    long minutes = Duration.between(u.requestedAt(), u.deadline()).toMinutes();
    List<String> missing =
        u.records().stream()
            .filter(Upload.UploadRecord::isPending)
            .map(Upload.UploadRecord::externalId)
            .toList();
    String named =
        String.join(", ", missing.subList(0, Math.min(NAMED, missing.size())))
            + (missing.size() > NAMED ? " and " + (missing.size() - NAMED) + " more" : "");
    String problem =
        missing.size()
            + " of the "
            + u.operations()
            + " HR records uploaded at "
            + u.requestedAt()
            + " (upload "
            + u.id()
            + ") had not reached the provisioning logs "
            + minutes
            + " minutes later: "
            + named
            + "."
            + (u.acceptedAt() == null
                ? " The app could not confirm that Microsoft Graph accepted the upload: the call"
                    + " failed or was cut short."
                : "");
    String whatToDo =
        "Check that the job is running: Microsoft Graph accepts uploads to a paused job and then"
            + " drops them. For provisioning to on-premises Active Directory, check that the"
            + " provisioning agent is active. Then upload these records again; this alert clears"
            + " when they reach the provisioning logs.";
    return Sighting.of(Alert.Source.provisioningLogs, RULE, Alert.Severity.warning)
        .job(u.jobId(), u.servicePrincipalId(), null)
        .reason(u.id())
        .title("Uploaded HR records were not processed within " + minutes + " minutes")
        .problem(problem, whatToDo)
        .build();
  }

  private static Upload.UploadRecord settled(ProvisioningEvent e) {
    return new Upload.UploadRecord(
        e.sourceIdentityId(),
        e.status() == null ? "success" : e.status(),
        e.activityDateTime(),
        e.errorCode(),
        cut(e.reason()),
        cut(e.recommendedAction()));
  }

  private static int indexOf(List<Upload.UploadRecord> records, String externalId) {
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).externalId().equals(externalId)) {
        return i;
      }
    }
    return -1;
  }

  /** Keeps an upload's 50 records within one table property: Graph's texts have no bound. */
  private static String cut(String text) {
    return text == null || text.length() <= 200 ? text : text.substring(0, 199) + "…";
  }
}
