package com.provisioningops.readiness;

/** Checks that one dependency (storage, Graph, Key Vault) answers. */
public interface DependencyProbe {

  /** Short name shown in the health report, such as {@code storage}. */
  String name();

  /**
   * Calls the dependency once. Returns normally when it answered; throws with a message fit for an
   * admin (no secrets) when it did not.
   */
  void check() throws Exception;
}
