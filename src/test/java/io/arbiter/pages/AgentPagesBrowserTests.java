package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import org.springframework.test.context.TestPropertySource;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;

@BrowserTest
// A database of their own (shared by the two classes): an agent finds the new case in the queue's first page, which
// the cases every other test escalates would fill.
@TestPropertySource(properties = "arbiter.test.context=agent-queue")
class AgentPagesBrowserTests extends ApiTest {

    @Test
    void anAgentTakesACaseAsksTheBuyerExtendsADueTimeAndDecidesAPartialRefund() {
        Marketplace.Case dispute = marketplace.disputeInQueueWithComparablePhoto();
        Marketplace.Case other = marketplace.disputeAwaitingBuyer();
        marketplace.addDefectPhoto(other, dispute.id().hashCode());
        Marketplace.Person agent = marketplace.agent();
        try (Browser agentBrowser = new Browser(port, false); Browser buyer = new Browser(port, true)) {
            agentBrowser.logIn(agent.username(), Marketplace.PASSWORD);
            agentBrowser.waitForText("Case queue").click(dispute.orderId()).click("Take this case");
            agentBrowser.waitForText("Request information");
            assertThat(agentBrowser.driver().findElements(By.cssSelector(".gallery img"))).isNotEmpty();
            assertThat(agentBrowser.text()).contains("Integrity flag: EXACT_DUPLICATE");

            new Select(agentBrowser.field("info-from")).selectByValue("BUYER");
            agentBrowser.fill("question", "Please send a photo of the sole").click("Ask");
            agentBrowser.waitForText("Waiting for the buyer's answer");

            buyer.logIn(dispute.buyer().username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
            buyer.waitForText("Respond now").waitForText("Please send a photo of the sole");
            buyer.fill("answer", "The sole is fine, the stitching is not").click("Send the answer");
            buyer.waitForText("The sole is fine, the stitching is not");

            agentBrowser.open("/agent/disputes/" + dispute.id());
            agentBrowser.fill("extend-days", "3").fill("extend-reason", "Waiting for the carrier's report");
            agentBrowser.click("Extend a due time").waitForText("Waiting for the carrier's report");

            new Select(agentBrowser.field("decision-type")).selectByValue("PARTIAL_REFUND");
            agentBrowser.fill("decision-amount", "25").fill("decision-reasons", "The stitching came apart on one shoe");
            agentBrowser.click("Record the final decision").waitForText("Record this final decision?");
            assertThat(agentBrowser.text()).contains("€25.00").contains("This cannot be undone.");
            agentBrowser.click("Yes, confirm").waitForText("Resolved").waitForText("Your final decision is recorded.");

            buyer.waitForText("Resolved").waitForText("The stitching came apart on one shoe");
            assertThat(buyer.text()).contains("€25.00");
        }
    }

    @Test
    void anAgentsSuggestionIsCarriedOutOnceBothPartiesAcceptItOnTheirPages() {
        Marketplace.Case dispute = marketplace.disputeInQueue();
        Marketplace.Person agent = marketplace.agent();
        try (Browser agentBrowser = new Browser(port, false); Browser buyer = new Browser(port, true);
             Browser seller = new Browser(port, false)) {
            agentBrowser.logIn(agent.username(), Marketplace.PASSWORD).open("/agent/disputes/" + dispute.id());
            agentBrowser.click("Take this case").waitForText("Suggest a resolution");
            new Select(agentBrowser.field("suggestion-type")).selectByValue("PARTIAL_REFUND");
            agentBrowser.fill("suggestion-amount", "15").fill("suggestion-reasons", "Meet in the middle");
            agentBrowser.click("Post the suggestion").waitForText("The agent's suggestion");

            buyer.logIn(dispute.buyer().username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
            buyer.waitForText("Meet in the middle").click("Accept the suggestion").click("Yes, confirm")
                    .waitForText("Accepted so far by the buyer");
            agentBrowser.waitForText("Accepted so far by the buyer");
            seller.logIn(dispute.seller().username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
            seller.click("Accept the suggestion").click("Yes, confirm").waitForText("Resolved");
            buyer.waitForText("Resolved").waitForText("€15.00");
            agentBrowser.waitForText("Resolved");
        }
    }

    @Test
    void aBuyerMayNotOpenTheConsoleAndABadAmountIsExplained() {
        Marketplace.Case dispute = marketplace.disputeInQueue();
        Marketplace.Person agent = marketplace.agent();
        try (Browser buyer = new Browser(port, true); Browser browser = new Browser(port, false)) {
            buyer.logIn(dispute.buyer().username(), Marketplace.PASSWORD).open("/agent");
            assertThat(buyer.text()).contains("Your role may not do this");
            browser.logIn(agent.username(), Marketplace.PASSWORD).open("/agent/disputes/" + dispute.id());
            browser.click("Take this case").waitForText("Record the final decision");
            new Select(browser.field("decision-type")).selectByValue("PARTIAL_REFUND");
            browser.fill("decision-amount", "12.345").fill("decision-reasons", "Half of it");
            browser.click("Record the final decision").waitForText("That did not work:");
            // The page words the refusal in the reader's language (pages.Refusals), not as the API's English detail.
            assertThat(browser.text()).contains("no more decimal places than the currency has");
        }
    }
}
