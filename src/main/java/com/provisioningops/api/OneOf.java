package com.provisioningops.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a request text (or each text of a list) may take, as the server checks them: the
 * definition states them as an enum, which the flow designer shows as a dropdown.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface OneOf {
  String[] value();
}
