package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.MutableClock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Sealed paging and trigger states: their own key, an expiry, no edits, no other route. */
class PagingTokensTest {
  private final MutableClock clock = new MutableClock();
  private byte[] exportKey = key(1);
  private final byte[] pagingKey = key(2);
  private final PagingTokens tokens =
      new PagingTokens(() -> pagingKey.clone(), () -> exportKey.clone(), clock);

  private static byte[] key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  @Test
  void rotatingTheExportLinkKeyLeavesRunningTriggerStatesValid() {
    String sealed = tokens.seal("/api/alerts/poll", "1700000000000;");

    exportKey = key(9); // how the README revokes export links

    assertThat(tokens.open("/api/alerts/poll", sealed)).isEqualTo("1700000000000;");
  }

  @Test
  void aSealedStatePastItsLifetimeIsRefused() {
    String sealed = tokens.seal("/api/alerts/poll", "state");

    clock.advance(PagingTokens.LIFETIME.plusMinutes(1));

    assertThatThrownBy(() -> tokens.open("/api/alerts/poll", sealed))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void anEditedExpiryOrAnotherRouteIsRefused() {
    String sealed = tokens.seal("/api/jobs", "page-2");
    String[] parts = sealed.split("\\.");
    String extended = parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2];

    assertThatThrownBy(() -> tokens.open("/api/jobs", extended))
        .isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> tokens.open("/api/alerts", sealed))
        .isInstanceOf(ProblemException.class);
    clock.advance(Duration.ofHours(1));
    assertThat(tokens.open("/api/jobs", sealed)).isEqualTo("page-2");
  }
}
