/**
 * The driven adapters: each sub-package implements the core's ports over one outside system
 * (Microsoft Graph, Azure Storage, Key Vault, outbound HTTP). Adapters may import the core and
 * their own SDK; never each other, the functions layer or the wiring.
 */
package com.provisioningops.adapter;
