package com.provisioningops.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.graph.models.SynchronizationJob;
import com.microsoft.kiota.serialization.ParseNodeFactoryRegistry;
import com.provisioningops.sandbox.GraphSandbox;
import com.provisioningops.sandbox.SandboxTenant;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fleet poll's own job reader gives exactly what the SDK's parse nodes followed by {@link
 * GraphModels#toJob} give, for every kind of job the sandbox serves and for Graph's odd values.
 */
class JobJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // A Graph client registers the SDK's JSON parse nodes, as it does in the app.
    GraphConnection.create(
        java.net.URI.create("http://127.0.0.1:9/v1.0"),
        null,
        java.time.Duration.ofSeconds(1),
        java.time.Duration.ofSeconds(1));
  }

  static Stream<JsonNode> jobs() throws Exception {
    GraphSandbox sandbox = GraphSandbox.forTests();
    sandbox.reset();
    SandboxTenant tenant = sandbox.tenant();
    List<String> ids = tenant.jobIds();
    tenant.quarantine(ids.get(0), "EncounteredEscrowProportionThreshold");
    tenant.fail(ids.get(1), 4);
    tenant.pause(ids.get(2));
    tenant.runCycle();
    List<JsonNode> all = new ArrayList<>();
    ids.forEach(id -> all.add(tenant.jobJson(id)));
    all.add(odd("{'id':'a.b.c','templateId':'scim'}"));
    all.add(
        odd(
            "{'id':'a','schedule':{'interval':'P1DT2H','state':'Paused',"
                + "'expiration':'0001-01-01T00:00:00Z'},'status':{'code':'somethingNew',"
                + "'countSuccessiveCompleteFailures':'3','escrowsPruned':'true',"
                + "'quarantine':{'reason':'notAReason','currentBegan':'2026-11-30T10:00:00',"
                + "'seriesCount':2,'error':{'code':null,'message':null}},"
                + "'lastExecution':{'state':'EntryLevelErrors','countEscrowed':7,"
                + "'timeBegan':'2026-11-30T10:00:00.1234567Z','error':{'code':'E1',"
                + "'message':'m','tenantActionable':true}},"
                + "'steadyStateLastAchievedTime':'2026-11-30T10:00:00+02:00'}}"));
    all.add(odd("{'id':'a','schedule':null,'status':null}"));
    return all.stream();
  }

  private static JsonNode odd(String json) throws Exception {
    return JSON.readTree(json.replace('\'', '"'));
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void readsEveryJobAsTheSdkPathDoes(JsonNode job) throws Exception {
    byte[] bytes = JSON.writeValueAsBytes(job);
    SynchronizationJob sdk =
        ParseNodeFactoryRegistry.defaultInstance
            .getParseNode("application/json", new ByteArrayInputStream(bytes))
            .getObjectValue(SynchronizationJob::createFromDiscriminatorValue);

    assertThat(JobJson.read(job)).isEqualTo(GraphModels.toJob(sdk));
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void aJobWhoseDateIsNotADateIsRefusedAsTheSdkRefusesIt(JsonNode job) {
    ObjectNode broken = job.deepCopy();
    broken.putObject("status").putObject("quarantine").put("nextAttempt", "soon");

    assertThatThrownBy(() -> JobJson.read(broken)).isInstanceOf(RuntimeException.class);
  }
}
