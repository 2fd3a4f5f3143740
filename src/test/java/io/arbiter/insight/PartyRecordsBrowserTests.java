package io.arbiter.insight;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Case;
import tools.jackson.databind.JsonNode;

/** The parties' records on the agents' pages: the case page's figures are the API's, the queue flags the buyer. */
@BrowserTest
class PartyRecordsBrowserTests extends ApiTest {

    @Test
    void aCasePageShowsBothPartiesRecordsAndTheQueueFlagsABuyerPastTheThreshold() {
        Case dispute = marketplace.disputeInQueue();
        // Five more disputes from the same buyer: six in 90 days, the default threshold.
        for (int i = 0; i < 5; i++) {
            String orderId = marketplace.deliveredOrder(dispute.buyer(), marketplace.seller());
            dispute.buyer().api().post("/api/v1/disputes", claim(orderId, "QUALITY_ISSUE",
                    resolution("FULL_REFUND_WITH_RETURN"))).expect(201);
        }
        Case calm = marketplace.disputeInQueue();
        // Windows end before now: what happened at this very instant is not counted yet.
        marketplace.advance(java.time.Duration.ofMinutes(1));
        Marketplace.Person agent = marketplace.agent();
        JsonNode buyer = agent.api().get("/api/v1/buyers/" + dispute.buyer().id() + "/metrics?from="
                + marketplace.now().minus(java.time.Duration.ofDays(365)) + "&to=" + marketplace.now()).expect(200).json();
        JsonNode seller = agent.api().get("/api/v1/sellers/" + dispute.seller().id() + "/metrics?from="
                + marketplace.now().minus(java.time.Duration.ofDays(365)) + "&to=" + marketplace.now()).expect(200).json();

        try (Browser browser = new Browser(port, false)) {
            browser.logIn(agent.username(), Marketplace.PASSWORD).open("/agent?cases=ALL");
            browser.waitForText("Case queue");
            String flagged = rowOf(browser, dispute.orderId());
            assertThat(flagged).contains("Buyer opened 6 disputes in 90 days");
            assertThat(rowOf(browser, calm.orderId())).doesNotContain("Buyer opened");

            browser.open("/agent/disputes/" + dispute.id()).waitForText("The parties' records, last 12 months");
            assertThat(cell(browser, ".buyer-record .opened")).isEqualTo("6").isEqualTo(buyer.get("opened").asString());
            assertThat(cell(browser, ".buyer-record .escalated")).isEqualTo("1 (17%)");
            assertThat(cell(browser, ".seller-record .received")).isEqualTo(seller.get("received").asString());
            assertThat(cell(browser, ".seller-record .first-answer"))
                    .isEqualTo(seller.get("medianFirstAnswerSeconds").asLong() / 3600 + " h");
            assertThat(browser.text()).contains("Buyer opened 6 disputes in 90 days");
            assertThat(browser.policyViolations()).isEmpty();
        }
    }

    private static String rowOf(Browser browser, String orderId) {
        return browser.driver().findElement(By.xpath("//tr[.//a[text()='" + orderId + "']]")).getText();
    }

    private static String cell(Browser browser, String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText().trim();
    }
}
