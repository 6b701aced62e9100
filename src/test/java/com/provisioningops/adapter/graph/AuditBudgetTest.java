package com.provisioningops.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The app's side of Graph's audit-log limit, on a clock the test moves. */
class AuditBudgetTest {
  private final MutableClock clock = new MutableClock();
  private final AuditBudget budget = new AuditBudget(5, clock, clock::advanceMillis);

  @Test
  void fiveRequestsGoAtOnceAndTheSixthWaitsForTheWindowAndItsMargin() {
    Instant start = clock.instant();
    for (int i = 0; i < 5; i++) {
      assertThat(budget.acquire(start.plusSeconds(60))).isTrue();
    }
    assertThat(clock.instant()).isEqualTo(start);

    assertThat(budget.acquire(start.plusSeconds(60))).isTrue();

    assertThat(clock.instant()).isEqualTo(start.plus(AuditBudget.WINDOW).plus(AuditBudget.MARGIN));
  }

  @Test
  void noSlotBeforeTheDeadlineRefusesWithoutWaiting() {
    Instant start = clock.instant();
    for (int i = 0; i < 5; i++) {
      budget.acquire(start.plusSeconds(60));
    }

    assertThat(budget.acquire(start.plusSeconds(5))).isFalse();
    assertThat(clock.instant()).isEqualTo(start);
  }

  @Test
  void aRetryAfterHoldsEveryRequestBack() {
    Instant start = clock.instant();
    budget.holdFor(Duration.ofSeconds(7));

    assertThat(budget.acquire(start.plusSeconds(60))).isTrue();

    assertThat(clock.instant()).isEqualTo(start.plusSeconds(7));
  }
}
