package com.provisioningops.devhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timer schedules fire exactly when the Functions host would fire them. */
class NcrontabTest {
  private static final ZonedDateTime NEW_YEAR_2026 = ZonedDateTime.parse("2026-01-01T00:00:00Z");

  private static ZonedDateTime next(String expression, ZonedDateTime after) {
    return Ncrontab.parse(expression, Map.of()).next(after).orElseThrow();
  }

  @Test
  void everyFiveMinutesFiresOnTheNextMultipleOfFive() {
    assertThat(next("0 */5 * * * *", ZonedDateTime.parse("2026-03-04T10:07:13Z")))
        .isEqualTo(ZonedDateTime.parse("2026-03-04T10:10:00Z"));
  }

  @Test
  void firstFieldIsSeconds() {
    assertThat(next("30 * * * * *", ZonedDateTime.parse("2026-03-04T10:07:13Z")))
        .isEqualTo(ZonedDateTime.parse("2026-03-04T10:07:30Z"));
  }

  @Test
  void sundayIsZero() {
    // 2026-01-04 is the first Sunday of 2026.
    assertThat(next("0 30 9 * * 0", NEW_YEAR_2026))
        .isEqualTo(ZonedDateTime.parse("2026-01-04T09:30:00Z"));
  }

  @Test
  void saturdayIsSix() {
    assertThat(next("0 0 12 * * 6", NEW_YEAR_2026))
        .isEqualTo(ZonedDateTime.parse("2026-01-03T12:00:00Z"));
  }

  @Test
  void dayOfMonthAndDayOfWeekMustBothMatch() {
    // Friday the 13th: the host waits for a 13th that is a Friday (February 2026), where Vixie
    // cron would fire on every 13th and every Friday.
    assertThat(next("0 0 9 13 * 5", NEW_YEAR_2026))
        .isEqualTo(ZonedDateTime.parse("2026-02-13T09:00:00Z"));
  }

  @Test
  void weekdayRangeSkipsTheWeekend() {
    // Friday 2026-01-02 17:00 → next weekday 08:00 is Monday 2026-01-05.
    assertThat(next("0 0 8 * * 1-5", ZonedDateTime.parse("2026-01-02T17:00:00Z")))
        .isEqualTo(ZonedDateTime.parse("2026-01-05T08:00:00Z"));
  }

  @Test
  void settingPlaceholderResolvesFromAppSettings() {
    Ncrontab schedule =
        Ncrontab.parse("%JOB_POLL_SCHEDULE%", Map.of("JOB_POLL_SCHEDULE", "0 */10 * * * *"));
    assertThat(schedule.next(ZonedDateTime.parse("2026-03-04T10:07:13Z")))
        .contains(ZonedDateTime.parse("2026-03-04T10:10:00Z"));
  }

  @Test
  void missingSettingIsNamedInTheError() {
    assertThatThrownBy(() -> Ncrontab.parse("%LOG_POLL_SCHEDULE%", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LOG_POLL_SCHEDULE");
  }

  @Test
  void fiveFieldUnixCronIsRefused() {
    assertThatThrownBy(() -> Ncrontab.parse("*/5 * * * *", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("six fields");
  }

  @Test
  void dayOfWeekSevenIsRefusedAsTheHostDoes() {
    assertThatThrownBy(() -> Ncrontab.parse("0 0 0 * * 7", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
