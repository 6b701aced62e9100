package com.provisioningops.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The batch items' paths are what the SDK's URI templates would have made of the same ids. */
class GraphPathsTest {
  private static final GraphConnection SDK =
      GraphConnection.create(
          URI.create("http://127.0.0.1:1/v1.0"), null, Duration.ofSeconds(1), Duration.ZERO);
  private static final String SP = "4f1e6a52-8c3d-4b7e-9a21-3c5d7e9f1a01";

  @Test
  void aJobsPathIsTheSdksForTheSameIds() throws Exception {
    for (String job :
        new String[] {
          "scim.7b1c8e2f4d3a4f6b9c8e2a1d5e7f9b30.95767c6f-57cf-bc3e-30c1-69742d6f6549",
          "API2AAD.e2b5c1d8.0a1b2c3d-0000-4000-8000-000000000001",
          "Azure2Azure.x_y~z.1",
          "odd id/with space&ä*+"
        }) {
      String sdk =
          relative(
              SDK.client
                  .servicePrincipals()
                  .byServicePrincipalId(SP)
                  .synchronization()
                  .jobs()
                  .bySynchronizationJobId(job)
                  .toGetRequestInformation()
                  .getUri());

      assertThat(GraphPaths.job(SP, job)).isEqualTo(sdk);
    }
  }

  @Test
  void aServicePrincipalsJobIdsPathIsTheSdksSelect() throws Exception {
    String sdk =
        relative(
            SDK.client
                .servicePrincipals()
                .byServicePrincipalId(SP)
                .synchronization()
                .jobs()
                .toGetRequestInformation(r -> r.queryParameters.select = new String[] {"id"})
                .getUri());

    assertThat(GraphPaths.jobIds(SP)).isEqualTo(sdk);
  }

  @Test
  void charactersOutsideTheUnreservedSetArePercentEncodedAsUtf8() {
    assertThat(GraphPaths.segment("a b/ä~")).isEqualTo("a%20b%2F%C3%A4%7E");
    assertThat(GraphPaths.segment("plain-id.1")).isEqualTo("plain-id.1");
  }

  private static String relative(URI uri) {
    return uri.getRawPath().substring("/v1.0".length())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }
}
