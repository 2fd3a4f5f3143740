package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;
import io.arbiter.webhook.LoopbackWebhooks;

@BrowserTest
// The webhook tests' context: the endpoint this walk adds is on localhost.
@LoopbackWebhooks
class AdminAndInboxPagesBrowserTests extends ApiTest {

    @Test
    void anAdminReadsThePolicyAndUsersAddsAWebhookEndpointAndSeesItsDeliveryLog() {
        Marketplace.Person admin = marketplace.admin();
        try (Browser browser = new Browser(port, false)) {
            browser.logIn(admin.username(), Marketplace.PASSWORD).waitForText("Policy in force");
            assertThat(browser.text()).contains("Seller's response").contains("Wrong size")
                    .contains("a buyer who opened 6 disputes, a seller with 3 agents' decisions against it, within 90 days");
            browser.click("Users").waitForText("Add an agent or admin");
            assertThat(browser.text()).contains("Test " + admin.username());
            browser.click("Reconciliation").waitForText("Ledger and payouts agree");

            browser.click("Webhook endpoints").fill("webhook-url", "https://localhost:9/arbiter").fill("webhook-description", "Back office");
            browser.click("Add the endpoint").waitForText("The signing secret, shown only now");
            String endpointPage = browser.driver().getCurrentUrl();

            marketplace.disputeAwaitingSeller();
            browser.waitFor(driver -> {
                driver.navigate().to(endpointPage);
                return driver.findElement(By.tagName("body")).getText().contains("dispute.opened");
            });
            browser.click("Disable").waitForText("disabled");
        }
    }

    @Test
    void aSellerOpensTheNoticeOfANewDisputeFromTheInbox() {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        try (Browser browser = new Browser(port, true)) {
            browser.logIn(dispute.seller().username(), Marketplace.PASSWORD);
            browser.waitFor(driver -> {
                browser.open("/inbox");
                return !driver.findElements(By.cssSelector("ul.cards form button")).isEmpty();
            });
            assertThat(browser.text()).contains("new");
            browser.driver().findElement(By.cssSelector("ul.cards form button")).click();
            browser.waitForText("Dispute on order " + dispute.orderId()).waitForText("Your move");
            browser.open("/inbox");
            assertThat(browser.driver().findElements(By.cssSelector(".badge.warn"))).isEmpty();
        }
    }
}
