package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.provisioning.ProvisioningSetup;
import com.provisioningops.provisioning.SetupRequest;
import com.provisioningops.provisioning.SetupResult;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one-call setup, as Power Automate's asynchronous pattern: 202 with {@code Location} and
 * {@code Retry-After} while it runs, 200 with the outcome once it is done.
 */
public final class SetupFunctions {
  static final String RETRY_AFTER_SECONDS = "5";
  private final Http http;
  private final ProvisioningSetup setup;

  public SetupFunctions(Http http, ProvisioningSetup setup) {
    this.http = http;
    this.setup = setup;
  }

  /** Starts a one-call setup, or continues the one started with the same Idempotency-Key. */
  @FunctionName("StartSetup")
  @Operation(
      id = "StartSetup",
      asUser = Operation.AsUser.SETUP,
      summary = "Set up provisioning for a gallery app",
      description =
          "Adds a gallery app, waits until it is ready, creates its provisioning job, checks and"
              + " saves the credentials, and starts the job if asked. Runs in the background until"
              + " done, however long it takes.",
      visibility = Operation.Visibility.IMPORTANT,
      request = SetupRequest.class,
      response = SetupResult.class,
      accepted = true,
      query = {
        @Operation.Param(
            name = "Idempotency-Key",
            in = "header",
            required = true,
            minLength = 1,
            maxLength = ProvisioningSetup.MAX_KEY_LENGTH,
            summary = "Idempotency key",
            description =
                "Any text unique to this setup, such as guid(). Calling again with the same key"
                    + " continues the same setup instead of adding a second app.")
      },
      tag = "Setup")
  public HttpResponseMessage start(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "provisioning/setups")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return answer(
        req,
        ctx,
        () ->
            http.changing(
                req,
                "StartSetup",
                by ->
                    setup.begin(
                        Http.header(req, "idempotency-key"),
                        http.body(req, SetupRequest.class),
                        by)));
  }

  /** Where a setup stands; reading never advances it (its steps run from the setups queue). */
  @FunctionName("GetSetup")
  @Operation(
      id = "GetSetup",
      summary = "Get a provisioning setup",
      description = "Returns a one-call setup's progress, or its outcome once it is done.",
      visibility = Operation.Visibility.ADVANCED,
      response = SetupResult.class,
      accepted = true,
      tag = "Setup")
  public HttpResponseMessage get(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = FUNCTION,
              route = "provisioning/setups/{setupId}")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("setupId") String setupId,
      ExecutionContext ctx) {
    return answer(req, ctx, () -> setup.get(setupId));
  }

  private HttpResponseMessage answer(
      HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx,
      Supplier<SetupResult> action) {
    return http.withRoleCheck(
        req,
        ctx,
        () -> {
          SetupResult result = action.get();
          String location = http.baseUri(req) + "/api/provisioning/setups/" + result.setupId();
          if (result.status().equals("running")) {
            // The definition declares one response with a schema (the 200): a 202 has none.
            return req.createResponseBuilder(HttpStatusType.custom(202))
                .header("Location", location)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
          }
          return req.createResponseBuilder(HttpStatusType.custom(200))
              .header("Content-Type", Http.JSON)
              .header("Content-Location", location)
              .body(http.write(result))
              .build();
        });
  }
}
