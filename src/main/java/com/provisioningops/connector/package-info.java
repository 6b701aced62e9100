/**
 * The connector definition built from the functions' own annotations (Swagger 2.0 for Power
 * Platform, OpenAPI 3), its package, export links and drift check (ADR 0004). Core: imports no
 * Functions, Azure SDK or Graph type.
 */
package com.provisioningops.connector;
