package com.provisioningops.connector;

import com.github.therapi.runtimejavadoc.CommentElement;
import com.github.therapi.runtimejavadoc.CommentText;
import com.github.therapi.runtimejavadoc.InlineLink;
import com.github.therapi.runtimejavadoc.InlineTag;
import com.github.therapi.runtimejavadoc.InlineValue;
import com.github.therapi.runtimejavadoc.ParamJavadoc;
import com.github.therapi.runtimejavadoc.RuntimeJavadoc;
import java.util.Optional;

/**
 * A record component's {@code @param} text as a sentence for the flow designer: the Javadoc the
 * build keeps (therapi's annotation processor), so a field is documented once, beside itself.
 */
final class FieldDocs {
  private FieldDocs() {}

  /** The description of {@code record}'s component {@code name}, when its Javadoc has one. */
  static Optional<String> of(Class<?> record, String name) {
    for (ParamJavadoc p : RuntimeJavadoc.getJavadoc(record).getRecordComponents()) {
      if (p.getName().equals(name)) {
        return sentence(p.getComment().getElements());
      }
    }
    return Optional.empty();
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
