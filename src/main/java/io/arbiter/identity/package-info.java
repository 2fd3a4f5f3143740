/**
 * Who is asking. Owns user accounts (the seeded demo users, admins made by the {@code admin create} command, and
 * parties named by imported orders), the integration's API keys, the security configuration (HTTP Basic for users,
 * an API key header for the marketplace's back end, OIDC bearer tokens in production) and the
 * {@link io.arbiter.identity.Actor} that every controller receives for the authenticated caller.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common"})
package io.arbiter.identity;
