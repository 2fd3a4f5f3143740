package io.arbiter.deadline;

import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import io.arbiter.support.ApiTest;
import io.arbiter.support.DueTimersByHand;
import io.arbiter.support.Marketplace.Case;
import tools.jackson.databind.JsonNode;

/**
 * The evidence due time with the real evidence vault behind it: a buyer who never brings the photo the reason
 * requires loses the dispute when the due time passes; one who uploaded it keeps negotiating.
 */
class EvidenceDueTimeTests extends ApiTest {

    @Autowired
    private ApplicationContext context;

    private DueTimersByHand timers;

    @BeforeEach
    void byHand() {
        timers = new DueTimersByHand(context);
    }

    @Test
    void withoutThePhotoItRequiresTheDisputeClosesAndThePaymentGoesToTheSeller() {
        Case dispute = negotiating();

        passTime(Duration.ofDays(7));

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(after.get("outcome").get("terms").get("type").asString()).isEqualTo("CLAIM_REJECTED");
        assertThat(after.get("claim").get("evidence").get("complete").asBoolean()).isFalse();
        JsonNode escrow = dispute.buyer().api().get("/api/v1/orders/" + dispute.orderId()).expect(200).json()
                .get("escrow");
        assertThat(escrow.get("refunded").asLong()).isZero();
        assertThat(escrow.get("released").asLong()).isPositive();
    }

    @Test
    void withThePhotoUploadedTheNegotiationGoesOn() {
        Case dispute = negotiating();
        marketplace.addDefectPhoto(dispute, 12);

        passTime(Duration.ofDays(7));

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("AWAITING_BUYER");
        assertThat(after.get("claim").get("evidence").get("complete").asBoolean()).isTrue();
    }

    /** A quality claim (photos of the defects required) that the seller answered with an offer on day 4. */
    private Case negotiating() {
        Case dispute = marketplace.disputeAwaitingSeller();
        clock.set(START.plus(Duration.ofDays(4)));
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/offers",
                Map.of("resolution", partialRefund(500))).expect(200);
        return dispute;
    }

    private void passTime(Duration sinceStart) {
        clock.set(START.plus(sinceStart));
        timers.runDue();
    }

    private static JsonNode view(Case dispute) {
        return dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json();
    }
}
