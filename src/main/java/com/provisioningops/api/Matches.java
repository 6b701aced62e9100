package com.provisioningops.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The pattern a request text must match, as the server checks it: the definition states it, so a
 * flow maker sees the rule before a run fails. Give the same constant the validation uses.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Matches {
  /** A Java regular expression, matched against the whole text. */
  String value();
}
