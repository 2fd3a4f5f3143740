package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.TestPropertySource;

import io.arbiter.common.Sha256;
import io.arbiter.evidence.inspection.EvidenceSamples;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/**
 * The whole journey through the pages only, as the issue describes it: a buyer on a phone opens a dispute with a photo
 * and a video whose upload is cut off and resumed, the seller counter-offers, the buyer escalates, the agent asks the
 * buyer for information, the buyer answers, the agent decides a partial refund, and each of them sees the result.
 */
@BrowserTest
// A database of its own: the agent finds the case in the queue's first page, which other classes' cases would fill.
@TestPropertySource(properties = "arbiter.test.context=journey")
class DisputeJourneyBrowserTests extends ApiTest {

    /**
     * Cuts the upload off after its first chunk, as a dropped connection would, and logs the progress reported (in
     * the session's storage: the page reloads once the upload is done).
     */
    private static final String CUT_OFF_AFTER_FIRST_CHUNK = """
            window.progressLog = [];
            var Original = window.tus.Upload;
            window.tus.Upload = function (file, options) {
              var upload;
              var onChunkComplete = options.onChunkComplete, onProgress = options.onProgress;
              options.onChunkComplete = function (size, accepted, total) {
                if (window.cutOffAt === undefined) { window.cutOffAt = accepted; upload.abort(); }
                if (onChunkComplete) { onChunkComplete(size, accepted, total); }
              };
              options.onProgress = function (sent, total) {
                window.progressLog.push(window.cutOffAt === undefined ? -1 : sent);
                sessionStorage.setItem('progressLog', JSON.stringify(window.progressLog));
                onProgress(sent, total);
              };
              upload = new Original(file, options);
              return upload;
            };""";

    @TempDir
    Path files;

    @Test
    void aDisputeGoesFromTheBuyersPhoneThroughTheSellerAndTheAgentToAPartialRefund() throws IOException {
        Marketplace.Person buyerPerson = marketplace.buyer();
        Marketplace.Person sellerPerson = marketplace.seller();
        Marketplace.Person agentPerson = marketplace.agent();
        String orderId = marketplace.deliveredOrder(buyerPerson, sellerPerson);
        Path photo = Files.write(files.resolve("kettle.jpg"), SampleFiles.jpeg(42));
        byte[] videoBytes = video(10 * 1024 * 1024);
        Path video = Files.write(files.resolve("kettle.mp4"), videoBytes);

        try (Browser buyer = new Browser(port, true); Browser seller = new Browser(port, false);
             Browser agent = new Browser(port, false)) {
            buyer.logIn(buyerPerson.username(), Marketplace.PASSWORD).click(orderId).click("Open a dispute");
            buyer.driver().findElement(By.cssSelector("input[value=DEFECTIVE]")).click();
            buyer.click("Next").waitForText("A video showing it not working").click("Next");
            buyer.fill("description", "The kettle does not heat at all").click("Next").waitForText("What do you want?");
            buyer.driver().findElement(By.cssSelector("input[value=PARTIAL_REFUND]")).click();
            buyer.fill("amount", "30.00").click("Next").waitForText("The kettle does not heat at all");
            buyer.click("File the claim").waitForText("Your claim is filed");
            String disputeId = buyer.driver().getCurrentUrl().replaceAll(".*/disputes/([^#?]+).*", "$1");

            buyer.driver().findElement(By.id("upload-file")).sendKeys(photo.toString());
            buyer.fill("upload-description", "The kettle as it arrived").click("Upload");
            buyer.waitFor(d -> !d.findElements(By.cssSelector(".gallery img")).isEmpty());

            buyer.script(CUT_OFF_AFTER_FIRST_CHUNK);
            buyer.driver().findElement(By.id("upload-file")).sendKeys(video.toString());
            new Select(buyer.field("upload-requirement")).selectByValue("NOT_WORKING_VIDEO");
            buyer.fill("upload-description", "Switched on, the light stays off").click("Upload");
            long cutOffAt = ((Number) buyer.waitFor(d -> buyer.script("return window.cutOffAt"))).longValue();
            assertThat(cutOffAt).isPositive().isLessThan(videoBytes.length);
            buyer.click("Pause").click("Resume");
            buyer.waitForText("Switched on, the light stays off");
            @SuppressWarnings("unchecked")
            List<Number> afterCutOff = ((List<Number>) buyer.script("return JSON.parse(sessionStorage.getItem('progressLog'))"))
                    .stream().filter(sent -> sent.longValue() >= 0).toList();
            assertThat(afterCutOff).isNotEmpty().allSatisfy(sent -> assertThat(sent.longValue()).isGreaterThanOrEqualTo(cutOffAt));

            JsonNode pieces = buyerPerson.api().get("/api/v1/disputes/" + disputeId + "/evidence").expect(200).json();
            List<String> hashes = pieces.findValuesAsString("sha256");
            assertThat(hashes).contains(Sha256.hex(videoBytes));
            assertThat(buyerPerson.api().get("/api/v1/disputes/" + disputeId).expect(200).json()
                    .at("/claim/evidence/complete").asBoolean()).isTrue();

            seller.logIn(sellerPerson.username(), Marketplace.PASSWORD).open("/disputes/" + disputeId);
            new Select(seller.field("offer-type")).selectByValue("PARTIAL_REFUND");
            seller.fill("offer-amount", "10").fill("offer-note", "It heats on the high setting").click("Send the offer");
            seller.waitForText("The buyer's move");

            buyer.waitForText("The seller offers").fill("decline-note", "It does not heat at all").click("Decline");
            buyer.waitForText("Ask an agent to decide").fill("escalate-reason", "The video shows it");
            buyer.click("Ask an agent to decide").waitForText("Under review by an agent");

            agent.logIn(agentPerson.username(), Marketplace.PASSWORD).click(orderId).click("Take this case");
            assertThat(agent.driver().findElements(By.cssSelector(".gallery video"))).hasSize(1);
            new Select(agent.field("info-from")).selectByValue("BUYER");
            agent.fill("question", "Did you try another socket?").click("Ask");
            agent.waitForText("Waiting for the buyer's answer");

            buyer.waitForText("Respond now").fill("answer", "Yes, two sockets").click("Send the answer");
            buyer.waitForText("Yes, two sockets");

            agent.waitForText("Yes, two sockets");
            new Select(agent.field("decision-type")).selectByValue("PARTIAL_REFUND");
            agent.fill("decision-amount", "20").fill("decision-reasons", "It heats on one setting only");
            agent.click("Record the final decision").click("Yes, confirm").waitForText("Resolved");

            for (Browser party : List.of(buyer, seller)) {
                party.waitForText("Resolved").waitForText("It heats on one setting only");
                assertThat(party.text()).contains("Refund to the buyer").contains("€20.00");
            }
        }
    }

    /** A valid MP4 (its boxes first) made this long with media bytes, so the upload takes several chunks. */
    private static byte[] video(int length) {
        byte[] media = new byte[length];
        new Random(3).nextBytes(media);
        return EvidenceSamples.concat(EvidenceSamples.mp4(), media);
    }
}
