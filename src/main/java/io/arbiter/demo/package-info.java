/**
 * The demo marketplace seeded into an empty database when {@code arbiter.demo.enabled} is true: users of
 * every role, an integration API key, and orders and disputes in every interesting state, and the desk's shared saved replies in five languages. It drives the
 * other modules only through their public services, as a marketplace would through the API.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "dispute", "evidence", "identity", "messaging", "order", "reply"})
package io.arbiter.demo;
