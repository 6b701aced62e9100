package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.ANONYMOUS;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.monitoring.Readiness;
import com.provisioningops.monitoring.ReadinessReport;
import java.util.Optional;

/** Tells load balancers, admins and the run command whether the app can serve. */
public final class HealthFunctions {
  private final Http http;
  private final Readiness readiness;

  public HealthFunctions(Http http, Readiness readiness) {
    this.http = http;
    this.readiness = readiness;
  }

  /** 200 with the version and each dependency's state when all answer; 503 with the same if not. */
  @FunctionName("Health")
  @Operation(
      id = "GetHealth",
      summary = "Check that the app is ready",
      description =
          "Returns the app's version and whether each dependency it relies on answers. "
              + "Answers 503 with the same body when a dependency is down.",
      visibility = Operation.Visibility.INTERNAL,
      response = ReadinessReport.class,
      tag = "Operations")
  public HttpResponseMessage health(
      @HttpTrigger(name = "req", methods = GET, authLevel = ANONYMOUS, route = "health")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.guard(
        req,
        ctx,
        () -> {
          ReadinessReport report = readiness.report();
          return http.json(req, report.ready() ? 200 : 503, report);
        });
  }
}
