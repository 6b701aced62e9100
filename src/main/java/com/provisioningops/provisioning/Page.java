package com.provisioningops.provisioning;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list, as the core hands it to the API.
 *
 * @param value the items
 * @param skipToken an opaque token for the next page, when there is one
 */
public record Page<T>(List<T> value, Optional<String> skipToken) {

  public Page {
    value = List.copyOf(value);
  }
}
