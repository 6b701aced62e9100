/**
 * Start-up: the one settings record ({@link com.provisioningops.app.AppSettings}) and the wiring
 * that builds adapters, core and functions and hands them to the Functions host. The only package
 * that knows every other.
 */
package com.provisioningops.app;
