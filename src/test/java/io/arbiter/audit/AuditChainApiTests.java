package io.arbiter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.common.CanonicalJson;
import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Json;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/** Every dispute event lands in its dispute's hash chain, and any change to a stored entry is found and named. */
class AuditChainApiTests extends ApiTest {

    private static final int THREADS = 8;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void everyDisputeEventBecomesOneEntryOfAnUnbrokenChain() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        dispute.buyer().api().post(path(dispute) + "/messages", Map.of("text", "Photos are attached")).expect(200);

        JsonNode timeline = agent.api().get(path(dispute)).expect(200).json().get("timeline");
        List<IndependentChain.Link> links = links(dispute.id());
        IndependentChain.assertUnbroken(links);
        assertThat(types(dispute.id())).isEqualTo(Json.field(timeline, "type"));

        JsonNode report = verify(dispute.id()).expect(200).json();
        assertThat(report.get("intact").asBoolean()).isTrue();
        assertThat(report.get("entries").asLong()).isEqualTo(timeline.size());
        assertThat(report.get("lastSequence").asLong()).isEqualTo(links.size());
        assertThat(report.get("lastHash").asString()).isEqualTo(links.get(links.size() - 1).hash());
        assertThat(report.has("firstProblem")).isFalse();
    }

    @ParameterizedTest(name = "{3} at entry {1}")
    @CsvSource(delimiter = '|', value = {
            "update dispute_event set canonical = replace(canonical, 'second note', 'forged note') where dispute_id = :d and seq = 3 | 3 | HASH_MISMATCH | canonical form changed",
            "update dispute_event set entry_hash = 'ab' where dispute_id = :d and seq = 3 | 3 | HASH_MISMATCH | hash changed",
            "update dispute_event set previous_hash = entry_hash where dispute_id = :d and seq = 3 | 3 | BROKEN_LINK | link changed",
            "delete from dispute_event where dispute_id = :d and seq = 3 | 3 | MISSING_SEQUENCE | entry deleted",
            "delete from dispute_event where dispute_id = :d and seq = 5 | 5 | MISSING_SEQUENCE | last entry deleted",
            "update dispute_event set actor_id = 'someone-else' where dispute_id = :d and seq = 3 | 3 | CONTENT_MISMATCH | actor column changed",
            "update dispute_event set summary = 'Buyer: all is well' where dispute_id = :d and seq = 3 | 3 | CONTENT_MISMATCH | text people read changed",
            "update dispute set chain_hash = 'ab' where id = :d | 5 | HEAD_MISMATCH | head changed",
            "update dispute set claim_amount = 1 where id = :d | 5 | STATE_MISMATCH | claimed amount changed"})
    void namesTheFirstEntryThatWasTamperedWith(String sql, long sequence, String kind, String what) {
        Case dispute = withNotes("first note", "second note", "third note", "fourth note");
        Case untouched = withNotes("a note nobody changes");
        assertThat(jdbc.sql(sql).param("d", UUID.fromString(dispute.id())).update()).as(what).isEqualTo(1);

        JsonNode report = verify(dispute.id()).expect(200).json();
        assertThat(report.get("intact").asBoolean()).isFalse();
        assertThat(report.get("firstProblem").get("disputeId").asString()).isEqualTo(dispute.id());
        assertThat(report.get("firstProblem").get("sequence").asLong()).isEqualTo(sequence);
        assertThat(report.get("firstProblem").get("kind").asString()).isEqualTo(kind);

        JsonNode all = marketplace.admin().api().get("/api/v1/admin/audit/verify").expect(200).json();
        assertThat(all.get("intact").asBoolean()).isFalse();
        List<JsonNode> problems = all.get("brokenChains").valueStream()
                .filter(problem -> problem.get("disputeId").asString().equals(dispute.id())).toList();
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.get("sequence").asLong()).isEqualTo(sequence);
            assertThat(problem.get("kind").asString()).isEqualTo(kind);
        });
        assertThat(Json.field(all.get("brokenChains"), "disputeId")).doesNotContain(untouched.id());
        assertThat(verify(untouched.id()).expect(200).json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void aDisputeWhoseWholeChainWasRemovedIsReportedBroken() {
        Case dispute = withNotes("a note");
        UUID id = UUID.fromString(dispute.id());
        jdbc.sql("delete from dispute_event where dispute_id = :d").param("d", id).update();
        jdbc.sql("update dispute set chain_sequence = 0, chain_hash = :genesis where id = :d")
                .param("genesis", "0".repeat(64)).param("d", id).update();

        JsonNode problem = verify(dispute.id()).expect(200).json().get("firstProblem");
        assertThat(problem.get("sequence").asLong()).isEqualTo(1);
        assertThat(problem.get("kind").asString()).isEqualTo("MISSING_SEQUENCE");
    }

    @Test
    void onlyAdminsVerifyAndAnUnknownDisputeIsNotFound() {
        Case dispute = marketplace.disputeAwaitingSeller();
        dispute.buyer().api().get("/api/v1/admin/audit/disputes/" + dispute.id() + "/verify").expect(403);
        marketplace.agent().api().get("/api/v1/admin/audit/verify").expect(403);
        marketplace.anonymous().get("/api/v1/admin/audit/verify").expect(401);
        verify(UUID.randomUUID().toString()).expect(404);
    }

    @Test
    void messagesPostedAtTheSameMomentAllJoinOneUnbrokenChain() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 3; round++) {
                Case dispute = marketplace.disputeAwaitingSeller();
                int before = links(dispute.id()).size();
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Future<Api.Response>> posts = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    Api author = i % 2 == 0 ? dispute.buyer().api() : dispute.seller().api();
                    String text = "concurrent message " + i;
                    Callable<Api.Response> post = () -> {
                        start.await(10, TimeUnit.SECONDS);
                        return author.post(path(dispute) + "/messages", Map.of("text", text));
                    };
                    posts.add(threads.submit(post));
                }
                for (Future<Api.Response> post : posts) {
                    assertThat(post.get(60, TimeUnit.SECONDS).status()).as("round %d", round).isEqualTo(200);
                }

                List<IndependentChain.Link> links = links(dispute.id());
                IndependentChain.assertUnbroken(links);
                assertThat(links).hasSize(before + THREADS);
                for (int i = 0; i < THREADS; i++) {
                    String text = "\"text\":\"concurrent message " + i + "\"";
                    assertThat(links).filteredOn(link -> link.canonical().contains(text)).hasSize(1);
                }
                assertThat(verify(dispute.id()).expect(200).json().get("intact").asBoolean()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void moneyChangedInTheDisputeRowBehindTheChainIsFound() {
        Case dispute = settled();
        jdbc.sql("update dispute set outcome_refund_to_buyer = outcome_refund_to_buyer + 500,"
                + " outcome_release_to_seller = outcome_release_to_seller - 500 where id = :d")
                .param("d", UUID.fromString(dispute.id())).update();

        JsonNode problem = verify(dispute.id()).expect(200).json().get("firstProblem");
        assertThat(problem.get("kind").asString()).isEqualTo("STATE_MISMATCH");
        assertThat(problem.get("detail").asString()).contains("refund to the buyer");
    }

    @Test
    void aChainCutShortTogetherWithItsHeadIsFoundByWhatItsRowSays() {
        Case dispute = settled();
        UUID id = UUID.fromString(dispute.id());
        List<IndependentChain.Link> links = links(dispute.id());
        IndependentChain.Link last = links.get(links.size() - 1);
        IndependentChain.Link beforeLast = links.get(links.size() - 2);
        assertThat(types(dispute.id()).get(links.size() - 1)).isEqualTo("DISPUTE_CLOSED");
        jdbc.sql("delete from dispute_event where dispute_id = :d and seq = :seq")
                .param("d", id).param("seq", last.sequence()).update();
        jdbc.sql("update dispute set chain_sequence = :seq, chain_hash = :hash where id = :d")
                .param("seq", beforeLast.sequence()).param("hash", beforeLast.hash()).param("d", id).update();

        JsonNode problem = verify(dispute.id()).expect(200).json().get("firstProblem");
        assertThat(problem.get("kind").asString()).isEqualTo("STATE_MISMATCH");
        assertThat(problem.get("detail").asString()).contains("no entry records its closing");
    }

    @Test
    void theTimelinePeopleReadIsTheSealedEntries() {
        Case dispute = withNotes("sealed words");
        JsonNode timeline = dispute.buyer().api().get(path(dispute)).expect(200).json().get("timeline");
        List<IndependentChain.Link> links = links(dispute.id());
        for (JsonNode entry : timeline) {
            IndependentChain.Link link = links.get((int) entry.get("sequence").asLong() - 1);
            assertThat(CanonicalJson.MAPPER.readTree(link.canonical()).get("summary").asString()).isEqualTo(entry.get("summary").asString());
        }
    }

    /** The buyer accepted the seller's counter-offer: the dispute is closed with money refunded and released. */
    private Case settled() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        dispute.buyer().api().post(path(dispute) + "/accept", null).expect(200);
        return dispute;
    }

    private Case withNotes(String... notes) {
        Case dispute = marketplace.disputeAwaitingSeller();
        for (String note : notes) {
            dispute.buyer().api().post(path(dispute) + "/messages", Map.of("text", note)).expect(200);
        }
        return dispute;
    }

    private Api.Response verify(String disputeId) {
        return marketplace.admin().api().get("/api/v1/admin/audit/disputes/" + disputeId + "/verify");
    }

    private List<IndependentChain.Link> links(String disputeId) {
        return jdbc.sql("select seq, canonical, previous_hash, entry_hash from dispute_event"
                        + " where dispute_id = :d order by seq")
                .param("d", UUID.fromString(disputeId))
                .query((rs, row) -> new IndependentChain.Link(rs.getLong("seq"), rs.getString("canonical"),
                        rs.getString("previous_hash"), rs.getString("entry_hash")))
                .list();
    }

    private List<String> types(String disputeId) {
        return jdbc.sql("select type from dispute_event where dispute_id = :d order by seq")
                .param("d", UUID.fromString(disputeId)).query(String.class).list();
    }

    private static String path(Case dispute) {
        return "/api/v1/disputes/" + dispute.id();
    }
}
