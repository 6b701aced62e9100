package com.provisioningops.monitoring.logs;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.jobs.JobRecord;
import com.provisioningops.monitoring.jobs.JobRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the tenant's provisioning logs incrementally and turns failure patterns into alerts. Each
 * run reads tenant-wide, window after window, from the watermark (less the overlap kept for late
 * events) towards now, counts each event once into its job's {@link LogTally}, and commits each
 * window before starting the next; a run that runs out of time leaves the rest to the next run, and
 * one that dies leaves nothing half-counted. Then it judges the rules over the last {@code
 * LOG_WINDOW} before the watermark and keeps the alert book in step ({@code source:
 * provisioningLogs}). One run at a time holds the lease; an overlapping run skips. Windows are
 * sized by {@link WindowSizer}, counted by {@link LogWindow} and judged by {@link LogRules}.
 */
public final class LogMonitor {
  /** Graph keeps provisioning logs this long; nothing older can be read. */
  static final Duration RETENTION = Duration.ofDays(30);

  /** Re-read at each window's start: Graph filters times with "gt", so the boundary is kept. */
  static final Duration BOUNDARY = Duration.ofSeconds(1);

  private static final Duration LEASE_MARGIN = Duration.ofMinutes(1);
  private static final int TRIES = 5;

  private final LogSource source;
  private final LogLedger ledger;
  private final JobRegistry registry;
  private final AlertBook alerts;
  private final Settings settings;
  private final LogRules rules;
  private final LogWatch watch;
  private final Clock clock;

  /**
   * The rules' thresholds and the reading budget.
   *
   * @param failureThreshold failures of one error code on one job within {@code window} that raise
   *     an alert ({@code LOG_FAILURE_THRESHOLD})
   * @param window the span the rules look at, before the watermark ({@code LOG_WINDOW})
   * @param overlap how far back each run reads again for late events ({@code LOG_OVERLAP})
   * @param silentHours an Active job with no events this long raises a warning ({@code
   *     LOG_SILENT_HOURS})
   * @param backfill how far back the first run reads ({@code LOG_BACKFILL}, at most 30 days)
   * @param runBudget how long one run may read; the rest waits for the next ({@code
   *     LOG_RUN_BUDGET}, under the function timeout)
   */
  public record Settings(
      int failureThreshold,
      Duration window,
      Duration overlap,
      int silentHours,
      Duration backfill,
      Duration runBudget) {}

  public LogMonitor(
      LogSource source,
      LogLedger ledger,
      JobRegistry registry,
      AlertBook alerts,
      Settings settings,
      LogWatch watch,
      Clock clock) {
    this.source = source;
    this.ledger = ledger;
    this.registry = registry;
    this.alerts = alerts;
    this.settings = settings;
    this.rules = new LogRules(settings);
    this.watch = watch;
    this.clock = clock;
  }

  /** Where the monitor stands, for health and the status page. */
  public record Progress(Instant watermark, Duration lag) {}

  /** The watermark and how far it is behind now; empty before the first window. */
  public Optional<Progress> progress() {
    LogCursor c = ledger.cursor();
    return Optional.ofNullable(c.watermark())
        .map(w -> new Progress(w, Duration.between(w, clock.instant())));
  }

