package com.provisioningops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand. */
public final class MutableClock extends Clock {
  private Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  public MutableClock() {
    this(Instant.parse("2026-11-22T10:00:00Z"));
  }

  public void advance(Duration d) {
    now = now.plus(d);
  }

  /** Moves the clock as a sleep of {@code millis} would. */
  public void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
