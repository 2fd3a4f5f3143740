package io.arbiter.deadline;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.SqlTime;
import io.arbiter.deadline.Timers.DueTimer;
import io.arbiter.deadline.Timers.ReminderTimer;
import io.arbiter.dispute.DisputeEvents.DueTimePassed;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.DisputeReason.EvidenceRequirement;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.DueTime;
import io.arbiter.dispute.EventTexts;
import io.arbiter.dispute.EvidenceChecklist;
import io.arbiter.dispute.OpenDispute;
import io.arbiter.dispute.ResolutionType;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.support.ApiTest;
import io.arbiter.support.DueTimersByHand;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/**
 * Every due time passing, end to end: a dispute is brought to a waiting step over the API, the test clock moves
 * past the due time, the timers due then run (by hand, as a polling instance would), and the API shows the
 * dispute moved on by Arbiter, with its timeline, money and notices, exactly as if a person had acted.
 */
@Import(DeadlineApiTests.Evidence.class)
class DeadlineApiTests extends ApiTest {

    private static final Duration DAY = Duration.ofDays(1);

    @Autowired
    private ApplicationContext context;
    @Autowired
    private SwitchableChecklist evidence;
    @Autowired
    private DueTimeBatches batches;
    @Autowired
    private CommitBreaker commitBreaker;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private DisputeService disputes;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private PlatformTransactionManager transactions;

    private DueTimersByHand timers;

    @BeforeEach
    void byHand() {
        timers = new DueTimersByHand(context);
        evidence.supplied = true;
    }

    // ------------------------------------------------------------------ negotiation

    @Test
    void acceptsTheClaimAsAskedWhenTheSellerLetsItsDueTimePass() {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(2000));
        assertThat(instant(view(dispute).get("dueAt"))).isEqualTo(START.plus(days(5)));