  /**
   * Reads from the watermark towards now within the run budget, then judges the rules.
   *
   * @param owner names this run (the invocation id) for the lease
   * @throws Failure.Unavailable when storage fails; what was committed stays committed
   */
  public LogRunSummary run(String owner) {
    Instant started = clock.instant();
    Instant deadline = started.plus(settings.runBudget());
    RunTally tally = new RunTally();
    LogCursor stored = ledger.cursor();
    if (stored.leasedToAnotherAt(started, owner)) {
      return tally.summary(
          stored,
          "skipped: another run holds the lease until " + stored.leaseUntil(),
          started,
          clock.instant());
    }
    Optional<LogCursor> claimed =
        ledger.replace(stored, stored.leased(owner, deadline.plus(LEASE_MARGIN)));
    if (claimed.isEmpty()) {
      return tally.summary(stored, "skipped: another run took the lease", started, clock.instant());
    }
    LogCursor cursor = claimed.get();
    Map<String, LogTally> logs = ledger.jobLogs();
    List<LogTally> pending = ledger.journal(cursor.journal());
    if (!pending.isEmpty()) {
      // The run that committed this window died before every job took it.
      apply(cursor, pending, logs);
    }
    String stop = "caught up";
    Failure failure = null;
    try {
      cursor = read(cursor, logs, deadline, tally, watch.jobs());
      stop = tally.stop;
    } catch (Failure f) {
      failure = f;
      stop = "stopped: " + f.code() + ": " + f.detail();
    }
    AlertBook.Changes changes = new AlertBook.Changes(0, 0, 0);
    if (failure instanceof Failure.Forbidden forbidden) {
      changes =
          alerts.reconcile(
              Alert.TENANT, Alert.Source.provisioningLogs, List.of(LogRules.unreadable(forbidden)));
    } else if (tally.pages > 0) {
      changes = alerts.reconcile(Alert.TENANT, Alert.Source.provisioningLogs, List.of());
    }
    if (cursor.watermark() != null && !tally.leaseLost) {
      changes = changes.plus(judge(logs, cursor));
    }
    if (!tally.leaseLost) {
      ledger.replace(cursor, cursor.released());
    }
    return tally.summary(cursor, stop, started, changes, clock.instant());
  }

  private LogCursor read(
      LogCursor cursor,
      Map<String, LogTally> logs,
      Instant deadline,
      RunTally tally,
      Set<String> watched) {
    Instant started = clock.instant();
    Instant coverage = cursor.coverageFrom();
    Instant watermark = cursor.watermark();
    boolean resumed = watermark != null;
    if (watermark == null) {
      watermark = started.minus(clamp(settings.backfill()));
      coverage = watermark;
    }
    Instant oldest = started.minus(RETENTION).plus(Duration.ofHours(1));
    if (watermark.isBefore(oldest)) {
      // Graph has dropped what lay between: read on from the oldest events it still keeps.
      watermark = oldest;
      tally.note("events older than 30 days were gone");
    }
    boolean first = true;
    while (true) {
      Instant now = clock.instant();
      if (!watermark.isBefore(now)) {
        return cursor;
      }
      if (!now.isBefore(deadline)) {
        tally.stop = "run budget spent, the next run reads on";
        return cursor;
      }
      Duration span =
          WindowSizer.fitting(
              cursor.chunk(),
              Duration.between(now, deadline),
              tally.readEvents,
              tally.readNanos,
              tally.eventsPerSpanSecond);
      if (span == null) {
        tally.stop = "run budget spent, the next run reads on";
        return cursor;
      }
      Instant to = min(now, watermark.plus(span));
      Instant after = watermark;
      if (first && resumed) {
        after = watermark.minus(WindowSizer.reread(cursor.chunk(), settings.overlap(), tally));
      }
      // Never read again what the seen set no longer covers: it would be counted twice.
      after = cursor.seen().rereadFrom(after.minus(BOUNDARY));
      LogWindow window = new LogWindow(cursor.seen(), after, to, watched);
      long readStarted = System.nanoTime();
      if (!readWindow(window, deadline, tally)) {
        // Out of time mid-window: nothing of it is kept, and the next run reads smaller windows.
        Duration smaller = WindowSizer.smaller(Duration.between(watermark, to));
        tally.stop = "run budget spent mid-window, the next run reads it again";
        return ledger.replace(cursor, cursor.withChunk(smaller)).orElse(cursor);
      }
      SeenEvents seen =
          cursor
              .seen()
              .with(window.seen)
              .from(to.minus(settings.overlap()).minus(BOUNDARY))
              .atMost(SeenEvents.MAX_EVENTS);
      Duration readTime = Duration.ofNanos(System.nanoTime() - readStarted);
      LogCursor next =
          cursor.advanced(
              to,
              coverage,
              WindowSizer.next(
                  Duration.between(watermark, to),
                  window.events + window.duplicates,
                  window.cells(),
                  readTime),
              seen);
      if (!window.watched.isEmpty()) {
        watch.observe(window.watched); // before the commit: a crash in between shows them again
      }
      Optional<LogCursor> committed;
      try {
        committed = ledger.commit(cursor, next, window.logs.values());
      } catch (Failure.InvalidInput tooLarge) {
        Duration smaller = WindowSizer.smaller(Duration.between(watermark, to));
        cursor = ledger.replace(cursor, cursor.withChunk(smaller)).orElse(cursor);
        continue;
      }
      if (committed.isEmpty()) {
        tally.leaseLost = true;
        tally.stop = "stopped: another run took the lease";
        return cursor;
      }
      cursor = committed.get();
      apply(cursor, List.copyOf(window.logs.values()), logs);
      tally.windows++;
      tally.events += window.events;
      tally.duplicates += window.duplicates;
      tally.readNanos += readTime.toNanos();
      tally.readEvents += window.events + window.duplicates;
      tally.eventsPerSpanSecond =
          (double) (window.events + window.duplicates)
              / Math.max(1, Duration.between(watermark, to).toSeconds());
      watermark = to;
      first = false;
      if (to.equals(now)) {
        return cursor; // read up to when this window began: caught up
      }
    }
  }

