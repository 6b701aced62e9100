package com.provisioningops.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request text the flow designer offers as a dropdown, filled from one of the app's own list
 * operations ({@code x-ms-dynamic-values}), so a maker picks by name instead of pasting an id.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface PickFrom {
  /** The list operation's operationId; it answers {@code {value: [...]}}. */
  String operation();

  /** The property of each listed item that becomes the value. */
  String value();

  /** The property of each listed item the designer shows. */
  String title();

  /** A path parameter of the operation the list needs, passed on under the same name. */
  String parameter() default "";
}
