package com.provisioningops.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.delivery.Subscriptions;
import com.provisioningops.monitoring.Alert;
import com.provisioningops.provisioning.JobId;
import java.util.Map;

/** How the flow designer names and explains each route parameter. */
final class PathParameters {
  private record Doc(String summary, String description) {}

  /** The form each id takes, as the server checks it: a format, or a pattern (anchored). */
  private static final Map<String, String> FORMATS =
      Map.of("sp", "uuid", "templateId", "uuid", "setupId", "uuid");

  private static final Map<String, String> PATTERNS =
      Map.of(
          "jobId",
          "^" + JobId.PATTERN + "$",
          "subscriptionId",
          "^" + Subscriptions.ID_PATTERN + "$",
          "alertId",
          "^" + Alert.ID_PATTERN + "$");

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

  /** Adds the parameter's format or pattern to its definition. */
  static void constrain(String name, ObjectNode parameter) {
    if (FORMATS.containsKey(name)) {
      parameter.put("format", FORMATS.get(name));
    }
    if (PATTERNS.containsKey(name)) {
      parameter.put("pattern", PATTERNS.get(name));
    }
  }

  static String summary(String name) {
    Doc doc = DOCS.get(name);
    return doc == null ? Schemas.summary(name) : doc.summary();
  }

  static String description(String name) {
    Doc doc = DOCS.get(name);
    return doc == null ? "The " + Schemas.summary(name).toLowerCase() + "." : doc.description();
  }
}