  /** Reads every page of one window; false when the run's time ran out first. */
  private boolean readWindow(LogWindow window, Instant deadline, RunTally tally) {
    String next = null;
    do {
      LogSource.LogPage page =
          source.read(window.after, window.before, next, deadline, window::count);
      tally.requests += page.requests();
      tally.throttled += page.throttled();
      if (page.cutShort()) {
        return false;
      }
      tally.pages++;
      next = page.nextLink();
      if (next != null && !clock.instant().isBefore(deadline)) {
        return false;
      }
    } while (next != null);
    return true;
  }

  /** Adds journal {@code cursor.journal()} to every job's tally that has not taken it yet. */
  private void apply(LogCursor cursor, List<LogTally> journal, Map<String, LogTally> logs) {
    // Tallies keep LogSummary.SPAN at least: the views' summaries need it.
    Instant keepFrom =
        cursor.watermark().minus(max(LogSummary.SPAN, settings.window())).minus(LogTally.BUCKET);
    List<LogTally> todo = journal;
    for (int attempt = 0; attempt < TRIES && !todo.isEmpty(); attempt++) {
      List<LogTally> changed = new ArrayList<>();
      for (LogTally delta : todo) {
        LogTally current = logs.computeIfAbsent(delta.jobId(), LogTally::new);
        if (current.journal() >= cursor.journal()) {
          continue; // took this journal before the last run died
        }
        current.absorb(delta);
        current.forgetBefore(keepFrom);
        current.markJournal(cursor.journal());
        changed.add(current);
      }
      Set<String> raced = new HashSet<>(ledger.save(changed));
      for (String id : raced) {
        logs.put(id, ledger.jobLog(id).orElseGet(() -> new LogTally(id)));
      }
      todo = todo.stream().filter(d -> raced.contains(d.jobId())).toList();
    }
    ledger.clearJournal(cursor.journal());
  }

  /** Judges every job by the rules at the watermark and keeps the alert book in step. */
  private AlertBook.Changes judge(Map<String, LogTally> logs, LogCursor cursor) {
    Instant w = cursor.watermark();
    Map<String, JobRecord> jobs =
        registry.all().stream()
            .collect(Collectors.toMap(r -> r.key().jobId().value(), r -> r, (a, b) -> a));
    Set<String> ids = new HashSet<>(jobs.keySet());
    ids.addAll(logs.keySet());
    Map<String, List<Sighting>> seen = new HashMap<>();
    for (String id : ids) {
      seen.put(id, rules.sightings(id, jobs.get(id), logs.get(id), w, cursor.coverageFrom()));
    }
    watch.sightings(w).forEach((id, s) -> seen.merge(id, s, LogMonitor::both));
    return alerts.reconcileAll(Alert.Source.provisioningLogs, seen);
  }

  private static List<Sighting> both(List<Sighting> a, List<Sighting> b) {
    List<Sighting> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Duration clamp(Duration backfill) {
    return min(RETENTION.minusHours(1), max(Duration.ZERO, backfill));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
