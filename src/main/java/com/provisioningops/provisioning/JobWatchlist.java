package com.provisioningops.provisioning;

/**
 * Where jobs made through the app are put so that the monitor watches them from their first poll.
 */
@FunctionalInterface
public interface JobWatchlist {

  /**
   * Watches a job; watching a known job again changes nothing.
   *
   * @throws com.provisioningops.failure.Failure.Unavailable when the list cannot be written
   */
  void watch(ServicePrincipalId servicePrincipal, JobId job, String appDisplayName);

  /**
   * Notes that the app itself paused a job, so that the monitor does not report the pause as made
   * behind the app's back.
   */
  default void pausedByApp(ServicePrincipalId servicePrincipal, JobId job) {}

  /** A watchlist that keeps nothing, for tests that do not look at monitoring. */
  JobWatchlist NONE = (sp, job, name) -> {};
}
