package com.provisioningops.connector;

import java.util.List;

/**
 * One HTTP operation as the definition describes it: the function's route, method and auth level
 * from its trigger, and what a person wrote in its {@link Operation} annotation.
 *
 * @param functionName the function's name
 * @param method the HTTP method, upper case
 * @param route the route under {@code /api}, such as {@code servicePrincipals/{sp}/...}
 * @param auth who may call it
 * @param operation the documentation
 * @param pathParameters names of the route's parameters, in order
 */
public record OperationSpec(
    String functionName,
    String method,
    String route,
    Auth auth,
    Operation operation,
    List<String> pathParameters) {

  public OperationSpec {
    pathParameters = List.copyOf(pathParameters);
  }

  /** The host's auth levels. */
  public enum Auth {
    ANONYMOUS,
    FUNCTION,
    ADMIN
  }
}
