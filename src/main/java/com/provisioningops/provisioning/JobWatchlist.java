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

  /** A watchlist that keeps nothing, for tests that do not look at monitoring. */
  JobWatchlist NONE = (sp, job, name) -> {};
}
