package com.provisioningops.functions;

import com.microsoft.azure.functions.HttpRequestMessage;
import java.net.URI;
import java.util.Optional;

/**
 * How the app builds links to itself (the definition's {@code host}, export links, {@code
 * Location}, {@code nextLink}): {@code PUBLIC_BASE_URL} when set; else, only with {@code
 * TRUST_FORWARDED_HEADERS=true} (behind a proxy the operator controls), the proxy's {@code
 * X-Forwarded-Host} and {@code -Proto}; else the request's own {@code Host}. Believing forwarded
 * headers from anybody would let a caller plant their own host in links that others follow.
 */
public record Links(Optional<URI> publicBaseUrl, boolean trustForwardedHeaders) {

  URI base(HttpRequestMessage<?> req) {
    if (publicBaseUrl.isPresent()) {
      return publicBaseUrl.get();
    }
    URI uri = req.getUri();
    String scheme = uri.getScheme();
    String authority = uri.getRawAuthority();
    if (trustForwardedHeaders) {
      String host = Http.header(req, "x-forwarded-host");
      String proto = Http.header(req, "x-forwarded-proto");
      scheme = proto != null && proto.matches("https?") ? proto : scheme;
      authority = host != null && host.matches("[A-Za-z0-9.:-]{1,255}") ? host : authority;
    }
    return URI.create(scheme + "://" + authority);
  }
}
