package com.provisioningops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.failure.Failure;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogQueryTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final String JOB =
      "scim.7b1c8e2f4d3a4f6b9c8e2a1d5e7f9b30.95767c6f-57cf-bc3e-30c1-69742d6f6549";

  private static LogQuery parse(
      String jobId, String status, String since, String until, String top) {
    return LogQuery.parse(jobId, null, status, null, null, since, until, top, NOW);
  }

  @Test
  void graphFilterHoldsOnlyWhatGraphFiltersAndQuotesValues() {
    LogQuery q = parse(JOB, "failure", "2026-11-22T08:00:00Z", "2026-11-22T10:00:00Z", null);

    assertThat(q.graphFilter())
        .isEqualTo(
            "activityDateTime gt 2026-11-22T08:00:00Z and activityDateTime lt 2026-11-22T10:00:00Z and jobId eq '"
                + JOB
                + "'");
    assertThat(q.top()).isEqualTo(50);
  }

  @Test
  void injectionThroughAnIdIsRefusedBeforeAnyFilterIsBuilt() {
    assertThatThrownBy(() -> parse("x' or jobId ne '", null, null, null, null))
        .isInstanceOf(Failure.InvalidInput.class);
    assertThatThrownBy(
            () -> LogQuery.parse(null, "') or (1 eq 1", null, null, null, null, null, null, NOW))
        .isInstanceOf(Failure.InvalidInput.class);
  }

  @Test
  void quotesInsideAQuotedValueAreDoubled() {
    assertThat(TemplateQuery.quote("O'Reilly")).isEqualTo("'O''Reilly'");
    assertThat(TemplateQuery.parse("') or (1 eq 1", null, null).filter())
        .isEqualTo("contains(displayName,''') or (1 eq 1')");
  }

  @Test
  void badValuesAreRefusedByName() {
    assertThatThrownBy(() -> parse(null, "broken", null, null, null))
        .hasMessageContaining("status");
    assertThatThrownBy(() -> parse(null, null, "yesterday", null, null))
        .hasMessageContaining("since");
    assertThatThrownBy(() -> parse(null, null, "", null, null)).hasMessageContaining("since");
    assertThatThrownBy(() -> parse(null, null, null, null, "500")).hasMessageContaining("top");
  }

  @Test
  void aSinceBeyondTheThirtyDaysMicrosoftKeepsReadsAllThereIs() {
    LogQuery old = parse(null, null, "2020-01-01T00:00:00Z", null, null);

    assertThat(old.since()).isEqualTo(NOW.minus(java.time.Duration.ofDays(30)));
  }

  @Test
  void appSideFiltersMatchStatusActionAndIdentityName() {
    LogQuery q = LogQuery.parse(null, null, "failure", "update", "adele", null, null, null, NOW);
    ProvisioningEvent failedUpdate = event("failure", "update", "Adele Vance");

    assertThat(q.matches(failedUpdate)).isTrue();
    assertThat(q.matches(event("success", "update", "Adele Vance"))).isFalse();
    assertThat(q.matches(event("failure", "create", "Adele Vance"))).isFalse();
    assertThat(q.matches(event("failure", "update", "Lee Gu"))).isFalse();
  }

  private static ProvisioningEvent event(String status, String action, String name) {
    return new ProvisioningEvent(
        "e", NOW, JOB, "c", "sp", "App", action, status, null, null, null, null, "u", name, "t",
        10);
  }
}
