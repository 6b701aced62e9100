package com.provisioningops.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Faults the sandbox injects into requests whose path (after {@code /v1.0}) matches a pattern:
 * latency, 429 storms with {@code Retry-After}, 5xx, timeouts (an answer slower than any client
 * waits) and malformed bodies. Each rule applies a number of times, or forever with -1.
 */
public final class Faults {
  /** What a rule does to a matching request. */
  public enum Kind {
    LATENCY,
    THROTTLE,
    ERROR,
    TIMEOUT,
    MALFORMED,
    /** The request is carried out, then its answer is held back (a caller that dies meanwhile). */
    LATE_ANSWER
  }

  /** One rule. */
  public static final class Rule {
    final Pattern path;
    final Kind kind;
    final int status;
    final int retryAfterSeconds;
    final long delayMillis;
    int remaining;

    Rule(
        String pathRegex,
        Kind kind,
        int count,
        int status,
        int retryAfterSeconds,
        long delayMillis) {
      this.path = Pattern.compile(pathRegex);
      this.kind = kind;
      this.remaining = count;
      this.status = status;
      this.retryAfterSeconds = retryAfterSeconds;
      this.delayMillis = delayMillis;
    }
  }

  private final List<Rule> rules = new ArrayList<>();

  /** Delays matching requests by {@code millis}. */
  public Faults latency(String pathRegex, long millis, int count) {
    return add(new Rule(pathRegex, Kind.LATENCY, count, 200, 0, millis));
  }

  /** Answers matching requests 429 with {@code Retry-After}. */
  public Faults throttle(String pathRegex, int retryAfterSeconds, int count) {
    return add(new Rule(pathRegex, Kind.THROTTLE, count, 429, retryAfterSeconds, 0));
  }

  /** Answers matching requests with a Graph error of {@code status} (5xx usually). */
  public Faults error(String pathRegex, int status, int count) {
    return add(new Rule(pathRegex, Kind.ERROR, count, status, 0, 0));
  }

  /** Holds matching requests for {@code millis} before answering, to trip client timeouts. */
  public Faults timeout(String pathRegex, long millis, int count) {
    return add(new Rule(pathRegex, Kind.TIMEOUT, count, 200, 0, millis));
  }

  /** Answers matching requests 200 with a body that is not JSON. */
  /** Carries out the next {@code count} matching requests but answers each after {@code millis}. */
  public Faults lateAnswer(String pathRegex, long millis, int count) {
    return add(new Rule(pathRegex, Kind.LATE_ANSWER, count, 200, 0, millis));
  }

  public Faults malformed(String pathRegex, int count) {
    return add(new Rule(pathRegex, Kind.MALFORMED, count, 200, 0, 0));
  }

  public synchronized void clear() {
    rules.clear();
  }

  private synchronized Faults add(Rule rule) {
    rules.add(rule);
    return this;
  }

  /** The rules that fire for {@code path} now, each used up once. */
  synchronized List<Rule> take(String path) {
    List<Rule> fired = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule.remaining != 0 && rule.path.matcher(path).find()) {
        if (rule.remaining > 0) {
          rule.remaining--;
        }
        fired.add(rule);
      }
    }
    rules.removeIf(r -> r.remaining == 0);
    return fired;
  }
}
