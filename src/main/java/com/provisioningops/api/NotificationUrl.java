package com.provisioningops.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the request field that receives a webhook trigger's callback URL: the definition gives it
 * {@code x-ms-notification-url: true} and hides it ({@code x-ms-visibility: internal}), so Power
 * Automate fills it in.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface NotificationUrl {}
