package com.provisioningops.connector;

import java.util.Map;

/** How the flow designer names and explains each route parameter. */
final class PathParameters {
  private record Doc(String summary, String description) {}

  private static final Map<String, Doc> DOCS =
      Map.of(
          "sp",
          new Doc(
              "Service principal ID",
              "Object ID of the enterprise app's service principal (a GUID)."),
          "jobId",
          new Doc(
              "Job ID", "Synchronization job ID, such as scim.<tenant id without dashes>.<guid>."),
          "templateId",
          new Doc("Template ID", "ID of the application template (a GUID)."),
          "setupId",
          new Doc("Setup ID", "ID of the one-call setup, from its Location header."),
          "alertId",
          new Doc("Alert ID", "ID of the alert."),
          "subscriptionId",
          new Doc("Subscription ID", "ID of the webhook subscription."),
          "token",
          new Doc("Link token", "The signed token of an export link."));

  private PathParameters() {}

  static String summary(String name) {
    Doc doc = DOCS.get(name);
    return doc == null ? Schemas.summary(name) : doc.summary();
  }

  static String description(String name) {
    Doc doc = DOCS.get(name);
    return doc == null ? "The " + Schemas.summary(name).toLowerCase() + "." : doc.description();
  }
}
