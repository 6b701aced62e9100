package com.provisioningops.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.alerts.Alert;
import com.provisioningops.delivery.Subscriptions;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.uploads.Upload;
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
          "^" + Alert.ID_PATTERN + "$",
          "uploadId",
          "^" + Upload.ID_PATTERN + "$");

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
          new Doc("Link token", "The signed token of an export link."),
          "uploadId",
          new Doc("Upload ID", "ID of the upload, from Upload HR records."));

  private PathParameters() {}

  /**
   * A picker: the list operation the flow designer calls to offer values by name ({@code
   * x-ms-dynamic-values}), so a maker never pastes an object id.
   */
  private record Picker(String operationId, String valuePath, String titlePath) {}

  private static final Map<String, Picker> PICKERS =
      Map.of(
          "sp", new Picker("ListFleetJobs", "servicePrincipalId", "appDisplayName"),
          "servicePrincipalId", new Picker("ListFleetJobs", "servicePrincipalId", "appDisplayName"),
          "jobId", new Picker("ListFleetJobs", "jobId", "appDisplayName"),
          "templateId", new Picker("ListApplicationTemplates", "id", "displayName"),
          "alertId", new Picker("ListAlerts", "id", "title"),
          "uploadId", new Picker("ListUploads", "id", "requestedAt"));

  /** Adds the parameter's format or pattern, and its picker, to its definition. */
  static void constrain(String name, ObjectNode parameter) {
    offerPicker(name, parameter, true);
    if (FORMATS.containsKey(name)) {
      parameter.put("format", FORMATS.get(name));
    }
    if (PATTERNS.containsKey(name)) {
      parameter.put("pattern", PATTERNS.get(name));
    }
  }

  /**
   * Adds a picker to a path or query parameter that names an object the app can list. A job in a
   * path sits under its service principal, so its picker lists only that app's jobs.
   */
  static void offerPicker(String name, ObjectNode parameter, boolean inPath) {
    Picker picker = PICKERS.get(name);
    if (picker != null) {
      ObjectNode values =
          parameter
              .putObject("x-ms-dynamic-values")
              .put("operationId", picker.operationId())
              .put("value-collection", "value")
              .put("value-path", picker.valuePath())
              .put("value-title", picker.titlePath());
      if (inPath && name.equals("jobId")) {
        values.putObject("parameters").putObject("servicePrincipalId").put("parameter", "sp");
      }
      if (inPath && name.equals("uploadId")) {
        // An upload sits under its job: the picker lists that job's uploads.
        ObjectNode under = values.putObject("parameters");
        under.putObject("sp").put("parameter", "sp");
        under.putObject("jobId").put("parameter", "jobId");
      }
    }
  }

  static String summary(String name) {
    Doc doc = DOCS.get(name);
    return doc == null ? DesignerNames.of(name) : doc.summary();
  }

  static String description(String name) {
    Doc doc = DOCS.get(name);
    return doc == null ? "The " + DesignerNames.of(name).toLowerCase() + "." : doc.description();
  }
}
