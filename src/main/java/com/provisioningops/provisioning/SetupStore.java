package com.provisioningops.provisioning;

import java.util.Optional;

/** Stores one-call setups so that any instance can resume them and keys stay idempotent. */
public interface SetupStore {

  /** The setup started with this idempotency key, if any. */
  Optional<SetupState> findByKey(String idempotencyKey);

  Optional<SetupState> find(String setupId);

  /** Stores a new setup under its key; false when another caller stored one for the key first. */
  boolean create(SetupState state);

  /** Saves a setup if nobody saved it since {@code state.version()}; false when somebody did. */
  boolean update(SetupState state);
}
