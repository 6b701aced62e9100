package com.provisioningops.readiness;

import java.time.Instant;

/**
 * A named mark that some work last happened: a timer run, a log watermark.
 *
 * @param name unique name, such as {@code timer:JobPollTimer}
 * @param at when the work happened
 * @param detail what is worth knowing about it, such as the invocation id
 */
public record Checkpoint(String name, Instant at, String detail) {}
