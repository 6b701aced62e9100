package com.provisioningops.adapter.graph;

import com.provisioningops.readiness.DependencyProbe;

/** Probes Graph with the cheapest read the app's permissions allow: one application template id. */
public final class GraphProbe implements DependencyProbe {
  private final GraphConnection graph;

  public GraphProbe(GraphConnection graph) {
    this.graph = graph;
  }

  @Override
  public String name() {
    return "graph";
  }

  @Override
  public void check() {
    GraphErrors.call(
        "Reading one application template",
        () ->
            graph
                .client
                .applicationTemplates()
                .get(
                    r -> {
                      r.queryParameters.top = 1;
                      r.queryParameters.select = new String[] {"id"};
                    }));
  }
}
