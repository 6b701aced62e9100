package com.provisioningops.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** TLS for the sandboxes that Azure SDKs and MSAL only talk to over HTTPS. */
public final class SandboxTls {
  private SandboxTls() {}

  /**
   * A client-side TLS context that trusts any certificate: for clients of the sandboxes, whose
   * certificates are made at start and signed by nobody. Loopback only.
   */
  public static SSLContext trustingSandbox() {
    javax.net.ssl.X509TrustManager any =
        new javax.net.ssl.X509TrustManager() {
          @Override
          public void checkClientTrusted(
              java.security.cert.X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(
              java.security.cert.X509Certificate[] chain, String authType) {}

          @Override
          public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {any}, new SecureRandom());
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS context with a fresh self-signed certificate for localhost and 127.0.0.1. */
  static SSLContext selfSigned() throws IOException {
    try {
      Path dir = Files.createTempDirectory("sandbox-tls");
      Path store = dir.resolve("tls.p12");
      char[] password = UUID.randomUUID().toString().toCharArray();
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process p =
          new ProcessBuilder(
                  keytool,
                  "-genkeypair",
                  "-alias",
                  "tls",
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-dname",
                  "CN=localhost",
                  "-ext",
                  "SAN=dns:localhost,ip:127.0.0.1",
                  "-validity",
                  "7",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  store.toString(),
                  "-storepass",
                  new String(password),
                  "-keypass",
                  new String(password))
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException("keytool failed: " + output);
      }
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keyStore.load(in, password);
      }
      Files.deleteIfExists(store);
      Files.deleteIfExists(dir);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Cannot create the sandbox certificate", e);
    }
  }
}
