package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.util.regex.Pattern;

/**
 * A search of the app gallery, validated so that nothing a caller types can change the OData filter
 * it becomes.
 *
 * @param nameContains text the display name contains, or null
 * @param category a gallery category, or null
 * @param top page size, 1 to 100
 */
public record TemplateQuery(String nameContains, String category, int top) {
  /** Largest page; the connector definition states the same bound. */
  public static final int MAX_TOP = 100;

  /** A gallery category: one word. The connector definition states the same pattern. */
  public static final String CATEGORY_PATTERN = "[A-Za-z][A-Za-z0-9]{0,39}";

  /** What a name search takes: printable characters. */
  public static final String NAME_PATTERN = "[^\\x00-\\x1F\\x7F-\\x9F]{0,100}";

  private static final Pattern CATEGORY = Pattern.compile(CATEGORY_PATTERN);

  /**
   * Reads the caller's query parameters.
   *
   * @throws Failure.InvalidInput for an over-long name, a category that is not one word, or a page
   *     size out of range
   */
  public static TemplateQuery parse(String nameContains, String category, String top) {
    if (nameContains != null && !nameContains.matches(NAME_PATTERN)) {
      throw Failure.invalid("nameContains must be at most 100 printable characters.");
    }
    String name = nameContains == null || nameContains.isBlank() ? null : nameContains.trim();
    String cat = category == null || category.isBlank() ? null : category.trim();
    if (cat != null && !CATEGORY.matcher(cat).matches()) {
      throw Failure.invalid(
          "category must be one gallery category word, such as collaboration or crm.");
    }
    return new TemplateQuery(name, cat, PageSize.parse(top, 25, MAX_TOP));
  }

  /** The OData {@code $filter}, every value quoted with {@code '} doubled; null when none. */
  public String filter() {
    StringBuilder f = new StringBuilder();
    if (nameContains != null) {
      f.append("contains(displayName,").append(quote(nameContains)).append(')');
    }
    if (category != null) {
      f.append(f.isEmpty() ? "" : " and ")
          .append("categories/any(c:c eq ")
          .append(quote(category))
          .append(')');
    }
    return f.isEmpty() ? null : f.toString();
  }

  static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
