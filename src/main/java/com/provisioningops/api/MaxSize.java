package com.provisioningops.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The most characters a request text, or items a request list, may have, as the server checks it:
 * the definition states it as {@code maxLength} or {@code maxItems}. Give the same constant the
 * validation uses.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface MaxSize {
  int value();
}
