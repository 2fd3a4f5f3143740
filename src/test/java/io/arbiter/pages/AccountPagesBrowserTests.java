package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;

@BrowserTest
class AccountPagesBrowserTests extends ApiTest {

    @Test
    void aBuyerLogsInPicksSpanishAndKeepsItAfterLoggingInAgain() {
        Marketplace.Person buyer = marketplace.buyer();
        try (Browser browser = new Browser(port, true)) {
            browser.logIn(buyer.username(), Marketplace.PASSWORD);
            assertThat(browser.text()).contains("Signed in as Test " + buyer.username() + " (buyer)");

            browser.click("Español").waitForText("Cerrar sesión");

            browser.logOut().logIn(buyer.username(), Marketplace.PASSWORD);
            assertThat(browser.text()).contains("Sesión iniciada como Test " + buyer.username() + " (comprador)");
        }
    }

    @Test
    void aWrongPasswordIsRefusedOnTheLoginPage() {
        Marketplace.Person buyer = marketplace.buyer();
        try (Browser browser = new Browser(port, true)) {
            browser.open("/login").fill("username", buyer.username()).fill("password", "wrong");
            browser.click("Log in").waitForText("That user name and password do not match.");
        }
    }

    @Test
    void aPageAsksStrangersToLogInFirst() {
        try (Browser browser = new Browser(port, false)) {
            browser.open("/orders");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
        }
    }
}
