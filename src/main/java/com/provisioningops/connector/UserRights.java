package com.provisioningops.connector;

import java.util.List;
import java.util.Optional;

/**
 * What a signed-in user needs for an operation the app makes as them, in one sentence: the same
 * words in the operation's description and in the 403 a user without them gets.
 */
public final class UserRights {
  private UserRights() {}

  /** The operation's rights as a user; empty when it changes nothing in Graph. */
  public static Optional<Operation.AsUser> of(Operation operation) {
    return operation.asUser() == Operation.AsUser.NONE
        ? Optional.empty()
        : Optional.of(operation.asUser());
  }

  /** "Made as the signed-in user …: needs … and one of the roles …". */
  public static String sentence(Operation.AsUser rights) {
    return "Made as the signed-in user when the app runs with GRAPH_CHANGES_AS=user: the app"
        + " registration needs the delegated permission"
        + (rights.permissions().size() > 1 ? "s " : " ")
        + either(rights.permissions(), "and")
        + " (admin-consented), and the user "
        + (rights.owners() ? "must own the enterprise app or hold " : "must hold ")
        + (rights.roles().size() > 1 ? "one of the roles " : "the role ")
        + either(rights.roles(), "or")
        + ".";
  }

  private static String either(List<String> names, String joiner) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " "
        + joiner
        + " "
        + names.get(names.size() - 1);
  }
}
