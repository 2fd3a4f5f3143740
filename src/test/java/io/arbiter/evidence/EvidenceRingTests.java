package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/**
 * Rings of copies: the same photo, or a re-encoded copy of it, uploaded at the same moment into different
 * disputes by different buyers. Each pair must see each other, however their transactions interleave.
 */
class EvidenceRingTests extends ApiTest {

    private static final int PAIRS = 8;

    @Test
    void copiesUploadedAtTheSameMomentIntoDifferentDisputesAreFlaggedOnBothSides() throws Exception {
        List<Case[]> pairs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            pairs.add(new Case[] {marketplace.disputeInQueue(), marketplace.disputeInQueue()});
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < PAIRS; i++) {
                Case[] pair = pairs.get(i);
                var picture = SampleFiles.picture(800, 600, 500 + i);
                byte[] first = SampleFiles.jpeg(picture, 0.92f);
                // Even pairs share the exact bytes; odd pairs a copy re-encoded at quality 60.
                byte[] second = i % 2 == 0 ? first : SampleFiles.jpeg(picture, 0.6f);
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> upload(pair[0], first, together), pool);
                CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> upload(pair[1], second, together),
                        pool);
                String expected = i % 2 == 0 ? "EXACT_DUPLICATE" : "NEAR_DUPLICATE";
                // Both uploads must have answered before either is read: the one answering first may be the earlier.
                CompletableFuture.allOf(a, b).get();
                assertThat(flagsFor(pair[0], a.get())).as("pair %d, first", i)
                        .contains(expected + " " + pair[1].id());
                assertThat(flagsFor(pair[1], b.get())).as("pair %d, second", i)
                        .contains(expected + " " + pair[0].id());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String upload(Case dispute, byte[] photo, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return dispute.buyer().api().upload(path(dispute), Map.of("kind", "photo", "description", "The item",
                "requirement", "DEFECTS"), "photo.jpg", photo).expect(201).json().get("id").asString();
    }

    private List<String> flagsFor(Case dispute, String evidenceId) {
        JsonNode flags = marketplace.agent().api().get(path(dispute) + "/" + evidenceId).expect(200).json()
                .get("flags");
        return flags.valueStream().map(flag -> flag.get("code").asString() + " "
                + (flag.get("relatedDisputeId").isNull() ? "" : flag.get("relatedDisputeId").asString())).toList();
    }

    private static String path(Case dispute) {
        return "/api/v1/disputes/" + dispute.id() + "/evidence";
    }
}
