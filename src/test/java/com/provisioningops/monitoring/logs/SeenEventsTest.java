package com.provisioningops.monitoring.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The seen set never claims to cover more than it holds. */
class SeenEventsTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  private static SeenEvents tenEventsTwoPerSecond() {
    SeenEvents seen = SeenEvents.none();
    for (int i = 0; i < 10; i++) {
      seen.add("evt-" + i, T.plusSeconds(i / 2).plusMillis(100L * i));
    }
    return seen;
  }

  @Test
  void aSetOverItsBoundKeepsTheNewestWholeSecondsAndRereadsOnlyFromThere() {
    SeenEvents bounded = tenEventsTwoPerSecond().atMost(5);

    assertThat(bounded.size()).isEqualTo(4); // seconds 3 and 4; second 2 would not fit whole
    assertThat(bounded.contains("evt-9")).isTrue();
    assertThat(bounded.contains("evt-5")).isFalse();
    assertThat(bounded.completeFrom()).isEqualTo(T.plusSeconds(3));
    assertThat(bounded.rereadFrom(T)).isEqualTo(T.plusSeconds(3));
    assertThat(bounded.rereadFrom(T.plusSeconds(4))).isEqualTo(T.plusSeconds(4));
  }

  @Test
  void aSetCutAtATimeIsCompleteFromTheStartOfThatSecond() {
    SeenEvents cut = tenEventsTwoPerSecond().from(T.plusMillis(2_500));

    assertThat(cut.contains("evt-4")).isTrue(); // 10:00:02.400, same second as the cut
    assertThat(cut.contains("evt-3")).isFalse();
    assertThat(cut.completeFrom()).isEqualTo(T.plusSeconds(2));
    assertThat(cut.rereadFrom(T.plusMillis(2_500))).isEqualTo(T.plusMillis(2_500));
  }

  @Test
  void whereASetIsCompleteSurvivesStorage() {
    SeenEvents bounded = tenEventsTwoPerSecond().atMost(5);

    SeenEvents back = SeenEvents.unpack(bounded.pack(), bounded.completeFrom());

    assertThat(back.size()).isEqualTo(4);
    assertThat(back.rereadFrom(T)).isEqualTo(T.plusSeconds(3));
    assertThat(SeenEvents.unpack(new byte[0], null).rereadFrom(T)).isEqualTo(T);
  }
}
