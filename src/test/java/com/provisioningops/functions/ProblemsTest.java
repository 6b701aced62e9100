package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.failure.Failure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one mapping from typed failures to the problems HTTP callers see. */
class ProblemsTest {

  @Test
  void eachKindOfFailureAnswersItsStatusWithTypeTitleAndDetail() {
    assertThat(Problems.of(Failure.invalid("bad")).status()).isEqualTo(400);
    assertThat(Problems.of(Failure.notFound("gone")).status()).isEqualTo(404);
    assertThat(Problems.of(new Failure.NotFound("link-expired", "t", "d", null, true)).status())
        .isEqualTo(410);
    assertThat(Problems.of(new Failure.Conflict("c", "t", "d", null, false)).status())
        .isEqualTo(409);
    assertThat(Problems.of(new Failure.Forbidden("f", "t", "d", null, "a role")).status())
        .isEqualTo(403);
    assertThat(Problems.of(new Failure.UpstreamFailure("u", "t", "d", "req-1")).status())
        .isEqualTo(502);

    Problem problem = Problems.of(new Failure.InvalidInput("secret-not-found", "Title", "Detail"));
    assertThat(problem.type()).isEqualTo("/problems/secret-not-found");
    assertThat(problem.title()).isEqualTo("Title");
    assertThat(problem.detail()).isEqualTo("Detail");
  }

  @Test
  void reusedIdempotencyKeyIsUnprocessableNotAConflict() {
    Problem problem =
        Problems.of(new Failure.Conflict("idempotency-key-reused", "t", "d", null, true));

    assertThat(problem.status()).isEqualTo(422);
  }

  @Test
  void throttlingCarriesRetryAfterInWholeSecondsAndTheUpstreamRequestId() {
    Problem problem =
        Problems.of(
            new Failure.Throttled("graph-throttled", "t", "d", "req-9", Duration.ofMillis(1500)));

    assertThat(problem.status()).isEqualTo(429);
    assertThat(problem.headers()).containsEntry("Retry-After", "1");
    assertThat(problem.requestId()).contains("req-9");
  }

  @Test
  void outagesAreServiceUnavailableForOurDependenciesAndBadGatewayOrTimeoutForGraph() {
    assertThat(Problems.of(unavailable(Failure.Unavailable.Source.DEPENDENCY)).status())
        .isEqualTo(503);
    assertThat(Problems.of(unavailable(Failure.Unavailable.Source.UPSTREAM)).status())
        .isEqualTo(502);
    assertThat(Problems.of(unavailable(Failure.Unavailable.Source.UPSTREAM_TIMEOUT)).status())
        .isEqualTo(504);
    assertThat(Problems.of(unavailable(Failure.Unavailable.Source.DEPENDENCY)).headers())
        .containsEntry("Retry-After", "30");
  }

  @Test
  void redactedFailureKeepsItsKindAndLosesTheEchoedValue() {
    Failure echoed =
        new Failure.InvalidInput("graph-bad-request", "t", "The target rejected 's3cr3t'.", "r");

    Failure clean = echoed.redacted(d -> d.replace("s3cr3t", "***"));

    assertThat(clean).isInstanceOf(Failure.InvalidInput.class);
    assertThat(clean.detail()).isEqualTo("The target rejected '***'.");
    assertThat(clean.requestId()).contains("r");
  }

  private static Failure.Unavailable unavailable(Failure.Unavailable.Source source) {
    return new Failure.Unavailable("x", "t", "d", null, source, true, Duration.ofSeconds(30));
  }
}
