package io.arbiter.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;

/** An agent starts an information request and a decision from saved replies, edits them, and sends them. */
@BrowserTest
class SavedReplyBrowserTests extends ApiTest {

    @Test
    void anAgentPicksASavedReplyEditsItAndSeesTheEditedTextOnTheTimeline() {
        Marketplace.Case dispute = marketplace.disputeInQueue();
        Marketplace.Person agent = marketplace.agent();
        String question = "Please send a photo of the sole in daylight.";
        agent.api().post("/api/v1/saved-replies", Map.of("kind", "INFORMATION_REQUEST", "language", "en",
                "title", "Sole photo", "text", question)).expect(201);
        String reasons = "Les photos montrent un défaut net.";
        marketplace.admin().api().post("/api/v1/saved-replies", Map.of("kind", "DECISION", "language", "fr",
                "title", "Défaut visible", "text", reasons)).expect(201);

        try (Browser browser = new Browser(port, false)) {
            browser.logIn(agent.username(), Marketplace.PASSWORD).open("/agent/disputes/" + dispute.id());
            browser.click("Take this case").waitForText("Request information");

            new Select(browser.field("question-saved-reply")).selectByVisibleText("Sole photo");
            browser.waitFor(d -> question.equals(d.findElement(By.id("question")).getDomProperty("value")));
            browser.field("question").sendKeys(" Both shoes, please.");
            browser.click("Ask").waitForText("Waiting for the buyer's answer");
            assertThat(timeline(browser)).contains(question + " Both shoes, please.");

            // The desk's shared reply, in French, though the page is in English; edited before deciding.
            Select decision = new Select(browser.field("decision-reasons-saved-reply"));
            assertThat(decision.getOptions()).extracting(option -> option.getText())
                    .contains("Défaut visible · desk").doesNotContain("Sole photo");
            decision.selectByVisibleText("Défaut visible · desk");
            browser.waitFor(d -> reasons.equals(d.findElement(By.id("decision-reasons")).getDomProperty("value")));
            browser.field("decision-reasons").sendKeys(" Remboursement partiel.");
            new Select(browser.field("decision-type")).selectByValue("PARTIAL_REFUND");
            browser.fill("decision-amount", "20").click("Record the final decision")
                    .waitForText("Record this final decision?").click("Yes, confirm").waitForText("Resolved");
            assertThat(timeline(browser)).contains(reasons + " Remboursement partiel.");
            assertThat(browser.policyViolations()).isEmpty();
        }
    }

    private static String timeline(Browser browser) {
        return browser.driver().findElement(By.id("timeline")).getText();
    }
}
