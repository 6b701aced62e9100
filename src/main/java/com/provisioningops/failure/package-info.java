/**
 * The closed set of outcomes the core reports ({@link com.provisioningops.failure.Failure}), mapped
 * to problem+json in one place ({@code functions.Problems}). No dependencies.
 */
package com.provisioningops.failure;
