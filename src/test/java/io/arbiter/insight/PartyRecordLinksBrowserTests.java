package io.arbiter.insight;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;

/**
 * A record's figures on the case page link to the disputes behind them when the agent may open every one; a figure
 * that counts disputes never escalated stays a count, and its list (asked for by hand) shows only the agent's.
 */
@BrowserTest
class PartyRecordLinksBrowserTests extends ApiTest {

    @Test
    void figuresOverDisputesTheAgentMayOpenLinkToTheirListAndTheOthersAreCounts() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        Person agent = marketplace.agent();
        Case inQueue = escalated(buyer, seller);
        Case refunded = escalated(buyer, seller);
        agent.api().post("/api/v1/disputes/" + refunded.id() + "/take", null).expect(200);
        agent.api().post("/api/v1/disputes/" + refunded.id() + "/decision",
                Map.of("resolution", partialRefund(2000), "reasons", "Visible defect")).expect(200);
        String awaitingSeller = open(buyer, seller);
        String withdrawn = open(buyer, seller);
        buyer.api().post("/api/v1/disputes/" + withdrawn + "/withdraw", Map.of("reason", "Sorted out")).expect(200);
        marketplace.advance(Duration.ofMinutes(1));

        try (Browser browser = new Browser(port, false)) {
            browser.logIn(agent.username(), Marketplace.PASSWORD).open("/agent/disputes/" + inQueue.id());
            browser.waitForText("The parties' records, last 12 months");
            assertThat(figure(browser, ".buyer-record .opened")).isEqualTo("4 (count)");
            assertThat(figure(browser, ".buyer-record .withdrawn")).isEqualTo("1 (count)");
            // As the API counts it (a withdrawal ends with the claim rejected too); never escalated either way.
            long rejected = agent.api().get("/api/v1/buyers/" + buyer.id() + "/metrics?from="
                    + marketplace.now().minus(Duration.ofDays(365)) + "&to=" + marketplace.now()).expect(200).json()
                    .get("rejected").asLong();
            assertThat(figure(browser, ".buyer-record .rejected")).isEqualTo(rejected + " (count)");
            assertThat(figure(browser, ".buyer-record .escalated")).isEqualTo("2 (50%) (link)");
            assertThat(figure(browser, ".buyer-record .refunded")).isEqualTo("1 (link)");
            assertThat(figure(browser, ".seller-record .received")).isEqualTo("4 (count)");
            assertThat(figure(browser, ".seller-record .decisions-against")).isEqualTo("1 (link)");

            browser.driver().findElement(By.cssSelector(".buyer-record .escalated a")).click();
            browser.waitForText("Escalated to an agent");
            assertThat(listed(browser)).containsExactlyInAnyOrder(inQueue.orderId(), refunded.orderId());
            assertThat(browser.text()).doesNotContain("not yours to open");

            browser.open("/agent/disputes/" + inQueue.id()).waitForText("The parties' records, last 12 months");
            browser.driver().findElement(By.cssSelector(".buyer-record .refunded a")).click();
            browser.waitForText("Disputes opened from");
            assertThat(listed(browser)).containsExactly(refunded.orderId());
            browser.click(refunded.orderId()).waitForText("Visible defect");

            browser.open("/agent/disputes/" + inQueue.id()).waitForText("The parties' records, last 12 months");
            browser.driver().findElement(By.cssSelector(".seller-record .decisions-against a")).click();
            browser.waitForText("Agents' decisions against the seller");
            assertThat(listed(browser)).containsExactly(refunded.orderId());

            // The opened figure's list, asked for by hand: the two escalated ones, and a count of the others.
            browser.open("/agent/records?party=BUYER&id=" + buyer.id() + "&figure=OPENED");
            browser.waitForText("Disputes opened");
            assertThat(listed(browser)).containsExactlyInAnyOrder(inQueue.orderId(), refunded.orderId())
                    .doesNotContain(awaitingSeller);
            assertThat(browser.text()).contains("The figure counts 2 more that never reached the agents");
            assertThat(browser.policyViolations()).isEmpty();
        }
    }

    private Case escalated(Person buyer, Person seller) {
        String id = open(buyer, seller);
        String orderId = buyer.api().get("/api/v1/disputes/" + id).expect(200).json().get("orderId").asString();
        Case dispute = new Case(id, orderId, buyer, seller);
        seller.api().post("/api/v1/disputes/" + id + "/offers",
                Map.of("resolution", partialRefund(1000), "note", "Keep it and take 10.00")).expect(200);
        marketplace.addPlainDefectPhoto(dispute, id.hashCode());
        buyer.api().post("/api/v1/disputes/" + id + "/escalate", Map.of("reason", "Not enough")).expect(200);
        return dispute;
    }

    private String open(Person buyer, Person seller) {
        String orderId = marketplace.deliveredOrder(buyer, seller);
        return buyer.api().post("/api/v1/disputes", claim(orderId, "QUALITY_ISSUE",
                resolution("FULL_REFUND_WITH_RETURN"))).expect(201).json().get("id").asString();
    }

    /** The figure's text, and whether it is a link or a count. */
    private static String figure(Browser browser, String css) {
        WebElement cell = browser.driver().findElement(By.cssSelector(css));
        boolean link = !cell.findElements(By.tagName("a")).isEmpty();
        return cell.getText().trim() + (link ? " (link)" : " (count)");
    }

    private static List<String> listed(Browser browser) {
        return browser.driver().findElements(By.cssSelector(".record-list tbody td:first-child a")).stream()
                .map(WebElement::getText).toList();
    }
}
