package com.provisioningops.readiness;

import java.time.Instant;
import java.util.List;

/**
 * The app's readiness: ready when every dependency answered.
 *
 * @param status {@code ready} when every dependency is up, {@code degraded} otherwise
 * @param version the deployed version of the app
 * @param checkedAt when the dependencies were probed
 * @param dependencies one state per dependency
 */
public record ReadinessReport(
    String status, String version, Instant checkedAt, List<DependencyState> dependencies) {

  public ReadinessReport {
    dependencies = List.copyOf(dependencies);
  }

  static ReadinessReport of(String version, Instant checkedAt, List<DependencyState> states) {
    boolean ready = states.stream().allMatch(d -> d.state() == DependencyState.State.up);
    return new ReadinessReport(ready ? "ready" : "degraded", version, checkedAt, states);
  }

  public boolean ready() {
    return status.equals("ready");
  }
}
