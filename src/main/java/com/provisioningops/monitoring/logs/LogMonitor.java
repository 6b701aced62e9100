package com.provisioningops.monitoring.logs;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.jobs.JobRecord;
import com.provisioningops.monitoring.jobs.JobRegistry;
import com.provisioningops.provisioning.ProvisioningEvent;
import com.provisioningops.provisioning.SynchronizationJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * events) towards now, counts each event once into its job's {@link JobLog}, and commits each
 * window before starting the next; a run that runs out of time leaves the rest to the next run, and
 * one that dies leaves nothing half-counted. Then it judges the rules over the last {@code
 * LOG_WINDOW} before the watermark and keeps the alert book in step ({@code source:
 * provisioningLogs}). One run at a time holds the lease; an overlapping run skips.
 */
public final class LogMonitor {
  /** Graph keeps provisioning logs this long; nothing older can be read. */
  static final Duration RETENTION = Duration.ofDays(30);

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

  /** Re-read at each window's start: Graph filters times with "gt", so the boundary is kept. */
  static final Duration BOUNDARY = Duration.ofSeconds(1);

  /** Tallies keep at least this span before the watermark: the views' summaries need it. */
  static final Duration SUMMARY_SPAN = LogSummary.SPAN;

  private static final Duration LEASE_MARGIN = Duration.ofMinutes(1);
  private static final int TRIES = 5;
  private static final String LOGS_DOC =
      "https://learn.microsoft.com/entra/identity/monitoring-health/concept-provisioning-logs";

