package com.provisioningops.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  private final MutableClock clock = new MutableClock();

  @Test
  void allDependenciesUpIsReady() {
    Readiness readiness = readiness(probe("storage", () -> {}), probe("graph", () -> {}));

    ReadinessReport report = readiness.report();

    assertThat(report.status()).isEqualTo("ready");
    assertThat(report.version()).isEqualTo("1.2.3");
    assertThat(report.dependencies())
        .extracting(DependencyState::name, DependencyState::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("storage", DependencyState.State.up),
            org.assertj.core.groups.Tuple.tuple("graph", DependencyState.State.up));
  }

  @Test
  void failingDependencyMakesItDegradedWithTheFirstLineOfTheReason() {
    Readiness readiness =
        readiness(
            probe(
                "storage",
                () -> {
                  throw new IllegalStateException("Connection refused\n<html>body</html>");
                }));

    ReadinessReport report = readiness.report();

    assertThat(report.ready()).isFalse();
    assertThat(report.status()).isEqualTo("degraded");
    assertThat(report.dependencies().get(0).detail()).contains("Connection refused");
  }

  @Test
  void reasonIsTheRootCauseWithoutClassNames() {
    Exception wrapped =
        new RuntimeException(
            "java.io.UncheckedIOException: boom",
            new java.io.UncheckedIOException(
                new java.io.IOException("java.net.ConnectException: Failed to connect")));

    assertThat(Readiness.describe(wrapped)).isEqualTo("Failed to connect");
  }

  @Test
  void hangingDependencyIsReportedDownAtTheDeadline() {
    Readiness readiness =
        new Readiness(
            "1.2.3",
            List.of(probe("graph", () -> Thread.sleep(5_000))),
            Duration.ofMillis(100),
            clock);

    ReadinessReport report = readiness.report();

    assertThat(report.dependencies().get(0).state()).isEqualTo(DependencyState.State.down);
    assertThat(report.dependencies().get(0).detail()).contains("no answer within 100 ms");
  }

  @Test
  void reportIsReusedForTenSecondsSoTheAnonymousRouteCannotHammerDependencies() {
    AtomicInteger calls = new AtomicInteger();
    Readiness readiness = readiness(probe("graph", calls::incrementAndGet));

    readiness.report();
    clock.advance(Duration.ofSeconds(9));
    readiness.report();
    assertThat(calls).hasValue(1);

    clock.advance(Duration.ofSeconds(2));
    readiness.report();
    assertThat(calls).hasValue(2);
  }

  @Test
  void manyCallersAtOnceProbeEachDependencyOnce() throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    Readiness readiness =
        readiness(
            probe(
                "graph",
                () -> {
                  calls.incrementAndGet();
                  Thread.sleep(200);
                }));
    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(32);
    try {
      List<java.util.concurrent.Future<ReadinessReport>> reports = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        reports.add(callers.submit(readiness::report));
      }
      for (var r : reports) {
        assertThat(r.get().ready()).isTrue();
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(calls.get()).isEqualTo(1);
  }

  private Readiness readiness(DependencyProbe... probes) {
    return new Readiness("1.2.3", List.of(probes), Duration.ofSeconds(2), clock);
  }

  interface Check {
    void run() throws Exception;
  }

  private static DependencyProbe probe(String name, Check check) {
    return new DependencyProbe() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void check() throws Exception {
        check.run();
      }
    };
  }
}
