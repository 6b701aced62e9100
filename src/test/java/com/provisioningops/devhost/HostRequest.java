package com.provisioningops.devhost;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The request a function receives, with header names lower-cased as the worker delivers them. */
record HostRequest(
    URI uri, HttpMethod method, Map<String, String> headers, Map<String, String> query, Object body)
    implements HttpRequestMessage<Object> {

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public HttpMethod getHttpMethod() {
    return method;
  }

  @Override
  public Map<String, String> getHeaders() {
    return headers;
  }

  @Override
  public Map<String, String> getQueryParameters() {
    return query;
  }

  @Override
  public Object getBody() {
    return body;
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
    return new Response.Builder().status(status);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
    return new Response.Builder().status(status);
  }

  /** What a function answers. */
  record Response(HttpStatusType status, Map<String, String> headers, Object body)
      implements HttpResponseMessage {

    @Override
    public HttpStatusType getStatus() {
      return status;
    }

    @Override
    public String getHeader(String key) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(key))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    @Override
    public Object getBody() {
      return body;
    }

    static final class Builder implements HttpResponseMessage.Builder {
      private HttpStatusType status = HttpStatus.OK;
      private final Map<String, String> headers = new LinkedHashMap<>();
      private Object body;

      @Override
      public Builder status(HttpStatusType status) {
        this.status = status;
        return this;
      }

      @Override
      public Builder header(String key, String value) {
        headers.put(key, value);
        return this;
      }

      @Override
      public Builder body(Object body) {
        this.body = body;
        return this;
      }

      @Override
      public HttpResponseMessage build() {
        return new Response(status, Map.copyOf(headers), body);
      }
    }
  }
}
