package com.provisioningops.devhost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTemplateTest {

  @Test
  void parametersBindTheirSegments() {
    RouteTemplate route = new RouteTemplate("servicePrincipals/{sp}/synchronization/jobs/{jobId}");
    assertThat(route.match("servicePrincipals/abc/synchronization/jobs/x.y.z"))
        .contains(Map.of("sp", "abc", "jobId", "x.y.z"));
  }

  @Test
  void literalsMatchIgnoringCase() {
    assertThat(new RouteTemplate("health").match("Health")).contains(Map.of());
  }

  @Test
  void extraOrMissingSegmentsDoNotMatch() {
    RouteTemplate route = new RouteTemplate("alerts/{alertId}");
    assertThat(route.match("alerts")).isEmpty();
    assertThat(route.match("alerts/1/acknowledge")).isEmpty();
  }

  @Test
  void percentEncodedSegmentsAreDecoded() {
    assertThat(new RouteTemplate("a/{b}").match("a/x%2Fy%20z")).contains(Map.of("b", "x/y z"));
  }

  @Test
  void optionalParameterMayBeAbsent() {
    RouteTemplate route = new RouteTemplate("export/{name?}");
    assertThat(route.match("export")).contains(Map.of());
    assertThat(route.match("export/x")).contains(Map.of("name", "x"));
  }

  @Test
  void catchAllTakesTheRestOfThePath() {
    assertThat(new RouteTemplate("{*path}").match("no/such/route"))
        .contains(Map.of("path", "no/such/route"));
  }

  @Test
  void literalBeatsParameterWhichBeatsCatchAll() {
    List<RouteTemplate> routes =
        new ArrayList<>(
            List.of(
                new RouteTemplate("{*path}"),
                new RouteTemplate("alerts/{alertId}"),
                new RouteTemplate("alerts/poll")));
    routes.sort(RouteTemplate.PRECEDENCE);
    assertThat(routes)
        .map(RouteTemplate::toString)
        .containsExactly("alerts/poll", "alerts/{alertId}", "{*path}");
  }
}
