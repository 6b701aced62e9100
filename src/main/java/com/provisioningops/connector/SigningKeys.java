package com.provisioningops.connector;

/** The key that signs export links, kept in the app's own vault. */
public interface SigningKeys {

  /**
   * The current signing key, created on first use. Read fresh each time, so that rotating it
   * revokes every link at once.
   */
  byte[] current();
}
