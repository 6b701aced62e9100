package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import com.provisioningops.failure.Printable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code synchronizationJobRestartScope} flags a caller may name. */
final class RestartScopes {
  /** The flags the request declares (the definition's enum): one list for both. */
  static final List<String> ALL =
      List.of(
          RestartJobRequest.class
              .getRecordComponents()[0]
              .getAnnotation(com.provisioningops.api.OneOf.class)
              .value());

  private RestartScopes() {}

  static Set<String> parse(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw Failure.invalid(
          "resetScope is required: one or more of " + String.join(", ", ALL) + ".");
    }
    Set<String> scopes = new LinkedHashSet<>();
    for (String name : names) {
      String match =
          ALL.stream()
              .filter(a -> a.equalsIgnoreCase(name == null ? "" : name.trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      Failure.invalid(
                          "'"
                              + Printable.of(name)
                              + "' is not a reset scope. Use "
                              + String.join(", ", ALL)
                              + "."));
      scopes.add(match);
    }
    return scopes;
  }
}
