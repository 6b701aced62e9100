package com.provisioningops.provisioning;

import com.provisioningops.api.MaxSize;
import com.provisioningops.api.Required;

/**
 * Body of "Add a gallery app".
 *
 * @param displayName the name of the new enterprise app, at most 120 characters
 */
public record InstantiateRequest(@Required @MaxSize(MAX_DISPLAY_NAME) String displayName) {

  /** The longest display name the app gives a new enterprise app. */
  public static final int MAX_DISPLAY_NAME = 120;
}
