package com.provisioningops.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.functions.OperationCatalog;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drift check tells a maker when a re-import is needed, and whether flows may break. */
class DefinitionDiffTest {
  private final ObjectNode current =
      new DefinitionBuilder(OperationCatalog.operations())
          .swagger(new DefinitionBuilder.Target(URI.create("https://x"), Optional.empty()));

  private ObjectNode previous() {
    return current.deepCopy();
  }

  private static ObjectNode op(ObjectNode doc, String path, String method) {
    return (ObjectNode) doc.path("paths").path(path).path(method);
  }

  private static final String JOB = "/servicePrincipals/{sp}/synchronization/jobs/{jobId}";

  @Test
  void sameDefinitionNeedsNoReimport() {
    DefinitionDiff.Result result = DefinitionDiff.compare(previous(), current);

    assertThat(result.reimport()).isFalse();
    assertThat(result.changes()).isEmpty();
  }

  @Test
  void operationTheAppNoLongerHasIsBreaking() {
    ObjectNode old = previous();
    op(old, JOB, "get").put("operationId", "GetJobLegacy");

    DefinitionDiff.Result result = DefinitionDiff.compare(old, current);

    assertThat(result.breaking()).isTrue();
    assertThat(result.changes())
        .extracting(DefinitionDiff.Change::change)
        .contains("operationRemoved", "operationAdded");
  }

  @Test
  void responsePropertyRemovedIsBreakingAndAddedIsNot() {
    ObjectNode old = previous();
    ((ObjectNode) old.path("definitions").path("JobView").path("properties"))
        .putObject("legacyField")
        .put("type", "string");
    ((ObjectNode) old.path("definitions").path("JobView").path("properties"))
        .remove("servicePrincipalId");

    DefinitionDiff.Result result = DefinitionDiff.compare(old, current);

    assertThat(result.changes())
        .anySatisfy(
            c -> {
              assertThat(c.change()).isEqualTo("responsePropertyRemoved");
              assertThat(c.location()).isEqualTo("response.legacyField");
              assertThat(c.breaking()).isTrue();
            })
        .anySatisfy(
            c -> {
              assertThat(c.change()).isEqualTo("responsePropertyAdded");
              assertThat(c.breaking()).isFalse();
            });
  }

  @Test
  void parameterNewlyRequiredOrRetypedIsBreaking() {
    ObjectNode old = previous();
    ArrayNode params = (ArrayNode) op(old, JOB, "get").path("parameters");
    ((ObjectNode) params.get(0)).put("type", "integer");
    ObjectNode optional = params.addObject();
    optional.put("name", "select").put("in", "query").put("required", false).put("type", "string");

    DefinitionDiff.Result result = DefinitionDiff.compare(old, current);

    assertThat(result.changes())
        .extracting(DefinitionDiff.Change::change)
        .contains("parameterTypeChanged", "parameterRemoved");
    assertThat(result.breaking()).isTrue();
  }

  @Test
  void aTightenedConstraintOrALostPickerIsBreakingAndALoosenedConstraintIsNot() {
    ObjectNode looser = previous();
    ObjectNode tighter = previous();
    for (JsonNode p : op(looser, "/alerts", "get").path("parameters")) {
      if (p.path("name").asText().equals("top")) {
        ((ObjectNode) p).put("maximum", 50); // the app now takes up to 100: looser
      }
    }
    for (JsonNode p : op(tighter, JOB, "get").path("parameters")) {
      if (p.path("name").asText().equals("jobId")) {
        ((ObjectNode) p).remove("pattern"); // the app now states a pattern: tighter
      }
    }

    DefinitionDiff.Result loosened = DefinitionDiff.compare(looser, current);
    DefinitionDiff.Result tightened = DefinitionDiff.compare(tighter, current);

    ObjectNode withPicker = previous();
    ObjectNode now = previous();
    for (JsonNode p : op(now, JOB, "get").path("parameters")) {
      ((ObjectNode) p).remove("x-ms-dynamic-values");
    }
    DefinitionDiff.Result pickerGone = DefinitionDiff.compare(withPicker, now);

    assertThat(pickerGone.changes())
        .extracting(DefinitionDiff.Change::change)
        .contains("pickerRemoved");
    assertThat(pickerGone.breaking()).isTrue();
    assertThat(loosened.breaking()).isFalse();
    assertThat(tightened.changes())
        .anySatisfy(
            c -> {
              assertThat(c.change()).isEqualTo("parameterConstraintTightened");
              assertThat(c.location()).isEqualTo("parameter jobId");
              assertThat(c.breaking()).isTrue();
            });
  }

  @Test
  void requestPropertyThatBecameRequiredIsBreaking() {
    ObjectNode old = previous();
    ((ObjectNode) old.path("definitions").path("CredentialInput")).remove("required");

    DefinitionDiff.Result result = DefinitionDiff.compare(old, current);

    assertThat(result.changes())
        .anySatisfy(
            c -> {
              assertThat(c.change()).isEqualTo("requestPropertyNowRequired");
              assertThat(c.location()).endsWith(".key");
              assertThat(c.breaking()).isTrue();
            });
  }

  @Test
  void aTriggerThatChangedKindOrLostAFieldItsFlowsUseIsBreaking() {
    ObjectNode old = previous();
    op(old, "/alerts/poll", "get").put("x-ms-trigger", "single");
    ObjectNode alert = (ObjectNode) old.path("definitions").path("Alert").path("properties");
    alert.putObject("legacyField").put("type", "string");

    DefinitionDiff.Result result = DefinitionDiff.compare(old, current);

    assertThat(result.breaking()).isTrue();
    assertThat(result.changes())
        .extracting(DefinitionDiff.Change::change, DefinitionDiff.Change::operationId)
        .contains(org.assertj.core.groups.Tuple.tuple("triggerChanged", "WhenAlertRaisedPolling"));
    assertThat(result.changes())
        .filteredOn(c -> c.operationId().equals("WhenAlertRaised"))
        .extracting(DefinitionDiff.Change::location)
        .anyMatch(l -> l.startsWith("notification") && l.contains("legacyField"));
  }

  @Test
  void versionsOfBothSidesAreReported() {
    ObjectNode old = previous();
    ((ObjectNode) old.path("info")).put("version", "0.9.0");

    DefinitionDiff.Result result = DefinitionDiff.compare(old, current);

    assertThat(result.previousVersion()).isEqualTo("0.9.0");
    assertThat(result.currentVersion()).isEqualTo(DefinitionBuilder.API_VERSION);
  }
}
