package com.provisioningops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.MutableClock;
import com.provisioningops.failure.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ExportLinksTest {
  private byte[] key = "first-key-0123456789abcdef0123456".getBytes(StandardCharsets.UTF_8);
  private final MutableClock clock = new MutableClock();
  private final ExportLinks links = new ExportLinks(() -> key, Duration.ofHours(24), clock);

  private String token(ExportLink link) {
    return link.url().substring(link.url().lastIndexOf('/') + 1);
  }

  private static int status(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (Failure.Forbidden e) {
      return 403;
    } catch (Failure.NotFound e) {
      return e.expired() ? 410 : 404;
    }
  }

  @Test
  void mintedLinkIsValidUntilItExpires() {
    ExportLink link = links.mint("https://provops.example.com");

    assertThat(link.url()).startsWith("https://provops.example.com/api/export/definition/");
    assertThat(link.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    assertThatCode(() -> links.verify(token(link))).doesNotThrowAnyException();
    clock.advance(Duration.ofHours(24));
    assertThat(status(() -> links.verify(token(link)))).isEqualTo(410);
  }

  @Test
  void tamperedLinkIsForbidden() {
    String token = token(links.mint("https://x"));
    String payload =
        new String(
            Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
            StandardCharsets.UTF_8);
    String longer = payload.replaceAll("\"exp\":\\d+", "\"exp\":9999999999");
    String forged =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(longer.getBytes(StandardCharsets.UTF_8))
            + token.substring(token.indexOf('.'));

    assertThat(status(() -> links.verify(forged))).isEqualTo(403);
    assertThat(status(() -> links.verify("garbage"))).isEqualTo(403);
    assertThat(status(() -> links.verify(token + "x"))).isEqualTo(403);
  }

  @Test
  void rotatingTheKeyRevokesEveryLink() {
    String token = token(links.mint("https://x"));

    key = "second-key-0123456789abcdef012345".getBytes(StandardCharsets.UTF_8);

    assertThat(status(() -> links.verify(token))).isEqualTo(403);
  }

  @Test
  void linkCarriesNoSecret() {
    String token = token(links.mint("https://x"));
    String payload =
        new String(
            Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
            StandardCharsets.UTF_8);

    assertThat(payload).matches("\\{\"v\":1,\"exp\":\\d+,\"kid\":\"[0-9a-f]{8}\"}");
    assertThatThrownBy(() -> links.verify(null)).isInstanceOf(Failure.Forbidden.class);
  }
}
