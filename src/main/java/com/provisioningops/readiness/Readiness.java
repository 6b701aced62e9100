package com.provisioningops.readiness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Answers "is the app ready?" by probing each dependency in parallel within a deadline, on a
 * bounded pool. Reports are cached briefly and a round is shared by every caller that arrives while
 * it runs, since the health route is anonymous and must not become a way to hammer Graph.
 */
public final class Readiness {
  static final Duration CACHE_FOR = Duration.ofSeconds(10);
  private static final java.util.regex.Pattern CLASS_PREFIX =
      java.util.regex.Pattern.compile("^(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*:\\s*");

  private final String version;
  private final List<DependencyProbe> probes;
  private final Duration deadline;
  private final Clock clock;
  private final ExecutorService pool;
  private final AtomicReference<CompletableFuture<ReadinessReport>> inFlight =
      new AtomicReference<>();
  private volatile ReadinessReport cached;

  public Readiness(String version, List<DependencyProbe> probes, Duration deadline, Clock clock) {
    this.version = version;
    this.probes = List.copyOf(probes);
    this.deadline = deadline;
    this.clock = clock;
    // Bounded: a probe that hangs past its deadline keeps its thread, and must not make the next
    // round start more. Two rounds of hung probes fit; past that a probe waits and times out.
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(2, 2 * this.probes.size()),
            r -> {
              Thread t = new Thread(r, "readiness-probe");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The current report, at most {@link #CACHE_FOR} old. Callers arriving while a probe round runs
   * wait for that round (single flight): however many arrive, each dependency is probed once per
   * period.
   */
  public ReadinessReport report() {
    ReadinessReport last = cached;
    if (fresh(last)) {
      return last;
    }
    CompletableFuture<ReadinessReport> mine = new CompletableFuture<>();
    CompletableFuture<ReadinessReport> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running.join();
    }
    try {
      ReadinessReport report = cached;
      if (!fresh(report)) {
        report = probeAll(clock.instant());
        cached = report;
      }
      mine.complete(report);
      return report;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.set(null);
    }
  }

  private boolean fresh(ReadinessReport report) {
    return report != null && report.checkedAt().plus(CACHE_FOR).isAfter(clock.instant());
  }

  private ReadinessReport probeAll(Instant now) {
    List<CompletableFuture<DependencyState>> running = new ArrayList<>();
    for (DependencyProbe probe : probes) {
      running.add(CompletableFuture.supplyAsync(() -> probe(probe), pool));
    }
    List<DependencyState> states = new ArrayList<>();
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    for (int i = 0; i < probes.size(); i++) {
      states.add(await(running.get(i), probes.get(i).name(), deadlineNanos));
    }
    return ReadinessReport.of(version, now, states);
  }

  private DependencyState probe(DependencyProbe probe) {
    long start = System.nanoTime();
    try {
      probe.check();
      return DependencyState.up(probe.name(), elapsedMillis(start));
    } catch (Exception e) {
      return DependencyState.down(probe.name(), describe(e), elapsedMillis(start));
    }
  }

  private DependencyState await(
      CompletableFuture<DependencyState> future, String name, long deadlineNanos) {
    try {
      return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return DependencyState.down(
          name, "no answer within " + deadline.toMillis() + " ms", deadline.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DependencyState.down(name, "interrupted", 0);
    } catch (Exception e) {
      return DependencyState.down(name, describe(e), 0);
    }
  }

  /** The root cause's message, without class names, on one bounded line. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String text = message == null || message.isBlank() ? "failed" : message;
    text = text.lines().findFirst().orElse(text);
    text = CLASS_PREFIX.matcher(text).replaceAll("");
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
