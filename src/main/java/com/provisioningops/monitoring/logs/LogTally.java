package com.provisioningops.monitoring.logs;

import com.provisioningops.provisioning.ProvisioningEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One job's provisioning events, counted: per 10-minute bucket the events by status, staged deletes
 * and failures by error code, plus what Graph said about each error code and a few identities it
 * hit. The log monitor keeps one per job for the last day (or {@code LOG_WINDOW} when longer) and
 * judges its rules and the job views' summaries from it, never from Graph. Mutable: it counts
 * events as pages stream by.
 */
public final class LogTally {
  /** Counts are kept per bucket; rules and summaries are precise to one bucket. */
  public static final Duration BUCKET = Duration.ofMinutes(10);

  static final String STAGED_DELETE = "stagedDelete";
  private static final int SAMPLES = 3;

  private final String jobId;
  private String servicePrincipalId;
  private String appDisplayName;
  private Instant lastEventAt;
  private long journal;
  private String version;
  private final NavigableMap<Long, LogBucket> buckets = new TreeMap<>();
  private final Map<String, CodeDetail> codes = new HashMap<>();
  private final List<String> stagedSamples = new ArrayList<>();

  public LogTally(String jobId) {
    this.jobId = jobId;
  }

  /**
   * What Graph said about one error code, the last time it gave it.
   *
   * @param category {@code failure} or {@code nonServiceFailure}
   * @param samples up to three identities it hit, the newest last
   */
  public record CodeDetail(
      String errorCode,
      String category,
      String reason,
      String recommendedAction,
      List<String> samples,
      Instant lastSeenAt) {
    CodeDetail merge(CodeDetail newer) {
      CodeDetail latest = newer.lastSeenAt.isBefore(lastSeenAt) ? this : newer;
      List<String> s = new ArrayList<>(samples);
      for (String id : newer.samples) {
        addSample(s, id);
      }
      return new CodeDetail(
          errorCode,
          latest.category,
          latest.reason,
          latest.recommendedAction,
          List.copyOf(s),
          latest.lastSeenAt);
    }
  }

  /** Rebuilds a stored one. */
  public static LogTally restore(
      String jobId,
      String servicePrincipalId,
      String appDisplayName,
      Instant lastEventAt,
      long journal,
      Collection<LogBucket> buckets,
      Collection<CodeDetail> codes,
      List<String> stagedSamples) {
    LogTally log = new LogTally(jobId);
    log.servicePrincipalId = servicePrincipalId;
    log.appDisplayName = appDisplayName;
    log.lastEventAt = lastEventAt;
    log.journal = journal;
    buckets.forEach(b -> log.buckets.put(b.start(), b));
    codes.forEach(c -> log.codes.put(c.errorCode(), c));
    log.stagedSamples.addAll(stagedSamples);
    return log;
  }

  /** Counts one event of this job. */
  public void count(ProvisioningEvent e) {
    if (e.servicePrincipalId() != null) {
      servicePrincipalId = e.servicePrincipalId();
    }
    if (e.servicePrincipalName() != null) {
      appDisplayName = e.servicePrincipalName();
    }
    Instant at = e.activityDateTime();
    if (lastEventAt == null || at.isAfter(lastEventAt)) {
      lastEventAt = at;
    }
    long start = bucketOf(at);
    LogBucket b = buckets.get(start);
    if (b == null) {
      b = new LogBucket(start, 0, 0, 0, 0, 0, Map.of());
      buckets.put(start, b);
    }
    String status = e.status() == null ? "" : e.status();
    b.countStatus(status);
    String identity = identity(e);
    if (STAGED_DELETE.equals(e.action())) {
      b.countStagedDelete();
      if (identity != null) {
        addSample(stagedSamples, identity);
      }
    }
    if ("failure".equals(status)) {
      String code = e.errorCode() == null || e.errorCode().isBlank() ? "unknown" : e.errorCode();
      b.addFailures(code, 1);
      CodeDetail seen =
          new CodeDetail(
              code,
              e.errorCategory(),
              e.reason(),
              e.recommendedAction(),
              identity == null ? List.of() : List.of(identity),
              at);
      codes.merge(code, seen, CodeDetail::merge);
    }
  }

