/**
 * The triggers: HTTP, timer and queue functions. Each parses its input, calls the core and maps the
 * answer; the only package (besides the wiring) that imports the Functions library. Reaches
 * adapters only through the core's ports.
 */
package com.provisioningops.functions;
