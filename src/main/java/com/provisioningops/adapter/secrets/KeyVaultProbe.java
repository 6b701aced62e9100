package com.provisioningops.adapter.secrets;

import com.provisioningops.readiness.DependencyProbe;

/** Probes a vault by listing its secret names (metadata only, never values). */
public final class KeyVaultProbe implements DependencyProbe {
  private final String name;
  private final KeyVaultSecrets secrets;

  public KeyVaultProbe(String name, KeyVaultSecrets secrets) {
    this.name = name;
    this.secrets = secrets;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void check() {
    secrets.ping();
  }
}
