package com.provisioningops.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.devhost.Ports;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.logs.LogSource;
import com.provisioningops.provisioning.ProvisioningEvent;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provisioning-log reader over real HTTP against the sandbox: a recorded Graph event field by
 * field, pages of 500 by verbatim nextLinks, 429s waited out, the audit limit kept, and each
 * failure typed.
 */
class GraphLogReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUDIT = "/auditLogs/provisioning";
  private static GraphSandbox sandbox;
  private GraphConnection graph;

  /** The tests' events lie in the hour after this, away from the seed's own events. */
  private final Instant now = Instant.now().plus(Duration.ofHours(1));

  @BeforeAll
  static void startSandbox() throws Exception {
    sandbox = GraphSandbox.start(0);
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void freshTenant() {
    sandbox.reset();
    sandbox.auditThrottle(false);
    graph =
        GraphConnection.create(
            sandbox.baseUrl(), null, Duration.ofMillis(1500), Duration.ofSeconds(3));
  }

  private ObjectNode recorded(Instant at) throws Exception {
    ObjectNode e =
        (ObjectNode)
            JSON.readTree(getClass().getResourceAsStream("/graph/provisioning-event.json"));
    return e.put("activityDateTime", at.toString());
  }

  private void givenEvents(int n, Instant newest) throws Exception {
    List<ObjectNode> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(recorded(newest.minusMillis(40L * i)).put("id", "evt-" + i));
    }
    sandbox.tenant().addEvents(events);
  }

  private LogSource.LogPage readFirst(GraphLogReader reader, List<ProvisioningEvent> into) {
    return reader.read(now.minus(Duration.ofHours(1)), now, null, now.plusSeconds(30), into::add);
  }

  @Test
  void aRecordedEventIsReadWithGraphsNamesFieldByField() throws Exception {
    sandbox.tenant().addEvents(List.of(recorded(now.minusSeconds(60))));
    List<ProvisioningEvent> events = new ArrayList<>();

    LogSource.LogPage page = readFirst(GraphLogReader.unpaced(graph), events);

    assertThat(page.events()).isEqualTo(1);
    assertThat(page.nextLink()).isNull();
    assertThat(page.requests()).isEqualTo(1);
    ProvisioningEvent e = events.get(0);
    assertThat(e.id()).isEqualTo("R7PBNVDL_0D2A8B54-7A2C-4E1A-9B3C-5D6E7F8A9B0C");
    assertThat(e.activityDateTime()).isEqualTo(now.minusSeconds(60));
    assertThat(e.jobId()).startsWith("scim.8b2a3e7f");
    assertThat(e.cycleId()).isEqualTo("0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d");
    assertThat(e.servicePrincipalId()).isEqualTo("c3b2a1f0-e9d8-4c7b-6a5f-4e3d2c1b0a9f");
    assertThat(e.servicePrincipalName()).isEqualTo("Contoso HR SCIM");
    assertThat(e.action()).isEqualTo("update");
    assertThat(e.status()).isEqualTo("failure");
    assertThat(e.errorCode()).isEqualTo("SystemForCrossDomainIdentityManagementBadResponse");
    assertThat(e.errorCategory()).isEqualTo("failure");
    assertThat(e.reason()).contains("userName is not unique");
    assertThat(e.recommendedAction()).startsWith("Make userName unique");
    assertThat(e.sourceIdentityId()).isEqualTo("e4d3c2b1-a0f9-4e8d-7c6b-5a4f3e2d1c0b");
    assertThat(e.sourceIdentityName()).isEqualTo("Adele Vance");
    assertThat(e.targetIdentityId()).isEqualTo("2819c223-7f76-453a-919d-413861904646");
    assertThat(e.durationInMilliseconds()).isEqualTo(1843);
  }

  @Test
  void pagesOfFiveHundredAreFollowedByTheirNextLinkVerbatim() throws Exception {
    givenEvents(1200, now.minusSeconds(5));
    GraphLogReader reader = GraphLogReader.unpaced(graph);
    List<ProvisioningEvent> events = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();

    LogSource.LogPage page = readFirst(reader, events);
    sizes.add(page.events());
    while (page.nextLink() != null) {
      assertThat(page.nextLink()).startsWith(sandbox.baseUrl() + AUDIT + "?");
      page = reader.read(null, null, page.nextLink(), now.plusSeconds(30), events::add);
      sizes.add(page.events());
    }

    assertThat(sizes).containsExactly(500, 500, 200);
    Set<String> ids = new HashSet<>();
    events.forEach(e -> ids.add(e.id()));
    assertThat(ids).hasSize(1200);
    assertThat(sandbox.requestCounts()).containsEntry("GET " + AUDIT, 3L);
  }

  @Test
  void throttledAnswersAreWaitedOutForTheirRetryAfterAndCounted() throws Exception {
    givenEvents(3, now.minusSeconds(5));
    sandbox.faults().throttle(AUDIT, 1, 2);
    List<ProvisioningEvent> events = new ArrayList<>();
    long t0 = System.nanoTime();

    LogSource.LogPage page = readFirst(GraphLogReader.unpaced(graph), events);

    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(page.requests()).isEqualTo(3);
    assertThat(page.throttled()).isEqualTo(2);
    assertThat(events).hasSize(3);
  }

  @Test
  void aRetryAfterBeyondTheDeadlineGivesUpAtOnce() {
    sandbox.faults().throttle(AUDIT, 30, 1);
    long t0 = System.nanoTime();

    LogSource.LogPage page =
        GraphLogReader.unpaced(graph)
            .read(now.minusSeconds(60), now, null, Instant.now().plusSeconds(2), e -> {});

    assertThat(page.cutShort()).isTrue();
    assertThat(page.requests()).isEqualTo(1);
    assertThat(page.throttled()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void thePacedReaderKeepsUnderTheAuditLimitSoGraphNeverAnswers429() {
    sandbox.auditThrottle(true);
    GraphLogReader reader = new GraphLogReader(graph);
    Instant deadline = Instant.now().plusSeconds(2);
    int read = 0;
    int throttled = 0;

    int cutShort = 0;
    for (int i = 0; i < 6; i++) {
      LogSource.LogPage page = reader.read(now.minusSeconds(60), now, null, deadline, e -> {});
      throttled += page.throttled();
      if (page.cutShort()) {
        cutShort++;
      } else {
        read++;
      }
    }

    assertThat(read).isEqualTo(5);
    assertThat(cutShort).as("no room before the deadline").isEqualTo(1);
    assertThat(throttled).isZero();
    assertThat(sandbox.requestCounts()).containsEntry("GET " + AUDIT, 5L);
  }

  @Test
  void aRefusalIsForbidden() {
    sandbox.faults().error(AUDIT, 403, 1);

    assertThatThrownBy(() -> readFirst(GraphLogReader.unpaced(graph), new ArrayList<>()))
        .isInstanceOf(Failure.Forbidden.class);
  }

  @Test
  void aMalformedPageIsAnUpstreamFailure() {
    sandbox.faults().malformed(AUDIT, 1);

    assertThatThrownBy(() -> readFirst(GraphLogReader.unpaced(graph), new ArrayList<>()))
        .isInstanceOfSatisfying(
            Failure.Unavailable.class,
            f -> assertThat(f.source()).isEqualTo(Failure.Unavailable.Source.UPSTREAM));
  }

  @Test
  void anUnreachableGraphIsUnavailable() {
    GraphConnection offline =
        GraphConnection.create(
            URI.create("http://127.0.0.1:" + Ports.free() + "/v1.0"),
            null,
            Duration.ofMillis(800),
            Duration.ofSeconds(1));

    assertThatThrownBy(() -> readFirst(GraphLogReader.unpaced(offline), new ArrayList<>()))
        .isInstanceOf(Failure.Unavailable.class);
  }
}
