package io.arbiter.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.ArbiterApplication;
import io.arbiter.common.ForbiddenException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.order.ImportOrder;
import io.arbiter.order.OrderEvents.HoldResolved;
import io.arbiter.order.OrderService;
import io.arbiter.settlement.SubmittingPaymentSide.PaymentSideDown;
import io.arbiter.settlement.SubmittingPaymentSide.SubmittingPaymentProvider;
import io.arbiter.support.TestClock;
import io.arbiter.support.TestClockConfiguration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the marketplace, the parties, the payment side and the clock do, in whatever order, and whatever breaks
 * half-way: the ledger balances, no escrow goes negative, nothing is refunded beyond what was paid, and every payout
 * instruction is booked exactly once when (and only when) it is confirmed.
 *
 * <p>Runs the real services on one Spring context over an in-memory H2 database in PostgreSQL mode. The payment side
 * is a test double that never confirms at once, so instructions wait to be confirmed, failed, retried or resent.
 * Every try starts with an empty ledger; every invariant is read back from the database after every step.
 */
class LedgerInvariantProperties {

    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    private static final long TOTAL = 10_000;
    /** Few amounts, so that re-imports go back and forth between the same ones. */
    private static final long[] PAID = {1000, 2500, 4000, 10_000, 0};
    private static final String[] CURRENCY = {"EUR", "EUR", "USD"};
    private static final int SLOTS = CURRENCY.length;
    private static final int MAX_RESENDS = 2;
    private static final Duration CONFIRMATION_TIMEOUT = Duration.ofHours(1);
    private static final int[] MINUTES = {0, 30, 60, 61, 150, 600, 1500};

    private static final Actor INTEGRATION = new Actor("marketplace", Role.INTEGRATION, "Marketplace");
    private static final Actor ADMIN = new Actor("admin-1", Role.ADMIN, "Admin");
    private static final AtomicInteger TRY = new AtomicInteger();

    private static ConfigurableApplicationContext app;
    private static OrderService orders;
    private static Payouts payouts;
    private static MoneyReports reports;
    private static ApplicationEventPublisher publisher;
    private static TransactionTemplate transaction;
    private static JdbcClient jdbc;
    private static TestClock clock;
    private static SubmittingPaymentProvider paymentSide;

    /** The prefix of this try's order ids. */
    private String run;

    // ------------------------------------------------------------------ lifecycle

    @BeforeContainer
    static void startArbiter() {
        app = new SpringApplicationBuilder(ArbiterApplication.class, TestClockConfiguration.class,
                SubmittingPaymentSide.class)
                .initializers(context -> context.getBeanFactory()
                        .registerSingleton("skipOtherTestConfigurations", new SkipTestConfigurations()))
                .run("--arbiter.demo.enabled=false", "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:mem:prop-" + UUID.randomUUID()
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                        "--arbiter.settlement.resender-enabled=false",
                        "--arbiter.settlement.provider=none-in-test",
                        "--arbiter.settlement.max-resends=" + MAX_RESENDS,
                        "--arbiter.settlement.confirmation-timeout=" + CONFIRMATION_TIMEOUT,
                        "--arbiter.security.bcrypt-strength=4");
        orders = app.getBean(OrderService.class);
        payouts = app.getBean(Payouts.class);
        reports = app.getBean(MoneyReports.class);
        publisher = app;
        transaction = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
        jdbc = app.getBean(JdbcClient.class);
        clock = app.getBean(TestClock.class);
        paymentSide = app.getBean(SubmittingPaymentProvider.class);
    }

    @AfterContainer
    static void stopArbiter() {
        if (app != null) {
            app.close();
        }
    }

    /** An empty ledger and a fresh set of orders for every try, so that a failing try shrinks on its own. */
    @BeforeTry
    void emptyLedger() {
        run = "P" + TRY.incrementAndGet() + "-";
        clock.set(START);
        paymentSide.forget();
        jdbc.sql("delete from ledger_entry").update();
        jdbc.sql("delete from ledger_journal").update();
        jdbc.sql("delete from payout_instruction").update();
    }

