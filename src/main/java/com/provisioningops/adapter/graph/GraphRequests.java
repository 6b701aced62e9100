package com.provisioningops.adapter.graph;

import com.microsoft.graph.models.SynchronizationJobApplicationParameters;
import com.microsoft.graph.models.SynchronizationJobRestartCriteria;
import com.microsoft.graph.models.SynchronizationJobRestartScope;
import com.microsoft.graph.models.SynchronizationJobSubject;
import com.microsoft.graph.models.SynchronizationSecret;
import com.microsoft.graph.models.SynchronizationSecretKeyStringValuePair;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.item.provisionondemand.ProvisionOnDemandPostRequestBody;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.item.restart.RestartPostRequestBody;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.item.validatecredentials.ValidateCredentialsPostRequestBody;
import com.microsoft.graph.serviceprincipals.item.synchronization.secrets.SecretsPutRequestBody;
import com.provisioningops.provisioning.Credential;
import com.provisioningops.provisioning.ProvisionOnDemandRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The core's requests as Graph SDK request bodies: the other direction of {@link GraphModels}. */
final class GraphRequests {
  private GraphRequests() {}

  /** {@code PUT …/synchronization/secrets}: the credentials, values as resolved. */
  static SecretsPutRequestBody secrets(List<Credential> credentials) {
    SecretsPutRequestBody body = new SecretsPutRequestBody();
    body.setValue(pairs(credentials));
    return body;
  }

  /** {@code POST …/validateCredentials}. */
  static ValidateCredentialsPostRequestBody validation(
      List<Credential> credentials, boolean useSavedCredentials) {
    ValidateCredentialsPostRequestBody body = new ValidateCredentialsPostRequestBody();
    body.setCredentials(pairs(credentials));
    body.setUseSavedCredentials(useSavedCredentials);
    return body;
  }

  /** {@code POST …/restart} with Graph's reset-scope flags. */
  static RestartPostRequestBody restart(Set<String> resetScope) {
    EnumSet<SynchronizationJobRestartScope> scopes =
        EnumSet.noneOf(SynchronizationJobRestartScope.class);
    resetScope.forEach(s -> scopes.add(SynchronizationJobRestartScope.forValue(s)));
    SynchronizationJobRestartCriteria criteria = new SynchronizationJobRestartCriteria();
    criteria.setResetScope(scopes);
    RestartPostRequestBody body = new RestartPostRequestBody();
    body.setCriteria(criteria);
    return body;
  }

  /** {@code POST …/provisionOnDemand} for one user or group under one rule. */
  static ProvisionOnDemandPostRequestBody onDemand(ProvisionOnDemandRequest request) {
    SynchronizationJobSubject subject = new SynchronizationJobSubject();
    subject.setObjectId(request.objectId());
    subject.setObjectTypeName(request.objectTypeName());
    SynchronizationJobApplicationParameters parameters =
        new SynchronizationJobApplicationParameters();
    parameters.setRuleId(request.ruleId());
    parameters.setSubjects(List.of(subject));
    ProvisionOnDemandPostRequestBody body = new ProvisionOnDemandPostRequestBody();
    body.setParameters(List.of(parameters));
    return body;
  }

  private static List<SynchronizationSecretKeyStringValuePair> pairs(List<Credential> credentials) {
    List<SynchronizationSecretKeyStringValuePair> pairs = new ArrayList<>();
    for (Credential c : credentials) {
      SynchronizationSecretKeyStringValuePair pair = new SynchronizationSecretKeyStringValuePair();
      pair.setKey(SynchronizationSecret.forValue(c.key()));
      pair.setValue(c.value());
      pairs.add(pair);
    }
    return pairs;
  }
}
