package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.HttpMethod.PUT;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.provisioning.CredentialCheck;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.ProvisioningCredentials;
import com.provisioningops.provisioning.SaveCredentialsRequest;
import com.provisioningops.provisioning.SavedCredentials;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.provisioning.ValidateCredentialsRequest;
import java.util.Optional;

/** Provisioning credentials, given by Key Vault reference: the connector's credential actions. */
public final class CredentialFunctions {
  private final Http http;
  private final ProvisioningCredentials setup;

  public CredentialFunctions(Http http, ProvisioningCredentials setup) {
    this.http = http;
    this.setup = setup;
  }

  /** Saves the app's provisioning credentials, reading secret ones from Key Vault. */
  @FunctionName("SaveCredentials")
  @Operation(
      id = "SaveCredentials",
      asUser = Operation.AsUser.SYNCHRONIZATION,
      summary = "Save provisioning credentials",
      description =
          "Saves the credentials provisioning uses to reach the target app. Secret keys such as"
              + " SecretToken are given by the name of a Key Vault secret, never by value.",
      visibility = Operation.Visibility.IMPORTANT,
      request = SaveCredentialsRequest.class,
      response = SavedCredentials.class,
      tag = "Credentials")
  public HttpResponseMessage save(
      @HttpTrigger(
              name = "req",
              methods = PUT,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/credentials")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () ->
            http.changing(
                req,
                "SaveCredentials",
                by ->
                    setup
                        .as(by)
                        .save(
                            ServicePrincipalId.parse(sp),
                            http.body(req, SaveCredentialsRequest.class))));
  }

  /** Tests credentials against the target app before saving or starting. */
  @FunctionName("ValidateCredentials")
  @Operation(
      id = "ValidateCredentials",
      asUser = Operation.AsUser.SYNCHRONIZATION,
      summary = "Validate provisioning credentials",
      description =
          "Asks the target app, through Microsoft Graph, whether the credentials work. Answers"
              + " valid false with the target app's reason when they do not.",
      visibility = Operation.Visibility.IMPORTANT,
      request = ValidateCredentialsRequest.class,
      response = CredentialCheck.class,
      tag = "Credentials")
  public HttpResponseMessage validate(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}/validateCredentials")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () ->
            http.changing(
                req,
                "ValidateCredentials",
                by ->
                    setup
                        .as(by)
                        .validate(
                            ServicePrincipalId.parse(sp),
                            JobId.parse(jobId),
                            http.body(req, ValidateCredentialsRequest.class))));
  }
}
