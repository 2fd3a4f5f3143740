package io.arbiter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ByteArrayResource;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;

import io.arbiter.identity.Actor;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import io.arbiter.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * The case file: a ZIP that checks itself (manifest hashes, the chain recomputed from chain.json alone), readable as
 * HTML and PDF, never leaking one side's private limit to the other, and only for those who can see the dispute.
 */
@Import(CaseFileApiTests.ExtrasForTests.class)
class CaseFileApiTests extends ApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long BUYER_LIMIT = 4321;
    private static final long SELLER_LIMIT = 1234;

    @Test
    void aPartysCaseFileChecksItselfWithoutArbiter() throws Exception {
        Case dispute = negotiatedWithPrivateLimits();
        Download download = download(dispute.buyer(), dispute.id());

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).isEqualTo("application/zip");
        assertThat(download.disposition()).startsWith("attachment").contains("case-file-" + dispute.id() + ".zip");
        Map<String, byte[]> files = download.files();
        assertThat(files.keySet()).containsExactly("README.txt", "timeline.html", "timeline.pdf", "chain.json",
                "manifest.json");

        JsonNode manifest = IndependentChain.json(text(files, "manifest.json"));
        assertThat(manifest.get("disputeId").asString()).isEqualTo(dispute.id());
        assertThat(manifest.get("files").valueStream().map(file -> file.get("path").asString()))
                .containsExactly("README.txt", "timeline.html", "timeline.pdf", "chain.json");
        manifest.get("files").forEach(file -> {
            byte[] content = files.get(file.get("path").asString());
            assertThat(IndependentChain.sha256(content)).as(file.get("path").asString())
                    .isEqualTo(file.get("sha256").asString());
            assertThat(file.get("bytes").asLong()).isEqualTo(content.length);
        });

        JsonNode chain = IndependentChain.json(text(files, "chain.json"));
        List<IndependentChain.Link> links = IndependentChain.links(chain);
        IndependentChain.assertUnbroken(links);
        IndependentChain.Link last = links.get(links.size() - 1);
        assertThat(manifest.get("chainHead").get("sequence").asLong()).isEqualTo(last.sequence());
        assertThat(manifest.get("chainHead").get("hash").asString()).isEqualTo(last.hash());
        JsonNode verified = marketplace.admin().api().get("/api/v1/admin/audit/disputes/" + dispute.id() + "/verify")
                .expect(200).json();
        assertThat(verified.get("lastHash").asString()).isEqualTo(last.hash());
    }

    @Test
    void eachPartySeesItsOwnPrivateLimitButNeverTheOtherSides() throws Exception {
        Case dispute = negotiatedWithPrivateLimits();

        Map<String, byte[]> buyers = download(dispute.buyer(), dispute.id()).files();
        assertThat(text(buyers, "timeline.html")).contains("least refund it would accept: €43.21")
                .doesNotContain("the most it would refund").doesNotContain("12.34");
        assertThat(pdfText(buyers)).doesNotContain("the most it would refund");
        assertWithheld(buyers, "SELLER_AND_AGENTS", SELLER_LIMIT);

        Map<String, byte[]> sellers = download(dispute.seller(), dispute.id()).files();
        assertThat(text(sellers, "timeline.html")).contains("the most it would refund: €12.34")
                .doesNotContain("least refund it would accept").doesNotContain("43.21");
        assertWithheld(sellers, "BUYER_AND_AGENTS", BUYER_LIMIT);
    }

    @Test
    void agentsAndAdminsGetTheWholeRecord() throws Exception {
        Case dispute = negotiatedWithPrivateLimits();
        marketplace.addDefectPhoto(dispute, 2);
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/escalate", Map.of("reason", "No deal"))
                .expect(200);
        for (Person reader : List.of(marketplace.agent(), marketplace.admin())) {
            Map<String, byte[]> files = download(reader, dispute.id()).files();
            assertThat(text(files, "timeline.html")).as(reader.role().name())
                    .contains("least refund it would accept: €43.21")
                    .contains("the most it would refund: €12.34");
            JsonNode chain = IndependentChain.json(text(files, "chain.json"));
            assertThat(chain.get("entries").valueStream()).noneMatch(entry -> entry.has("withheld"));
            IndependentChain.assertUnbroken(IndependentChain.links(chain));
        }
    }

    @Test
    void theReadableTimelineShowsClaimPartiesListingEntriesAndOutcomeInHtmlAndPdf() throws Exception {
        Case dispute = marketplace.disputeAwaitingSeller(Marketplace.partialRefund(1500));
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/messages",
                Map.of("text", "The sole is coming off <b>already</b>")).expect(200);
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/accept", null).expect(200);

        Map<String, byte[]> files = download(dispute.seller(), dispute.id()).files();
        String html = text(files, "timeline.html");
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("The item is not right", dispute.buyer().id(), dispute.seller().id(), dispute.orderId(),
                        "Running shoes", "Blue running shoes, size 42", "colour: blue",
                        "Partial refund of 15.00 EUR", "opened a dispute", "2026-03-02 10:00:00 UTC")
                .contains("The sole is coming off &lt;b&gt;already&lt;/b&gt;").doesNotContain("<b>already")
                .contains("Outcome", "Refund to buyer", "Release to seller", "35.00 EUR");

        byte[] pdf = files.get("timeline.pdf");
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(new PdfReader(pdf).getNumberOfPages()).isPositive();
        assertThat(pdfText(files)).contains("The item is not right", "Running shoes", "Refund to buyer",
                "The sole is coming off");
    }

    @Test
    void contributedFilesGoIntoTheirFolderAndTheManifest() throws Exception {
        Case dispute = marketplace.disputeAwaitingSeller();
        ExtrasForTests.DISPUTES.add(UUID.fromString(dispute.id()));

        Map<String, byte[]> files = download(dispute.buyer(), dispute.id()).files();

        assertThat(files).containsKey("extras/label.txt");
        assertThat(text(files, "extras/label.txt")).isEqualTo("extras of " + dispute.id());
        JsonNode manifest = IndependentChain.json(text(files, "manifest.json"));
        assertThat(manifest.get("files").valueStream()
                .filter(file -> file.get("path").asString().equals("extras/label.txt"))
                .map(file -> file.get("sha256").asString()))
                .containsExactly(IndependentChain.sha256(files.get("extras/label.txt")));
    }

    @Test
    void nobodyElseGetsTheCaseFile() throws Exception {
        Case dispute = marketplace.disputeAwaitingSeller();
        assertThat(download(marketplace.buyer(), dispute.id()).status()).as("another buyer").isEqualTo(404);
        assertThat(download(marketplace.seller(), dispute.id()).status()).as("another seller").isEqualTo(404);
        assertThat(download(marketplace.agent(), dispute.id()).status()).as("an agent before escalation")
                .isEqualTo(404);
        assertThat(marketplace.integration().get("/api/v1/disputes/" + dispute.id() + "/case-file").status())
                .as("the integration").isEqualTo(404);
        assertThat(marketplace.anonymous().get("/api/v1/disputes/" + dispute.id() + "/case-file").status())
                .as("anonymous").isEqualTo(401);
        assertThat(download(dispute.buyer(), UUID.randomUUID().toString()).status()).isEqualTo(404);
        assertThat(download(marketplace.admin(), dispute.id()).status()).as("an admin").isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    /** The seller countered with 10.00; the buyer privately accepts no less than 43.21, the seller pays no more than 12.34. */
    private Case negotiatedWithPrivateLimits() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        String path = "/api/v1/disputes/" + dispute.id();
        dispute.buyer().api().post(path + "/private-limit", Map.of("amount", BUYER_LIMIT)).expect(200);
        dispute.seller().api().post(path + "/private-limit", Map.of("amount", SELLER_LIMIT)).expect(200);
        dispute.seller().api().post(path + "/messages", Map.of("text", "Let us talk")).expect(200);
        return dispute;
    }

    private static void assertWithheld(Map<String, byte[]> files, String hiddenVisibility, long hiddenAmount) {
        String chainText = text(files, "chain.json");
        JsonNode chain = IndependentChain.json(chainText);
        List<JsonNode> withheld = chain.get("entries").valueStream().filter(entry -> entry.has("withheld")).toList();
        assertThat(withheld).singleElement().satisfies(entry -> {
            assertThat(entry.has("canonical")).isFalse();
            assertThat(entry.has("type")).isFalse();
            assertThat(entry.get("hash").asString()).hasSize(64);
        });
        assertThat(chainText).doesNotContain(hiddenVisibility).doesNotContain("\\\"amount\\\":" + hiddenAmount);
        IndependentChain.assertUnbroken(IndependentChain.links(chain));
    }

    private record Download(int status, String contentType, String disposition, byte[] body) {

        Map<String, byte[]> files() throws IOException {
            assertThat(status).as("HTTP status").isEqualTo(200);
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    assertThat(files.put(entry.getName(), zip.readAllBytes())).as(entry.getName()).isNull();
                }
            }
            return files;
        }
    }

    private Download download(Person person, String disputeId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/disputes/" + disputeId + "/case-file"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (person.username() + ":" + Marketplace.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Download(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Content-Disposition").orElse(null), response.body());
    }

    private static String text(Map<String, byte[]> files, String name) {
        assertThat(files).containsKey(name);
        return new String(files.get(name), StandardCharsets.UTF_8);
    }

    private static String pdfText(Map<String, byte[]> files) throws IOException {
        PdfReader reader = new PdfReader(files.get("timeline.pdf"));
        PdfTextExtractor extractor = new PdfTextExtractor(reader);
        StringBuilder text = new StringBuilder();
        for (int page = 1; page <= reader.getNumberOfPages(); page++) {
            text.append(extractor.getTextFromPage(page)).append('\n');
        }
        return text.toString();
    }

    /** Stands in for the future evidence module: one small file for the disputes a test names, none for others. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ExtrasForTests {

        static final Set<UUID> DISPUTES = ConcurrentHashMap.newKeySet();

        @Bean
        CaseFileContributor extrasContributor() {
            return new CaseFileContributor() {
                @Override
                public String folder() {
                    return "extras";
                }

                @Override
                public List<File> files(UUID disputeId, Actor viewer) {
                    return DISPUTES.contains(disputeId)
                            ? List.of(new File("label.txt", new ByteArrayResource(
                                    ("extras of " + disputeId).getBytes(StandardCharsets.UTF_8))))
                            : List.of();
                }
            };
        }
    }
}
