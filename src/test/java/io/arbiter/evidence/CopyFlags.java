package io.arbiter.evidence;

import java.util.List;

import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Case;
import tools.jackson.databind.JsonNode;

/** A piece's integrity flags as an agent reads them through the API, and the pieces it is flagged a near copy of. */
final class CopyFlags {

    private CopyFlags() {
    }

    static List<String> copies(Marketplace marketplace, Case dispute, String evidenceId) {
        return flags(marketplace, dispute, evidenceId).stream()
                .filter(flag -> flag.get("code").asString().equals("NEAR_DUPLICATE"))
                .map(flag -> flag.get("relatedEvidenceId").asString()).toList();
    }

    static List<JsonNode> flags(Marketplace marketplace, Case dispute, String evidenceId) {
        JsonNode flags = marketplace.agent().api().get(path(dispute) + "/" + evidenceId).expect(200).json().get("flags");
        return flags == null ? List.of() : flags.valueStream().toList();
    }

    static String path(Case dispute) {
        return "/api/v1/disputes/" + dispute.id() + "/evidence";
    }
}
