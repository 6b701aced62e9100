package com.provisioningops.readiness;

import java.util.Optional;

/** Stores checkpoints so they survive restarts and are shared by every instance of the app. */
public interface Checkpoints {

  /** Saves the checkpoint, replacing an earlier one of the same name. */
  void save(Checkpoint checkpoint);

  /** The checkpoint of that name, if one was saved. */
  Optional<Checkpoint> find(String name);
}
