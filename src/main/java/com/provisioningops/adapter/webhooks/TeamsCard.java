package com.provisioningops.adapter.webhooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.alerts.Alert;

/**
 * An alert change as an Adaptive Card, in the message envelope the Teams Workflows trigger "When a
 * Teams webhook request is received" takes ({@code {"type":"message","attachments":[{contentType:
 * "application/vnd.microsoft.card.adaptive", content: card}]}}): what broke, how bad, which app and
 * job, what to do, and buttons to the job and the status page.
 */
final class TeamsCard {
  private TeamsCard() {}

  static ObjectNode envelope(Alert a) {
    ObjectNode message = HttpReceiver.JSON.createObjectNode();
    message.put("type", "message");
    ObjectNode attachment = message.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    attachment.set("content", card(a));
    return message;
  }

  static ObjectNode card(Alert a) {
    ObjectNode card = HttpReceiver.JSON.createObjectNode();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    boolean resolved = a.state() == Alert.State.resolved;
    body.addObject()
        .put("type", "TextBlock")
        .put("text", (resolved ? "Resolved: " : "") + a.title())
        .put("weight", "Bolder")
        .put("size", "Medium")
        .put("wrap", true)
        .put(
            "color",
            resolved ? "Good" : a.severity() == Alert.Severity.critical ? "Attention" : "Warning");
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    fact(facts, "Severity", a.severity().name());
    fact(facts, "Change", a.change() == null ? "opened" : a.change().name());
    fact(facts, "App", a.appDisplayName());
    fact(facts, "Job", a.jobId());
    fact(facts, "Rule", a.rule());
    fact(facts, "Error code", a.errorCode());
    fact(facts, "First seen", a.firstSeenAt() == null ? null : a.firstSeenAt().toString());
    fact(facts, "Seen", a.occurrences() + (a.occurrences() == 1 ? " time" : " times"));
    fact(facts, "Acknowledged by", a.acknowledgedBy());
    body.addObject()
        .put("type", "TextBlock")
        .put("text", a.problem() == null ? "" : a.problem())
        .put("wrap", true);
    if (a.whatToDo() != null) {
      body.addObject()
          .put("type", "TextBlock")
          .put("text", "What to do: " + a.whatToDo())
          .put("wrap", true)
          .put("weight", "Bolder");
    }
    ArrayNode actions = card.putArray("actions");
    if (a.jobLink() != null) {
      actions
          .addObject()
          .put("type", "Action.OpenUrl")
          .put("title", "Open the job")
          .put("url", a.jobLink());
    }
    if (a.statusLink() != null) {
      actions
          .addObject()
          .put("type", "Action.OpenUrl")
          .put("title", "Status page")
          .put("url", a.statusLink());
    }
    if (a.troubleshootingUrl() != null) {
      actions
          .addObject()
          .put("type", "Action.OpenUrl")
          .put("title", "Troubleshooting")
          .put("url", a.troubleshootingUrl());
    }
    return card;
  }

  private static void fact(ArrayNode facts, String title, String value) {
    if (value != null && !value.isBlank()) {
      facts.addObject().put("title", title).put("value", value);
    }
  }
}