  /** Adds another tally of the same job (a window's, read from a journal) to this one. */
  public void absorb(LogTally delta) {
    if (delta.servicePrincipalId != null) {
      servicePrincipalId = delta.servicePrincipalId;
    }
    if (delta.appDisplayName != null) {
      appDisplayName = delta.appDisplayName;
    }
    if (delta.lastEventAt != null
        && (lastEventAt == null || delta.lastEventAt.isAfter(lastEventAt))) {
      lastEventAt = delta.lastEventAt;
    }
    delta.buckets.forEach(
        (start, b) ->
            buckets.computeIfAbsent(start, s -> new LogBucket(s, 0, 0, 0, 0, 0, Map.of())).add(b));
    delta.codes.forEach((code, d) -> codes.merge(code, d, CodeDetail::merge));
    delta.stagedSamples.forEach(s -> addSample(stagedSamples, s));
  }

  /** Forgets counts from before {@code t}: a bucket goes when all of it is older. */
  public void forgetBefore(Instant t) {
    buckets.headMap(bucketOf(t), false).clear();
    codes.values().removeIf(c -> c.lastSeenAt().isBefore(t));
    if (buckets.values().stream().noneMatch(b -> b.stagedDeletes() > 0)) {
      stagedSamples.clear();
    }
  }

  /** Failures by error code in the buckets from {@code from} up to {@code to}, most first. */
  public Map<String, Integer> failuresByCode(Instant from, Instant to) {
    Map<String, Integer> sum = new HashMap<>();
    for (LogBucket b : range(from, to)) {
      b.failuresByCode().forEach((code, n) -> sum.merge(code, n, Integer::sum));
    }
    Map<String, Integer> sorted = new LinkedHashMap<>();
    sum.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(en -> sorted.put(en.getKey(), en.getValue()));
    return sorted;
  }

  /** Staged deletes in the buckets from {@code from} up to {@code to}. */
  public int stagedDeletes(Instant from, Instant to) {
    return range(from, to).stream().mapToInt(b -> b.stagedDeletes()).sum();
  }

  /** The counts from {@code from} up to {@code to}, with the five most frequent error codes. */
  public LogSummary summary(Instant from, Instant to) {
    int success = 0;
    int failure = 0;
    int skipped = 0;
    int warning = 0;
    int staged = 0;
    for (LogBucket b : range(from, to)) {
      success += b.success();
      failure += b.failure();
      skipped += b.skipped();
      warning += b.warning();
      staged += b.stagedDeletes();
    }
    List<LogSummary.CodeCount> top = new ArrayList<>();
    for (var en : failuresByCode(from, to).entrySet()) {
      if (top.size() == 5) {
        break;
      }
      CodeDetail d = codes.get(en.getKey());
      top.add(
          new LogSummary.CodeCount(
              en.getKey(),
              en.getValue(),
              d == null ? null : d.reason(),
              d == null ? null : d.recommendedAction()));
    }
    return new LogSummary(
        from, to, success, failure, skipped, warning, staged, List.copyOf(top), lastEventAt);
  }

  private List<LogBucket> range(Instant from, Instant to) {
    return List.copyOf(buckets.subMap(bucketOf(from), true, bucketOf(to), true).values());
  }

  static long bucketOf(Instant t) {
    long size = BUCKET.toSeconds();
    return Math.floorDiv(t.getEpochSecond(), size) * size;
  }

  private static String identity(ProvisioningEvent e) {
    if (e.sourceIdentityName() != null && !e.sourceIdentityName().isBlank()) {
      return e.sourceIdentityName();
    }
    return e.sourceIdentityId();
  }

  private static void addSample(List<String> samples, String identity) {
    samples.remove(identity);
    samples.add(identity);
    while (samples.size() > SAMPLES) {
      samples.remove(0);
    }
  }

  public String jobId() {
    return jobId;
  }

  public String servicePrincipalId() {
    return servicePrincipalId;
  }

  public String appDisplayName() {
    return appDisplayName;
  }

  public Instant lastEventAt() {
    return lastEventAt;
  }

  /** The last journal (window) added to this tally; a journal is never added twice. */
  public long journal() {
    return journal;
  }

  void markJournal(long seq) {
    journal = seq;
  }

  /** The stored version this tally was read at or last saved as; null when never stored. */
  public String version() {
    return version;
  }

  /** Notes the version storage gave this tally. */
  public void stored(String newVersion) {
    version = newVersion;
  }

  int bucketCount() {
    return buckets.size();
  }

  public Collection<LogBucket> buckets() {
    return List.copyOf(buckets.values());
  }

  public Collection<CodeDetail> codes() {
    return List.copyOf(codes.values());
  }

  public CodeDetail code(String errorCode) {
    return codes.get(errorCode);
  }

  public List<String> stagedSamples() {
    return List.copyOf(stagedSamples);
  }
}
