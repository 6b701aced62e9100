package com.provisioningops.failure;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Why the core could not do what it was asked, in the core's own words. The set is closed: the
 * functions layer maps each kind to a problem response in one place, timers and queue functions
 * record it, and whether a step is retried depends on {@link #retryable()}, never on an HTTP
 * status.
 *
 * <p>Every failure has a stable {@link #code()} (the problem {@code type}'s last segment), a {@link
 * #title()} that does not change between occurrences, and a detail (the message) that says what
 * went wrong this time and what to do about it. Details never carry a secret value.
 */
public abstract sealed class Failure extends RuntimeException
    permits Failure.InvalidInput,
        Failure.NotFound,
        Failure.Conflict,
        Failure.Forbidden,
        Failure.Throttled,
        Failure.Unavailable,
        Failure.UpstreamFailure {

  private final String code;
  private final String title;
  private final transient Optional<String> requestId;

  private Failure(String code, String title, String detail, String requestId) {
    super(detail, null, false, false);
    this.code = code;
    this.title = title;
    this.requestId = Optional.ofNullable(requestId);
  }

  /** A stable, URL-safe name of this kind of failure, such as {@code secret-not-found}. */
  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  /** What went wrong this time and what the caller can do about it. */
  public String detail() {
    return getMessage();
  }

  /** The upstream service's request id (Graph's {@code request-id}) when one was involved. */
  public Optional<String> requestId() {
    return requestId;
  }

  /** True when the same call may succeed later without anybody changing anything. */
  public abstract boolean retryable();

  /**
   * The same failure with its detail passed through {@code redact}, for text that may echo what was
   * sent (a target app quoting a submitted credential).
   */
  public abstract Failure redacted(UnaryOperator<String> redact);

  /** How long to wait before trying again, when the failure says. */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }

  public static InvalidInput invalid(String detail) {
    return new InvalidInput("bad-request", "The request is not valid", detail);
  }

  public static NotFound notFound(String detail) {
    return new NotFound("not-found", "Not found", detail, null, false);
  }

  /** The caller's input is wrong; calling again with the same input fails the same way. */
  public static final class InvalidInput extends Failure {
    public InvalidInput(String code, String title, String detail) {
      this(code, title, detail, null);
    }

    public InvalidInput(String code, String title, String detail, String requestId) {
      super(code, title, detail, requestId);
    }

    @Override
    public InvalidInput redacted(UnaryOperator<String> redact) {
      return new InvalidInput(code(), title(), redact.apply(detail()), requestId().orElse(null));
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** What was asked for does not exist, or no longer does ({@link #expired()}). */
  public static final class NotFound extends Failure {
    private final boolean expired;

    public NotFound(String code, String title, String detail, String requestId, boolean expired) {
      super(code, title, detail, requestId);
      this.expired = expired;
    }

    /** True when it existed and has expired, as opposed to never having existed. */
    public boolean expired() {
      return expired;
    }

    @Override
    public NotFound redacted(UnaryOperator<String> redact) {
      return new NotFound(
          code(), title(), redact.apply(detail()), requestId().orElse(null), expired);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /**
   * The request conflicts with the current state, or ({@link #withEarlierRequest()}) with an
   * earlier request made under the same idempotency key.
   */
  public static final class Conflict extends Failure {
    private final boolean withEarlierRequest;

    public Conflict(
        String code, String title, String detail, String requestId, boolean withEarlierRequest) {
      super(code, title, detail, requestId);
      this.withEarlierRequest = withEarlierRequest;
    }

    public boolean withEarlierRequest() {
      return withEarlierRequest;
    }

    @Override
    public Conflict redacted(UnaryOperator<String> redact) {
      return new Conflict(
          code(), title(), redact.apply(detail()), requestId().orElse(null), withEarlierRequest);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /**
   * Somebody lacks a permission or role: the caller, or the app's own identity towards a service.
   * {@link #missing()} names what must be granted.
   */
  public static final class Forbidden extends Failure {
    private final String missing;

    public Forbidden(String code, String title, String detail, String requestId, String missing) {
      super(code, title, detail, requestId);
      this.missing = missing;
    }

    /** The permission or role to grant, such as {@code Key Vault Secrets User on kv-creds}. */
    public String missing() {
      return missing;
    }

    @Override
    public Forbidden redacted(UnaryOperator<String> redact) {
      return new Forbidden(
          code(), title(), redact.apply(detail()), requestId().orElse(null), missing);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** Too many calls: wait {@link #retryAfter()} and try again. */
  public static final class Throttled extends Failure {
    private final Duration retryAfter;

    public Throttled(String code, String title, String detail, String requestId, Duration wait) {
      super(code, title, detail, requestId);
      this.retryAfter = wait;
    }

    @Override
    public Throttled redacted(UnaryOperator<String> redact) {
      return new Throttled(
          code(), title(), redact.apply(detail()), requestId().orElse(null), retryAfter);
    }

    @Override
    public boolean retryable() {
      return true;
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.of(retryAfter);
    }
  }

  /**
   * A service did not answer, or answered that it cannot now. Transient unless it is missing
   * altogether ({@link #retryable()} false: a setting or deployment must change first).
   */
  public static final class Unavailable extends Failure {
    /** Whose outage this is, which decides how a caller should read it. */
    public enum Source {
      /** One of the app's own dependencies: storage, a vault, the app's configuration. */
      DEPENDENCY,
      /** The upstream API the caller asked the app to reach (Graph) failed. */
      UPSTREAM,
      /** The upstream API did not answer in time. */
      UPSTREAM_TIMEOUT
    }

    private final Source source;
    private final boolean retryable;
    private final Duration retryAfter;

    public Unavailable(
        String code,
        String title,
        String detail,
        String requestId,
        Source source,
        boolean retryable,
        Duration retryAfter) {
      super(code, title, detail, requestId);
      this.source = source;
      this.retryable = retryable;
      this.retryAfter = retryAfter;
    }

    /** The app lacks a setting it needs for this: not retryable until an admin sets it. */
    public static Unavailable notConfigured(String code, String title, String detail) {
      return new Unavailable(code, title, detail, null, Source.DEPENDENCY, false, null);
    }

    /** One of the app's own dependencies failed; try again after {@code retryAfter}. */
    public static Unavailable dependency(
        String code, String title, String detail, Duration retryAfter) {
      return new Unavailable(code, title, detail, null, Source.DEPENDENCY, true, retryAfter);
    }

    /** The upstream API failed ({@code requestId} is its own, when it gave one). */
    public static Unavailable upstream(String code, String title, String detail, String requestId) {
      return new Unavailable(code, title, detail, requestId, Source.UPSTREAM, true, null);
    }

    /** The upstream API did not answer in time: it may have done what was asked. */
    public static Unavailable timeout(String code, String title, String detail, String requestId) {
      return new Unavailable(code, title, detail, requestId, Source.UPSTREAM_TIMEOUT, true, null);
    }

    public Source source() {
      return source;
    }

    @Override
    public Unavailable redacted(UnaryOperator<String> redact) {
      return new Unavailable(
          code(),
          title(),
          redact.apply(detail()),
          requestId().orElse(null),
          source,
          retryable,
          retryAfter);
    }

    @Override
    public boolean retryable() {
      return retryable;
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }

  /** An upstream service failed in a way that retrying will not fix (say, it refused our login). */
  public static final class UpstreamFailure extends Failure {
    public UpstreamFailure(String code, String title, String detail, String requestId) {
      super(code, title, detail, requestId);
    }

    @Override
    public UpstreamFailure redacted(UnaryOperator<String> redact) {
      return new UpstreamFailure(code(), title(), redact.apply(detail()), requestId().orElse(null));
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }
}