        passTime(days(5).minusSeconds(1));
        assertThat(view(dispute).get("status").asString()).isEqualTo("AWAITING_SELLER");
        passTime(days(5));

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(after.get("outcome").get("settledBy").asString()).isEqualTo("DUE_TIME_PASSED");
        assertThat(after.get("outcome").get("refundToBuyer").asLong()).isEqualTo(2000);
        assertThat(after.get("outcome").get("releaseToSeller").asLong()).isEqualTo(3000);
        assertThat(byArbiter(after)).endsWith("DUE_TIME_PASSED", "OFFER_ACCEPTED", "DISPUTE_CLOSED");
        assertThat(entry(after, "DUE_TIME_PASSED").get("summary").asString())
                .startsWith("The seller did not act by").endsWith("the buyer's claim is accepted as asked");
        JsonNode escrow = escrow(dispute);
        assertThat(escrow.get("status").asString()).isEqualTo("PARTLY_REFUNDED");
        assertThat(escrow.get("refunded").asLong()).isEqualTo(2000);
        assertThat(escrow.get("released").asLong()).isEqualTo(3000);
        assertThat(after.get("settlement").get("payouts").findValuesAsString("kind")).contains("REFUND", "RELEASE");
        JsonNode notice = awaitNotice(dispute.buyer(), dispute.id(), "DISPUTE_CLOSED");
        assertThat(notice.get("text").asString()).contains("A due time passed without an answer");
    }

    @Test
    void appliesTheSellersLatestOfferWhenTheBuyerLetsItsDueTimePass() {
        Case dispute = marketplace.disputeAwaitingBuyer();

        passTime(days(5));

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(after.get("outcome").get("terms").get("type").asString()).isEqualTo("PARTIAL_REFUND");
        assertThat(after.get("outcome").get("refundToBuyer").asLong()).isEqualTo(1000);
        assertThat(entry(after, "OFFER_ACCEPTED").get("summary").asString())
                .isEqualTo("Arbiter accepted a partial refund of €10.00 for the buyer");
        assertThat(escrow(dispute).get("refunded").asLong()).isEqualTo(1000);
    }

    @Test
    void closesInTheSellersFavourWhenTheBuyerIsSilentWithNoOfferOnTheTable() {
        Case dispute = marketplace.disputeAwaitingSeller();
        dispute.seller().api().post(path(dispute, "/contest"), Map.of("statement", "It left here intact"))
                .expect(200);

        passTime(days(5));

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(after.get("outcome").get("terms").get("type").asString()).isEqualTo("CLAIM_REJECTED");
        assertThat(entry(after, "DUE_TIME_PASSED").get("summary").asString())
                .endsWith("the dispute closes in the seller's favour");
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("RELEASED");
    }

    @Test
    void aStaleTimerDoesNothingAndTheNewDueTimeFires() {
        Case dispute = marketplace.disputeAwaitingSeller();
        clock.set(START.plus(DAY));
        dispute.seller().api().post(path(dispute, "/offers"), Map.of("resolution", partialRefund(1500))).expect(200);
        long version = view(dispute).get("version").asLong();

        passTime(days(5));
        JsonNode unchanged = view(dispute);
        assertThat(unchanged.get("status").asString()).isEqualTo("AWAITING_BUYER");
        assertThat(unchanged.get("version").asLong()).isEqualTo(version);
        assertThat(types(unchanged)).doesNotContain("DUE_TIME_PASSED");

        passTime(days(6));
        assertThat(view(dispute).get("outcome").get("refundToBuyer").asLong()).isEqualTo(1500);
    }

    // ------------------------------------------------------------------ evidence

    @Test
    void closesInTheSellersFavourWhenTheEvidenceIsMissingAtItsDueTime() {
        evidence.supplied = false;
        Case dispute = negotiatingPastTheEvidenceDueTime();

        passTime(days(7));

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(after.get("outcome").get("terms").get("type").asString()).isEqualTo("CLAIM_REJECTED");
        assertThat(entry(after, "DUE_TIME_PASSED").get("summary").asString())
                .startsWith("The buyer did not supply the evidence required by");
        assertThat(escrow(dispute).get("released").asLong()).isEqualTo(5000);
    }

    @Test
    void onlyRecordsTheCheckWhenTheEvidenceIsThere() {
        Case dispute = negotiatingPastTheEvidenceDueTime();

        passTime(days(7));

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("AWAITING_BUYER");
        assertThat(entry(after, "DUE_TIME_PASSED").get("summary").asString())
                .startsWith("The evidence required was supplied before its due time");
        evidence.supplied = false;
        passTime(days(8));
        assertThat(view(dispute).get("status").asString()).as("the evidence due time is checked once")
                .isEqualTo("AWAITING_BUYER");
    }

    @Test
    void wantsNotAsDescribedEvidenceWithinThePolicysWindowAfterDelivery() {
        evidence.supplied = false;
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        Map<String, Object> body = claim(orderId, "NOT_AS_DESCRIBED", partialRefund(1000));
        body.put("differences", List.of(Map.of("attribute", "colour", "listed", "blue", "received", "red")));
        JsonNode opened = buyer.api().post("/api/v1/disputes", body).expect(201).json();
        // Delivered two days before the opening: three days from the opening, not seven.
        assertThat(instant(opened.get("claim").get("evidenceDueAt"))).isEqualTo(START.plus(days(3)));

        passTime(days(3));

        JsonNode after = buyer.api().get("/api/v1/disputes/" + opened.get("id").asString()).expect(200).json();
        assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(after.get("outcome").get("terms").get("type").asString()).isEqualTo("CLAIM_REJECTED");
    }

    @Test
    void remindsTheBuyerOfMissingEvidenceBeforeItsDueTime() {
        evidence.supplied = false;
        Case dispute = negotiatingPastTheEvidenceDueTime();

        passTime(days(5));
        passTime(days(6));

        assertThat(entries(view(dispute), "DUE_TIME_APPROACHING")).extracting(entry -> entry.get("summary").asString())
                .filteredOn(summary -> summary.contains("evidence"))
                .containsExactly("Reminder to the buyer: the evidence required is due by "
                                + minutes(START.plus(days(7))) + ", 48 hours from now",
                        "Reminder to the buyer: the evidence required is due by " + minutes(START.plus(days(7)))
                                + ", 24 hours from now");
        assertThat(awaitNotice(dispute.buyer(), dispute.id(), "DUE_TIME_APPROACHING").get("text").asString())
                .contains("Without it the dispute closes");
    }

    // ------------------------------------------------------------------ returns

    @Test
    void refundsTheBuyerWhenTheSellerNeverConfirmsTheReturnAddress() {
        Case dispute = marketplace.disputeAwaitingSeller();
        dispute.seller().api().post(path(dispute, "/accept"), null).expect(200);
        assertThat(view(dispute).get("status").asString()).isEqualTo("AWAITING_RETURN_ADDRESS");

        passTime(days(5));

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(after.get("outcome").get("terms").get("type").asString()).isEqualTo("FULL_REFUND");
        assertThat(after.get("outcome").get("refundToBuyer").asLong()).isEqualTo(5000);
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("REFUNDED");
    }

    @Test
    void closesInTheSellersFavourWhenTheReturnIsNotShippedInTime() {
        Case dispute = awaitingReturnShipment();

        passTime(days(10));

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(entry(after, "DUE_TIME_PASSED").get("summary").asString()).startsWith("The buyer did not act by");
        assertThat(after.get("outcome").get("releaseToSeller").asLong()).isEqualTo(5000);
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("RELEASED");
    }

    @Test
    void refundsTheBuyerWhenTheSellerDoesNotConfirmADeliveredReturn() {
        Case dispute = awaitingReturnShipment();
        dispute.buyer().api().post(path(dispute, "/return/shipment"), Map.of("carrier", "DHL", "trackingNumber", "R-1"))
                .expect(200);
        passTime(days(20));
        assertThat(view(dispute).get("status").asString()).as("no due time before tracking shows it delivered")
                .isEqualTo("AWAITING_RETURN_RECEIPT");
        marketplace.integration().post(path(dispute, "/return/delivered"), null).expect(200);

        passTime(days(35));

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(after.get("outcome").get("terms").get("type").asString()).isEqualTo("FULL_REFUND_WITH_RETURN");
        assertThat(after.get("outcome").get("refundToBuyer").asLong()).isEqualTo(5000);
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("REFUNDED");
    }

    // ------------------------------------------------------------------ arbitration

    @Test
    void tellsTheAgentWhenThePartyDoesNotAnswerAndTheCaseGoesOn() {
        Person agent = marketplace.agent();
        Case dispute = marketplace.disputeWithAgent(agent);
        agent.api().post(path(dispute, "/information-requests"), Map.of("from", "BUYER", "question", "A photo?",
                "dueAt", START.plus(DAY).toString())).expect(200);

        passTime(DAY);

        JsonNode after = view(dispute);
        assertThat(after.get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(after.get("whoseMove").asString()).isEqualTo("AGENT");
        assertThat(instant(after.get("dueAt"))).isEqualTo(START.plus(days(2)));
        assertThat(after.get("review").has("informationRequest")).isFalse();
        assertThat(entry(after, "DUE_TIME_PASSED").get("summary").asString())
                .endsWith("the agent is told and the case goes on");
        assertThat(awaitNotice(agent, dispute.id(), "DUE_TIME_PASSED").get("text").asString())
                .contains("The buyer did not answer your request");
    }

    @Test
    void flagsACaseInTheQueuePastItsReviewDueTimeUntilAnAgentActs() {
        Case overdue = marketplace.disputeInQueue();
        Case onTime = marketplace.disputeInQueue();
        clock.set(START.plus(DAY));
        Person agent = marketplace.agent();
        agent.api().post("/api/v1/disputes/" + onTime.id() + "/due-time-extensions", Map.of("dueTime", "CURRENT",
                "until", START.plus(days(4)).toString(), "reason", "Waiting for the carrier's report")).expect(200);

        passTime(days(2));

        assertThat(view(overdue).get("review").get("overdue").asBoolean()).isTrue();
        assertThat(view(onTime).get("review").get("overdue").asBoolean()).isFalse();
        List<String> flagged = agent.api().get("/api/v1/disputes?assignment=UNASSIGNED&overdue=true&size=100")
                .expect(200).json().get("items").findValuesAsString("id");
        assertThat(flagged).contains(overdue.id()).doesNotContain(onTime.id());
        assertThat(awaitNotice(agent, overdue.id(), "DUE_TIME_PASSED").get("text").asString())
                .contains("flagged in the agents' queue");

        agent.api().post(path(overdue, "/take"), null).expect(200);
        passTime(days(3));
        assertThat(view(overdue).get("review").get("overdue").asBoolean()).as("a due time is enforced once").isFalse();
        assertThat(agent.api().get("/api/v1/disputes?overdue=true&size=100").expect(200).json().get("items")
                .findValuesAsString("id")).doesNotContain(overdue.id());
    }

    // ------------------------------------------------------------------ extensions

    @Test
    void anAgentExtendsADueTimeWithAReasonAndTheFiringMovesWithIt() {
        evidence.supplied = false;
        Case dispute = marketplace.disputeInQueue();
        Person agent = marketplace.agent();
        agent.api().post(path(dispute, "/take"), null).expect(200);

        JsonNode extended = agent.api().post(path(dispute, "/due-time-extensions"), Map.of("dueTime", "EVIDENCE",
                "until", START.plus(days(10)).toString(), "reason", "The buyer is abroad until the 10th")).expect(200)
                .json();

        assertThat(instant(extended.get("claim").get("evidenceDueAt"))).isEqualTo(START.plus(days(10)));
        JsonNode entry = entry(extended, "DUE_TIME_EXTENDED");
        assertThat(entry.get("actorId").asString()).isEqualTo(agent.id());
        assertThat(entry.get("summary").asString()).isEqualTo("The agent extended the evidence due time of the buyer"
                + " from " + minutes(START.plus(days(7))) + " to " + minutes(START.plus(days(10)))
                + ": “The buyer is abroad until the 10th”");
        passTime(days(9));
        assertThat(view(dispute).get("status").asString()).isEqualTo("UNDER_REVIEW");
        passTime(days(10));
        assertThat(view(dispute).get("status").asString()).isEqualTo("RESOLVED");
        assertThat(awaitNotice(dispute.buyer(), dispute.id(), "DUE_TIME_EXTENDED").get("text").asString())
                .contains("The buyer is abroad until the 10th");
    }

    @Test
    void refusesAnExtensionThatGivesNoMoreTimeOrNoReason() {
        Case dispute = marketplace.disputeInQueue();
        Person agent = marketplace.agent();
        String extensions = path(dispute, "/due-time-extensions");

        JsonNode earlier = agent.api().post(extensions, Map.of("dueTime", "CURRENT",
                "until", START.plus(days(2)).toString(), "reason", "More time")).expect(422).json();
        assertThat(earlier.get("errors").findValuesAsString("field")).containsExactly("until");
        JsonNode blank = agent.api().post(extensions, Map.of("dueTime", "CURRENT",
                "until", START.plus(days(3)).toString(), "reason", "  ")).expect(422).json();
        assertThat(blank.get("errors").findValuesAsString("field")).containsExactly("reason");
        agent.api().post(extensions, Map.of("dueTime", "CURRENT", "reason", "No date")).expect(400);

        agent.api().post(path(dispute, "/take"), null).expect(200);
        marketplace.agent().api().post(extensions, Map.of("dueTime", "CURRENT",
                "until", START.plus(days(3)).toString(), "reason", "Not my case")).expect(403);
        agent.api().post(path(dispute, "/decision"), Map.of("resolution", partialRefund(500), "reasons", "Minor"))
                .expect(200);
        agent.api().post(extensions, Map.of("dueTime", "CURRENT",
                "until", START.plus(days(3)).toString(), "reason", "Too late")).expect(409);
    }

    @Test
    void refusesADueTimeFurtherThanSixtyDaysAndLeavesTheRunningOneAsItWas() {
        evidence.supplied = false;
        Case dispute = marketplace.disputeInQueue();
        Person agent = marketplace.agent();
        agent.api().post(path(dispute, "/take"), null).expect(200);
        JsonNode before = view(dispute);
        String extensions = path(dispute, "/due-time-extensions");

        for (String farAway : List.of("+1000000000-12-31T23:59:59Z", "+294277-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z", START.plus(days(2 + 61)).toString())) {
            JsonNode refused = agent.api().post(extensions, Map.of("dueTime", "CURRENT", "until", farAway,
                    "reason", "Typed a year too many")).expect(422).json();
            assertThat(refused.get("errors").findValuesAsString("field")).as(farAway).containsExactly("until");
            JsonNode asked = agent.api().post(path(dispute, "/information-requests"), Map.of("from", "BUYER",
                    "question", "A photo?", "dueAt", farAway)).expect(422).json();
            assertThat(asked.get("errors").findValuesAsString("field")).as(farAway).containsExactly("dueAt");
        }
        // The evidence due time (seven days after the opening) reaches sixty days past itself.
        agent.api().post(extensions, Map.of("dueTime", "EVIDENCE", "until", START.plus(days(7 + 61)).toString(),
                "reason", "Typed a year too many")).expect(422);
        JsonNode after = view(dispute);
        assertThat(after.get("dueAt")).isEqualTo(before.get("dueAt"));
        assertThat(after.get("claim").get("evidenceDueAt")).isEqualTo(before.get("claim").get("evidenceDueAt"));
        assertThat(after.get("version")).isEqualTo(before.get("version"));

        // Sixty days past the running due time (two days from now in the queue) is the furthest allowed.
        evidence.supplied = true;
        agent.api().post(extensions, Map.of("dueTime", "CURRENT", "until", START.plus(days(62)).toString(),
                "reason", "The carrier investigates for two months")).expect(200);
        passTime(days(61));
        assertThat(view(dispute).get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(view(dispute).get("review").get("overdue").asBoolean()).isFalse();
    }

    // ------------------------------------------------------------------ reminders

    @Test
    void remindsThePartyThatMustAct48And24HoursBeforeItsDueTimeOnceEach() {
        Case dispute = marketplace.disputeAwaitingSeller();

        passTime(days(3));
        passTime(days(3));
        assertThat(stepReminders(dispute)).hasSize(1);
        // A timer that fires twice (written again after it fired) reminds nobody again.
        ReminderTimer first = new ReminderTimer(UUID.fromString(dispute.id()), DueTime.CURRENT,
                START.plus(days(5)), Duration.ofHours(48));
        jdbc.sql("""
                        insert into dispute_timer (name, dispute_id, due_time, due_at, remind_before, fire_at)
                        values (:name, :dispute, 'CURRENT', :dueAt, 'PT48H', :fireAt)""")
                .param("name", first.name()).param("dispute", first.disputeId())
                .param("dueAt", SqlTime.of(first.dueAt())).param("fireAt", SqlTime.of(START.plus(days(3))))
                .update();
        passTime(days(4));
        passTime(days(4));

        assertThat(stepReminders(dispute)).containsExactly(
                "Reminder to the seller: the next move is due by " + minutes(START.plus(days(5)))
                        + ", 48 hours from now",
                "Reminder to the seller: the next move is due by " + minutes(START.plus(days(5)))
                        + ", 24 hours from now");
        assertThat(awaitNotice(dispute.seller(), dispute.id(), "DUE_TIME_APPROACHING").get("dueAt").asString())
                .isEqualTo(START.plus(days(5)).toString());
        passTime(days(5));
        assertThat(stepReminders(dispute)).hasSize(2);
        assertThat(marketplace.admin().api().get("/api/v1/admin/audit/disputes/" + dispute.id() + "/verify")
                .expect(200).json().get("intact").asBoolean()).as("reminders are in the hash chain too").isTrue();
    }

    // ------------------------------------------------------------------ buyer protection

    @Test
    void releasesThePaymentWhenBuyerProtectionEndsWithNoDisputeOpen() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        // Delivered two days before START; the protection period is 15 days.
        String quiet = marketplace.deliveredOrder(buyer, seller);
        Case disputed = marketplace.disputeInQueue();

        passTime(days(13).minusSeconds(1));
        assertThat(orderEscrow(buyer, quiet).get("status").asString()).isEqualTo("HELD");
        passTime(days(13));

        JsonNode released = orderEscrow(buyer, quiet);
        assertThat(released.get("status").asString()).isEqualTo("RELEASED");
        assertThat(released.get("released").asLong()).isEqualTo(5000);
        assertThat(escrow(disputed).get("frozen").asBoolean()).as("an open dispute holds the payment").isTrue();
    }

    @Test
    void startsBuyerProtectionAgainWhenADisputeEndsWithTheItemShippedAgain() {
        Case dispute = marketplace.disputeAwaitingSeller(resolution("RESHIPMENT"));
        clock.set(START.plus(DAY));
        dispute.seller().api().post(path(dispute, "/accept"), null).expect(200);
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("HELD");

        passTime(days(15));
        assertThat(escrow(dispute).get("status").asString()).isEqualTo("HELD");
        passTime(days(16));

        assertThat(escrow(dispute).get("status").asString()).isEqualTo("RELEASED");
    }

    // ------------------------------------------------------------------ the engine

    @Test
    void schedulesTheTimersInTheTransactionOfTheChangeSoARollbackLeavesNone() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        Actor asBuyer = new Actor(buyer.id(), Role.BUYER, buyer.username());
        OpenDispute claim = new OpenDispute(orderId, DisputeReason.QUALITY_ISSUE, "Torn seam", 1,
                new OpenDispute.Resolution(ResolutionType.PARTIAL_REFUND, 1000L, null), null, null, null, null);
        AtomicReference<UUID> opened = new AtomicReference<>();
        List<Boolean> timerSeenBeforeCommit = new ArrayList<>();

        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            DisputeView view = disputes.open(asBuyer, claim);
            opened.set(view.id());
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    timerSeenBeforeCommit.add(dueTimer(view.id(), view.dueAt()).isPresent());
                    throw new IllegalStateException("a later step of the same transaction fails");
                }
            });
        })).hasMessage("a later step of the same transaction fails");

        assertThat(timerSeenBeforeCommit).containsExactly(true);
        assertThat(timersOf(opened.get())).isEmpty();
        buyer.api().get("/api/v1/disputes/" + opened.get()).expect(404);
        DisputeView committed = disputes.open(asBuyer, claim);
        assertThat(dueTimer(committed.id(), committed.dueAt())).contains(committed.dueAt());
    }

    @Test
    void aDisputeTheBuyerAgreesToLeavesNoTimerBehind() {
        Case dispute = marketplace.disputeAwaitingBuyer();
        assertThat(timersOf(UUID.fromString(dispute.id()))).as("the seller's and the buyer's due times and reminders")
                .hasSizeGreaterThanOrEqualTo(6);

        dispute.buyer().api().post(path(dispute, "/accept"), null).expect(200);

        assertThat(view(dispute).get("status").asString()).isEqualTo("RESOLVED");
        assertThat(timerRows(dispute)).isZero();
    }

    @Test
    void aDisputeWithdrawnLeavesNoTimerBehind() {
        Case dispute = marketplace.disputeAwaitingSeller();

        dispute.buyer().api().post(path(dispute, "/withdraw"), Map.of("reason", "Sorted it out with the seller"))
                .expect(200);

        assertThat(timerRows(dispute)).isZero();
    }

    @Test
    void aDisputeClosedByItsDueTimeLeavesNoTimerBehindButTheOrdersProtection() {
        Case dispute = marketplace.disputeAwaitingSeller(resolution("RESHIPMENT"));

        passTime(days(5));

        assertThat(view(dispute).get("status").asString()).isEqualTo("RESOLVED");
        assertThat(timerRows(dispute)).as("the fired timers removed by their batch, the others by the change")
                .isZero();
        assertThat(timers.timers()).as("the reshipped order's buyer protection runs again")
                .anyMatch(timer -> timer.getTaskInstance().getTaskName().equals(Timers.BUYER_PROTECTION)
                        && timer.getTaskInstance().getId().startsWith(dispute.orderId() + "/"));
    }

    @Test
    void aTimerClaimedByAnInstanceThatDiesIsFiredByTheNextBatch() throws Exception {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(2000));
        Instant due = START.plus(days(5));
        clock.set(due);
        DueTimer timer = new DueTimer(UUID.fromString(dispute.id()), DueTime.CURRENT, due);

        try (Connection crashing = dataSource.getConnection()) {
            crashing.setAutoCommit(false);
            try (PreparedStatement claim = crashing.prepareStatement(
                    "select name from dispute_timer where name = ? for update")) {
                claim.setString(1, timer.name());
                assertThat(claim.executeQuery().next()).as("the dying instance's batch claimed the timer").isTrue();
            }
            fireEveryDueBatch();
            assertThat(view(dispute).get("status").asString()).as("a claimed timer is left to its batch")
                    .isEqualTo("AWAITING_SELLER");
            // The instance dies: its database session ends, and its transaction with it.
            crashing.rollback();
        }

        timers.runDue();
        assertThat(view(dispute).get("status").asString()).isEqualTo("RESOLVED");
        assertThat(entries(view(dispute), "DUE_TIME_PASSED")).hasSize(1);
    }

    @Test
    void aDisputeWhoseFiringFailsIsPutOffWithoutHoldingBackTheRestOfItsBatch() {
        Case failing = marketplace.disputeAwaitingSeller(partialRefund(2000));
        Case other = marketplace.disputeAwaitingSeller(partialRefund(2000));
        Instant due = START.plus(days(5));
        clock.set(due);
        // The failing dispute names a policy version nobody recorded: reading it under its lock fails.
        UUID failingId = UUID.fromString(failing.id());
        String policy = jdbc.sql("select policy_version from dispute where id = :id").param("id", failingId)
                .query(String.class).single();
        jdbc.sql("update dispute set policy_version = 'never-recorded' where id = :id").param("id", failingId).update();

        List<RuntimeException> failures = fireEveryDueBatch();

        assertThat(failures).as("the failing dispute's timers due by now, each once").isNotEmpty()
                .hasSize((int) (long) jdbc.sql("select count(*) from dispute_timer where dispute_id = :id"
                                + " and failures = 1 and fire_at = :retry")
                        .param("id", failingId).param("retry", SqlTime.of(due.plusSeconds(1))).query(Long.class)
                        .single())
                .extracting(Throwable::getMessage).containsOnly("policy version never-recorded is not recorded");
        assertThat(view(other).get("status").asString()).isEqualTo("RESOLVED");
        assertThat(jdbc.sql("select status from dispute where id = :id").param("id", failingId).query(String.class)
                .single()).isEqualTo("AWAITING_SELLER");
        assertThat(jdbc.sql("select fire_at, failures from dispute_timer where name = :name")
                .param("name", new DueTimer(failingId, DueTime.CURRENT, due).name())
                .query((rs, row) -> SqlTime.instant(rs, "fire_at") + " after " + rs.getInt("failures"))
                .single()).as("tried again a second later").isEqualTo(due.plusSeconds(1) + " after 1");

        jdbc.sql("update dispute set policy_version = :policy where id = :id").param("policy", policy)
                .param("id", failingId).update();
        clock.set(due.plusSeconds(1));
        timers.runDue();
        assertThat(view(failing).get("status").asString()).isEqualTo("RESOLVED");
    }

    @Test
    void aBatchThatFailsAsItCommitsFiresItsTimersOneAtATime() {
        Case failing = marketplace.disputeAwaitingSeller(partialRefund(2000));
        Case other = marketplace.disputeAwaitingSeller(partialRefund(2000));
        Instant due = START.plus(days(5));
        clock.set(due);
        commitBreaker.breaking = UUID.fromString(failing.id());
        List<RuntimeException> failures;
        try {
            failures = fireEveryDueBatch();
        } finally {
            commitBreaker.breaking = null;
        }

        assertThat(failures).as("only the failing dispute's due time, in a transaction of its own").singleElement()
                .extracting(Throwable::getMessage).isEqualTo("the commit of dispute " + failing.id() + " fails");
        assertThat(view(other).get("status").asString()).isEqualTo("RESOLVED");
        assertThat(view(failing).get("status").asString()).isEqualTo("AWAITING_SELLER");
        assertThat(dueTimer(UUID.fromString(failing.id()), due)).as("tried again a second later")
                .contains(due.plusSeconds(1));

        clock.set(due.plusSeconds(1));
        timers.runDue();
        assertThat(view(failing).get("status").asString()).isEqualTo("RESOLVED");
    }

    @Test
    void theDemoClockDoesNotExistOutsideDemoMode() {
        marketplace.admin().api().post("/api/v1/admin/clock", Map.of("advanceBy", "P2D")).expect(404);
        assertThat(clock.instant()).isEqualTo(START);
    }

    // ------------------------------------------------------------------ scenes and readings

    /** A quality issue (evidence due in 7 days) still in negotiation on day 7: the seller countered on day 4. */
    private Case negotiatingPastTheEvidenceDueTime() {
        Case dispute = marketplace.disputeAwaitingSeller();
        clock.set(START.plus(days(4)));
        dispute.seller().api().post(path(dispute, "/offers"), Map.of("resolution", partialRefund(500))).expect(200);
        return dispute;
    }

    /** The seller accepted a full refund with return at START and gave its address: the buyer must ship. */
    private Case awaitingReturnShipment() {
        Case dispute = marketplace.disputeAwaitingSeller();
        dispute.seller().api().post(path(dispute, "/accept"), Map.of("returnAddress", "1 Dock Road")).expect(200);
        return dispute;
    }

    /** Moves the test clock to START plus {@code sinceStart} and runs every timer due then. */
    private void passTime(Duration sinceStart) {
        clock.set(START.plus(sinceStart));
        timers.runDue();
    }

    /** Fires batches until none is due, as the workers would; returns the failures of the timers put off. */
    private List<RuntimeException> fireEveryDueBatch() {
        List<RuntimeException> failures = new ArrayList<>();
        DueTimeBatches.Batch batch;
        do {
            batch = batches.fireDue(100);
            failures.addAll(batch.failures());
        } while (batch.claimed() > 0);
        return failures;
    }

    /** When the dispute's timer for this due time fires, if there is one. */
    private Optional<Instant> dueTimer(UUID disputeId, Instant due) {
        return jdbc.sql("select fire_at from dispute_timer where name = :name")
                .param("name", new DueTimer(disputeId, DueTime.CURRENT, due).name())
                .query((rs, row) -> SqlTime.instant(rs, "fire_at")).optional();
    }

    private List<String> timersOf(UUID disputeId) {
        return jdbc.sql("select name from dispute_timer where dispute_id = :dispute").param("dispute", disputeId)
                .query(String.class).list();
    }

    /** The rows of the dispute's timers. */
    private long timerRows(Case dispute) {
        return timersOf(UUID.fromString(dispute.id())).size();
    }

    private List<String> stepReminders(Case dispute) {
        return entries(view(dispute), "DUE_TIME_APPROACHING").stream().map(entry -> entry.get("summary").asString())
                .filter(summary -> summary.contains("next move")).toList();
    }

    private static String path(Case dispute, String action) {
        return "/api/v1/disputes/" + dispute.id() + action;
    }

    private static JsonNode view(Case dispute) {
        return dispute.buyer().api().get(path(dispute, "")).expect(200).json();
    }

    private static JsonNode escrow(Case dispute) {
        return orderEscrow(dispute.buyer(), dispute.orderId());
    }

    private static JsonNode orderEscrow(Person buyer, String orderId) {
        return buyer.api().get("/api/v1/orders/" + orderId).expect(200).json().get("escrow");
    }

    private static List<JsonNode> entries(JsonNode dispute, String type) {
        List<JsonNode> found = new ArrayList<>();
        dispute.get("timeline").forEach(entry -> {
            if (entry.get("type").asString().equals(type)) {
                found.add(entry);
            }
        });
        return found;
    }

    private static JsonNode entry(JsonNode dispute, String type) {
        List<JsonNode> found = entries(dispute, type);
        assertThat(found).as("timeline entries of type %s", type).hasSize(1);
        return found.get(0);
    }

    private static List<String> types(JsonNode dispute) {
        return dispute.get("timeline").findValuesAsString("type");
    }

    /** The types of the timeline entries Arbiter itself wrote, in order. */
    private static List<String> byArbiter(JsonNode dispute) {
        List<String> types = new ArrayList<>();
        dispute.get("timeline").forEach(entry -> {
            if (entry.get("actorRole").asString().equals("SYSTEM")) {
                types.add(entry.get("type").asString());
            }
        });
        return types;
    }

    /** Waits for the notice its listener writes after the change commits. */
    private static JsonNode awaitNotice(Person person, String disputeId, String kind) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<JsonNode> found = new ArrayList<>();
            person.api().get("/api/v1/inbox?size=100").expect(200).json().get("items").forEach(item -> {
                if (disputeId.equals(item.path("disputeId").asString()) && item.get("kind").asString().equals(kind)) {
                    found.add(item);
                }
            });
            return found;
        }, found -> !found.isEmpty()).get(0);
    }

    private static Instant instant(JsonNode node) {
        return Instant.parse(node.asString());
    }

    private static Duration days(long days) {
        return Duration.ofDays(days);
    }

    /** Times as timeline summaries write them. */
    private static String minutes(Instant instant) {
        return EventTexts.time(instant, java.util.Locale.ENGLISH, java.time.ZoneId.of("UTC"));
    }

    // ------------------------------------------------------------------ the evidence module, as a switch

    /**
     * A switch instead of uploads, so that each outcome test says only what it is about; EvidenceDueTimeTests runs
     * the evidence due time with real files.
     */
    static class SwitchableChecklist implements EvidenceChecklist {

        volatile boolean supplied = true;

        @Override
        public Checklist of(UUID disputeId, List<EvidenceRequirement> requirements, int piecesAffected) {
            List<Item> items = requirements.stream().map(requirement -> new Item(requirement.code(),
                    requirement.description(), requirement.acceptedKinds(), supplied, supplied ? 1 : 0,
                    List.of())).toList();
            return new Checklist(items, supplied || requirements.isEmpty());
        }
    }

    /** Makes the commit of any transaction in which the given dispute's due time passed fail. */
    static class CommitBreaker {

        volatile UUID breaking;

        @EventListener
        void on(DueTimePassed passed) {
            if (passed.disputeId().equals(breaking)) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        throw new IllegalStateException("the commit of dispute " + breaking + " fails");
                    }
                });
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Evidence {

        @Bean
        @Primary
        SwitchableChecklist switchableEvidenceChecklist() {
            return new SwitchableChecklist();
        }

        @Bean
        CommitBreaker commitBreaker() {
            return new CommitBreaker();
        }
    }
}
