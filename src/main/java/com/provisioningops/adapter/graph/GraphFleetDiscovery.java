package com.provisioningops.adapter.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.graph.models.ServicePrincipalCollectionResponse;
import com.microsoft.graph.serviceprincipals.ServicePrincipalsRequestBuilder;
import com.provisioningops.monitoring.jobs.FleetDiscovery;
import com.provisioningops.monitoring.jobs.JobKey;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovers jobs the way Graph allows: list the enterprise apps (tag {@code
 * WindowsAzureActiveDirectoryIntegratedApp}, {@code $select=id,displayName}, {@code $top=999},
 * paged), then read each one's synchronization jobs through {@link BatchDispatcher}.
 *
 * <p>Needs {@code Application.Read.All} (or {@code Directory.Read.All}) and {@code
 * Synchronization.Read.All}.
 */
public final class GraphFleetDiscovery implements FleetDiscovery, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GraphConnection graph;
  private final BatchDispatcher dispatcher;

  public GraphFleetDiscovery(GraphConnection graph, int concurrency, Duration throttleBudget) {
    this.graph = graph;
    this.dispatcher = new BatchDispatcher(graph, concurrency, throttleBudget);
  }

  @Override
  public Discovered discover() {
    Map<String, String> apps = new LinkedHashMap<>();
    int requests = 0;
    ServicePrincipalsRequestBuilder list = graph.client.servicePrincipals();
    String what = "Listing enterprise apps";
    ServicePrincipalCollectionResponse page =
        GraphErrors.call(
            what,
            () ->
                list.get(
                    r -> {
                      r.queryParameters.filter =
                          "tags/any(t:t eq 'WindowsAzureActiveDirectoryIntegratedApp')";
                      r.queryParameters.select = new String[] {"id", "displayName"};
                      r.queryParameters.top = 999;
                    }));
    while (page != null) {
      requests++;
      if (page.getValue() != null) {
        page.getValue().forEach(sp -> apps.put(sp.getId(), sp.getDisplayName()));
      }
      String next = page.getOdataNextLink();
      page = next == null ? null : GraphErrors.call(what, () -> list.withUrl(next).get());
    }
    Map<String, String> reads = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>(apps.keySet());
    for (int i = 0; i < ids.size(); i++) {
      reads.put(Integer.toString(i), GraphPaths.jobIds(ids.get(i)));
    }
    Map<String, BatchDispatcher.Answer> answers = dispatcher.send(reads);
    requests += dispatcher.lastStats().batches();
    List<FoundJob> jobs = new ArrayList<>();
    int unread = 0;
    for (int i = 0; i < ids.size(); i++) {
      BatchDispatcher.Answer a = answers.get(Integer.toString(i));
      if (a != null && a.status() == 404) {
        continue; // no synchronization on this app
      }
      if (a == null || !a.ok()) {
        unread++;
        continue;
      }
      String sp = ids.get(i);
      try {
        for (JsonNode job : JSON.readTree(a.body()).path("value")) {
          JobKey.found(sp, job.path("id").asText())
              .ifPresent(key -> jobs.add(new FoundJob(key, apps.get(sp))));
        }
      } catch (IOException e) {
        unread++;
      }
    }
    return new Discovered(jobs, apps.size(), unread, requests);
  }

  @Override
  public void close() {
    dispatcher.close();
  }
}
