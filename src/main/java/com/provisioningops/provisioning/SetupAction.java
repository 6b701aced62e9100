package com.provisioningops.provisioning;

/**
 * What a setup does, in order: each step's name as callers and the stored state show it, and
 * whether it changes the tenant (such a step is claimed before Graph is called, and after a lost
 * outcome what it made is looked up before it is done again).
 */
enum SetupAction {
  CHECK_CREDENTIALS("checkCredentials", false),
  INSTANTIATE("instantiate", true),
  WAIT_FOR_SERVICE_PRINCIPAL("waitForServicePrincipal", false),
  CREATE_JOB("createJob", true),
  VALIDATE_CREDENTIALS("validateCredentials", false),
  SAVE_CREDENTIALS("saveCredentials", true),
  START("start", true);

  private final String wire;
  private final boolean changesTenant;

  SetupAction(String wire, boolean changesTenant) {
    this.wire = wire;
    this.changesTenant = changesTenant;
  }

  /** The step's name in the setup's steps, its claim and {@code failedStep}. */
  String wire() {
    return wire;
  }

  boolean changesTenant() {
    return changesTenant;
  }
}
