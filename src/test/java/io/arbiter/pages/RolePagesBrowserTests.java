package io.arbiter.pages;

import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.test.context.TestPropertySource;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Axe;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;

/**
 * Each role's main path on a phone (390 x 844), as a person walks it: the one step the page puts first, the
 * confirmation before what cannot be undone, what the page says happened, the words in Spanish and Russian, and
 * axe-core's WCAG 2.2 A and AA rules on every page walked.
 */
@BrowserTest
// A database of their own (shared by the two classes): an agent finds the new case in the queue's first page, which
// the cases every other test escalates would fill.
@TestPropertySource(properties = "arbiter.test.context=agent-queue")
class RolePagesBrowserTests extends ApiTest {

    private static void accessible(Browser browser) {
        assertThat(Axe.violations(browser)).as("axe-core on " + browser.driver().getCurrentUrl()).isEmpty();
    }

    /** The steps the dispute page shows outside "More options". */
    private static List<String> primarySteps(Browser browser) {
        return browser.driver().findElements(By.cssSelector("main > section.step")).stream()
                .map(step -> step.getAttribute("id")).toList();
    }

    private static void openMoreOptions(Browser browser) {
        WebElement more = browser.driver().findElement(By.cssSelector("#more-options > summary"));
        more.click();
    }

    @Test
    void theBuyerIsLedToTheSellersOfferSeesWhyEscalatingWaitsAndConfirmsAccepting() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        try (Browser buyer = new Browser(port, true)) {
            buyer.logIn(dispute.buyer().username(), Marketplace.PASSWORD).open("/disputes");
            buyer.waitForText(dispute.orderId());
            accessible(buyer);

            buyer.click(dispute.orderId()).waitForText("The seller offers");
            assertThat(primarySteps(buyer)).containsExactly("open-offer");
            assertThat(buyer.driver().findElements(By.cssSelector("main > section.step button:not(.secondary)")))
                    .hasSize(1);
            long height = ((Number) buyer.script("return document.documentElement.scrollHeight")).longValue();
            assertThat(height).as("the page's height on a phone").isLessThan(3000);
            accessible(buyer);

            // Escalating waits for the photo the reason requires; its link opens the uploader on that requirement.
            openMoreOptions(buyer);
            buyer.waitForText("Not yet");
            buyer.driver().findElement(By.cssSelector("#escalate-blocked a")).click();
            buyer.waitFor(driver -> driver.getCurrentUrl().contains("requirement=DEFECTS"));
            assertThat(new Select(buyer.field("upload-requirement")).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("DEFECTS");
            accessible(buyer);

            buyer.click("Accept").waitForText("Accept this offer?");
            assertThat(buyer.text()).contains("€10.00").contains("This cannot be undone.");
            accessible(buyer);
            buyer.click("Yes, confirm").waitForText("You accepted the offer.");
            assertThat(buyer.text()).contains("The dispute is closed");
            accessible(buyer);

            buyer.click("Español").waitForText("La disputa está cerrada");
            assertThat(buyer.text()).contains("Presentada").contains("Reembolso al comprador");
            accessible(buyer);
            buyer.click("Русский").waitForText("Спор закрыт");
            accessible(buyer);
        }
    }

    @Test
    void theSellerAnswersTheClaimWithACounterOfferAndIsToldWhatComesNext() {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(2000));
        try (Browser seller = new Browser(port, true)) {
            seller.logIn(dispute.seller().username(), Marketplace.PASSWORD).open("/disputes");
            seller.waitForText(dispute.orderId()).click(dispute.orderId()).waitForText("Your move");
            assertThat(primarySteps(seller)).containsExactly("open-offer");
            accessible(seller);

            new Select(seller.field("offer-type")).selectByValue("PARTIAL_REFUND");
            seller.fill("offer-amount", "12").fill("offer-note", "Keep them with 12.00 back");
            seller.click("Send the offer").waitForText("Your offer is sent.");
            assertThat(seller.text()).contains("The buyer's move");
            assertThat(primarySteps(seller)).isEmpty();
            accessible(seller);

            seller.click("Español").waitForText("Le toca al comprador");
            assertThat(seller.text()).contains("Más opciones");
            accessible(seller);
            seller.click("Русский").waitForText("Ход покупателя");
            assertThat(seller.text()).contains("Другие действия");
            accessible(seller);
        }
    }

    @Test
    void theAgentSeesBothPartiesAndTheShippingAndConfirmsTheFinalDecision() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        try (Browser browser = new Browser(port, true)) {
            browser.logIn(agent.username(), Marketplace.PASSWORD).open("/agent?sort=LATEST");
            // The queue's default shows the cases this agent took, not only the untaken ones.
            browser.waitForText(dispute.orderId());
            accessible(browser);

            browser.click(dispute.orderId()).waitForText("The parties");
            assertThat(browser.driver().findElement(By.id("parties")).getText()).contains(dispute.buyer().username())
                    .contains(dispute.seller().username()).contains("in 12 months");
            assertThat(browser.text())
                    .contains("Shipping").contains("Delivered");
            accessible(browser);

            new Select(browser.field("decision-type")).selectByValue("PARTIAL_REFUND");
            browser.fill("decision-amount", "20").fill("decision-reasons", "The stitching came apart");
            browser.click("Record the final decision").waitForText("Record this final decision?");
            assertThat(browser.text()).contains("€20.00").contains("This cannot be undone.");
            accessible(browser);
            browser.click("Yes, confirm").waitForText("Your final decision is recorded.");
            accessible(browser);

            browser.click("Español").waitForText("Las partes");
            accessible(browser);
            browser.click("Русский").waitForText("Стороны");
            accessible(browser);
        }
    }

    @Test
    void theAdminFindsEachSectionOnAPhoneInEnglishSpanishAndRussian() {
        Person admin = marketplace.admin();
        try (Browser browser = new Browser(port, true)) {
            browser.logIn(admin.username(), Marketplace.PASSWORD).waitForText("Policy in force");
            // One page per section: the navigation leads to each, and each shows its own section only.
            for (String section : List.of("Users", "Webhook endpoints", "Reconciliation", "Policy in force")) {
                browser.click(section).waitForText(section);
                assertThat(browser.driver().findElements(By.cssSelector("main section.card h2")).stream()
                        .map(WebElement::getText).toList()).as(section).containsExactly(section);
                assertThat(browser.driver().findElement(By.cssSelector("nav.sections [aria-current=page]")).getText())
                        .isEqualTo(section);
            }
            accessible(browser);
            browser.click("Español").waitForText("Política vigente");
            accessible(browser);
            browser.click("Русский").waitForText("Действующие правила");
            accessible(browser);
        }
    }
}
