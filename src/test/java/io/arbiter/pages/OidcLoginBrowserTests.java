package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.IdentityProvider;
import io.arbiter.support.Marketplace;

/** Logging in to the pages through the marketplace's OpenID Connect provider. */
@BrowserTest
class OidcLoginBrowserTests extends ApiTest {

    /** One for the run: the H2 and the PostgreSQL class share it, and contexts are cached beyond either class. */
    static final IdentityProvider PROVIDER = new IdentityProvider();

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        String registration = "spring.security.oauth2.client.registration.marketplace.";
        registry.add(registration + "client-id", () -> IdentityProvider.CLIENT_ID);
        registry.add(registration + "client-secret", () -> IdentityProvider.CLIENT_SECRET);
        registry.add(registration + "client-name", () -> "the marketplace");
        registry.add(registration + "scope", () -> "openid,profile");
        registry.add("spring.security.oauth2.client.provider.marketplace.issuer-uri", PROVIDER::issuer);
    }

    @Test
    void aPartyKnownFromItsOrdersLogsInThroughTheProviderWithItsRole() {
        Marketplace.Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        PROVIDER.logsInNext(Map.of("sub", buyer.id(), "name", "Alice from the marketplace"));
        try (Browser browser = new Browser(port, true)) {
            browser.open("/login").click("Log in with the marketplace");
            browser.waitForText("Signed in as Alice from the marketplace (buyer)").waitForText(orderId);
        }
    }

    @Test
    void someoneArbiterDoesNotKnowAndWithoutARoleIsRefused() {
        PROVIDER.logsInNext(Map.of("sub", "stranger-1", "name", "A stranger"));
        try (Browser browser = new Browser(port, false)) {
            browser.open("/login").click("Log in with the marketplace");
            browser.waitForText("The identity provider's login was refused: 'stranger-1' is not a party");
            browser.open("/orders");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
        }
    }

    @Test
    void anAgentNamedByTheRoleClaimGetsTheConsole() {
        PROVIDER.logsInNext(Map.of("sub", "agent-from-sso", "name", "Sso Agent", "arbiter_role", "agent"));
        try (Browser browser = new Browser(port, false)) {
            browser.open("/login").click("Log in with the marketplace");
            browser.waitForText("Signed in as Sso Agent (agent)").waitForText("Case queue");
        }
    }
}
