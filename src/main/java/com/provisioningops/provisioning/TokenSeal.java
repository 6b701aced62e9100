package com.provisioningops.provisioning;

import java.util.Optional;

/**
 * Keeps a signed-in user's token while work made as that user waits in storage (a setup's steps run
 * from a queue): storage only ever holds it sealed, bound to the work it is for.
 */
public interface TokenSeal {

  /** {@code token}, sealed for {@code context} (the setup's id). */
  String seal(String token, String context);

  /**
   * The token sealed for {@code context}; empty when it cannot be opened: altered, sealed for other
   * work, or sealed under a key since rotated.
   */
  Optional<String> open(String sealed, String context);
}
