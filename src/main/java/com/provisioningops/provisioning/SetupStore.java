package com.provisioningops.provisioning;

import java.util.Optional;

/** Stores one-call setups so that any instance can resume them and keys stay idempotent. */
public interface SetupStore {

  Optional<SetupState> find(String setupId);

  /**
   * Stores a new setup together with its idempotency key's index, both or neither.
   *
   * @return false when a setup with this id (so this key) exists already
   */
  boolean create(SetupState state);

  /**
   * Saves a setup if nobody saved it since {@code state.version()}. A write that is found already
   * stored (the client's retry of a write that had committed) counts as saved.
   *
   * @return the state under its new version; empty when somebody else saved it first
   */
  Optional<SetupState> update(SetupState state);

  /** Up to {@code max} running setups, the longest unchanged first: for the recovery timer. */
  java.util.List<SetupState> running(int max);
}
