package com.provisioningops.readiness;

import java.util.Optional;

/**
 * What one dependency answered when probed.
 *
 * @param name the dependency, such as {@code storage} or {@code graph}
 * @param state {@code up} or {@code down}
 * @param detail why it is down
 * @param latencyMs how long the probe took
 */
public record DependencyState(String name, State state, Optional<String> detail, long latencyMs) {

  /** Whether the dependency answered. */
  public enum State {
    up,
    down
  }

  static DependencyState up(String name, long latencyMs) {
    return new DependencyState(name, State.up, Optional.empty(), latencyMs);
  }

  static DependencyState down(String name, String detail, long latencyMs) {
    return new DependencyState(name, State.down, Optional.of(detail), latencyMs);
  }
}
