/**
 * HTTP concerns shared by every module's controllers: every error as an RFC 9457 problem document
 * (with the field at fault and the reason), and {@code Idempotency-Key} handling for POST requests with
 * Stripe's semantics, and the OpenAPI document's cover (title, security schemes, examples). Owns no domain data.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "identity"})
package io.arbiter.web;
