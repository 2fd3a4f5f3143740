/**
 * The web pages for buyers, sellers, agents and admins: server-rendered Thymeleaf with htmx, our own CSS,
 * every word from the {@code i18n} resource bundles in the user's language. Pages call the other modules'
 * services as the logged-in person, so a page can do exactly what that person may do through the API.
 * Owns no domain data.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "deadline", "demo", "dispute", "evidence", "identity", "messaging", "notification", "order", "reply", "settlement", "webhook"})
package io.arbiter.pages;
