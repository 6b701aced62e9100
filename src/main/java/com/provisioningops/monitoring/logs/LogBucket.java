package com.provisioningops.monitoring.logs;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of one bucket; {@code start} is its first second. */
public final class LogBucket {
  /** Error codes kept per bucket; more than this in 10 minutes are counted under "other". */
  static final int CODES_PER_BUCKET = 10;

  static final String OTHER = "other";

  private final long start;
  private int success;
  private int failure;
  private int skipped;
  private int warning;
  private int stagedDeletes;
  private final Map<String, Integer> failuresByCode = new LinkedHashMap<>();

  public LogBucket(
      long start,
      int success,
      int failure,
      int skipped,
      int warning,
      int stagedDeletes,
      Map<String, Integer> failuresByCode) {
    this.start = start;
    this.success = success;
    this.failure = failure;
    this.skipped = skipped;
    this.warning = warning;
    this.stagedDeletes = stagedDeletes;
    this.failuresByCode.putAll(failuresByCode);
  }

  public long start() {
    return start;
  }

  public int success() {
    return success;
  }

  public int failure() {
    return failure;
  }

  public int skipped() {
    return skipped;
  }

  public int warning() {
    return warning;
  }

  public int stagedDeletes() {
    return stagedDeletes;
  }

  public Map<String, Integer> failuresByCode() {
    return java.util.Collections.unmodifiableMap(failuresByCode);
  }

  /**
   * Counts one event of {@code status}; Graph may add statuses, and an unknown one counts nowhere.
   */
  void countStatus(String status) {
    switch (status) {
      case "success" -> success++;
      case "failure" -> failure++;
      case "skipped" -> skipped++;
      case "warning" -> warning++;
      default -> {
        // Counted nowhere rather than mislabelled.
      }
    }
  }

  void countStagedDelete() {
    stagedDeletes++;
  }

  void add(LogBucket o) {
    success += o.success;
    failure += o.failure;
    skipped += o.skipped;
    warning += o.warning;
    stagedDeletes += o.stagedDeletes;
    o.failuresByCode.forEach(this::addFailures);
  }

  void addFailures(String code, int n) {
    String key =
        failuresByCode.containsKey(code) || failuresByCode.size() < CODES_PER_BUCKET ? code : OTHER;
    failuresByCode.merge(key, n, Integer::sum);
  }
}
