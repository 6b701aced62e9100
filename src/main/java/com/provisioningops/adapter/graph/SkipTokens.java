package com.provisioningops.adapter.graph;

import com.microsoft.graph.models.BaseCollectionPaginationCountResponse;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.Page;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

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

  /**
   * One page of a Graph collection: the first, or the one {@code skipToken} (a nextLink of the same
   * resource) points to.
   */
  static <R extends BaseCollectionPaginationCountResponse, S, T> Page<T> page(
      GraphConnection graph,
      String what,
      String resource,
      String skipToken,
      Supplier<R> first,
      Function<String, R> next,
      Function<R, List<S>> values,
      Function<S, T> map) {
    R response =
        skipToken == null || skipToken.isBlank()
            ? GraphErrors.call(what, first)
            : GraphErrors.call(what, () -> next.apply(nextLink(graph, resource, skipToken)));
    List<T> items = new ArrayList<>();
    List<S> raw = values.apply(response);
    if (raw != null) {
      raw.forEach(item -> items.add(map.apply(item)));
    }
    return new Page<>(items, Optional.ofNullable(response.getOdataNextLink()).map(SkipTokens::of));
  }
}