    /** Other test classes' {@code @TestConfiguration}s stay out of this context (component scanning sees them). */
    static class SkipTestConfigurations extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SkipTestConfigurations;
        }

        @Override
        public int hashCode() {
            return SkipTestConfigurations.class.hashCode();
        }
    }

    // ------------------------------------------------------------------ the property

    enum Kind {
        IMPORT, CONFIRM_RECEIPT, OPEN_DISPUTE, SETTLE, REPLAY_RESOLUTION, CONFIRM, FAIL, RETRY, DELIVERED,
        UNDELIVERABLE, RESEND, CRASH_MIDWAY, PAYMENT_SIDE_DOWN
    }

    /** One random thing that happens; {@code pick} chooses an instruction, {@code variant} the details. */
    record Step(Kind kind, int slot, int pick, int variant, boolean flag, int minutes) {
        @Override
        public String toString() {
            return kind + "(slot=" + slot + " pick=" + pick + " variant=" + variant + (flag ? " flag" : "")
                    + (minutes > 0 ? " +" + minutes + "min" : "") + ")";
        }
    }

    /** What was paid for each order that exists from the start (zero to all of them). */
    @Provide
    Arbitrary<List<Long>> paidAmounts() {
        return Arbitraries.of(Arrays.stream(PAID).boxed().toList()).list().ofMaxSize(SLOTS);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(4, Kind.IMPORT), Tuple.of(4, Kind.CONFIRM_RECEIPT), Tuple.of(4, Kind.OPEN_DISPUTE),
                Tuple.of(5, Kind.SETTLE), Tuple.of(2, Kind.REPLAY_RESOLUTION), Tuple.of(6, Kind.CONFIRM),
                Tuple.of(3, Kind.FAIL), Tuple.of(3, Kind.RETRY), Tuple.of(4, Kind.DELIVERED),
                Tuple.of(1, Kind.UNDELIVERABLE), Tuple.of(5, Kind.RESEND), Tuple.of(3, Kind.CRASH_MIDWAY),
                Tuple.of(3, Kind.PAYMENT_SIDE_DOWN));
        Arbitrary<Step> step = Combinators.combine(kinds, Arbitraries.integers().between(0, SLOTS - 1),
                        Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 9),
                        Arbitraries.frequency(Tuple.of(1, true), Tuple.of(4, false)),
                        Arbitraries.of(Arrays.stream(MINUTES).boxed().toList()))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    // Not the build's 100 tries: the rarest outcomes the coverage check below asks for each turn up in only 5-7% of
    // tries (a resend that escalates in 16 of 300, a retry that is done in 17, a resend in 21), so 100 tries miss one
    // of them in about 1 run of 130 (0.947^100 + 0.943^100 + 0.93^100), as happened once in CI. 200 tries miss one
    // in about 30,000 runs at 40% of the cost of 500, which each run's checks after every step make the suite's
    // slowest class (an explicit count, so -Pthorough leaves it at 200).
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void theBooksBalanceAndEveryPayoutIsBookedOnceWhateverHappensAndWhateverBreaks(
            @ForAll("paidAmounts") List<Long> imported, @ForAll("steps") List<Step> steps) {
        for (int slot = 0; slot < imported.size(); slot++) {
            importOrder(slot, imported.get(slot));
        }
        assertBooksBalance("after importing " + imported);
        List<Step> done = new ArrayList<>();
        for (Step wished : steps) {
            Step step = feasible(wished);
            done.add(step);
            String where = "after " + done;
            Snapshot before = snapshot();
            Result result = apply(step);
            Statistics.label("steps").collect(step.kind(), result.outcome());

            if (result.thrown() != null) {
                assertThat(result.expectation()).as("%s threw %s", where, describe(result.thrown()))
                        .isNotEqualTo(Expect.SUCCESS);
                assertThat(isRefusalOrInjected(result.thrown())).as("%s threw an unexpected %s", where,
                        describe(result.thrown())).isTrue();
                assertThat(snapshot()).as("%s: what threw (%s) must leave nothing half-written", where,
                        describe(result.thrown())).isEqualTo(before);
            } else {
                assertThat(result.expectation()).as("%s should have been refused", where)
                        .isNotEqualTo(Expect.REFUSAL);
                result.afterwards().run();
            }
            if (result.expectation() == Expect.NO_CHANGE) {
                assertThat(snapshot()).as("%s must change nothing", where).isEqualTo(before);
            }
            assertBooksBalance(where);
        }
        Statistics.label("instruction statuses at the end").collect(
                instructions().stream().map(Instruction::status).sorted().distinct().toList().toString());
        Statistics.label("steps").coverage(coverage -> {
            coverage.check(Kind.CONFIRM, "done").count(count -> count > 0);
            coverage.check(Kind.FAIL, "done").count(count -> count > 0);
            coverage.check(Kind.FAIL, "refused").count(count -> count > 0);
            coverage.check(Kind.RETRY, "done").count(count -> count > 0);
            coverage.check(Kind.RESEND, "resent").count(count -> count > 0);
            coverage.check(Kind.RESEND, "escalated").count(count -> count > 0);
            coverage.check(Kind.SETTLE, "done").count(count -> count > 0);
            coverage.check(Kind.CONFIRM_RECEIPT, "done").count(count -> count > 0);
            coverage.check(Kind.IMPORT, "refused").count(count -> count > 0);
            coverage.check(Kind.REPLAY_RESOLUTION, "refused").count(count -> count > 0);
            coverage.check(Kind.CRASH_MIDWAY, "rolled back").count(count -> count > 0);
            coverage.check(Kind.PAYMENT_SIDE_DOWN, "rolled back").count(count -> count > 0);
        });
    }

    // ------------------------------------------------------------------ the bugs the property found, pinned down

    /** The marketplace corrects the paid amount, then corrects it back, and again: the escrow follows every time. */
    @Example
    void reImportingAnOrderBackAndForthKeepsTheEscrowEqualToWhatWasPaid() {
        importOrder(0, 1000);
        importOrder(0, 2500);
        importOrder(0, 1000);
        importOrder(0, 2500);
        assertThat(order(orderId(0)).orElseThrow().paid()).isEqualTo(2500);
        assertThat(escrowBalance(orderId(0))).as("the escrow holds what the buyer paid").isEqualTo(2500);
        assertBooksBalance("after importing 1000, 2500, 1000, 2500");
    }

    /** A hold resolves once: a second, different resolution of the same order moves no money. */
    @Example
    void aConflictingSecondResolutionOfAnOrderIsRefusedAndChangesNothing() {
        importOrder(0, 1000);
        orders.confirmReceipt(buyerOf(0), orderId(0));
        Snapshot before = snapshot();
        HoldResolved allToTheBuyer = new HoldResolved(orderId(0), buyerId(0), sellerId(0), CURRENCY[0], 1000, 0,
                UUID.randomUUID(), clock.instant());
        Throwable thrown = attempt(() -> publishInTransaction(allToTheBuyer));
        assertThat(snapshot()).as("a second resolution (%s) changes nothing; it threw %s", allToTheBuyer,
                describe(thrown)).isEqualTo(before);
        assertBooksBalance("after a conflicting second resolution");
    }

    // ------------------------------------------------------------------ steps

    enum Expect {
        /** Must not throw. */
        SUCCESS,
        /** Must throw, and so change nothing. */
        REFUSAL,
        /** May throw or not, but must change nothing. */
        NO_CHANGE,
        /** May throw or not; if it throws, nothing changes. */
        EITHER
    }

    record Result(Expect expectation, Throwable thrown, String outcome, Runnable afterwards) {
    }

    /**
     * What the step wished, or, when that is impossible now and the step is not meant to be refused ({@code flag}),
     * the next thing that moves the order on: import it, confirm receipt or open a dispute, settle the dispute. So
     * random walks reach instructions in every status instead of mostly being refused.
     */
    private Step feasible(Step step) {
        if (step.flag()) {
            return step;
        }
        Optional<OrderRow> order = order(orderId(step.slot()));
        boolean noInstructions = instructions().isEmpty();
        boolean impossible = switch (step.kind()) {
            case CONFIRM, FAIL, RETRY, DELIVERED, UNDELIVERABLE -> noInstructions;
            case CONFIRM_RECEIPT, OPEN_DISPUTE -> order.isEmpty() || order.get().frozen()
                    || !order.get().status().equals("HELD");
            case SETTLE -> order.isEmpty() || !order.get().frozen();
            case REPLAY_RESOLUTION -> order.isEmpty() || order.get().status().equals("HELD");
            default -> false;
        };
        if (!impossible) {
            return step;
        }
        Kind next;
        if (order.isEmpty()) {
            next = Kind.IMPORT;
        } else if (order.get().frozen()) {
            next = Kind.SETTLE;
        } else if (order.get().status().equals("HELD") && order.get().held() > 0) {
            next = step.variant() % 3 == 0 ? Kind.CONFIRM_RECEIPT : Kind.OPEN_DISPUTE;
        } else if (!noInstructions) {
            next = List.of(Kind.DELIVERED, Kind.CONFIRM, Kind.FAIL, Kind.RESEND, Kind.RETRY, Kind.RESEND)
                    .get(step.variant() % 6);
        } else {
            next = step.variant() % 2 == 0 ? Kind.IMPORT : Kind.RESEND;
        }
        return new Step(next, step.slot(), step.pick(), step.variant(), false, step.minutes());
    }

    private Result apply(Step step) {
        return switch (step.kind()) {
            case IMPORT -> importStep(step);
            case CONFIRM_RECEIPT -> confirmReceiptStep(step);
            case OPEN_DISPUTE -> openDisputeStep(step);
            case SETTLE -> settleStep(step);
            case REPLAY_RESOLUTION -> replayStep(step);
            case CONFIRM -> confirmStep(step);
            case FAIL -> failStep(step);
            case RETRY -> retryStep(step);
            case DELIVERED -> deliveredStep(step);
            case UNDELIVERABLE -> undeliverableStep(step);
            case RESEND -> resendStep(step);
            case CRASH_MIDWAY -> crashStep(step);
            case PAYMENT_SIDE_DOWN -> paymentSideDownStep(step);
        };
    }

    private Result importStep(Step step) {
        long paid = PAID[step.variant() % PAID.length];
        Optional<OrderRow> before = order(orderId(step.slot()));
        boolean settledOrDisputed = before.isPresent() && before.get().paid() != paid
                && (before.get().disputed() || !before.get().status().equals("HELD"));
        Throwable thrown = attempt(() -> importOrder(step.slot(), paid));
        return result(settledOrDisputed ? Expect.REFUSAL : Expect.SUCCESS, thrown, () -> {
            assertThat(order(orderId(step.slot())).orElseThrow().paid()).isEqualTo(paid);
        });
    }

    private Result confirmReceiptStep(Step step) {
        String orderId = orderId(step.slot());
        Optional<OrderRow> before = order(orderId);
        if (step.flag()) {
            Throwable thrown = attempt(() -> orders.confirmReceipt(new Actor(sellerId(step.slot()), Role.SELLER, null),
                    orderId));
            return result(Expect.REFUSAL, thrown, () -> { });
        }
        boolean refused = before.isEmpty() || before.get().frozen() || !before.get().status().equals("HELD");
        Throwable thrown = attempt(() -> orders.confirmReceipt(buyerOf(step.slot()), orderId));
        return result(refused ? Expect.REFUSAL : Expect.SUCCESS, thrown, () -> {
            OrderRow after = order(orderId).orElseThrow();
            assertThat(after.status()).isEqualTo("RELEASED");
            assertThat(after.released()).isEqualTo(before.get().held());
            List<Instruction> made = instructionsOf(orderId);
            if (before.get().held() > 0) {
                assertThat(made).singleElement().satisfies(instruction -> {
                    assertThat(instruction.kind()).isEqualTo("RELEASE");
                    assertThat(instruction.amount()).isEqualTo(before.get().held());
                    assertThat(instruction.status()).isEqualTo("PENDING");
                    assertThat(paymentSide.instructed).extracting(PayoutView::id).contains(instruction.id());
                });
            } else {
                assertThat(made).isEmpty();
            }
        });
    }

    private Result openDisputeStep(Step step) {
        String orderId = orderId(step.slot());
        Optional<OrderRow> before = order(orderId);
        boolean refused = before.isEmpty() || before.get().frozen() || !before.get().status().equals("HELD")
                || before.get().held() == 0;
        Throwable thrown = attempt(() -> orders.freezeForDispute(orderId, UUID.randomUUID()));
        return result(refused ? Expect.REFUSAL : Expect.SUCCESS, thrown,
                () -> assertThat(order(orderId).orElseThrow().frozen()).isTrue());
    }

    /** Settles the open dispute with a random split: all to the buyer or the seller, shared, nothing, or too much. */
    private Result settleStep(Step step) {
        String orderId = orderId(step.slot());
        Optional<OrderRow> before = order(orderId);
        if (before.isEmpty() || !before.get().frozen() || step.flag()) {
            Throwable thrown = attempt(() -> orders.settleDispute(orderId, UUID.randomUUID(), 0, 0));
            return result(Expect.REFUSAL, thrown, () -> { });
        }
        long held = before.get().held();
        long[] split = split(held, step.variant());
        boolean tooMuch = split[0] + split[1] > held;
        Throwable thrown = attempt(() -> orders.settleDispute(orderId, before.get().openDisputeId(), split[0],
                split[1]));
        return result(tooMuch ? Expect.REFUSAL : Expect.SUCCESS, thrown, () -> {
            OrderRow after = order(orderId).orElseThrow();
            assertThat(after.frozen()).isFalse();
            List<Instruction> made = instructionsOf(orderId);
            assertThat(made.stream().filter(i -> i.kind().equals("REFUND")).mapToLong(Instruction::amount).sum())
                    .isEqualTo(split[0]);
            assertThat(made.stream().filter(i -> i.kind().equals("RELEASE")).mapToLong(Instruction::amount).sum())
                    .isEqualTo(split[1]);
            assertThat(made).allSatisfy(i -> assertThat(i.disputeId()).isEqualTo(before.get().openDisputeId()));
        });
    }

    /** {refund, release}: variant 0 all to the buyer, 1 all to the seller, 2 shared, 3 nothing (reshipment), 4 too much. */
    private static long[] split(long held, int variant) {
        return switch (variant % 5) {
            case 0 -> new long[] {held, 0};
            case 1 -> new long[] {0, held};
            case 2 -> {
                long refund = Math.max(1, held * (1 + variant) / 11);
                yield new long[] {refund, held - refund};
            }
            case 3 -> new long[] {0, 0};
            default -> new long[] {held, 1};
        };
    }

    /**
     * The resolution of an already resolved order arrives again: the same one (a duplicate), or a different one (a
     * conflicting second decision). Either way, no money moves again.
     */
    private Result replayStep(Step step) {
        String orderId = orderId(step.slot());
        Optional<OrderRow> order = order(orderId);
        if (order.isEmpty() || order.get().status().equals("HELD")) {
            return new Result(Expect.NO_CHANGE, null, "skipped", () -> { });
        }
        OrderRow resolved = order.get();
        UUID disputeId = instructionsOf(orderId).stream().map(Instruction::disputeId).filter(id -> id != null)
                .findFirst().orElse(null);
        long refund = resolved.refunded();
        long release = resolved.released();
        HoldResolved event = switch (step.variant() % 5) {
            case 0 -> resolution(step.slot(), refund, release, disputeId);
            case 1 -> resolution(step.slot(), release, refund, disputeId);
            case 2 -> resolution(step.slot(), resolved.paid(), 0, UUID.randomUUID());
            case 3 -> resolution(step.slot(), 0, resolved.paid(), UUID.randomUUID());
            default -> resolution(step.slot(), refund, release, UUID.randomUUID());
        };
        Throwable thrown = attempt(() -> publishInTransaction(event));
        return new Result(Expect.NO_CHANGE, thrown, thrown == null ? "ignored" : "refused", () -> { });
    }

    private Result confirmStep(Step step) {
        Optional<Instruction> picked = pick(step, "PENDING", "SENT", "FAILED", "ESCALATED");
        if (picked.isEmpty()) {
            return new Result(Expect.REFUSAL, attempt(() -> payouts.confirm(INTEGRATION, UUID.randomUUID())),
                    "unknown", () -> { });
        }
        Instruction instruction = picked.get();
        Throwable thrown = attempt(() -> payouts.confirm(INTEGRATION, instruction.id()));
        Result first = result(Expect.SUCCESS, thrown, () -> {
            assertThat(instruction(instruction.id()).status()).isEqualTo("CONFIRMED");
            assertThat(journalsFor(instruction.id())).isEqualTo(1);
        });
        if (thrown != null || !step.flag()) {
            return first;
        }
        first.afterwards().run();
        // The payment side confirms the same instruction again (a retried webhook): nothing changes.
        Snapshot once = snapshot();
        Throwable again = attempt(() -> payouts.confirm(INTEGRATION, instruction.id()));
        return new Result(Expect.SUCCESS, again, "done", () -> {
            assertThat(snapshot()).as("confirming %s twice", instruction.id()).isEqualTo(once);
        });
    }

    private Result failStep(Step step) {
        Optional<Instruction> picked = pick(step, "PENDING", "SENT", "ESCALATED");
        if (picked.isEmpty()) {
            return new Result(Expect.NO_CHANGE, null, "skipped", () -> { });
        }
        Instruction instruction = picked.get();
        if (step.flag()) {
            Throwable thrown = attempt(() -> payouts.fail(ADMIN, instruction.id(), "not the payment side"));
            return result(Expect.REFUSAL, thrown, () -> { });
        }
        Throwable thrown = attempt(() -> payouts.fail(INTEGRATION, instruction.id(), "account closed"));
        return result(instruction.status().equals("CONFIRMED") ? Expect.REFUSAL : Expect.SUCCESS, thrown, () -> {
            assertThat(instruction(instruction.id()).status()).isEqualTo("FAILED");
            assertThat(journalsFor(instruction.id())).isZero();
        });
    }

    private Result retryStep(Step step) {
        Optional<Instruction> picked = pick(step, "FAILED", "ESCALATED");
        if (picked.isEmpty()) {
            return new Result(Expect.NO_CHANGE, null, "skipped", () -> { });
        }
        Instruction instruction = picked.get();
        boolean retryable = instruction.status().equals("FAILED") || instruction.status().equals("ESCALATED");
        int instructedBefore = paymentSide.instructed.size();
        Throwable thrown = attempt(() -> payouts.retry(step.flag() ? INTEGRATION : ADMIN, instruction.id()));
        return result(retryable && !step.flag() ? Expect.SUCCESS : Expect.REFUSAL, thrown, () -> {
            Instruction after = instruction(instruction.id());
            assertThat(after.status()).isEqualTo("PENDING");
            assertThat(after.attempts()).isZero();
            assertThat(paymentSide.instructed.subList(instructedBefore, paymentSide.instructed.size()))
                    .extracting(PayoutView::id).containsExactly(instruction.id());
        });
    }

    /** The marketplace took delivery of the instruction (its outbox call succeeded): now wait for a confirmation. */
    private Result deliveredStep(Step step) {
        Optional<Instruction> picked = pick(step, "PENDING");
        if (picked.isEmpty()) {
            return new Result(Expect.NO_CHANGE, null, "skipped", () -> { });
        }
        Instruction instruction = picked.get();
        if (!instruction.status().equals("PENDING")) {
            return new Result(Expect.NO_CHANGE, attempt(() -> payouts.delivered(instruction.id())), "no-op", () -> { });
        }
        Throwable thrown = attempt(() -> payouts.delivered(instruction.id()));
        return result(Expect.SUCCESS, thrown, () -> {
            Instruction after = instruction(instruction.id());
            assertThat(after.status()).isEqualTo("SENT");
            assertThat(after.nextCheckAt()).isEqualTo(clock.instant().plus(CONFIRMATION_TIMEOUT));
        });
    }

    private Result undeliverableStep(Step step) {
        Optional<Instruction> picked = pick(step);
        if (picked.isEmpty()) {
            return new Result(Expect.NO_CHANGE, null, "skipped", () -> { });
        }
        Instruction instruction = picked.get();
        boolean waiting = instruction.status().equals("PENDING") || instruction.status().equals("SENT");
        Throwable thrown = attempt(() -> payouts.undeliverable(instruction.id(), "HTTP 503"));
        return new Result(waiting ? Expect.SUCCESS : Expect.NO_CHANGE, thrown, waiting ? "done" : "no-op", () -> {
            assertThat(instruction(instruction.id()).status()).isEqualTo(waiting ? "ESCALATED" : instruction.status());
        });
    }

    /**
     * Time passes and the resender runs, one to three times: it sends again what was never confirmed, waiting twice
     * as long each time, and gives up after the last resend. Mostly the clock first goes to the next check that is
     * due (so that resends and escalations happen), then a bit further.
     */
    private Result resendStep(Step step) {
        String outcome = "nothing due";
        for (int round = 0; round <= step.variant() % 3; round++) {
            if (!step.flag()) {
                instructions().stream().filter(i -> i.status().equals("SENT")).map(Instruction::nextCheckAt)
                        .min(Instant::compareTo).filter(next -> next.isAfter(clock.instant())).ifPresent(clock::set);
            }
            clock.advance(Duration.ofMinutes(step.minutes()));
            Instant now = clock.instant();
            List<Instruction> due = instructions().stream()
                    .filter(i -> i.status().equals("SENT") && !i.nextCheckAt().isAfter(now)).toList();
            List<UUID> resendable = due.stream().filter(i -> i.attempts() < MAX_RESENDS).map(Instruction::id).toList();
            int resentBefore = paymentSide.resent.size();
            int[] resent = {-1};
            Throwable thrown = attempt(() -> resent[0] = payouts.resendUnconfirmed());
            if (thrown != null) {
                return new Result(Expect.SUCCESS, thrown, "failed", () -> { });
            }
            assertThat(resent[0]).as("resent at %s of %s", now, due).isEqualTo(resendable.size());
            assertThat(paymentSide.resent.subList(resentBefore, paymentSide.resent.size()))
                    .extracting(PayoutView::id).containsExactlyInAnyOrderElementsOf(resendable);
            for (Instruction before : due) {
                Instruction after = instruction(before.id());
                if (before.attempts() >= MAX_RESENDS) {
                    assertThat(after.status()).as("%s after its last resend", before).isEqualTo("ESCALATED");
                    outcome = "escalated";
                } else {
                    assertThat(after.status()).isEqualTo("SENT");
                    assertThat(after.attempts()).isEqualTo(before.attempts() + 1);
                    assertThat(after.nextCheckAt()).isEqualTo(
                            now.plus(CONFIRMATION_TIMEOUT.multipliedBy(1L << (before.attempts() + 1))));
                    outcome = outcome.equals("escalated") ? outcome : "resent";
                }
            }
        }
        return new Result(Expect.SUCCESS, null, outcome, () -> { });
    }

    /** A step that dies after its work but before its transaction commits (a crash, a lost connection). */
    private Result crashStep(Step step) {
        Runnable work = work(step);
        if (work == null) {
            return new Result(Expect.NO_CHANGE, null, "skipped", () -> { });
        }
        Throwable thrown = attempt(() -> transaction.executeWithoutResult(status -> {
            work.run();
            throw new InjectedCrash();
        }));
        boolean crashed = thrown instanceof InjectedCrash;
        return new Result(Expect.REFUSAL, thrown, crashed ? "rolled back" : "refused", () -> { });
    }

    /** The payment side is down when a step hands it an instruction, or resends one. */
    private Result paymentSideDownStep(Step step) {
        Runnable work = switch (step.variant() % 4) {
            case 0 -> () -> orders.confirmReceipt(buyerOf(step.slot()), orderId(step.slot()));
            case 1 -> settleWork(step);
            case 2 -> pick(step, "FAILED", "ESCALATED").<Runnable>map(i -> () -> payouts.retry(ADMIN, i.id())).orElse(null);
            default -> () -> {
                clock.advance(Duration.ofMinutes(step.minutes()));
                payouts.resendUnconfirmed();
            };
        };
        if (work == null) {
            return new Result(Expect.NO_CHANGE, null, "skipped", () -> { });
        }
        if (step.variant() % 4 == 3) {
            paymentSide.failNextResend();
        } else {
            paymentSide.failNextInstruct();
        }
        Throwable thrown = attempt(work);
        boolean reached = !paymentSide.disarm();
        if (reached) {
            assertThat(thrown).as("the payment side was down").isNotNull();
            return new Result(Expect.REFUSAL, thrown, "rolled back", () -> { });
        }
        return new Result(Expect.EITHER, thrown, thrown == null ? "done" : "refused", () -> { });
    }

    /** Some step's work, to be run inside a transaction that then fails. */
    private Runnable work(Step step) {
        Optional<Instruction> picked = pick(step);
        return switch (step.variant() % 7) {
            case 0 -> picked.<Runnable>map(i -> () -> payouts.confirm(INTEGRATION, i.id())).orElse(null);
            case 1 -> picked.<Runnable>map(i -> () -> payouts.fail(INTEGRATION, i.id(), "crash")).orElse(null);
            case 2 -> picked.<Runnable>map(i -> () -> payouts.retry(ADMIN, i.id())).orElse(null);
            case 3 -> () -> orders.confirmReceipt(buyerOf(step.slot()), orderId(step.slot()));
            case 4 -> settleWork(step);
            case 5 -> () -> importOrder(step.slot(), PAID[step.pick() % PAID.length]);
            default -> () -> {
                clock.advance(Duration.ofMinutes(step.minutes()));
                payouts.resendUnconfirmed();
            };
        };
    }

    private Runnable settleWork(Step step) {
        return order(orderId(step.slot())).filter(OrderRow::frozen).<Runnable>map(order -> {
            long[] split = split(order.held(), step.variant() % 3);
            return () -> orders.settleDispute(order.id(), order.openDisputeId(), split[0], split[1]);
        }).orElse(null);
    }

    static class InjectedCrash extends RuntimeException {
        InjectedCrash() {
            super("injected: the transaction dies before it commits");
        }
    }

    private static Result result(Expect expectation, Throwable thrown, Runnable afterwards) {
        String outcome = thrown == null ? "done" : "refused";
        return new Result(expectation, thrown, outcome, afterwards);
    }

    private static Throwable attempt(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static boolean isRefusalOrInjected(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ForbiddenException || cause instanceof NotFoundException
                    || cause instanceof StateConflictException || cause instanceof RuleViolationException
                    || cause instanceof InjectedCrash || cause instanceof PaymentSideDown
                    || cause instanceof DataAccessException || cause instanceof DbActionExecutionException) {
                return true;
            }
            // Escrow.settle refuses a wrong dispute or split this way (its callers check first).
            if (cause instanceof IllegalStateException && cause.getStackTrace().length > 0
                    && cause.getStackTrace()[0].getClassName().equals("io.arbiter.order.Escrow")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable thrown) {
        return thrown == null ? "nothing" : thrown.getClass().getSimpleName() + ": " + thrown.getMessage();
    }

    // ------------------------------------------------------------------ the invariants, read from the database

    private void assertBooksBalance(String where) {
        assertThat(jdbc.sql("""
                select j.source_key from ledger_journal j left join ledger_entry e on e.journal_id = j.id
                group by j.id, j.source_key, j.currency
                having count(e.id) < 2 or coalesce(sum(e.amount), 0) <> 0
                    or min(e.currency) <> j.currency or max(e.currency) <> j.currency""")
                .query(String.class).list())
                .as("%s: journals that do not balance or mix currencies", where).isEmpty();
        assertThat(jdbc.sql("select currency || ' ' || sum(amount) from ledger_entry group by currency"
                        + " having sum(amount) <> 0").query(String.class).list())
                .as("%s: per currency the whole ledger sums to zero", where).isEmpty();
        assertThat(jdbc.sql("""
                select account || ' ' || currency || ' ' || sum(amount) from ledger_entry
                where account like '%:escrow' or account like '%:refunds' or account like '%:payouts'
                group by account, currency having sum(amount) < 0""").query(String.class).list())
                .as("%s: escrow, refund and payout accounts that went negative", where).isEmpty();

        for (OrderRow order : ordersOfThisRun()) {
            String escrow = Ledger.escrow(order.id());
            long heldByLedger = sumOnAccount(order.id(), "PAYMENT_HELD", escrow);
            long refunded = -sumOnAccount(order.id(), "REFUND", escrow);
            long released = -sumOnAccount(order.id(), "RELEASE", escrow);
            List<Instruction> instructions = instructionsOf(order.id());
            long instructedRefund = instructions.stream().filter(i -> i.kind().equals("REFUND"))
                    .mapToLong(Instruction::amount).sum();
            long instructedRelease = instructions.stream().filter(i -> i.kind().equals("RELEASE"))
                    .mapToLong(Instruction::amount).sum();
            String what = where + ": order " + order;
            assertThat(heldByLedger).as("%s: the ledger took in what the buyer paid", what).isEqualTo(order.paid());
            assertThat(refunded).as("%s: refunded never exceeds paid", what).isLessThanOrEqualTo(order.paid());
            assertThat(refunded + released).as("%s: paid out never exceeds paid", what)
                    .isLessThanOrEqualTo(order.paid());
            assertThat(escrowBalance(order.id())).as("%s: escrow = paid - refunded - released", what)
                    .isEqualTo(order.paid() - refunded - released);
            assertThat(instructedRefund + instructedRelease)
                    .as("%s: refund + release instructions (%s) never exceed what was held", what, instructions)
                    .isLessThanOrEqualTo(order.paid());
            assertThat(new long[] {instructedRefund, instructedRelease})
                    .as("%s: the instructions carry what the order decided (%s)", what, instructions)
                    .containsExactly(order.refunded(), order.released());
        }

        for (Instruction instruction : instructions()) {
            int booked = journalsFor(instruction.id());
            assertThat(booked).as("%s: %s is booked at most once, and exactly once iff confirmed", where, instruction)
                    .isEqualTo(instruction.status().equals("CONFIRMED") ? 1 : 0);
            if (booked == 1) {
                String to = instruction.kind().equals("REFUND") ? Ledger.buyerRefunds(instruction.recipientId())
                        : Ledger.sellerPayouts(instruction.recipientId());
                List<String> entries = jdbc.sql("""
                        select j.kind || ' ' || e.account || ' ' || e.currency || ' ' || e.amount
                        from ledger_journal j join ledger_entry e on e.journal_id = j.id where j.source_key = :source
                        order by e.amount""")
                        .param("source", "instruction:" + instruction.id()).query(String.class).list();
                assertThat(entries).as("%s: %s is booked as what it says", where, instruction).containsExactly(
                        instruction.kind() + " " + Ledger.escrow(instruction.orderId()) + " " + instruction.currency()
                                + " " + -instruction.amount(),
                        instruction.kind() + " " + to + " " + instruction.currency() + " " + instruction.amount());
            }
        }

        MoneyReports.Reconciliation reconciliation = reports.reconcile(ADMIN);
        assertThat(reconciliation.consistent()).as("%s: reconciliation %s", where, reconciliation).isTrue();
    }

    // ------------------------------------------------------------------ database reads

    record OrderRow(String id, long paid, String status, long held, long refunded, long released,
                    UUID openDisputeId, boolean disputed) {
        boolean frozen() {
            return openDisputeId != null;
        }
    }

    record Instruction(UUID id, String orderId, UUID disputeId, String kind, String recipientId, long amount,
                       String currency, String status, int attempts, Instant nextCheckAt) {
    }

    /** Everything a step could write (versions aside: saving an unchanged row bumps its version, harmlessly). */
    record Snapshot(List<String> journals, List<String> entries, List<String> instructions, List<String> orders) {
    }

    private Snapshot snapshot() {
        return new Snapshot(
                jdbc.sql("select source_key || '|' || kind || '|' || order_id || '|' || currency from ledger_journal"
                        + " order by source_key").query(String.class).list(),
                jdbc.sql("""
                        select j.source_key || '|' || e.account || '|' || e.currency || '|' || e.amount
                        from ledger_entry e join ledger_journal j on j.id = e.journal_id
                        order by j.source_key, e.account""").query(String.class).list(),
                jdbc.sql("""
                        select * from payout_instruction order by order_id, kind""")
                        .query((rs, row) -> String.join("|", rs.getString("id"), rs.getString("order_id"),
                                rs.getString("dispute_id"), rs.getString("kind"), rs.getString("amount"),
                                rs.getString("status"), rs.getString("attempts"), rs.getString("next_check_at"),
                                rs.getString("last_error"), rs.getString("sent_at"), rs.getString("confirmed_at"),
                                rs.getString("failed_at")))
                        .list(),
                jdbc.sql("select * from marketplace_order where id like :run order by id").param("run", run + "%")
                        .query((rs, row) -> String.join("|", rs.getString("id"), rs.getString("paid_amount"),
                                rs.getString("escrow_status"), rs.getString("escrow_held"),
                                rs.getString("escrow_refunded"), rs.getString("escrow_released"),
                                rs.getString("escrow_open_dispute_id"), rs.getString("escrow_disputed")))
                        .list());
    }

    private Optional<OrderRow> order(String orderId) {
        return jdbc.sql("select * from marketplace_order where id = :id").param("id", orderId)
                .query((rs, row) -> new OrderRow(rs.getString("id"), rs.getLong("paid_amount"),
                        rs.getString("escrow_status"), rs.getLong("escrow_held"), rs.getLong("escrow_refunded"),
                        rs.getLong("escrow_released"), rs.getObject("escrow_open_dispute_id", UUID.class),
                        rs.getBoolean("escrow_disputed")))
                .optional();
    }

    private List<OrderRow> ordersOfThisRun() {
        List<OrderRow> found = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            order(orderId(slot)).ifPresent(found::add);
        }
        return found;
    }

    private static List<Instruction> instructions() {
        return jdbc.sql("select * from payout_instruction order by created_at, order_id, kind")
                .query((rs, row) -> {
                    OffsetDateTime next = rs.getObject("next_check_at", OffsetDateTime.class);
                    return new Instruction(rs.getObject("id", UUID.class), rs.getString("order_id"),
                            rs.getObject("dispute_id", UUID.class), rs.getString("kind"), rs.getString("recipient_id"),
                            rs.getLong("amount"), rs.getString("currency"), rs.getString("status"),
                            rs.getInt("attempts"), next == null ? null : next.toInstant());
                })
                .list();
    }

    private static List<Instruction> instructionsOf(String orderId) {
        return instructions().stream().filter(i -> i.orderId().equals(orderId)).toList();
    }

    private static Instruction instruction(UUID id) {
        return instructions().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    private static Optional<Instruction> pick(Step step) {
        List<Instruction> all = instructions();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(step.pick() % all.size()));
    }

    /** Mostly one of the instructions in the given statuses, if any; with {@code flag}, any instruction. */
    private static Optional<Instruction> pick(Step step, String... statuses) {
        List<Instruction> preferred = instructions().stream()
                .filter(i -> List.of(statuses).contains(i.status())).toList();
        if (step.flag() || preferred.isEmpty() || step.variant() == 9) {
            return pick(step);
        }
        return Optional.of(preferred.get(step.pick() % preferred.size()));
    }

    private static int journalsFor(UUID instructionId) {
        return jdbc.sql("select count(*) from ledger_journal where source_key = :source")
                .param("source", "instruction:" + instructionId).query(Integer.class).single();
    }

    private static long sumOnAccount(String orderId, String kind, String account) {
        return jdbc.sql("""
                select coalesce(sum(e.amount), 0) from ledger_entry e join ledger_journal j on j.id = e.journal_id
                where j.order_id = :order and j.kind = :kind and e.account = :account""")
                .param("order", orderId).param("kind", kind).param("account", account).query(Long.class).single();
    }

    private static long escrowBalance(String orderId) {
        return jdbc.sql("select coalesce(sum(amount), 0) from ledger_entry where account = :account")
                .param("account", Ledger.escrow(orderId)).query(Long.class).single();
    }

    // ------------------------------------------------------------------ the marketplace's side

    private String orderId(int slot) {
        return run + "S" + slot;
    }

    private String buyerId(int slot) {
        return run + "buyer-" + slot;
    }

    /** Slots 0 and 2 share a seller, in two currencies. */
    private String sellerId(int slot) {
        return run + "seller-" + (slot % 2);
    }

    private Actor buyerOf(int slot) {
        return new Actor(buyerId(slot), Role.BUYER, null);
    }

    private void importOrder(int slot, long paid) {
        orders.importOrder(INTEGRATION, orderId(slot), new ImportOrder(
                new ImportOrder.Party(buyerId(slot), "Buyer " + slot, null),
                new ImportOrder.Party(sellerId(slot), "Seller " + slot, null),
                CURRENCY[slot], TOTAL, paid, START.minus(Duration.ofDays(10)), START.plus(Duration.ofDays(5)), null,
                List.of(new ImportOrder.Line("SKU-" + slot, "Thing " + slot, "A thing", 1, TOTAL, Map.of(),
                        List.of()))));
    }

    private HoldResolved resolution(int slot, long refund, long release, UUID disputeId) {
        return new HoldResolved(orderId(slot), buyerId(slot), sellerId(slot), CURRENCY[slot], refund, release,
                disputeId, clock.instant());
    }

    private static void publishInTransaction(Object event) {
        transaction.executeWithoutResult(status -> publisher.publishEvent(event));
    }
}
