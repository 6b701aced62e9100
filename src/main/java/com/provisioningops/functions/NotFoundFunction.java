package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.DELETE;
import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.HttpMethod.HEAD;
import static com.microsoft.azure.functions.HttpMethod.OPTIONS;
import static com.microsoft.azure.functions.HttpMethod.PATCH;
import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.HttpMethod.PUT;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.ANONYMOUS;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import java.util.Optional;

/**
 * Answers every request no other function's route matches with a problem+json 404. The host ranks a
 * catch-all route below every literal and parameter route, so this never shadows a real one.
 */
public final class NotFoundFunction {
  private final Http http;

  public NotFoundFunction(Http http) {
    this.http = http;
  }

  /** A 404 problem naming the method and path that matched nothing. */
  @FunctionName("NotFound")
  @Operation(
      id = "NotFound",
      summary = "Unknown route",
      description = "Answers a problem+json 404 for any route the app does not serve.",
      visibility = Operation.Visibility.INTERNAL,
      connector = false)
  public HttpResponseMessage notFound(
      @HttpTrigger(
              name = "req",
              methods = {GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS},
              authLevel = ANONYMOUS,
              route = "{*path}")
          HttpRequestMessage<Optional<String>> req) {
    String path = req.getUri().getPath();
    return http.problem(
        req,
        Problem.of(
            404,
            "route-not-found",
            "No such route",
            "Nothing answers "
                + req.getHttpMethod()
                + " "
                + path
                + ". The API's operations are listed at /api/swagger.json."));
  }
}
