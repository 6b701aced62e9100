package com.provisioningops.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the flow designer shows a name: "servicePrincipalId" becomes "Service principal ID". */
final class DesignerNames {
  private DesignerNames() {}

  /**
   * A property name as the flow designer should show it: "servicePrincipalId" → "Service principal
   * ID".
   */
  static String of(String name) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (Character.isUpperCase(c) && !word.isEmpty()) {
        words.add(word.toString());
        word.setLength(0);
      }
      word.append(c);
    }
    words.add(word.toString());
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String lower = w.toLowerCase(Locale.ROOT);
      String shown =
          lower.equals("id")
              ? "ID"
              : lower.equals("url")
                  ? "URL"
                  : i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : lower;
      out.append(i == 0 ? "" : " ").append(shown);
    }
    return out.toString();
  }
}
