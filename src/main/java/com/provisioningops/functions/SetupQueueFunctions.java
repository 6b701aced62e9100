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
 * down) is thrown so that the message comes back.
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
      @BindingName("Id") String messageId,
      ExecutionContext ctx) {
    SetupMessage m = SetupMessage.parse(message);
    if (m == null) {
      ctx.getLogger().warning("Dropped a setups message that names no setup.");
      return;
    }
    String setupId = m.setupId();
    Optional<SetupState> state;
    try {
      state = worker.run(setupId, m.turn(), messageId);
    } catch (Failure f) {
      ctx.getLogger()
          .log(
              Level.WARNING,
              "Setup {0} (try {1}): {2} {3}",
              new Object[] {setupId, dequeueCount, f.code(), f.detail()});
      throw f;
    }
    if (state.isEmpty()) {
      // The POST stores before it enqueues: a message without a setup names none, and never will.
      ctx.getLogger()
          .warning("Dropped a setups message for setup " + setupId + ", which is not stored.");
      return;
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
    SetupMessage m = SetupMessage.parse(message);
    if (m != null) {
      worker.giveUp(m.setupId(), m.turn());
      ctx.getLogger().warning("Setup " + m.setupId() + ": a work item failed on every try.");
    }
  }

  private static String last(SetupState s) {
    SetupState.SetupStep step = s.steps().get(s.steps().size() - 1);
    return step.step() + " " + step.outcome();
  }

  /** A {@code setups} message: which setup, and which of its turns. */
  record SetupMessage(String setupId, int turn) {
    /** The message, or null when it is not one (it is dropped, never retried). */
    static SetupMessage parse(String message) {
      try {
        JsonNode json = JSON.readTree(message);
        String id = json.path("setupId").asText(null);
        return id != null && id.matches("[0-9a-f-]{36}")
            ? new SetupMessage(id, json.path("turn").asInt(0))
            : null;
      } catch (Exception e) {
        return null;
      }
    }
  }
}
