package com.provisioningops.connector;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * Documents one HTTP function for the connector definition. The route, methods and auth level come
 * from the function's own {@code @HttpTrigger}, so the two cannot drift apart; this annotation adds
 * what only a person can say.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Operation {

  /** Unique PascalCase operation id, which becomes the connector action's name. */
  String id();

  /** Action title in the flow designer: at most 80 characters, no {@code /}. */
  String summary();

  /** One or more sentences saying what the operation does. */
  String description();

  /** How prominently the flow designer shows the action. */
  Visibility visibility() default Visibility.NONE;

  /** The JSON body type, or {@code Void.class} when the operation takes none. */
  Class<?> request() default Void.class;

  /** The JSON type of the success response, or {@code Void.class} for none. */
  Class<?> response() default Void.class;

  /** Success status code: 200, or 201/202 where the operation creates or accepts. */
  int status() default 200;

  /** False keeps the operation out of the connector definition (it stays in OpenAPI 3). */
  boolean connector() default true;

  /** Grouping tag, as in Swagger UI. */
  String tag() default "";

  /** Query parameters the operation reads. */
  Param[] query() default {};

  /**
   * True for long-running operations that answer 202 with {@code Location} and {@code Retry-After}
   * until done, which Power Automate follows by itself.
   */
  boolean accepted() default false;

  /** True for lists that answer {@code {value, nextLink}} ({@code x-ms-pageable}). */
  boolean pageable() default false;

  /** {@code x-ms-trigger} ("batch" or "single") for trigger operations; empty for actions. */
  String trigger() default "";

  /** {@code x-ms-trigger-hint}: what the flow designer shows under a trigger. */
  String triggerHint() default "";

  /**
   * How a trigger works: {@code POLLING} answers 202 until there is data ({@code
   * x-ms-trigger-metadata}); {@code WEBHOOK} subscribes a callback URL and answers 201.
   */
  TriggerMode triggerMode() default TriggerMode.NONE;

  /** What a webhook trigger posts to its callback ({@code x-ms-notification-content}). */
  Class<?> notification() default Void.class;

  /**
   * What a signed-in user needs when the app changes the tenant as that user ({@code
   * GRAPH_CHANGES_AS=user}); {@code NONE} for operations that change nothing in Graph. Stated in
   * the operation's description, in {@code infra/graph-permissions.json}, and in the 403 a user
   * without it gets.
   */
  AsUser asUser() default AsUser.NONE;

  /**
   * Delegated Microsoft Graph permissions (consented for the app registration) and the Entra roles
   * of which the user needs one, as Graph's reference names them; its synchronization APIs also let
   * an owner of the enterprise app act without a role.
   */
  enum AsUser {
    NONE(List.of(), List.of(), false),
    SYNCHRONIZATION(
        List.of("Synchronization.ReadWrite.All"),
        List.of(
            "Application Administrator",
            "Cloud Application Administrator",
            "Hybrid Identity Administrator"),
        true),
    APPLICATIONS(
        List.of("Application.ReadWrite.All"),
        List.of("Application Administrator", "Cloud Application Administrator"),
        false),
    SETUP(
        List.of("Application.ReadWrite.All", "Synchronization.ReadWrite.All"),
        List.of("Application Administrator", "Cloud Application Administrator"),
        false),
    UPLOAD(List.of("SynchronizationData-User.Upload"), List.of("User Administrator"), false);

    private final List<String> permissions;
    private final List<String> roles;
    private final boolean owners;

    AsUser(List<String> permissions, List<String> roles, boolean owners) {
      this.permissions = permissions;
      this.roles = roles;
      this.owners = owners;
    }

    public List<String> permissions() {
      return permissions;
    }

    public List<String> roles() {
      return roles;
    }

    /** True when an owner of the enterprise app may do it without a role. */
    public boolean owners() {
      return owners;
    }
  }

  /** Power Automate's two kinds of trigger. */
  enum TriggerMode {
    NONE,
    POLLING,
    WEBHOOK
  }

  /** One query parameter. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({})
  @interface Param {
    String name();

    /** Where the parameter goes: query or header. */
    String in() default "query";

    String summary();

    String description();

    /** Swagger type: string, integer, boolean. */
    String type() default "string";

    /** Swagger format, such as date-time. */
    String format() default "";

    String[] allowed() default {};

    boolean required() default false;

    /** Smallest value an integer takes; none when left at {@link Integer#MIN_VALUE}. */
    int minimum() default Integer.MIN_VALUE;

    /** Largest value an integer takes; none when left at {@link Integer#MAX_VALUE}. */
    int maximum() default Integer.MAX_VALUE;

    /**
     * A Java regular expression the whole text must match; empty for none. An optional parameter
     * may also be empty (the server reads an empty value as not given).
     */
    String pattern() default "";

    /** Fewest characters a string takes; none when 0. */
    int minLength() default 0;

    /** Most characters a string takes; none when negative. */
    int maxLength() default -1;

    Visibility visibility() default Visibility.NONE;
  }

  /** {@code x-ms-visibility} of an operation. */
  enum Visibility {
    IMPORTANT,
    NONE,
    ADVANCED,
    INTERNAL
  }
}
