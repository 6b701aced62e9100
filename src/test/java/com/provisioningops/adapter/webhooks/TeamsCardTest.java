package com.provisioningops.adapter.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.alerts.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Teams message against a recorded request of the Workflows trigger "When a Teams webhook
 * request is received": same envelope, same card type and version, every field of the example
 * present with the same JSON type.
 */
class TeamsCardTest {
  private static Alert alert(Alert.State state) {
    return new Alert(
        "box.1~ab12~1764633600",
        "ab12",
        Alert.Source.jobStatus,
        "box.1",
        "box.1",
        "sp-1",
        "Box (HR)",
        "quarantined",
        "TooManyDeletes",
        Alert.Severity.critical,
        state,
        "Provisioning for Box (HR) is quarantined",
        "A cycle would delete too many accounts. What to do: check the scoping filters.",
        "check the scoping filters.",
        "AccidentalDeletionThresholdExceeded",
        "https://aka.ms/troubleshoot",
        null,
        true,
        Instant.parse("2026-12-01T10:00:00Z"),
        Instant.parse("2026-12-01T10:05:00Z"),
        2,
        null,
        null,
        state == Alert.State.resolved ? Instant.parse("2026-12-01T11:00:00Z") : null,
        "https://provops.example/api/servicePrincipals/sp-1/synchronization/jobs/box.1",
        "https://provops.example/api/status",
        state == Alert.State.resolved ? Alert.Change.resolved : Alert.Change.opened,
        state == Alert.State.resolved ? 2 : 1,
        Instant.parse("2026-12-01T10:00:00Z"),
        null);
  }

  private static JsonNode recorded() throws Exception {
    return HttpReceiver.JSON.readTree(
        TeamsCardTest.class.getResourceAsStream("/teams/workflows-webhook-request.json"));
  }

  /** Paths of the example that ours lacks, or holds with another JSON type. */
  private static List<String> missing(JsonNode example, JsonNode ours, String at) {
    List<String> out = new ArrayList<>();
    if (example.isObject()) {
      for (Iterator<String> it = example.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!ours.has(f) || ours.get(f).getNodeType() != example.get(f).getNodeType()) {
          out.add(at + "/" + f);
        } else if (!f.equals("body") && !f.equals("facts") && !f.equals("actions")) {
          out.addAll(missing(example.get(f), ours.get(f), at + "/" + f));
        }
      }
    } else if (example.isArray() && example.size() > 0) {
      out.addAll(missing(example.get(0), ours.get(0), at + "/0"));
    }
    return out;
  }

  @Test
  void theMessageHasTheShapeOfTheRecordedWorkflowsRequest() throws Exception {
    JsonNode example = recorded();
    ObjectNode ours = TeamsCard.envelope(alert(Alert.State.open));

    assertThat(missing(example, ours, "")).isEmpty();
    JsonNode attachment = ours.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText())
        .isEqualTo(example.path("attachments").get(0).path("contentType").asText());
    assertThat(attachment.path("contentUrl").isNull()).isTrue();
    JsonNode card = attachment.path("content");
    JsonNode exampleCard = example.path("attachments").get(0).path("content");
    assertThat(card.path("type").asText()).isEqualTo(exampleCard.path("type").asText());
    assertThat(card.path("version").asText()).isEqualTo(exampleCard.path("version").asText());
    assertThat(card.path("$schema").asText()).isEqualTo(exampleCard.path("$schema").asText());
  }

  @Test
  void theCardSaysWhatBrokeHowBadWhatToDoAndLinksTheJobAndStatusPage() {
    JsonNode card = TeamsCard.card(alert(Alert.State.open));

    assertThat(card.path("body").get(0).path("text").asText())
        .isEqualTo("Provisioning for Box (HR) is quarantined");
    assertThat(card.path("body").get(0).path("color").asText()).isEqualTo("Attention");
    assertThat(card.path("body").get(1).path("facts").toString())
        .contains("critical", "Box (HR)", "box.1", "AccidentalDeletionThresholdExceeded");
    assertThat(card.path("body").get(3).path("text").asText())
        .isEqualTo("What to do: check the scoping filters.");
    assertThat(card.path("actions").findValuesAsText("url"))
        .contains(
            "https://provops.example/api/servicePrincipals/sp-1/synchronization/jobs/box.1",
            "https://provops.example/api/status");
  }

  @Test
  void aResolvedAlertSaysSoInGreen() {
    JsonNode title = TeamsCard.card(alert(Alert.State.resolved)).path("body").get(0);

    assertThat(title.path("text").asText()).startsWith("Resolved: ");
    assertThat(title.path("color").asText()).isEqualTo("Good");
  }
}
