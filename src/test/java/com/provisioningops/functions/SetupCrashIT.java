package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.adapter.storage.TableSetupStore;
import com.provisioningops.devhost.Azurite;
import com.provisioningops.devhost.Ports;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.provisioning.SetupState;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A dev host killed while Graph is adding the app (the call is carried out, its answer never
 * arrives) and a new one started in its place: the setup's message comes back, the dead worker's
 * claim is reconciled by looking the app up, and the setup ends with exactly one app.
 */
class SetupCrashIT {
  private final GraphSandbox graph = RunningApp.graph();

  @AfterEach
  void restoreSandbox() {
    graph.faults().clear();
  }

  @Test
  void hostKilledAfterInstantiateAndBeforeRecordingItStillEndsWithOneAppAndAFinishedSetup()
      throws Exception {
    try (Azurite storage =
        Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null)) {
      Map<String, String> settings = shortLeases(storage);
      String name = "Setup crash " + UUID.randomUUID().toString().substring(0, 8);
      String secret = aVaultSecret();
      long before = instantiations();
      graph.faults().lateAnswer("/instantiate$", 20_000, 1);
      String setupId;

      RunningApp first = RunningApp.start(settings);
      try {
        HttpResponse<String> accepted =
            first.startSetup(UUID.randomUUID().toString(), request(name, secret));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        setupId = OneCallSetupIT.setupIdOf(accepted);
        awaitAppAdded(name);
        first.kill();
      } finally {
        first.close();
      }
      assertThat(new TableSetupStore(first.tables()).find(setupId).orElseThrow().claim())
          .as("the dead worker's claim, with no outcome")
          .isNotNull();

      try (RunningApp second = RunningApp.start(settings)) {
        SetupState done = awaitFinished(new TableSetupStore(second.tables()), setupId);

        assertThat(done.status()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.steps().get(1).detail()).startsWith("Adopted");
        assertThat(graph.tenant().applicationsNamed(name)).hasSize(1);
        assertThat(instantiations()).isEqualTo(before + 1);
      }
    }
  }

  @Test
  void setupsSurviveTheHostKilledAtRandomPointsAndEachEndsWithOneAppWithNoFurtherPost()
      throws Exception {
    try (Azurite storage =
        Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null)) {
      Map<String, String> settings = shortLeases(storage);
      String secret = aVaultSecret();
      // Slow Graph, and queries that list a new app only seconds after it was made.
      graph.faults().latency("/instantiate$", 1_500, 50);
      graph.faults().latency("/synchronization/jobs$", 800, 50);
      graph.tenant().setQueryLag(Duration.ofSeconds(3));
      java.util.Random random = new java.util.Random(20261202L);
      Map<String, String> setups = new java.util.LinkedHashMap<>(); // setup id -> app name
      try {
        for (int life = 0; life < 3; life++) {
          RunningApp host = RunningApp.start(settings);
          try {
            for (int i = 0; i < 3; i++) {
              String name =
                  "Crash " + life + "-" + i + " " + UUID.randomUUID().toString().substring(0, 6);
              HttpResponse<String> accepted =
                  host.startSetup(UUID.randomUUID().toString(), request(name, secret));
              assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
              setups.put(OneCallSetupIT.setupIdOf(accepted), name);
            }
            Thread.sleep(300 + random.nextInt(2_500)); // somewhere in the middle of the steps
            host.kill();
          } finally {
            host.close();
          }
        }
        try (RunningApp last = RunningApp.start(settings)) {
          TableSetupStore store = new TableSetupStore(last.tables());
          Instant until = Instant.now().plus(Duration.ofSeconds(150));
          while (setups.keySet().stream()
              .anyMatch(id -> store.find(id).map(SetupState::running).orElse(true))) {
            assertThat(Instant.now()).as("every setup ends").isBefore(until);
            // The recovery timer, as it fires every two minutes in Azure; nobody POSTs again.
            assertThat(last.runFunction("SetupRecoveryTimer").statusCode()).isEqualTo(202);
            Thread.sleep(2_000);
          }
          for (var setup : setups.entrySet()) {
            SetupState done = store.find(setup.getKey()).orElseThrow();
            assertThat(done.status()).as(done.toString()).isEqualTo("succeeded");
            assertThat(graph.tenant().applicationsNamed(setup.getValue()))
                .as("apps named " + setup.getValue())
                .hasSize(1);
          }
        }
      } finally {
        graph.tenant().setQueryLag(Duration.ZERO);
      }
    }
  }

  /**
   * Storage of its own, so that no other test's dev host takes these setups' messages; claims and
   * queue leases of 5 s, so a killed host's work comes back quickly.
   */
  private static Map<String, String> shortLeases(Azurite storage) {
    return Map.of(
        "AzureWebJobsStorage", storage.connectionString(),
        "SETUP_CLAIM_TTL", "PT5S",
        "DEVHOST_QUEUE_LEASE", "PT5S");
  }

  private static String aVaultSecret() {
    String secret = "setup-crash-" + UUID.randomUUID().toString().substring(0, 8);
    RunningApp.credentialsVault().set(secret, "good");
    return secret;
  }

  private long instantiations() {
    return graph.requestCounts().getOrDefault("POST /applicationTemplates/{id}/instantiate", 0L);
  }

  private void awaitAppAdded(String name) throws InterruptedException {
    for (int i = 0; i < 100 && graph.tenant().applicationsNamed(name).isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertThat(graph.tenant().applicationsNamed(name)).as("Graph added the app").hasSize(1);
  }

  private static SetupState awaitFinished(TableSetupStore store, String setupId)
      throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      SetupState s = store.find(setupId).orElseThrow();
      if (!s.running()) {
        return s;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Setup still running: " + store.find(setupId));
  }

  private String request(String name, String secret) {
    return OneCallSetupIT.setupRequest(graph, name, secret, true);
  }
}
