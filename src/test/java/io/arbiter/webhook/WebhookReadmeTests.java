package io.arbiter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The README's webhook receiver is the one the API tests run against real deliveries, and its type list is whole. */
class WebhookReadmeTests {

    private static final String README = read(Path.of("README.md"));

    @Test
    void theReadmeReceiverIsTheTestedOne() {
        String tested = read(Path.of("src/test/java/io/arbiter/webhook/ArbiterWebhooks.java"));
        String block = README.substring(README.indexOf("```java\nimport java.nio") + "```java\n".length());
        block = block.substring(0, block.indexOf("```"));

        assertThat(block.replaceAll("\\s+", " ").strip())
                .isEqualTo(tested.substring(tested.indexOf("import ")).replaceAll("// The receiver of the README[^\n]*\n", "")
                        .replaceAll("\\s+", " ").strip());
    }

    @Test
    void theReadmeListsEveryDocumentedEventType() {
        String section = README.substring(README.indexOf("## Webhooks"));
        for (String type : WebhookEventTypesTests.DOCUMENTED) {
            assertThat(section).contains("`" + type + "`");
        }
        assertThat(section).doesNotContain("private_limit");
    }

    @Test
    void theReadmeSaysWhyACounterOfferAlsoSendsOfferDeclined() {
        // WebhookApiTests.sendsEachEndpointOnlyTheTypesItAskedFor sees both events of a counter-offer delivered.
        String section = README.substring(README.indexOf("## Webhooks"));
        String paragraph = section.substring(section.indexOf("A counter-offer sends two events"));
        paragraph = paragraph.substring(0, paragraph.indexOf("\n\n"));
        assertThat(paragraph).contains("`dispute.offer_declined`", "`dispute.offer_made`", "countered with a new offer",
                "escalate", "`data.dispute`");
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path.toAbsolutePath(), e);
        }
    }
}
