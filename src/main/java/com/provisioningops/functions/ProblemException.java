package com.provisioningops.functions;

/**
 * A refusal the functions layer itself decides on (a body that is not JSON, a missing role),
 * carrying the problem to answer. The core never throws it: it fails with {@code Failure}.
 */
final class ProblemException extends RuntimeException {
  private final transient Problem problem;

  ProblemException(Problem problem) {
    super(problem.title() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }
}
