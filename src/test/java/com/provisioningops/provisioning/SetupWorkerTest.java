package com.provisioningops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.MutableClock;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphProvisioningClient;
import com.provisioningops.adapter.secrets.SealedTokens;
import com.provisioningops.devhost.Ports;
import com.provisioningops.failure.Failure;
import com.provisioningops.sandbox.GraphSandbox;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The setup worker against the real Graph adapter and sandbox, with an in-memory store that keeps
 * the ETag rules and a queue that records what it was asked: duplicate messages at once, a worker
 * that dies between Graph's answer and the write that records it, waits, and permanent failures.
 */
class SetupWorkerTest {
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final MemoryStore store = new MemoryStore();
  private final MemoryQueue queue = new MemoryQueue();
  private final List<String> watched = new java.util.concurrent.CopyOnWriteArrayList<>();
  private GraphProvisioning graph;

  @BeforeEach
  void freshTenant() {
    sandbox.reset();
    graph =
        new GraphProvisioningClient(
            GraphConnection.create(
                sandbox.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3)));
  }

  private SetupWorker worker(GraphProvisioning graph, CredentialVault vault) {
    return new SetupWorker(
        graph,
        new CredentialResolver(vault, new MemoryCredentialReferences(), clock),
        store,
        queue,
        clock,
        Duration.ofMinutes(30),
        Duration.ofMinutes(2),
        (sp, job, name) -> watched.add(job.value()),
        new SealedTokens(() -> new byte[32]));
  }

  private SetupWorker worker() {
    return worker(graph, name -> VaultSecret.of("vault-value-of-" + name));
  }

  private SetupState givenSetup(String name, boolean start) {
    SetupRequest request =
        new SetupRequest(
            sandbox.tenant().applicationTemplateIds().get(0),
            name,
            "scim",
            List.of(
                new CredentialInput("BaseAddress", "https://scim.example.com/v2", null, null),
                new CredentialInput("SecretToken", null, "token", null)),
            start);
    SetupState state =
        SetupState.start(
            ProvisioningSetup.idOf(name),
            "key-" + name,
            "hash",
            request,
            clock.instant(),
            "function key",
            null);
    assertThat(store.create(state)).isTrue();
    return state;
  }

  private long instantiations() {
    return sandbox.requestCounts().getOrDefault("POST /applicationTemplates/{id}/instantiate", 0L);
  }

  /** Delivers queued messages (moving the clock past their delays) until the setup is done. */
  private SetupState drain(SetupWorker worker, String setupId) {
    for (int i = 0; i < 200; i++) {
      MemoryQueue.Message m = queue.poll();
      if (m == null) {
        break;
      }
      clock.advance(m.delay());
      worker.run(m.setupId(), m.turn(), "message-" + i);
    }
    return store.find(setupId).orElseThrow();
  }

  @Test
  void setupRunsEveryStepAndStartsTheJob() {
    SetupState setup = givenSetup("Worker happy", true);

    worker().run(setup.setupId(), 0, "first");
    SetupState done = drain(worker(), setup.setupId());

    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.steps())
        .extracting(SetupState.SetupStep::step)
        .containsExactly(
            "checkCredentials",
            "instantiate",
            "waitForServicePrincipal",
            "createJob",
            "validateCredentials",
            "saveCredentials",
            "start");
    assertThat(done.claim()).isNull();
    assertThat(sandbox.tenant().jobJson(done.jobId()).path("schedule").path("state").asText())
        .isEqualTo("Active");
    assertThat(watched)
        .as("the new job is watched from its first poll")
        .containsExactly(done.jobId());
  }

  @Test
  void duplicateMessagesRunningAtOnceAddOneApp() throws Exception {
    SetupState setup = givenSetup("Worker twice", false);
    sandbox.faults().latency("/instantiate$", 300, 1);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs =
          List.of(0, 1, 2, 3).stream()
              .<Future<?>>map(
                  i ->
                      pool.submit(
                          () -> {
                            go.await();
                            return worker().run(setup.setupId(), 0, "duplicate-" + i);
                          }))
              .toList();
      go.countDown();
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
    SetupState done = drain(worker(), setup.setupId());

    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(instantiations()).isEqualTo(1);
    assertThat(sandbox.tenant().applicationsNamed("Worker twice")).hasSize(1);
  }

  @Test
  void workerThatDiesAfterInstantiateIsReconciledWhenItsMessageComesBack() {
    SetupState setup = givenSetup("Worker crash", false);
    AtomicBoolean crashed = new AtomicBoolean();
    GraphProvisioning dying = crashAfter("instantiate", crashed);

    try {
      worker(dying, name -> VaultSecret.of("v")).run(setup.setupId(), 0, "message-1");
    } catch (IllegalStateException processDied) {
      // The process died between Graph's answer and the write that records it.
    }
    assertThat(crashed).isTrue();
    assertThat(store.find(setup.setupId()).orElseThrow().claim()).isNotNull();
    worker().run(setup.setupId(), 0, "message-1");
    SetupState done = drain(worker(), setup.setupId());

    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.steps().get(1).detail()).startsWith("Adopted");
    assertThat(instantiations()).isEqualTo(1);
  }

  @Test
  void instantiateThatTimedOutIsLookedUpBeforeItIsTriedAgain() {
    SetupState setup = givenSetup("Worker timeout", false);
    // Graph adds the app, but its answer comes after the client gave up.
    sandbox.faults().lateAnswer("/instantiate$", 4_000, 1);

    worker().run(setup.setupId(), 0, "first");
    SetupState waiting = store.find(setup.setupId()).orElseThrow();
    assertThat(waiting.steps().get(1).outcome()).isEqualTo("waiting");
    SetupState done = drain(worker(), setup.setupId());

    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.steps().get(1).detail()).startsWith("Adopted");
    assertThat(sandbox.tenant().applicationsNamed("Worker timeout")).hasSize(1);
  }

  @Test
  void anotherMessageLeavesAStepAloneWhileItsClaimHolds() {
    SetupState setup = givenSetup("Worker held", false);
    AtomicBoolean crashed = new AtomicBoolean();
    try {
      worker(crashAfter("instantiate", crashed), name -> VaultSecret.of("v"))
          .run(setup.setupId(), 0, "holder");
    } catch (IllegalStateException processDied) {
      // The holder is gone; its claim still holds for two minutes.
    }

    worker().run(setup.setupId(), 0, "duplicate");
    assertThat(instantiations()).isEqualTo(1);
    assertThat(store.find(setup.setupId()).orElseThrow().servicePrincipalId()).isNull();

    clock.advance(Duration.ofMinutes(3));
    worker().run(setup.setupId(), 0, "duplicate");
    SetupState done = drain(worker(), setup.setupId());

    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(instantiations()).isEqualTo(1);
  }

  @Test
  void graphOutageIsWaitedOutWithBackoffThenFailsAfterTheMaxWait() {
    SetupState setup = givenSetup("Worker outage", false);
    sandbox.faults().error("/synchronization/jobs$", 500, -1);

    worker().run(setup.setupId(), 0, "first");
    SetupState waiting = store.find(setup.setupId()).orElseThrow();
    assertThat(waiting.status()).isEqualTo("running");
    assertThat(waiting.steps().get(waiting.steps().size() - 1).outcome()).isEqualTo("waiting");
    assertThat(queue.last().delay()).isEqualTo(Duration.ofSeconds(5));

    SetupState failed = drain(worker(), setup.setupId());

    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.failedStep()).isEqualTo("createJob");
    assertThat(failed.nextAction()).contains("still failing after 30 minutes");
    assertThat(failed.servicePrincipalId()).isNotNull();
    assertThat(Duration.between(setup.createdAt(), clock.instant()))
        .isGreaterThan(Duration.ofMinutes(30));
  }

  @Test
  void vaultRefusingTheAppFailsAtOnceNamingTheRole() {
    SetupState setup = givenSetup("Worker forbidden", false);
    CredentialVault forbidden =
        name -> {
          throw new Failure.Forbidden(
              "vault-forbidden",
              "Key Vault refuses the app",
              "Key Vault kv refused to get the secret '" + name + "'.",
              null,
              "Key Vault Secrets User on kv");
        };

    worker(graph, forbidden).run(setup.setupId(), 0, "first");
    SetupState failed = drain(worker(graph, forbidden), setup.setupId());

    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.failedStep()).isEqualTo("checkCredentials");
    assertThat(failed.nextAction()).startsWith("Grant Key Vault Secrets User on kv");
    assertThat(instantiations()).isZero();
  }

  @Test
  void olderTurnsAreDuplicatesAndChangeNothing() {
    SetupState setup = givenSetup("Worker stale", false);
    sandbox.tenant().setReplicationDelay(Duration.ofHours(1));
    worker().run(setup.setupId(), 0, "first");
    SetupState after = store.find(setup.setupId()).orElseThrow();
    assertThat(after.turn()).isEqualTo(1);

    worker().run(setup.setupId(), 0, "late-duplicate");

    assertThat(store.find(setup.setupId()).orElseThrow().version()).isEqualTo(after.version());
    sandbox.tenant().setReplicationDelay(Duration.ZERO);
  }

  @Test
  void poisonedMessageFailsItsSetupUnlessANewerTurnTookOver() {
    SetupState setup = givenSetup("Worker poison", false);
    sandbox.tenant().setReplicationDelay(Duration.ofHours(1));
    worker().run(setup.setupId(), 0, "first");

    worker().giveUp(setup.setupId(), 0);
    assertThat(store.find(setup.setupId()).orElseThrow().status()).isEqualTo("running");
    worker().giveUp(setup.setupId(), 1);

    SetupState failed = store.find(setup.setupId()).orElseThrow();
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.nextAction()).contains("were created");
    sandbox.tenant().setReplicationDelay(Duration.ZERO);
  }

  @Test
  void aSetupWhoseFirstMessageWasLostStillFinishesUnpolled() {
    SetupState setup = givenSetup("Worker lost message", false); // stored; its message never came
    SetupRecovery recovery = new SetupRecovery(store, queue, clock, Duration.ofMinutes(2));

    int early = recovery.revive();
    clock.advance(Duration.ofMinutes(3));
    int revived = recovery.revive();
    SetupState done = drain(worker(), setup.setupId());

    assertThat(early).as("not stalled yet").isZero();
    assertThat(revived).isEqualTo(1);
    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(recovery.revive()).isZero();
  }

  @Test
  void aSetupWaitingForItsNextTryIsNotRevivedBeforeThatTryIsOverdue() {
    SetupState setup = givenSetup("Worker waiting", false);
    sandbox.faults().error("/instantiate$", 503, 3);
    worker().run(setup.setupId(), 0, "first");
    queue.poll(); // the delayed message is on its way
    SetupRecovery recovery = new SetupRecovery(store, queue, clock, Duration.ofMinutes(2));

    clock.advance(Duration.ofMinutes(1));
    int whileWaiting = recovery.revive();

    assertThat(whileWaiting).isZero();
  }

  @Test
  void anAdoptedAppWhoseServicePrincipalNeverAppearsFailsAfterTheReplicationBound() {
    sandbox.tenant().setReplicationDelay(Duration.ofHours(1));
    try {
      SetupState setup = givenSetup("Worker no principal", false);
      AtomicBoolean crashed = new AtomicBoolean();
      try {
        worker(crashAfter("instantiate", crashed), name -> VaultSecret.of("v"))
            .run(setup.setupId(), 0, "m-1");
      } catch (IllegalStateException processDied) {
        // died between Graph's answer and the write that records it
      }
      worker().run(setup.setupId(), 0, "m-1");
      SetupState done = drain(worker(), setup.setupId());

      assertThat(done.status()).isEqualTo("failed");
      assertThat(done.nextAction()).contains("service principal");
      assertThat(instantiations()).isEqualTo(1);
    } finally {
      sandbox.tenant().setReplicationDelay(Duration.ZERO);
    }
  }

  @Test
  void aLostInstantiateAnswerIsLookedUpUntilGraphsQueriesCatchUpAndAddsOneApp() throws Exception {
    try (GraphSandbox lagging = GraphSandbox.start(Ports.free(), clock::instant)) {
      lagging.tenant().setQueryLag(Duration.ofSeconds(40));
      lagging.faults().lateAnswer("/instantiate$", 4_000, 1);
      SetupWorker worker =
          worker(
              new GraphProvisioningClient(
                  GraphConnection.create(
                      lagging.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3))),
              name -> VaultSecret.of("v"));
      SetupState setup = givenSetup("Worker lagging", false);

      worker.run(setup.setupId(), 0, "first");
      SetupState done = drain(worker, setup.setupId());

      assertThat(done.status()).isEqualTo("succeeded");
      assertThat(done.steps().get(1).detail()).startsWith("Adopted");
      assertThat(lagging.tenant().applicationsNamed("Worker lagging")).hasSize(1);
    }
  }

  /** The real adapter, except that the process "dies" right after Graph answered {@code method}. */
  private GraphProvisioning crashAfter(String method, AtomicBoolean crashed) {
    GraphProvisioning real = graph;
    return (GraphProvisioning)
        Proxy.newProxyInstance(
            GraphProvisioning.class.getClassLoader(),
            new Class<?>[] {GraphProvisioning.class},
            (proxy, m, args) -> {
              Object result;
              try {
                result = m.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
              if (m.getName().equals(method) && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("process died");
              }
              return result;
            });
  }

  /** Keeps the store's contract: one transaction per key, ETag-conditioned updates. */
  static final class MemoryStore implements SetupStore {
    private final Map<String, SetupState> states = new HashMap<>();
    private long versions;

    @Override
    public synchronized Optional<SetupState> find(String setupId) {
      return Optional.ofNullable(states.get(setupId));
    }

    @Override
    public synchronized boolean create(SetupState state) {
      if (states.containsKey(state.setupId())) {
        return false;
      }
      states.put(state.setupId(), state.withVersion("v" + ++versions));
      return true;
    }

    @Override
    public synchronized Optional<SetupState> update(SetupState state) {
      SetupState current = states.get(state.setupId());
      if (current == null || !current.version().equals(state.version())) {
        return Optional.empty();
      }
      SetupState saved = state.withVersion("v" + ++versions);
      states.put(state.setupId(), saved);
      return Optional.of(saved);
    }

    @Override
    public synchronized List<SetupState> running(int max) {
      return states.values().stream()
          .filter(SetupState::running)
          .sorted(java.util.Comparator.comparing(SetupState::updatedAt))
          .limit(max)
          .toList();
    }
  }

  /** Records messages in order; delivery is the test's job. */
  static final class MemoryQueue implements SetupQueue {
    record Message(String setupId, int turn, Duration delay) {}

    private final Deque<Message> messages = new ArrayDeque<>();

    @Override
    public synchronized void enqueue(String setupId, int turn, Duration delay) {
      messages.add(new Message(setupId, turn, delay));
    }

    synchronized Message poll() {
      return messages.poll();
    }

    synchronized Message last() {
      return messages.peekLast();
    }
  }
}
