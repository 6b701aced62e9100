package com.provisioningops.functions;

import com.microsoft.azure.functions.HttpRequestMessage;
import java.util.Set;

/**
 * App roles from App Service authentication's {@code X-MS-CLIENT-PRINCIPAL} header: with {@code
 * REQUIRE_APP_ROLES=true}, reads need {@code Provisioning.Reader} or {@code Provisioning.Admin} and
 * changes need {@code Provisioning.Admin}. Only meaningful with App Service authentication on
 * ({@code WEBSITE_AUTH_ENABLED=True}), which sets the header and strips any a client sends: without
 * it the header is the client's own word, so role-protected routes answer 503 (misconfigured)
 * instead of trusting it.
 */
final class AppRoles {
  static final String READER = "Provisioning.Reader";
  static final String ADMIN = "Provisioning.Admin";

  private final boolean required;
  private final boolean appServiceAuth;

  AppRoles(boolean required, boolean appServiceAuth) {
    this.required = required;
    this.appServiceAuth = appServiceAuth;
  }

  /** True when roles are required but nothing vouches for the header that carries them. */
  boolean misconfigured() {
    return required && !appServiceAuth;
  }

  /**
   * Checks the caller may do what {@code req} asks.
   *
   * @throws ProblemException 401 without a principal, 403 without the role, 503 when roles are
   *     required without App Service authentication
   */
  void check(HttpRequestMessage<?> req) {
    if (!required) {
      return;
    }
    if (misconfigured()) {
      throw new ProblemException(
          Problem.of(
              503,
              "roles-misconfigured",
              "App roles cannot be checked",
              "REQUIRE_APP_ROLES=true needs App Service authentication"
                  + " (WEBSITE_AUTH_ENABLED=True), which vouches for the caller's roles; without"
                  + " it the app would trust what the client sends. An admin must turn"
                  + " authentication on or unset REQUIRE_APP_ROLES."));
    }
    boolean change = !req.getHttpMethod().name().equals("GET");
    SignedInCaller caller =
        SignedInCaller.of(req)
            .orElseThrow(
                () ->
                    new ProblemException(
                        Problem.of(
                            401,
                            "sign-in-required",
                            "Sign-in required",
                            "This app requires a signed-in caller with an app role: sign in"
                                + " through Microsoft Entra ID (App Service authentication).")));
    Set<String> roles = caller.roles();
    boolean allowed = roles.contains(ADMIN) || (!change && roles.contains(READER));
    if (!allowed) {
      throw new ProblemException(
          Problem.of(
              403,
              "role-required",
              "Missing app role",
              (change
                      ? "Changes need the app role " + ADMIN
                      : "Reads need the app role " + READER + " or " + ADMIN)
                  + "; ask an admin to assign it to you on the Provisioning Ops enterprise app."));
    }
  }
}
