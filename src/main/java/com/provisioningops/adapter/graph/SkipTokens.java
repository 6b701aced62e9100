package com.provisioningops.adapter.graph;

import com.provisioningops.failure.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens: Graph's {@code @odata.nextLink}, which the API never shows as such. A token
 * that does not lead back to the same Graph resource is refused, so a caller cannot point the app
 * at another URL or resource.
 */
final class SkipTokens {
  private SkipTokens() {}

  static String of(String graphNextLink) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(graphNextLink.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The Graph nextLink behind {@code token}.
   *
   * @throws Failure.InvalidInput when the token is not one this resource handed out
   */
  static String nextLink(GraphConnection graph, String resourcePath, String token) {
    String link;
    try {
      link = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!link.startsWith(graph.baseUrl + resourcePath + "?")) {
      throw invalid();
    }
    return link;
  }

  private static Failure.InvalidInput invalid() {
    return Failure.invalid(
        "skipToken is not valid here: pass the nextLink of the previous page as it was given.");
  }
}
