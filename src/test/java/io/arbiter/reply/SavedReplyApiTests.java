package io.arbiter.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/** Agents' saved replies over the API: who keeps which, who sees which, and every refusal naming its field. */
class SavedReplyApiTests extends ApiTest {

    private static Map<String, Object> reply(String kind, String language, String title, String text) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", kind);
        body.put("language", language);
        body.put("title", title);
        body.put("text", text);
        return body;
    }

    private static String create(Person who, Map<String, Object> body) {
        return who.api().post("/api/v1/saved-replies", body).expect(201).json().get("id").asString();
    }

    private static List<String> titles(Api api, String query) {
        List<String> titles = new ArrayList<>();
        api.get("/api/v1/saved-replies" + query).expect(200).json().forEach(r -> titles.add(r.get("title").asString()));
        return titles;
    }

    @Test
    void anAgentSeesItsOwnRepliesAndTheDesksSharedOnesButNotAnotherAgentsOwn() {
        Person admin = marketplace.admin();
        Person agent = marketplace.agent();
        Person colleague = marketplace.agent();
        String shared = create(admin, reply("DECISION", "fr", "Remboursement", "La réclamation est acceptée."));
        create(agent, reply("INFORMATION_REQUEST", "en", "Daylight photo", "Please send a photo in daylight."));
        String theirs = create(colleague, reply("INFORMATION_REQUEST", "en", "Tracking", "Your tracking number?"));

        JsonNode sharedReply = agent.api().get("/api/v1/saved-replies/" + shared).expect(200).json();
        assertThat(sharedReply.get("shared").asBoolean()).isTrue();
        assertThat(sharedReply.get("language").asString()).isEqualTo("fr");
        // Other tests' shared replies may be there too (one database per context): shared ones come first.
        List<String> agents = titles(agent.api(), "");
        assertThat(agents).contains("Remboursement", "Daylight photo").doesNotContain("Tracking")
                .endsWith("Daylight photo");
        assertThat(titles(agent.api(), "?kind=INFORMATION_REQUEST&language=en")).containsExactly("Daylight photo");
        assertThat(titles(colleague.api(), "")).contains("Remboursement", "Tracking").doesNotContain("Daylight photo");
        assertThat(titles(admin.api(), "")).contains("Remboursement").doesNotContain("Daylight photo", "Tracking");

        Api.Response foreign = agent.api().get("/api/v1/saved-replies/" + theirs);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(agent.api().put("/api/v1/saved-replies/" + theirs,
                reply("INFORMATION_REQUEST", "en", "Mine now", "Changed")).status()).isEqualTo(404);
        assertThat(agent.api().send("DELETE", "/api/v1/saved-replies/" + theirs, null).status()).isEqualTo(404);
        assertThat(admin.api().get("/api/v1/saved-replies/" + theirs).status()).isEqualTo(404);
        assertThat(colleague.api().get("/api/v1/saved-replies/" + theirs).expect(200).json().get("text").asString())
                .isEqualTo("Your tracking number?");
    }

    @Test
    void anAgentChangesAndDeletesItsOwnReplyButOnlyAnAdminChangesTheDesksShared() {
        Person admin = marketplace.admin();
        Person agent = marketplace.agent();
        String own = create(agent, reply("SUGGESTION", "es", "Mitad", "La mitad es justa."));
        String shared = create(admin, reply("SUGGESTION", "en", "Halfway", "Half is fair."));

        JsonNode changed = agent.api().put("/api/v1/saved-replies/" + own,
                reply("DECISION", "pt", "Metade", "Metade do pedido é justo.")).expect(200).json();
        assertThat(changed.get("kind").asString()).isEqualTo("DECISION");
        assertThat(changed.get("language").asString()).isEqualTo("pt");
        assertThat(agent.api().get("/api/v1/saved-replies/" + own).expect(200).json().get("text").asString())
                .isEqualTo("Metade do pedido é justo.");

        Api.Response refused = agent.api().put("/api/v1/saved-replies/" + shared,
                reply("SUGGESTION", "en", "Mine", "Changed by an agent"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(agent.api().send("DELETE", "/api/v1/saved-replies/" + shared, null).status()).isEqualTo(403);
        Map<String, Object> sharing = reply("SUGGESTION", "en", "For all", "Shared by an agent");
        sharing.put("shared", true);
        assertThat(agent.api().post("/api/v1/saved-replies", sharing).status()).isEqualTo(403);

        admin.api().put("/api/v1/saved-replies/" + shared, reply("SUGGESTION", "en", "Halfway", "Half of it is fair."))
                .expect(200);
        assertThat(agent.api().get("/api/v1/saved-replies/" + shared).expect(200).json().get("text").asString())
                .isEqualTo("Half of it is fair.");

        assertThat(agent.api().send("DELETE", "/api/v1/saved-replies/" + own, null).status()).isEqualTo(204);
        assertThat(agent.api().get("/api/v1/saved-replies/" + own).status()).isEqualTo(404);
        assertThat(admin.api().send("DELETE", "/api/v1/saved-replies/" + shared, null).status()).isEqualTo(204);
        assertThat(titles(agent.api(), "")).doesNotContain("Halfway", "Metade");
    }

    @Test
    void aReplyWithABlankTooLongOrUnknownFieldIsRefusedNamingTheField() {
        Person agent = marketplace.agent();
        assertRefused(agent, reply("DECISION", "en", "  ", "text"), "title");
        assertRefused(agent, reply("DECISION", "en", "Title", " \n "), "text");
        assertRefused(agent, reply("DECISION", "en", "Title", "x".repeat(5001)), "text");
        assertRefused(agent, reply("DECISION", "en", "t".repeat(201), "text"), "title");
        assertRefused(agent, reply("DECISION", "de", "Titel", "Text"), "language");
        assertRefused(agent, reply("VERDICT", "en", "Title", "text"), "kind");
        assertRefused(agent, reply(null, "en", "Title", "text"), "kind");
        assertRefused(agent, reply("DECISION", "en", "Title", "a\u0000b"), "text");
        Map<String, Object> ownByAdmin = reply("DECISION", "en", "Title", "text");
        ownByAdmin.put("shared", false);
        assertRefused(marketplace.admin(), ownByAdmin, "shared");
        Api.Response badFilter = agent.api().get("/api/v1/saved-replies?language=xx");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.json().at("/errors/0/field").asString()).isEqualTo("language");
        // The longest allowed text is kept whole.
        String longest = "y".repeat(5000);
        String id = create(agent, reply("DECISION", "EN", "Longest", longest));
        JsonNode saved = agent.api().get("/api/v1/saved-replies/" + id).expect(200).json();
        assertThat(saved.get("text").asString()).isEqualTo(longest);
        assertThat(saved.get("language").asString()).isEqualTo("en");
        assertThat(agent.api().get("/api/v1/saved-replies/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void partiesMayNotReadOrKeepSavedReplies() {
        create(marketplace.admin(), reply("DECISION", "en", "Granted", "The claim is granted."));
        for (Person party : List.of(marketplace.buyer(), marketplace.seller())) {
            assertThat(party.api().get("/api/v1/saved-replies").status()).isEqualTo(403);
            assertThat(party.api().post("/api/v1/saved-replies", reply("DECISION", "en", "t", "x")).status())
                    .isEqualTo(403);
        }
        assertThat(marketplace.anonymous().get("/api/v1/saved-replies").status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentDescribesTheSavedRepliesApi() {
        JsonNode paths = marketplace.anonymous().get("/v3/api-docs").expect(200).json().get("paths");
        assertThat(paths.get("/api/v1/saved-replies").propertyNames()).contains("get", "post");
        assertThat(paths.get("/api/v1/saved-replies/{id}").propertyNames()).contains("get", "put", "delete");
    }

    private static void assertRefused(Person who, Map<String, Object> body, String field) {
        Api.Response response = who.api().post("/api/v1/saved-replies", body);
        assertThat(response.status()).as(body + " " + response).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().at("/errors/0/field").asString()).as(response.toString()).isEqualTo(field);
    }
}
