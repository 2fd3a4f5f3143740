package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;

@BrowserTest
class DisputePagesBrowserTests extends ApiTest {

    @Test
    void theBuyerSeesTheSellersCounterOfferAppearDeclinesItAndEscalates() {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        try (Browser buyer = new Browser(port, true); Browser seller = new Browser(port, false)) {
            buyer.logIn(dispute.buyer().username(), Marketplace.PASSWORD).open("/disputes");
            buyer.waitForText(dispute.orderId()).click(dispute.orderId()).waitForText("Waiting for the seller");

            seller.logIn(dispute.seller().username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
            assertThat(seller.text()).contains("Your move");
            new Select(seller.field("offer-type")).selectByValue("PARTIAL_REFUND");
            seller.fill("offer-amount", "12.50").fill("offer-note", "Keep them, with 12.50 back");
            seller.click("Send the offer").waitForText("The buyer's move");

            // The buyer's page was open all along: it reloads itself when the seller acts.
            buyer.waitForText("The seller offers").waitForText("€12.50");
            marketplace.addDefectPhoto(dispute, 7);
            buyer.open("/disputes/" + dispute.id()).fill("decline-note", "Not enough").click("Decline");
            buyer.waitForText("Ask an agent to decide").fill("escalate-reason", "12.50 is not enough");
            buyer.click("Ask an agent to decide").waitForText("Under review by an agent");
            assertThat(buyer.text()).contains("12.50 is not enough");
            // Every page above ran its scripts and styles (the reload, the uploader) under the strict policy.
            assertThat(buyer.policyViolations()).isEmpty();
            assertThat(seller.policyViolations()).isEmpty();
        }
    }

    @Test
    void aReturnGoesFromTheSellersAddressToTheBuyersRefundThroughThePages() {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        try (Browser seller = new Browser(port, false); Browser buyer = new Browser(port, true)) {
            seller.logIn(dispute.seller().username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
            seller.fill("accept-address", "Sam's Sneakers, 1 Dock Road, Leeds").click("Accept");
            // Accepting cannot be undone: the page says what will happen and asks first.
            seller.waitForText("Accept this offer?").click("Yes, confirm");
            seller.waitForText("Waiting for the return to be shipped");

            buyer.logIn(dispute.buyer().username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
            assertThat(buyer.text()).contains("1 Dock Road");
            buyer.fill("carrier", "La Poste").fill("tracking", "LP-RETURN-1").click("Record the shipment");
            buyer.waitForText("Waiting for the seller to receive the return");

            marketplace.integration().post("/api/v1/disputes/" + dispute.id() + "/return/delivered", Map.of())
                    .expect(200);
            seller.open("/disputes/" + dispute.id()).click("Confirm you received the return").click("Yes, confirm");
            seller.waitForText("Resolved");
            buyer.waitForText("Resolved").waitForText("Refund to the buyer");
        }
    }

    @Test
    void theSellerContestsTheBuyerWritesToTheSellerAndThenWithdraws() {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        try (Browser seller = new Browser(port, false); Browser buyer = new Browser(port, true)) {
            seller.logIn(dispute.seller().username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
            seller.fill("statement", "The shoes left our warehouse without a flaw").click("Contest the claim");
            seller.waitForText("Contested by the seller");

            buyer.logIn(dispute.buyer().username(), Marketplace.PASSWORD).open("/orders/" + dispute.orderId());
            buyer.fill("order-message", "Could you look at the photos again?").click("Send");
            buyer.waitForText("Could you look at the photos again?");
            seller.open("/orders/" + dispute.orderId()).waitForText("Could you look at the photos again?");

            buyer.open("/disputes/" + dispute.id()).waitForText("The shoes left our warehouse without a flaw");
            buyer.fill("withdraw-reason", "We sorted it out").click("Withdraw the dispute");
            buyer.waitForText("the payment goes to the seller").waitForText("This cannot be undone.");
            buyer.click("Yes, confirm").waitForText("Withdrawn");
            assertThat(buyer.text()).contains("You withdrew the dispute.");
            seller.open("/disputes/" + dispute.id()).waitForText("Withdrawn");
        }
    }

    @Test
    void anotherBuyerGetsNotFoundAndSpanishShowsSpanishWordsAndMoney() {
        Marketplace.Case dispute = marketplace.disputeAwaitingBuyer();
        Marketplace.Person stranger = marketplace.buyer();
        try (Browser browser = new Browser(port, true)) {
            browser.logIn(stranger.username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
            assertThat(browser.text()).contains("We could not find that page");
            browser.logOut().logIn(dispute.buyer().username(), Marketplace.PASSWORD);
            browser.open("/disputes/" + dispute.id());
            browser.click("Español").waitForText("Te toca a ti");
            assertThat(browser.text()).contains("10,00 €").contains("El vendedor ofrece");
        }
    }

    @Test
    void aSpanishSellerReadsTheRuleHisOfferBrokeInSpanish() {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        try (Browser seller = new Browser(port, false)) {
            seller.logIn(dispute.seller().username(), Marketplace.PASSWORD).open("/disputes/" + dispute.id());
            seller.click("Español").waitForText("Te toca a ti");
            new Select(seller.field("offer-type")).selectByValue("PARTIAL_REFUND");
            seller.fill("offer-amount", "99999").click("Enviar la oferta");

            seller.waitForText("No se pudo completar:");
            assertThat(seller.text()).contains("Un importe va solo con un reembolso parcial")
                    .doesNotContain("what is held on the order");
        }
    }
}
