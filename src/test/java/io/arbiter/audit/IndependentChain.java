package io.arbiter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a chain the way an outsider would, with nothing from Arbiter's code: SHA-256 from the JDK, sorted JSON
 * from Jackson. A withheld entry (no canonical form) is only checked for its links.
 */
final class IndependentChain {

    static final String GENESIS = "0".repeat(64);
    private static final JsonMapper SORTED = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private IndependentChain() {
    }

    record Link(long sequence, String canonical, String previousHash, String hash) {
    }

    static void assertUnbroken(List<Link> links) {
        assertThat(links).as("entries").isNotEmpty();
        String previous = GENESIS;
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            assertThat(link.sequence()).as("sequence of the entry at position %d", i).isEqualTo(i + 1);
            assertThat(link.previousHash()).as("previous hash of entry %d", link.sequence()).isEqualTo(previous);
            if (link.canonical() != null) {
                assertThat(sha256(link.previousHash() + "\n" + link.canonical()))
                        .as("hash of entry %d", link.sequence()).isEqualTo(link.hash());
                assertThat(SORTED.writeValueAsString(SORTED.readTree(link.canonical())))
                        .as("entry %d is sorted, compact JSON", link.sequence()).isEqualTo(link.canonical());
            }
            previous = link.hash();
        }
    }

    static List<Link> links(JsonNode chainJson) {
        return chainJson.get("entries").valueStream()
                .map(entry -> new Link(entry.get("sequence").asLong(),
                        entry.has("canonical") ? entry.get("canonical").asString() : null,
                        entry.get("previousHash").asString(), entry.get("hash").asString()))
                .toList();
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        return SORTED.readTree(text);
    }
}
