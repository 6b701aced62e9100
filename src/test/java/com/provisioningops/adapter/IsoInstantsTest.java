package com.provisioningops.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  @Test
  void everyUtcTimestampReadsAsJavaTimeReadsIt() {
    Random random = new Random(42);
    DateTimeFormatter[] withDigits = new DateTimeFormatter[10];
    for (int digits = 0; digits < 10; digits++) {
      withDigits[digits] =
          DateTimeFormatter.ofPattern(
                  "uuuu-MM-dd'T'HH:mm:ss" + (digits == 0 ? "" : "." + "S".repeat(digits)) + "'Z'")
              .withZone(java.time.ZoneOffset.UTC);
    }
    for (int i = 0; i < 20_000; i++) {
      Instant t =
          Instant.ofEpochSecond(
              random.nextLong() % 8_000_000_000L,
              random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      String text = withDigits[random.nextInt(10)].format(t);
      if (text.startsWith("-") || text.startsWith("+")) {
        continue;
      }

      assertThat(IsoInstants.utc(text)).as(text).isEqualTo(Instant.parse(text));
      assertThat(IsoInstants.utc(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
  }

  @Test
  void anyOtherFormIsLeftToTheFormatter() {
    for (String other :
        List.of(
            "2026-12-02T19:24:24+01:00",
            "2026-12-02T19:24Z",
            "2026-12-02T19:24:24",
            "2026-12-02 19:24:24Z",
            "2026-02-30T00:00:00Z",
            "2026-12-02T24:00:00Z",
            "2026-12-02T19:24:60Z",
            "2026-12-02T19:24:24.Z",
            "2026-12-02T19:24:24.1234567890Z",
            "2026-1a-02T19:24:24Z",
            "+12026-12-02T19:24:24Z")) {
      assertThat(IsoInstants.utc(other)).as(other).isNull();
    }
  }
}
