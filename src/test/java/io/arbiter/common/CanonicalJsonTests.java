package io.arbiter.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.arbiter.dispute.DisputeEvents.MessagePosted;
import io.arbiter.dispute.Party;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/** The canonical form is exactly what its documentation says, so that an outsider can recompute every hash. */
class CanonicalJsonTests {

    @Test
    void sortsMembersByNameLeavesOutNullsAndWritesNoWhitespace() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("zeta", 1);
        value.put("alpha", List.of(3, 2, 1));
        value.put("Beta", true);
        value.put("missing", null);
        value.put("nested", Map.of("b", "x", "a", -7));
        assertThat(CanonicalJson.of(CanonicalJson.tree(value)))
                .isEqualTo("{\"Beta\":true,\"alpha\":[3,2,1],\"nested\":{\"a\":-7,\"b\":\"x\"},\"zeta\":1}");
    }

    @Test
    void escapesOnlyQuotesBackslashesAndControlCharacters() {
        String text = "Größe \"42\" \\ / 😀\n\t\u0001";
        assertThat(CanonicalJson.of(CanonicalJson.tree(Map.of("t", text))))
                .isEqualTo("{\"t\":\"Größe \\\"42\\\" \\\\ / 😀\\n\\t\\u0001\"}");
    }

    @Test
    void writesInstantsAsIso8601InUtcWhateverTheLocalZone() {
        assertThat(TimeZone.getDefault().getID()).as("tests run far from UTC").isNotEqualTo("UTC");
        Map<String, Object> value = Map.of("whole", Instant.parse("2026-03-02T10:00:00Z"),
                "micros", Instant.parse("2026-03-02T10:00:00.123456Z"));
        assertThat(CanonicalJson.of(CanonicalJson.tree(value)))
                .isEqualTo("{\"micros\":\"2026-03-02T10:00:00.123456Z\",\"whole\":\"2026-03-02T10:00:00Z\"}");
    }

    @Test
    void theSameEventAlwaysHasTheSameCanonicalFormAndItIsSortedJson() {
        UUID dispute = UUID.fromString("6f1c2b1e-5d2a-4c3b-9e8f-0a1b2c3d4e5f");
        var event = new MessagePosted(dispute, Party.BUYER, "Where is my parcel?",
                new Actor("buyer-1", Role.BUYER, "Ann"), Instant.parse("2026-03-02T10:00:00.000001Z"));
        String canonical = CanonicalJson.of(CanonicalJson.tree(event));
        assertThat(canonical).isEqualTo(CanonicalJson.of(CanonicalJson.tree(event)))
                .isEqualTo("{\"actor\":{\"displayName\":\"Ann\",\"id\":\"buyer-1\",\"role\":\"BUYER\"},"
                        + "\"at\":\"2026-03-02T10:00:00.000001Z\",\"by\":\"BUYER\","
                        + "\"disputeId\":\"6f1c2b1e-5d2a-4c3b-9e8f-0a1b2c3d4e5f\",\"text\":\"Where is my parcel?\"}");
    }

    @Test
    void hashesThePreviousHashALineFeedAndTheCanonicalForm() throws Exception {
        assertThat(CanonicalJson.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(CanonicalJson.hash(CanonicalJson.GENESIS, "{\"a\":1}"))
                .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(("0".repeat(64) + "\n{\"a\":1}").getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .hasSize(64).matches("[0-9a-f]+");
    }
}
