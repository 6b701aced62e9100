package com.provisioningops.devhost;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NCRONTAB schedules of TimerTrigger: six fields ({@code second minute hour day month
 * day-of-week}), day of week 0–6 with Sunday = 0, and — unlike Quartz or Vixie cron — a day that
 * must match both day-of-month and day-of-week when both are restricted. {@code %NAME%} resolves
 * from the app settings as in the host.
 */
final class Ncrontab {
  static final CronDefinition DEFINITION =
      CronDefinitionBuilder.defineCron()
          .withSeconds()
          .and()
          .withMinutes()
          .and()
          .withHours()
          .and()
          .withDayOfMonth()
          .and()
          .withMonth()
          .and()
          .withDayOfWeek()
          .withValidRange(0, 6)
          .withMondayDoWValue(1)
          .and()
          .matchDayOfWeekAndDayOfMonth()
          .instance();

  private static final Pattern SETTING = Pattern.compile("%([^%]+)%");
  private final String expression;
  private final ExecutionTime executionTime;

  private Ncrontab(String expression, Cron cron) {
    this.expression = expression;
    this.executionTime = ExecutionTime.forCron(cron);
  }

  /**
   * Resolves {@code %NAME%} placeholders through {@code settings}, as the host does for any binding
   * property.
   *
   * @throws IllegalArgumentException when a setting is missing
   */
  static String resolve(String text, Function<String, String> settings) {
    Matcher m = SETTING.matcher(text.trim());
    StringBuilder resolved = new StringBuilder();
    while (m.find()) {
      String value = settings.apply(m.group(1));
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            "'" + text + "' refers to app setting " + m.group(1) + ", which is not set.");
      }
      m.appendReplacement(resolved, Matcher.quoteReplacement(value.trim()));
    }
    m.appendTail(resolved);
    return resolved.toString();
  }

  /**
   * Parses {@code schedule}, resolving {@code %NAME%} through {@code settings}.
   *
   * @throws IllegalArgumentException when a setting is missing or the expression is invalid
   */
  static Ncrontab parse(String schedule, Function<String, String> settings) {
    String expression = resolve(schedule, settings);
    if (expression.split("\\s+").length != 6) {
      throw new IllegalArgumentException(
          "'" + expression + "' must have six fields: second minute hour day month day-of-week.");
    }
    try {
      return new Ncrontab(expression, new CronParser(DEFINITION).parse(expression));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + expression + "' is not valid NCRONTAB: " + e.getMessage());
    }
  }

  static Ncrontab parse(String schedule, Map<String, String> settings) {
    return parse(schedule, settings::get);
  }

  /** The first occurrence strictly after {@code after}. */
  Optional<ZonedDateTime> next(ZonedDateTime after) {
    return executionTime.nextExecution(after);
  }

  @Override
  public String toString() {
    return expression;
  }
}
