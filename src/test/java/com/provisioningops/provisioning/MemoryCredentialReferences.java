package com.provisioningops.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Credential references in memory, for tests that do not exercise storage. */
public final class MemoryCredentialReferences implements CredentialReferences {
  private final Map<String, List<Reference>> byPrincipal = new LinkedHashMap<>();

  @Override
  public synchronized void replace(
      ServicePrincipalId servicePrincipal, List<Reference> references) {
    byPrincipal.put(servicePrincipal.value(), List.copyOf(references));
  }

  @Override
  public synchronized List<Reference> all() {
    List<Reference> out = new ArrayList<>();
    byPrincipal.values().forEach(out::addAll);
    return out;
  }
}
