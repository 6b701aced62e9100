package com.provisioningops.adapter;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * TLS towards the local sandboxes (Key Vault, the token service), whose certificates are made at
 * start and signed by nobody: any certificate is accepted, and only for a loopback host name.
 */
public final class LoopbackTls {
  private LoopbackTls() {}

  /** True for the host names this trust is for. */
  public static boolean isLoopback(String host) {
    return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
  }

  /**
   * Makes {@code http} accept the sandbox's self-signed certificate on loopback.
   *
   * @throws IllegalStateException when the JVM offers no TLS
   */
  public static OkHttpClient.Builder trustSandbox(OkHttpClient.Builder http) {
    X509TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return http.sslSocketFactory(tls.getSocketFactory(), trustAll)
          .hostnameVerifier((name, session) -> isLoopback(name));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot set up TLS for a local sandbox", e);
    }
  }
}
