package com.provisioningops.functions;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.connector.OperationSpec;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every HTTP function's {@code @HttpTrigger} (route, methods, auth level) and {@link
 * Operation} into the specs the definition is built from, so a route and its documentation cannot
 * drift apart.
 */
public final class OperationCatalog {
  /**
   * Every class that holds functions (HTTP, timer and queue): the one list the definition, the
   * status page and the wiring test read; a test fails when one is missing.
   */
  public static final List<Class<?>> FUNCTION_CLASSES =
      List.of(
          HealthFunctions.class,
          NotFoundFunction.class,
          StatusPage.class,
          JobFunctions.class,
          UploadFunctions.class,
          GalleryFunctions.class,
          LogFunctions.class,
          SetupFunctions.class,
          CredentialFunctions.class,
          DefinitionFunctions.class,
          ExportFunctions.class,
          AlertFunctions.class,
          TriggerFunctions.class,
          SubscriptionFunctions.class,
          DeliveryQueueFunctions.class,
          JobPollTimer.class,
          LogPollTimer.class,
          SetupQueueFunctions.class,
          SetupRecoveryTimer.class,
          CredentialExpiryTimer.class);

  private static final Pattern ROUTE_PARAMETER = Pattern.compile("\\{\\*?([A-Za-z0-9_]+)[^}]*}");

  private OperationCatalog() {}

  /** The documented HTTP operations, one per function and method. */
  public static List<OperationSpec> operations() {
    List<OperationSpec> specs = new ArrayList<>();
    for (Class<?> type : FUNCTION_CLASSES) {
      for (Method method : type.getMethods()) {
        FunctionName name = method.getAnnotation(FunctionName.class);
        Operation operation = method.getAnnotation(Operation.class);
        HttpTrigger trigger = trigger(method);
        if (name == null || operation == null || trigger == null) {
          continue;
        }
        String route = trigger.route().isBlank() ? name.value() : trigger.route();
        for (HttpMethod m : trigger.methods()) {
          specs.add(
              new OperationSpec(
                  name.value(),
                  m.name(),
                  route,
                  OperationSpec.Auth.valueOf(trigger.authLevel().name().toUpperCase(Locale.ROOT)),
                  operation,
                  parameters(route)));
        }
      }
    }
    return specs;
  }

  /** The names of the timer functions, for the status page's "last run" table. */
  public static List<String> timers() {
    List<String> names = new ArrayList<>();
    for (Class<?> type : FUNCTION_CLASSES) {
      for (Method method : type.getMethods()) {
        FunctionName name = method.getAnnotation(FunctionName.class);
        boolean timer =
            java.util.Arrays.stream(method.getParameters())
                .anyMatch(
                    p ->
                        p.isAnnotationPresent(
                            com.microsoft.azure.functions.annotation.TimerTrigger.class));
        if (name != null && timer) {
          names.add(name.value());
        }
      }
    }
    return names;
  }

  static HttpTrigger trigger(Method method) {
    for (Parameter p : method.getParameters()) {
      HttpTrigger trigger = p.getAnnotation(HttpTrigger.class);
      if (trigger != null) {
        return trigger;
      }
    }
    return null;
  }

  private static List<String> parameters(String route) {
    List<String> names = new ArrayList<>();
    Matcher m = ROUTE_PARAMETER.matcher(route);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
