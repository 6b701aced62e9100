package com.provisioningops.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Optional;

/**
 * Request bodies read as strictly as the definition states them: unknown fields, wrong JSON types,
 * trailing tokens and null for a number are refused with a 400 that names the field, never echoes
 * the body.
 */
final class JsonBodies {
  private final ObjectMapper reader;

  /**
   * @param mapper the API's mapper, copied and made strict
   */
  JsonBodies(ObjectMapper mapper) {
    // Unknown fields are refused, never ignored: a misspelt field must not be silently dropped.
    this.reader =
        mapper
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // A value of the wrong JSON type is refused too, as the definition's types say: false is not
    // the text "false", and "1" is not the number 1.
    reader
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    reader.coercionConfigDefaults().setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    reader
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    reader
        .coercionConfigFor(LogicalType.Enum)
        .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    reader
        .coercionConfigFor(LogicalType.DateTime)
        .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
  }

  /**
   * Reads {@code rawBody} as {@code type}.
   *
   * @param contentType the request's Content-Type; null when it sent none
   * @throws ProblemException 400 when the body is missing, not JSON, or has unknown or mistyped
   *     fields (the detail names the field, never the body); 413 when it is longer than {@code
   *     maxChars}; 415 when it is declared as something other than JSON
   */
  <T> T read(String contentType, Optional<String> rawBody, Class<T> type, int maxChars) {
    if (contentType != null && !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
      throw new ProblemException(
          Problem.of(
              415,
              "unsupported-media-type",
              "The body must be JSON",
              "Send the body as application/json, not "
                  + (contentType.length() > 80 ? contentType.substring(0, 80) + "…" : contentType)
                  + "."));
    }
    String body = rawBody == null ? null : rawBody.orElse(null);
    if (body == null || body.isBlank()) {
      throw badRequest("This operation needs a JSON body.");
    }
    if (body.length() > maxChars) {
      throw new ProblemException(
          Problem.of(
              413,
              "body-too-large",
              "The body is too large",
              "The body may be at most " + maxChars / 1024 + " KiB."));
    }
    try {
      T value = reader.readValue(body, type);
      if (value == null) {
        // The JSON literal null: there is nothing to read a field from.
        throw badRequest("This operation needs a JSON object as its body, not null.");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw badRequest(
          "Unknown field '"
              + e.getPropertyName()
              + "'"
              + at(e)
              + ". Known fields: "
              + e.getKnownPropertyIds()
              + ".");
    } catch (MismatchedInputException e) {
      throw badRequest("A field has the wrong type" + at(e) + ".");
    } catch (JsonProcessingException e) {
      throw badRequest(
          "The body is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ").");
    }
  }

  private static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of(400, "bad-request", "The request is not valid", detail));
  }

  /** Where in the body a mapping problem is, as a JSON path such as credentials[0].key. */
  private static String at(MismatchedInputException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "" : " at " + path;
  }
}
