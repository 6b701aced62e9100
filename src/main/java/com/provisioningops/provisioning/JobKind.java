package com.provisioningops.provisioning;

import java.util.Locale;

/**
 * What a job provisions from and to, told by its template id, so that a verdict names the right
 * side: for an outbound app the credentials are the target app's, for HR-driven inbound they are
 * the HR system's, for cross-tenant synchronization access is the target tenant's to grant.
 */
public enum JobKind {
  /** Entra ID to a SaaS app (SCIM or gallery connector). */
  outbound("the target app", "the target app", "Entra ID"),
  /** Cross-tenant synchronization ({@code Azure2Azure}). */
  crossTenant("the target tenant", "the target tenant", "the source tenant"),
  /** API-driven inbound ({@code API2AAD}, {@code API2AD}): records arrive through bulkUpload. */
  apiDriven("Entra ID or the provisioning agent", "Entra ID", "the uploaded HR records"),
  /** HR-driven inbound (Workday, SuccessFactors) to Entra ID or Active Directory. */
  hrInbound("the HR system", "Entra ID", "the HR system");

  private final String credentialHolder;
  private final String target;
  private final String source;

  JobKind(String credentialHolder, String target, String source) {
    this.credentialHolder = credentialHolder;
    this.target = target;
    this.source = source;
  }

  /** The kind of a job made from {@code templateId}; outbound when the id says nothing else. */
  public static JobKind of(String templateId) {
    String t = templateId == null ? "" : templateId.toLowerCase(Locale.ROOT);
    if (t.startsWith("azure2azure")) {
      return crossTenant;
    }
    if (t.startsWith("api2")) {
      return apiDriven;
    }
    if (t.startsWith("workday") || t.contains("successfactors")) {
      return hrInbound;
    }
    return outbound;
  }

  /** Who checks the saved credentials: the side that answers 401 or 403 to them. */
  public String credentialHolder() {
    return credentialHolder;
  }

  /**
   * Where accounts are written: Entra ID or on-premises Active Directory for inbound jobs (a
   * template id ending in {@code 2AD}, or Workday's own {@code Workday}).
   */
  public String target(String templateId) {
    String t = templateId == null ? "" : templateId.toLowerCase(Locale.ROOT);
    boolean toAd = t.endsWith("2ad") || t.equals("workday");
    return (this == apiDriven || this == hrInbound) && toAd ? "Active Directory" : target;
  }

  /** Where accounts are read from. */
  public String source() {
    return source;
  }
}
