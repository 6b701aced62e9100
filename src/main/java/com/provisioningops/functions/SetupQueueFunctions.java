package com.provisioningops.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.SetupState;
import com.provisioningops.provisioning.SetupWorker;
import java.util.Optional;
import java.util.logging.Level;

/**
 * Runs one-call setups from the {@code setups} queue. The platform delivers each message at least
 * once and retries it when the function throws (up to {@code maxDequeueCount}, then {@code
 * setups-poison}); the worker is safe to run twice. A failure the worker cannot record (storage
 * down, the setup not stored yet) is thrown so that the message comes back.
 */
public final class SetupQueueFunctions {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SetupWorker worker;

  public SetupQueueFunctions(SetupWorker worker) {
    this.worker = worker;
  }

  /** Runs a setup's next steps. */
  @FunctionName("RunSetup")
  public void run(
      @QueueTrigger(name = "message", queueName = "setups", connection = "AzureWebJobsStorage")
          String message,
      @BindingName("DequeueCount") long dequeueCount,
      ExecutionContext ctx) {
    String setupId = setupId(message);
    if (setupId == null) {
      ctx.getLogger().warning("Dropped a setups message that names no setup.");
      return;
    }
    Optional<SetupState> state;
    try {
      state = worker.run(setupId, ctx.getInvocationId());
    } catch (Failure f) {
      ctx.getLogger()
          .log(
              Level.WARNING,
              "Setup {0} (try {1}): {2} {3}",
              new Object[] {setupId, dequeueCount, f.code(), f.detail()});
      throw f;
    }
    if (state.isEmpty()) {
      // The POST enqueues before it stores: the setup may not be there yet. Come back later.
      throw Failure.notFound("Setup " + setupId + " is not stored (yet).");
    }
    SetupState s = state.get();
    ctx.getLogger()
        .info(
            "Setup "
                + setupId
                + " is "
                + s.status()
                + (s.steps().isEmpty() ? "" : " after " + last(s)));
  }

  /** Fails a setup whose message failed on every try, so that it is never silently lost. */
  @FunctionName("SetupPoison")
  public void poison(
      @QueueTrigger(
              name = "message",
              queueName = "setups-poison",
              connection = "AzureWebJobsStorage")
          String message,
      ExecutionContext ctx) {
    String setupId = setupId(message);
    if (setupId != null) {
      worker.giveUp(setupId);
      ctx.getLogger().warning("Setup " + setupId + " failed: its work item was set aside.");
    }
  }

  private static String last(SetupState s) {
    SetupState.SetupStep step = s.steps().get(s.steps().size() - 1);
    return step.step() + " " + step.outcome();
  }

  private static String setupId(String message) {
    try {
      JsonNode json = JSON.readTree(message);
      String id = json.path("setupId").asText(null);
      return id != null && id.matches("[0-9a-f-]{36}") ? id : null;
    } catch (Exception e) {
      return null;
    }
  }
}
