package com.provisioningops.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.failure.Failure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Callback targets after DNS resolution (a fixed resolver stands in for DNS). */
class TargetCheckTest {
  private static final Map<String, String> DNS =
      Map.of(
          "hooks.example.com", "203.0.113.10",
          "rebind.example.com", "10.0.0.7",
          "metadata.example.com", "169.254.169.254",
          "cgnat.example.com", "100.64.1.1",
          "v6private.example.com", "fd12::1",
          "localhost", "127.0.0.1");

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String ip = DNS.get(host);
    if (ip == null) {
      // Literal addresses resolve to themselves, as InetAddress does.
      if (host.matches("[0-9.]+|\\[?[0-9a-fA-F:.]+]?")) {
        return new InetAddress[] {InetAddress.getByName(host)};
      }
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(ip)};
  }

  private final TargetCheck inAzure = new TargetCheck(TargetCheckTest::resolve, false);
  private final TargetCheck local = new TargetCheck(TargetCheckTest::resolve, true);

  private static void refused(TargetCheck check, String url, String why) {
    assertThatThrownBy(() -> check.check(url))
        .as(url)
        .isInstanceOf(Failure.InvalidInput.class)
        .hasMessageContaining(why);
  }

  @Test
  void aPublicHttpsHostIsAccepted() {
    assertThat(inAzure.check("https://hooks.example.com/flow?sig=x").getHost())
        .isEqualTo("hooks.example.com");
  }

  @Test
  void aNameThatResolvesToAPrivateOrMetadataAddressIsRefused() {
    refused(inAzure, "https://rebind.example.com/x", "private, link-local or reserved");
    refused(inAzure, "https://metadata.example.com/x", "private, link-local or reserved");
    refused(inAzure, "https://cgnat.example.com/x", "private, link-local or reserved");
    refused(inAzure, "https://v6private.example.com/x", "private, link-local or reserved");
    refused(inAzure, "https://169.254.169.254/metadata", "private, link-local or reserved");
  }

  @Test
  void theAzureHostAddressAndPrivateAddressesHiddenInIpv6FormsAreRefused() {
    refused(inAzure, "https://168.63.129.16/machine", "private, link-local or reserved");
    refused(inAzure, "https://[::10.0.0.1]/x", "private, link-local or reserved");
    refused(inAzure, "https://[::169.254.169.254]/x", "private, link-local or reserved");
    refused(inAzure, "https://[64:ff9b::10.1.2.3]/x", "private, link-local or reserved");
    refused(inAzure, "https://[64:ff9b::a9fe:a9fe]/x", "private, link-local or reserved");
    refused(inAzure, "https://[2002:c0a8:0101::1]/x", "private, link-local or reserved");
    refused(inAzure, "https://[2002:7f00:0001::1]/x", "private, link-local or reserved");
    refused(inAzure, "https://[64:ff9b:1::1]/x", "private, link-local or reserved");
    assertThat(inAzure.check("https://[64:ff9b::cb00:7107]/x").getHost())
        .as("NAT64 of a public address (203.0.113.7) is public")
        .isEqualTo("[64:ff9b::cb00:7107]");
    assertThat(inAzure.check("https://[2606:4700::1111]/x").getHost()).isNotNull();
  }

  @Test
  void loopbackIsAllowedOnlyOnALocalRunAndPlainHttpOnlyThere() {
    refused(inAzure, "http://localhost:7071/hook", "loopback");
    refused(inAzure, "https://127.0.0.1/hook", "loopback");
    assertThat(local.check("http://localhost:7071/hook").getPort()).isEqualTo(7071);
    refused(local, "http://hooks.example.com/hook", "must use https");
  }

  @Test
  void otherSchemesUserInfoAndUnknownHostsAreRefused() {
    refused(inAzure, "ftp://hooks.example.com/x", "absolute https URL");
    refused(inAzure, "https://user:pass@hooks.example.com/x", "user name or password");
    refused(inAzure, "https://nowhere.example.com/x", "does not resolve");
    refused(inAzure, "not a url", "absolute https URL");
  }
}
