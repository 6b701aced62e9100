package com.provisioningops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.MutableClock;
import com.provisioningops.failure.Failure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateGateTest {
  private final MutableClock clock = new MutableClock();
  private final RateGate gate = new RateGate(5, Duration.ofSeconds(10), clock);

  @Test
  void sixthCallInTheWindowIsRefusedWithRetryAfterAndPassesOnceASlotFrees() {
    for (int i = 0; i < 5; i++) {
      gate.acquire("job", "calls");
      clock.advance(Duration.ofSeconds(1));
    }

    assertThatThrownBy(() -> gate.acquire("job", "calls"))
        .isInstanceOfSatisfying(
            Failure.Throttled.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(6)));
    clock.advance(Duration.ofSeconds(5));
    assertThatCode(() -> gate.acquire("job", "calls")).doesNotThrowAnyException();
  }

  @Test
  void eachKeyHasItsOwnWindow() {
    for (int i = 0; i < 5; i++) {
      gate.acquire("job-a", "calls");
    }

    assertThatCode(() -> gate.acquire("job-b", "calls")).doesNotThrowAnyException();
  }
}