  private final LogSource source;
  private final LogLedger ledger;
  private final JobRegistry registry;
  private final AlertBook alerts;
  private final Settings settings;
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
      Clock clock) {
    this.source = source;
    this.ledger = ledger;
    this.registry = registry;
    this.alerts = alerts;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * What one run did, for its summary line and checkpoint.
   *
   * @param events events counted
   * @param duplicates events read again (overlap, repeated pages) and not counted
   * @param pages pages read
   * @param requests HTTP requests to Graph
   * @param throttled of those, answered 429
   * @param windows windows committed
   * @param watermark where the monitor now stands; null before its first window
   * @param lag how far the watermark is behind now
   * @param stop why the run stopped: caught up, out of time, or what failed
   */
  public record RunSummary(
      long events,
      long duplicates,
      int pages,
      int requests,
      int throttled,
      int windows,
      Instant watermark,
      Duration lag,
      String stop,
      AlertBook.Changes alerts,
      Duration duration) {
    @Override
    public String toString() {
      return "events "
          + events
          + ", duplicates skipped "
          + duplicates
          + ", pages "
          + pages
          + ", Graph requests "
          + requests
          + ", throttled "
          + throttled
          + ", windows "
          + windows
          + ", watermark "
          + watermark
          + ", lag "
          + (lag == null ? "-" : lag.toSeconds() + " s")
          + ", alerts opened "
          + alerts.opened()
          + " updated "
          + alerts.updated()
          + " resolved "
          + alerts.resolved()
          + ", "
          + stop
          + ", "
          + duration.toMillis()
          + " ms";
    }
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
  public RunSummary run(String owner) {
    Instant started = clock.instant();
    Instant deadline = started.plus(settings.runBudget());
    Tally tally = new Tally();
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
    Map<String, JobLog> logs = ledger.jobLogs();
    List<JobLog> pending = ledger.journal(cursor.journal());
    if (!pending.isEmpty()) {
      // The run that committed this window died before every job took it.
      apply(cursor, pending, logs);
    }
    String stop = "caught up";
    Failure failure = null;
    try {
      cursor = read(cursor, logs, deadline, tally);
      stop = tally.stop;
    } catch (Failure f) {
      failure = f;
      stop = "stopped: " + f.code() + ": " + f.detail();
    }
    AlertBook.Changes changes = new AlertBook.Changes(0, 0, 0);
    if (failure instanceof Failure.Forbidden forbidden) {
      changes =
          alerts.reconcile(
              Alert.TENANT, Alert.Source.provisioningLogs, List.of(unreadable(forbidden)));
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
      LogCursor cursor, Map<String, JobLog> logs, Instant deadline, Tally tally) {
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
      Duration span = fitting(cursor.chunk(), Duration.between(now, deadline), tally);
      if (span == null) {
        tally.stop = "run budget spent, the next run reads on";
        return cursor;
      }
      Instant to = min(now, watermark.plus(span));
      Instant after = watermark;
      if (first && resumed) {
        after = watermark.minus(reread(cursor, tally));
      }
      // Never read again what the seen set no longer covers: it would be counted twice.
      after = cursor.seen().rereadFrom(after.minus(BOUNDARY));
      Window window = new Window(cursor.seen(), after, to);
      long readStarted = System.nanoTime();
      if (!readWindow(window, deadline, tally)) {
        // Out of time mid-window: nothing of it is kept, and the next run reads smaller windows.
        Duration smaller = max(MIN_CHUNK, Duration.between(watermark, to).dividedBy(4));
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
              to, coverage, nextChunk(Duration.between(watermark, to), window, readTime), seen);
      Optional<LogCursor> committed;
      try {
        committed = ledger.commit(cursor, next, window.logs.values());
      } catch (Failure.InvalidInput tooLarge) {
        Duration smaller = max(MIN_CHUNK, Duration.between(watermark, to).dividedBy(4));
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

  /**
   * How far back a run reads again for late events: the overlap, but never more than the window the
   * tenant's event rate allows ({@code chunk}, which shrinks each time a run runs out of time
   * mid-window). Otherwise an overlap denser than one run can read would be read again and again
   * and the watermark would never move.
   */
  private Duration reread(LogCursor cursor, Tally tally) {
    if (cursor.chunk().compareTo(settings.overlap()) >= 0) {
      return settings.overlap();
    }
    tally.note(
        "late events read again for "
            + describe(cursor.chunk())
            + " instead of the overlap's "
            + describe(settings.overlap())
            + ": the overlap holds more than one run can read");
    return cursor.chunk();
  }

  /**
   * The window to read next: {@code chunk}, or less when this run's read rate says it would not be
   * read before the deadline (a window cut short is read again by the next run, wasting the
   * requests); null when not even the smallest window fits.
   */
  private static Duration fitting(Duration chunk, Duration remaining, Tally tally) {
    if (tally.readEvents == 0 || tally.eventsPerSpanSecond <= 0) {
      return chunk; // nothing measured yet in this run
    }
    double eventsPerReadSecond = tally.readEvents / (tally.readNanos / 1e9);
    double affordable = eventsPerReadSecond * remaining.toMillis() / 1000.0 * 0.8;
    long fits = (long) (affordable / tally.eventsPerSpanSecond);
    if (fits < MIN_CHUNK.toSeconds()) {
      return null;
    }
    return min(chunk, Duration.ofSeconds(fits));
  }

  /** Reads every page of one window; false when the run's time ran out first. */
  private boolean readWindow(Window window, Instant deadline, Tally tally) {
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
  private void apply(LogCursor cursor, List<JobLog> journal, Map<String, JobLog> logs) {
    Instant keepFrom =
        cursor.watermark().minus(max(SUMMARY_SPAN, settings.window())).minus(JobLog.BUCKET);
    List<JobLog> todo = journal;
    for (int attempt = 0; attempt < TRIES && !todo.isEmpty(); attempt++) {
      List<JobLog> changed = new ArrayList<>();
      for (JobLog delta : todo) {
        JobLog current = logs.computeIfAbsent(delta.jobId(), JobLog::new);
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
        logs.put(id, ledger.jobLog(id).orElseGet(() -> new JobLog(id)));
      }
      todo = todo.stream().filter(d -> raced.contains(d.jobId())).toList();
    }
    ledger.clearJournal(cursor.journal());
  }

  /** Judges every job by the rules at the watermark and keeps the alert book in step. */
  private AlertBook.Changes judge(Map<String, JobLog> logs, LogCursor cursor) {
    Instant w = cursor.watermark();
    Map<String, JobRecord> jobs =
        registry.all().stream()
            .collect(Collectors.toMap(r -> r.key().jobId(), r -> r, (a, b) -> a));
    Set<String> ids = new HashSet<>(jobs.keySet());
    ids.addAll(logs.keySet());
    Map<String, List<Sighting>> seen = new HashMap<>();
    for (String id : ids) {
      seen.put(id, sightings(id, jobs.get(id), logs.get(id), w, cursor.coverageFrom()));
    }
    return alerts.reconcileAll(Alert.Source.provisioningLogs, seen);
  }

  List<Sighting> sightings(
      String jobId, JobRecord job, JobLog log, Instant watermark, Instant coverage) {
    String sp =
        job != null
            ? job.key().servicePrincipalId()
            : log == null ? null : log.servicePrincipalId();
    String app =
        job != null && job.appDisplayName() != null
            ? job.appDisplayName()
            : log != null && log.appDisplayName() != null ? log.appDisplayName() : jobId;
    Instant from = watermark.minus(settings.window());
    String span = "in the " + describe(settings.window()) + " before " + watermark;
    List<Sighting> out = new ArrayList<>();
    if (log != null) {
      Map<String, Integer> byCode = log.failuresByCode(from, watermark);
      boolean over = byCode.values().stream().anyMatch(n -> n >= settings.failureThreshold());
      if (over) {
        out.add(failures(jobId, sp, app, log, byCode, span));
      }
      int staged = log.stagedDeletes(from, watermark);
      if (staged > 0) {
        out.add(
            sighting(
                jobId,
                sp,
                app,
                "stagedDeletes",
                app + ": " + staged + " deletes held back by the accidental-deletion guard",
                staged
                    + " deletes were staged "
                    + span
                    + " (for example "
                    + String.join(", ", log.stagedSamples())
                    + "). What to do: review them in the provisioning logs; if they are"
                    + " intended, raise the accidental-deletion threshold or approve them, otherwise"
                    + " fix the scoping or attribute change that caused them.",
                null));
      }
    }
    if (job != null
        && job.watched()
        && job.statusCode() == SynchronizationJob.StatusCode.Active
        && coverage != null
        && !coverage.isAfter(watermark.minus(Duration.ofHours(settings.silentHours())))) {
      Instant last = log == null || log.lastEventAt() == null ? null : log.lastEventAt();
      Instant since = last == null ? coverage : last;
      if (!since.isAfter(watermark.minus(Duration.ofHours(settings.silentHours())))) {
        out.add(
            sighting(
                jobId,
                sp,
                app,
                "silent",
                app + ": no provisioning events for " + settings.silentHours() + " hours",
                "The job is Active but wrote no provisioning event "
                    + (last == null
                        ? "since the monitor began reading at " + coverage
                        : "since " + last)
                    + ". What to do: check that users are assigned to the app and in scope, and"
                    + " that the job's schedule runs; restart it if it is stuck.",
                null));
      }
    }
    return out;
  }

  private Sighting failures(
      String jobId, String sp, String app, JobLog log, Map<String, Integer> byCode, String span) {
    int total = byCode.values().stream().mapToInt(Integer::intValue).sum();
    String top = byCode.keySet().iterator().next();
    StringBuilder detail =
        new StringBuilder().append(total).append(" provisioning events failed ").append(span);
    detail.append(". Top error codes: ");
    detail.append(
        byCode.entrySet().stream()
            .limit(3)
            .map(e -> e.getKey() + " ×" + e.getValue())
            .collect(Collectors.joining(", ")));
    detail.append('.');
    JobLog.CodeDetail d = log.code(top);
    if (d != null) {
      if (d.reason() != null) {
        detail.append(' ').append(top).append(": ").append(d.reason());
      }
      if (d.recommendedAction() != null) {
        detail.append(" What to do: ").append(d.recommendedAction());
      }
      if (!d.samples().isEmpty()) {
        detail.append(" For example: ").append(String.join(", ", d.samples())).append('.');
      }
    }
    return sighting(
        jobId,
        sp,
        app,
        "logFailures",
        app + ": " + total + " provisioning failures, mostly " + top,
        detail.toString(),
        top);
  }

  private static Sighting sighting(
      String jobId,
      String sp,
      String app,
      String rule,
      String title,
      String detail,
      String errorCode) {
    return new Sighting(
        Alert.Source.provisioningLogs,
        jobId,
        jobId,
        sp,
        app,
        rule,
        "",
        Alert.Severity.warning,
        title,
        detail,
        errorCode,
        LOGS_DOC,
        null,
        true);
  }

  private static Sighting unreadable(Failure.Forbidden f) {
    return new Sighting(
        Alert.Source.provisioningLogs,
        Alert.TENANT,
        null,
        null,
        null,
        "logsUnreadable",
        "",
        Alert.Severity.critical,
        "The app cannot read provisioning logs",
        "Microsoft Graph refused to let the app read provisioning logs: grant "
            + "AuditLog.Read.All and Directory.Read.All"
            + " to the app's identity (the tenant needs Microsoft Entra ID P1 or P2). Until then"
            + " no log rule is judged. ("
            + f.detail()
            + ")",
        null,
        LOGS_DOC,
        null,
        true);
  }

  /**
   * Sizes the next window from this one: as many events as {@link #TARGET_READ} reads at the rate
   * this window was read, and no more job-buckets than {@link #TARGET_CELLS}.
   */
  private static Duration nextChunk(Duration span, Window window, Duration readTime) {
    long read = window.events + window.duplicates;
    if (read == 0) {
      return min(MAX_CHUNK, span.multipliedBy(2));
    }
    long perSecond = read * 1000 / Math.max(1, readTime.toMillis());
    long target =
        Math.max(
            MIN_TARGET_EVENTS, Math.min(MAX_TARGET_EVENTS, perSecond * TARGET_READ.toSeconds()));
    long millis = span.toMillis() * target / read;
    long cells = window.cells();
    if (cells > 0) {
      millis = Math.min(millis, span.toMillis() * TARGET_CELLS / cells);
    }
    return max(MIN_CHUNK, min(MAX_CHUNK, Duration.ofMillis(millis)));
  }

  private static Duration clamp(Duration backfill) {
    return min(RETENTION.minusHours(1), max(Duration.ZERO, backfill));
  }

  private static String describe(Duration d) {
    long minutes = d.toMinutes();
    return minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
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

  /** One window being read: its events, counted per job, and the ids it saw. */
  private static final class Window {
    final SeenEvents counted;
    final SeenEvents seen = SeenEvents.none();
    final Instant after;
    final Instant before;
    final Map<String, JobLog> logs = new HashMap<>();
    long events;
    long duplicates;

    Window(SeenEvents counted, Instant after, Instant before) {
      this.counted = counted;
      this.after = after;
      this.before = before;
    }

    void count(ProvisioningEvent e) {
      if (e.id() == null || e.jobId() == null || e.activityDateTime() == null) {
        return;
      }
      if (counted.contains(e.id()) || !seen.add(e.id(), e.activityDateTime())) {
        duplicates++;
        return;
      }
      logs.computeIfAbsent(e.jobId(), JobLog::new).count(e);
      events++;
    }

    /** Job-buckets this window touched: what its journal costs to store. */
    long cells() {
      return logs.values().stream().mapToLong(JobLog::bucketCount).sum();
    }
  }

  /** What the run did so far. */
  private static final class Tally {
    long events;
    long duplicates;
    int pages;
    int requests;
    int throttled;
    int windows;
    long readNanos;
    long readEvents;
    double eventsPerSpanSecond;
    boolean leaseLost;
    String stop = "caught up";
    private final List<String> notes = new ArrayList<>();

    void note(String n) {
      notes.add(n);
    }

    RunSummary summary(LogCursor cursor, String why, Instant started, Instant now) {
      return summary(cursor, why, started, new AlertBook.Changes(0, 0, 0), now);
    }

    RunSummary summary(
        LogCursor cursor, String why, Instant started, AlertBook.Changes changes, Instant now) {
      Collection<String> all = new ArrayList<>(notes);
      all.add(why);
      return new RunSummary(
          events,
          duplicates,
          pages,
          requests,
          throttled,
          windows,
          cursor.watermark(),
          cursor.watermark() == null ? null : Duration.between(cursor.watermark(), now),
          String.join("; ", all),
          changes,
          Duration.between(started, now));
    }
  }
}
