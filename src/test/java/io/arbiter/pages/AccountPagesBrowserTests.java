package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

import io.arbiter.identity.UserDirectory;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;

@BrowserTest
class AccountPagesBrowserTests extends ApiTest {

    @Autowired
    UserDirectory users;

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
    void aBuyerPicksTheirTimeZoneAndTheDisputesDueTimeIsShownInIt() {
        Marketplace.Case dispute = marketplace.disputeAwaitingBuyer();
        try (Browser browser = new Browser(port, true)) {
            browser.logIn(dispute.buyer().username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
            assertThat(browser.text()).contains("UTC)");

            browser.click("Time zone: UTC").waitForText("Your time zone");
            new Select(browser.field("timeZone")).selectByValue("Asia/Tokyo");
            browser.click("Save").waitForText("Times are now shown in Asia/Tokyo.");

            browser.open("/disputes/" + dispute.id());
            assertThat(browser.text()).contains("Asia/Tokyo)").doesNotContain("UTC)");
            assertThat(users.zoneOf(dispute.buyer().id())).isEqualTo(ZoneId.of("Asia/Tokyo"));
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
