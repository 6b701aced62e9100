package com.provisioningops.connector;

import com.github.therapi.runtimejavadoc.CommentElement;
import com.github.therapi.runtimejavadoc.CommentText;
import com.github.therapi.runtimejavadoc.InlineLink;
import com.github.therapi.runtimejavadoc.InlineTag;
import com.github.therapi.runtimejavadoc.InlineValue;
import com.github.therapi.runtimejavadoc.ParamJavadoc;
import com.github.therapi.runtimejavadoc.RuntimeJavadoc;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A record component's {@code @param} text as a sentence for the flow designer: the Javadoc the
 * build keeps (therapi's annotation processor), so a field is documented once, beside itself.
 */
final class FieldDocs {
  // Read once per record: every definition request would otherwise parse the same resources.
  private static final Map<Class<?>, Map<String, String>> BY_RECORD = new ConcurrentHashMap<>();

  private FieldDocs() {}

  /** The description of {@code record}'s component {@code name}, when its Javadoc has one. */
  static Optional<String> of(Class<?> record, String name) {
    return Optional.ofNullable(BY_RECORD.computeIfAbsent(record, FieldDocs::read).get(name));
  }

  private static Map<String, String> read(Class<?> record) {
    Map<String, String> out = new HashMap<>();
    for (ParamJavadoc p : RuntimeJavadoc.getJavadoc(record).getRecordComponents()) {
      sentence(p.getComment().getElements()).ifPresent(d -> out.put(p.getName(), d));
    }
    return Map.copyOf(out);
  }

  private static Optional<String> sentence(Iterable<CommentElement> elements) {
    StringBuilder text = new StringBuilder();
    for (CommentElement e : elements) {
      if (e instanceof CommentText t) {
        text.append(t.getValue());
      } else if (e instanceof InlineTag t) {
        text.append(t.getValue());
      } else if (e instanceof InlineLink l) {
        text.append(
            l.getLink().getLabel() != null
                ? l.getLink().getLabel()
                : l.getLink().getReferencedMemberName() != null
                    ? l.getLink().getReferencedMemberName()
                    : l.getLink().getReferencedClassName());
      } else if (e instanceof InlineValue v) {
        text.append(v.getValue().getReferencedMemberName());
      }
    }
    String s = text.toString().replaceAll("\\s+", " ").strip();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return Optional.of(s.endsWith(".") ? s : s + ".");
  }
}
