package io.arbiter.insight;

import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.DueTimersByHand;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/**
 * The metrics endpoints against the raw rows: every figure is computed again here, in Java, from the dispute,
 * ledger and timeline rows as they are, and must be what the API answers.
 */
class InsightApiTests extends ApiTest {

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private ApplicationContext context;

    @Autowired
    private InsightRollup rollup;
    @Autowired
    private InsightProperties properties;
    @Autowired
    private DurationPercentiles percentiles;

    private DueTimersByHand timers;
    private Duration lag;

    /** The clock starts again at each test: the rollup does too, and is stepped by hand only. */
    @BeforeEach
    @AfterEach
    void byHand() {
        timers = new DueTimersByHand(context);
        lag = properties.rollupLag();
        SellerRatesTests.startTheRollupAgain(jdbc);
        // The buckets' slices are walked even with a test's few disputes; one test reads them all too.
        percentiles.readAllUpTo = -1;
    }

    /** Disputes in every ending and several open states, spread over days. */
    private Map<String, Case> desk(Person agent) {
        Map<String, Case> cases = new HashMap<>();
        cases.put("awaiting seller", marketplace.disputeAwaitingSeller());
        Case agreed = marketplace.disputeAwaitingBuyer();
        marketplace.advance(Duration.ofHours(7));
        agreed.buyer().api().post("/api/v1/disputes/" + agreed.id() + "/accept", null).expect(200);
        cases.put("agreed", agreed);
        Case withdrawn = marketplace.disputeAwaitingSeller(partialRefund(1500));
        marketplace.advance(Duration.ofHours(3));
        withdrawn.buyer().api().post("/api/v1/disputes/" + withdrawn.id() + "/withdraw",
                Map.of("reason", "The seller called me")).expect(200);
        cases.put("withdrawn", withdrawn);
        Case rejected = marketplace.disputeWithAgent(agent);
        marketplace.advance(Duration.ofDays(1).plusMinutes(17));
        agent.api().post("/api/v1/disputes/" + rejected.id() + "/decision",
                Map.of("resolution", resolution("CLAIM_REJECTED"), "reasons", "As described")).expect(200);
        cases.put("rejected", rejected);
        Case refunded = marketplace.disputeWithAgent(agent);
        marketplace.advance(Duration.ofHours(5));
        agent.api().post("/api/v1/disputes/" + refunded.id() + "/decision",
                Map.of("resolution", partialRefund(2000), "reasons", "Visible defect")).expect(200);
        cases.put("refunded", refunded);
        cases.put("in queue", marketplace.disputeInQueue());
        // The seller stays silent past its window: the claim is accepted as the policy says.
        Case silent = marketplace.disputeAwaitingSeller(partialRefund(2500));
        cases.put("seller silent", silent);
        marketplace.advance(Duration.ofDays(6));
        timers.runDue();
        return cases;
    }

    @Test
    void theDesksFiguresAreWhatTheRowsSay() {
        Person agent = marketplace.agent();
        Instant from = marketplace.now().minus(Duration.ofHours(1));
        desk(agent);
        Instant to = marketplace.now().plusSeconds(1);

        assertThat(rollup.watermark()).isEmpty();
        assertTheDesk(agent, from, to);
    }

    @Test
    void theDesksFiguresAreWhatTheRowsSayWhenTheRollupHasReadThemAll() {
        Person agent = marketplace.agent();
        Instant from = marketplace.now().minus(Duration.ofHours(1));
        desk(agent);
        marketplace.advance(Duration.ofMinutes(10));
        Instant to = marketplace.now().plusSeconds(1);

        assertThat(rollup.rollUp()).contains(marketplace.now().minus(lag));
        assertThat(jdbc.sql("select count(*) from insight_rollup where figure = 'CLOSED'")
                .query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("select count(*) from insight_rollup where figure = 'DUE'")
                .query(Long.class).single()).isPositive();
        assertTheDesk(agent, from, to);
        // Stepping again with nothing new changes nothing.
        rollup.rollUp();
        assertTheDesk(agent, from, to);
        // The whole days are the rollup's: a row changed by hand shows in the answer.
        String desk = "/api/v1/metrics/disputes?from=" + from + "&to=" + to;
        long closed = marketplace.admin().api().get(desk).expect(200).json().at("/closed/total").asLong();
        int changed = jdbc.sql("update insight_rollup set amount = amount + 1000 where figure = 'CLOSED'"
                        + " and day_number > ? and day_number < ?")
                .params(from.getEpochSecond() / 86_400, to.getEpochSecond() / 86_400).update();
        assertThat(changed).isPositive();
        assertThat(marketplace.admin().api().get(desk).expect(200).json().at("/closed/total").asLong())
                .isEqualTo(closed + 1000L * changed);
    }

    @Test
    void aWindowAcrossTheRollupsWatermarkIsWhatTheRowsSay() {
        Person agent = marketplace.agent();
        Instant from = marketplace.now().minus(Duration.ofHours(1));
        Case early = marketplace.disputeWithAgent(agent);
        Case open = marketplace.disputeAwaitingSeller();
        marketplace.advance(Duration.ofDays(2).plusHours(3));
        agent.api().post("/api/v1/disputes/" + early.id() + "/decision",
                Map.of("resolution", partialRefund(1200), "reasons", "Visible defect")).expect(200);
        marketplace.advance(Duration.ofDays(1));
        Instant watermark = rollup.rollUp().orElseThrow();
        assertThat(watermark).isEqualTo(marketplace.now().minus(lag));
        // After the watermark: a dispute opened before it closes, and the whole desk happens.
        open.seller().api().post("/api/v1/disputes/" + open.id() + "/accept", null).expect(200);
        desk(agent);
        Instant to = marketplace.now().plusSeconds(1);

        assertTheDesk(agent, from, to);
        Instant lateFrom = watermark.minus(Duration.ofHours(30));
        assertTheDesk(agent, lateFrom, to);
        rollup.rollUp();
        assertThat(rollup.watermark()).get().isNotEqualTo(watermark);
        assertTheDesk(agent, from, to);
        assertTheDesk(agent, lateFrom, to);
    }

    private void assertTheDesk(Person agent, Instant from, Instant to) {
        JsonNode metrics = marketplace.admin().api()
                .get("/api/v1/metrics/disputes?from=" + from + "&to=" + to).expect(200).json();

        List<Row> rows = disputes();
        List<Row> opened = rows.stream().filter(r -> within(r.openedAt, from, to)).toList();
        List<Row> closed = rows.stream().filter(r -> within(r.closedAt, from, to)).toList();
        assertThat(opened).hasSizeGreaterThanOrEqualTo(7);
        assertThat(metrics.at("/opened/total").asLong()).isEqualTo(opened.size());
        assertThat(nonZero(metrics.at("/opened/byReason"))).isEqualTo(countBy(opened, r -> r.reason));
        assertThat(nonZero(metrics.at("/opened/byStatus"))).isEqualTo(countBy(opened, r -> r.status));
        assertThat(nonZero(metrics.at("/opened/byCurrency"))).isEqualTo(countBy(opened, r -> r.currency));
        assertThat(metrics.at("/closed/total").asLong()).isEqualTo(closed.size());
        assertThat(nonZero(metrics.at("/closed/byOutcome")))
                .isEqualTo(countBy(closed.stream().filter(r -> r.outcome != null).toList(), r -> r.outcome));
        assertThat(nonZero(metrics.at("/closed/bySettledBy")))
                .containsKeys("AGREEMENT", "AGENT_DECISION", "WITHDRAWAL", "DUE_TIME_PASSED")
                .isEqualTo(countBy(closed.stream().filter(r -> r.settledBy != null).toList(), r -> r.settledBy));
        List<Long> resolution = closed.stream().map(r -> seconds(r.openedAt, r.closedAt)).toList();
        assertThat(metrics.at("/closed/timeToResolution/count").asLong()).isEqualTo(resolution.size());
        assertThat(metrics.at("/closed/timeToResolution/p50Seconds").asLong()).isEqualTo(nearestRank(resolution, 0.5));
        assertThat(metrics.at("/closed/timeToResolution/p90Seconds").asLong()).isEqualTo(nearestRank(resolution, 0.9));

        List<Row> decided = rows.stream().filter(r -> "AGENT_DECISION".equals(r.settledBy)
                && within(r.settledAt, from, to) && r.decidedBy.equals(agent.id())).toList();
        JsonNode reviews = find(metrics.get("agents"), "agentId", agent.id());
        List<Long> reviewTimes = decided.stream().map(r -> seconds(r.escalatedAt, r.settledAt)).toList();
        assertThat(reviews.get("decisions").asLong()).isEqualTo(decided.size()).isGreaterThanOrEqualTo(2);
        assertThat(reviews.get("p50Seconds").asLong()).isEqualTo(nearestRank(reviewTimes, 0.5));
        assertThat(reviews.get("p90Seconds").asLong()).isEqualTo(nearestRank(reviewTimes, 0.9));

        assertThat(moneyOf(metrics)).isEqualTo(ledgerMoney(from, to, null)).isNotEmpty();
        assertThat(dueTimesOf(metrics)).isEqualTo(dueTimesPassed(from, to)).containsKey("CURRENT/SELLER");

        List<Row> open = rows.stream().filter(r -> r.closedAt == null).toList();
        assertThat(metrics.at("/backlog/open").asLong()).isEqualTo(open.size());
        assertThat(nonZero(metrics.at("/backlog/byStatus"))).isEqualTo(countBy(open, r -> r.status));
        Instant now = marketplace.now();
        assertThat(metrics.at("/backlog/awaitingAgent").asLong())
                .isEqualTo(count(rows, r -> r.status.equals("UNDER_REVIEW") && r.agent == null)).isPositive();
        assertThat(metrics.at("/backlog/overdueReviews").asLong()).isEqualTo(count(rows,
                r -> r.status.equals("UNDER_REVIEW") && r.reviewDueAt != null && r.reviewDueAt.isBefore(now)))
                .isPositive();

        for (String reason : countBy(opened, r -> r.reason).keySet()) {
            JsonNode ofReason = marketplace.admin().api()
                    .get("/api/v1/metrics/disputes?from=" + from + "&to=" + to + "&reason=" + reason).expect(200).json();
            List<Row> openedOf = opened.stream().filter(r -> r.reason.equals(reason)).toList();
            List<Row> closedOf = closed.stream().filter(r -> r.reason.equals(reason)).toList();
            assertThat(nonZero(ofReason.at("/opened/byStatus"))).as(reason).isEqualTo(countBy(openedOf, r -> r.status));
            assertThat(nonZero(ofReason.at("/closed/bySettledBy"))).as(reason).isEqualTo(
                    countBy(closedOf.stream().filter(r -> r.settledBy != null).toList(), r -> r.settledBy));
            assertThat(moneyOf(ofReason)).as(reason).isEqualTo(ledgerMoney(from, to, reason));
            assertThat(durationsOf(ofReason.at("/closed/timeToResolution"))).as(reason)
                    .isEqualTo(durations(closedOf.stream().map(r -> seconds(r.openedAt, r.closedAt)).toList()));
        }
    }

    /**
     * Durations just below, on and just above the lower bounds of several buckets, closed before and after the
     * rollup's watermark: the percentiles are each window's nearest ranks of the rows, and the rollup's bucket of
     * each duration is the one the requests put it in.
     */
    @Test
    void percentilesAreExactAcrossTheWatermarkAndOnBucketEdges() {
        List<Long> lowers = jdbc.sql("select lower_seconds from insight_duration_bucket order by bucket")
                .query(Long.class).list();
        Instant from = marketplace.now().minus(Duration.ofHours(1));
        // The first closings fall on a whole day of the window, which the rollup answers for.
        Instant nextDay = marketplace.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(1));
        marketplace.advance(Duration.between(marketplace.now(), nextDay).plusHours(1));
        List<Long> edges = new ArrayList<>();
        for (int bucket : new int[] {1, 12, 40, 71}) {
            edges.addAll(List.of(lowers.get(bucket) - 1, lowers.get(bucket), lowers.get(bucket) + 1));
        }
        closeAfter(edges.subList(0, 7));
        marketplace.advance(Duration.ofDays(2));
        Instant watermark = rollup.rollUp().orElseThrow();
        closeAfter(edges.subList(7, edges.size()));
        closeAfter(List.of(lowers.get(12), lowers.get(12), lowers.get(40) - 1));
        Instant to = marketplace.now().plusSeconds(1);

        List<Instant> starts = List.of(from, from.plus(Duration.ofHours(5)), watermark.minus(Duration.ofHours(30)),
                watermark.minusSeconds(1));
        for (Instant start : starts) {
            assertTimeToResolution(start, to);
        }
        rollup.rollUp();
        for (Instant start : starts) {
            assertTimeToResolution(start, to);
            percentiles.readAllUpTo = 10_000;
            assertTimeToResolution(start, to);
            percentiles.readAllUpTo = -1;
        }
        Map<String, Long> rolled = new TreeMap<>();
        jdbc.sql("select day_number, bucket, disputes from insight_duration_rollup where figure = 'RESOLVED'"
                        + " and reason = '*'")
                .query(rs -> {
                    rolled.put(rs.getLong("day_number") + "/" + rs.getInt("bucket"), rs.getLong("disputes"));
                });
        Instant reached = rollup.watermark().orElseThrow();
        Map<String, Long> expected = new TreeMap<>();
        long[] bounds = lowers.stream().mapToLong(Long::longValue).toArray();
        disputes().stream().filter(r -> r.closedAt != null && r.closedAt.isBefore(reached)).forEach(r -> expected.merge(
                Math.floorDiv(r.closedAt.getEpochSecond(), 86_400) + "/"
                        + DurationPercentiles.bucket(seconds(r.openedAt, r.closedAt), bounds), 1L, Long::sum));
        assertThat(rolled).isEqualTo(expected);
        assertThat(DurationPercentiles.bucket(lowers.get(12) - 1, bounds)).isEqualTo(11);
        assertThat(DurationPercentiles.bucket(lowers.get(12), bounds)).isEqualTo(12);
    }

    /** The dashboard's days are sums of the rollup's hours and the rows', in zones of whole and of half hours. */
    @Test
    void theDashboardsDaysAreWhatTheRowsSayAcrossTheWatermark() {
        Person agent = marketplace.agent();
        desk(agent);
        marketplace.advance(Duration.ofHours(20));
        rollup.rollUp();
        closeAfter(List.of(3_000L, 90_000L));
        desk(agent);
        InsightDashboard dashboard = context.getBean(InsightDashboard.class);
        io.arbiter.identity.Actor admin = new io.arbiter.identity.Actor(marketplace.admin().id(),
                io.arbiter.identity.Role.ADMIN, "Admin");
        for (String zone : List.of("UTC", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Kathmandu")) {
            java.time.ZoneId id = java.time.ZoneId.of(zone);
            java.time.LocalDate last = marketplace.now().atZone(id).toLocalDate();
            java.time.LocalDate first = last.minusDays(20);
            InsightDashboard.Data data = dashboard.of(admin, first, last, null, id);
            Map<java.time.LocalDate, Long> opened = new TreeMap<>();
            Map<java.time.LocalDate, Long> closed = new TreeMap<>();
            data.days().forEach(day -> {
                if (day.openedTotal() > 0) {
                    opened.put(day.date(), day.openedTotal());
                }
                if (day.closed() > 0) {
                    closed.put(day.date(), day.closed());
                }
            });
            Map<java.time.LocalDate, Long> openedRows = new TreeMap<>();
            Map<java.time.LocalDate, Long> closedRows = new TreeMap<>();
            for (Row row : disputes()) {
                java.time.LocalDate openedOn = row.openedAt.atZone(id).toLocalDate();
                if (!openedOn.isBefore(first) && !openedOn.isAfter(last)) {
                    openedRows.merge(openedOn, 1L, Long::sum);
                }
                java.time.LocalDate closedOn = row.closedAt == null ? null : row.closedAt.atZone(id).toLocalDate();
                if (closedOn != null && !closedOn.isBefore(first) && !closedOn.isAfter(last)) {
                    closedRows.merge(closedOn, 1L, Long::sum);
                }
            }
            assertThat(opened).as(zone).isEqualTo(openedRows).hasSizeGreaterThan(1);
            assertThat(closed).as(zone).isEqualTo(closedRows).hasSizeGreaterThan(1);
        }
    }

    /** A dispute per duration, each withdrawn that many seconds after it was opened. */
    private void closeAfter(List<Long> durations) {
        for (long seconds : durations) {
            Case dispute = marketplace.disputeAwaitingSeller();
            marketplace.advance(Duration.ofSeconds(seconds));
            dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/withdraw",
                    Map.of("reason", "Sorted out")).expect(200);
        }
    }

    private void assertTimeToResolution(Instant from, Instant to) {
        JsonNode metrics = marketplace.admin().api()
                .get("/api/v1/metrics/disputes?from=" + from + "&to=" + to).expect(200).json();
        List<Long> took = disputes().stream().filter(r -> within(r.closedAt, from, to))
                .map(r -> seconds(r.openedAt, r.closedAt)).toList();
        assertThat(took).as("from " + from).isNotEmpty();
        assertThat(durationsOf(metrics.at("/closed/timeToResolution"))).as("from " + from).isEqualTo(durations(took));
    }

    private static List<Long> durationsOf(JsonNode durations) {
        return List.of(durations.get("count").asLong(), durations.path("p50Seconds").asLong(-1),
                durations.path("p90Seconds").asLong(-1));
    }

    private static List<Long> durations(List<Long> values) {
        return values.isEmpty() ? List.of(0L, -1L, -1L)
                : List.of((long) values.size(), nearestRank(values, 0.5), nearestRank(values, 0.9));
    }

    @Test
    void aBuyerWhoWithdrewIsCountedAsWithdrawnNotAsRejected() {
        Person agent = marketplace.agent();
        Instant from = marketplace.now();
        Case withdrawn = marketplace.disputeAwaitingSeller();
        withdrawn.buyer().api().post("/api/v1/disputes/" + withdrawn.id() + "/withdraw",
                Map.of("reason", "the seller called me")).expect(200);

        JsonNode buyer = agent.api().get("/api/v1/buyers/" + withdrawn.buyer().id() + "/metrics?from=" + from
                + "&to=" + marketplace.now().plusSeconds(1)).expect(200).json();

        assertThat(buyer.get("opened").asLong()).isEqualTo(1);
        assertThat(buyer.get("withdrawn").asLong()).isEqualTo(1);
        assertThat(buyer.get("rejected").asLong()).isZero();
    }

    @Test
    void aPartysRecordIsWhatItsRowsSay() {
        Person agent = marketplace.agent();
        Instant from = marketplace.now();
        Map<String, Case> cases = desk(agent);
        Instant to = marketplace.now();
        Case refunded = cases.get("refunded");
        Case rejected = cases.get("rejected");

        JsonNode buyer = agent.api().get("/api/v1/buyers/" + refunded.buyer().id() + "/metrics?from=" + from
                + "&to=" + to).expect(200).json();
        assertThat(buyer.get("opened").asLong()).isEqualTo(1);
        assertThat(buyer.get("refunded").asLong()).isEqualTo(1);
        assertThat(buyer.get("escalated").asLong()).isEqualTo(1);
        assertThat(buyer.get("escalatedShare").asDouble()).isEqualTo(1.0);
        JsonNode other = agent.api().get("/api/v1/buyers/" + rejected.buyer().id() + "/metrics?from=" + from
                + "&to=" + to).expect(200).json();
        assertThat(other.get("rejected").asLong()).isEqualTo(1);
        assertThat(other.get("refunded").asLong()).isZero();
        assertThat(other.get("evidenceFlags").asLong()).isEqualTo(jdbc.sql("""
                select count(*) from evidence_flag f join evidence e on e.id = f.evidence_id
                join dispute d on d.id = e.dispute_id where d.buyer_id = ? and e.supplied_by_party = 'BUYER'""")
                .param(rejected.buyer().id()).query(Long.class).single());

        Case agreed = cases.get("agreed");
        JsonNode seller = marketplace.integration().get("/api/v1/sellers/" + agreed.seller().id() + "/metrics?from="
                + from + "&to=" + to).expect(200).json();
        Row row = disputes().stream().filter(r -> r.id.equals(agreed.id())).findFirst().orElseThrow();
        Instant firstAnswer = jdbc.sql("select min(at) from dispute_event where dispute_id = cast(? as uuid)"
                        + " and actor_role = 'SELLER'")
                .param(agreed.id()).query(OffsetDateTime.class).single().toInstant();
        assertThat(seller.get("received").asLong()).isEqualTo(1);
        assertThat(seller.get("settledBeforeAgent").asLong()).isEqualTo(1);
        assertThat(seller.get("settledBeforeAgentShare").asDouble()).isEqualTo(1.0);
        assertThat(seller.get("answered").asLong()).isEqualTo(1);
        assertThat(seller.get("medianFirstAnswerSeconds").asLong()).isEqualTo(seconds(row.openedAt, firstAnswer));
        JsonNode against = agent.api().get("/api/v1/sellers/" + refunded.seller().id() + "/metrics?from=" + from
                + "&to=" + to).expect(200).json();
        assertThat(against.get("decisionsAgainst").asLong()).isEqualTo(1);
        assertThat(against.get("settledBeforeAgent").asLong()).isZero();
        JsonNode silent = agent.api().get("/api/v1/sellers/" + cases.get("seller silent").seller().id()
                + "/metrics?from=" + from + "&to=" + to).expect(200).json();
        assertThat(silent.get("answered").asLong()).isZero();
        assertThat(silent.has("medianFirstAnswerSeconds")).isFalse();
    }

    @Test
    void onlyAdminsAndTheIntegrationReadTheDeskAndAgentsToReadAParty() {
        Case dispute = marketplace.disputeAwaitingSeller();
        String desk = "/api/v1/metrics/disputes";
        String buyer = "/api/v1/buyers/" + dispute.buyer().id() + "/metrics";
        String seller = "/api/v1/sellers/" + dispute.seller().id() + "/metrics";
        marketplace.admin().api().get(desk).expect(200);
        marketplace.integration().get(desk).expect(200);
        problem(marketplace.agent().api().get(desk), 403);
        problem(dispute.buyer().api().get(desk), 403);
        problem(dispute.seller().api().get(desk), 403);
        problem(marketplace.anonymous().get(desk), 401);
        for (String party : List.of(buyer, seller)) {
            marketplace.agent().api().get(party).expect(200);
            marketplace.admin().api().get(party).expect(200);
            marketplace.integration().get(party).expect(200);
            // A party never reads records, not even its own: they are the marketplace's view of it.
            problem(dispute.buyer().api().get(party), 403);
            problem(dispute.seller().api().get(party), 403);
            problem(marketplace.anonymous().get(party), 401);
        }
    }

    @Test
    void aWindowThatCannotBeReadOrIsOutOfBoundsIsAProblemNamingTheField() {
        Api admin = marketplace.admin().api();
        Instant now = marketplace.now();
        assertField(admin.get("/api/v1/metrics/disputes?from=yesterday"), 400, "from");
        assertField(admin.get("/api/v1/metrics/disputes?to=2026-13-01T00:00:00Z"), 400, "to");
        assertField(admin.get("/api/v1/metrics/disputes?from=" + now + "&to=" + now), 422, "from");
        assertField(admin.get("/api/v1/metrics/disputes?from=" + now.minus(Duration.ofDays(367)) + "&to=" + now),
                422, "from");
        assertField(admin.get("/api/v1/sellers/s/metrics?from=1999-12-31T00:00:00Z&to=2000-02-01T00:00:00Z"),
                422, "from");
        assertField(admin.get("/api/v1/buyers/b/metrics?to=" + now.plus(Duration.ofDays(2))), 422, "to");
        JsonNode defaults = admin.get("/api/v1/metrics/disputes").expect(200).json();
        assertThat(Instant.parse(defaults.get("to").asString())).isEqualTo(now);
        assertThat(Instant.parse(defaults.get("from").asString())).isEqualTo(now.minus(Duration.ofDays(30)));
    }

    @Test
    void theOpenApiDocumentDescribesTheMetricsWithExamples() {
        JsonNode paths = marketplace.anonymous().get("/v3/api-docs").expect(200).json().get("paths");
        for (String path : List.of("/api/v1/metrics/disputes", "/api/v1/sellers/{sellerId}/metrics",
                "/api/v1/buyers/{buyerId}/metrics")) {
            JsonNode get = paths.get(path).get("get");
            assertThat(get.get("summary").asString()).as(path).isNotBlank();
            assertThat(get.at("/responses/200/content/application~1json/examples").isEmpty()
                    && get.at("/responses/200/content/application~1json/example").isMissingNode()).as(path).isFalse();
            assertThat(get.get("parameters").toString()).contains("\"from\"", "\"to\"");
        }
    }

    @Test
    void prometheusReadsTheBacklogAndCountsDueTimesPassed() {
        marketplace.disputeInQueue();
        marketplace.disputeAwaitingSeller();
        marketplace.advance(Duration.ofDays(6));
        timers.runDue();

        String scraped = marketplace.admin().api().get("/actuator/prometheus").expect(200).text();

        List<Row> rows = disputes();
        assertThat(gauge(scraped, "arbiter_disputes_open{status=\"UNDER_REVIEW\"}"))
                .isEqualTo(count(rows, r -> r.status.equals("UNDER_REVIEW") && r.closedAt == null)).isPositive();
        assertThat(gauge(scraped, "arbiter_disputes_awaiting_agent"))
                .isEqualTo(count(rows, r -> r.status.equals("UNDER_REVIEW") && r.agent == null));
        assertThat(gauge(scraped, "arbiter_reviews_overdue")).isEqualTo(count(rows, r -> r.status.equals("UNDER_REVIEW")
                && r.reviewDueAt != null && r.reviewDueAt.isBefore(marketplace.now()))).isPositive();
        assertThat(gauge(scraped, "arbiter_due_times_passed_total{due_time=\"CURRENT\",party=\"SELLER\"}"))
                .isPositive();
    }

    private static long gauge(String scraped, String series) {
        return scraped.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> (long) Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " is not in the scrape"));
    }

    // ------------------------------------------------------------------ the raw rows, read plainly

    record Row(String id, String reason, String status, String currency, Instant openedAt, Instant closedAt,
               String outcome, String settledBy, Instant settledAt, String decidedBy, Instant escalatedAt,
               String agent, Instant reviewDueAt) {
    }

    private List<Row> disputes() {
        return jdbc.sql("select * from dispute").query((rs, n) -> new Row(rs.getString("id"), rs.getString("reason"),
                rs.getString("status"), rs.getString("currency"), instant(rs.getObject("opened_at", OffsetDateTime.class)),
                instant(rs.getObject("closed_at", OffsetDateTime.class)), rs.getString("outcome_type"),
                rs.getString("outcome_settled_by"), instant(rs.getObject("outcome_settled_at", OffsetDateTime.class)),
                rs.getString("outcome_decided_by"), instant(rs.getObject("escalated_at", OffsetDateTime.class)),
                rs.getString("assigned_agent_id"), instant(rs.getObject("review_due_at", OffsetDateTime.class))))
                .list();
    }

    /** Refunded and released per currency: the escrow accounts' outflows of the disputed orders' journals. */
    private Map<String, List<Long>> ledgerMoney(Instant from, Instant to, String reason) {
        Map<String, List<Long>> money = new TreeMap<>();
        List<String> disputed = jdbc.sql("select order_id from dispute where reason = coalesce(?, reason)")
                .param(reason).query(String.class).list();
        jdbc.sql("""
                select j.kind, j.currency, j.order_id, j.created_at, e.account, e.amount from ledger_journal j
                join ledger_entry e on e.journal_id = j.id where e.account like 'order:%:escrow'""")
                .query(rs -> {
                    Instant at = rs.getObject("created_at", OffsetDateTime.class).toInstant();
                    String kind = rs.getString("kind");
                    if (!within(at, from, to) || !disputed.contains(rs.getString("order_id"))
                            || !(kind.equals("REFUND") || kind.equals("RELEASE"))) {
                        return;
                    }
                    List<Long> amounts = money.computeIfAbsent(rs.getString("currency"),
                            c -> new ArrayList<>(List.of(0L, 0L)));
                    int index = kind.equals("REFUND") ? 0 : 1;
                    amounts.set(index, amounts.get(index) - rs.getLong("amount"));
                });
        return money;
    }

    private static Map<String, List<Long>> moneyOf(JsonNode metrics) {
        Map<String, List<Long>> money = new TreeMap<>();
        metrics.get("money").forEach(m -> money.put(m.get("currency").asString(),
                List.of(m.get("refunded").asLong(), m.get("released").asLong())));
        return money;
    }

    private Map<String, Long> dueTimesPassed(Instant from, Instant to) {
        Map<String, Long> passed = new TreeMap<>();
        jdbc.sql("select at, canonical from dispute_event where type = 'DUE_TIME_PASSED'").query(rs -> {
            JsonNode details = Api.JSON.readTree(rs.getString("canonical")).get("event");
            if (within(rs.getObject("at", OffsetDateTime.class).toInstant(), from, to)
                    && details.has("outcome") && !details.get("outcome").isNull()) {
                passed.merge(details.get("dueTime").asString() + "/" + details.get("party").asString(), 1L, Long::sum);
            }
        });
        return passed;
    }

    private static Map<String, Long> dueTimesOf(JsonNode metrics) {
        Map<String, Long> passed = new TreeMap<>();
        metrics.get("dueTimesPassed").forEach(d -> passed.put(d.get("dueTime").asString() + "/"
                + d.get("party").asString(), d.get("count").asLong()));
        return passed;
    }

    // ------------------------------------------------------------------ small arithmetic

    private static boolean within(Instant at, Instant from, Instant to) {
        return at != null && !at.isBefore(from) && at.isBefore(to);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static long seconds(Instant from, Instant to) {
        return Math.floorDiv(Duration.between(from, to).toNanos(), 1_000_000_000L);
    }

    /** The smallest value that at least the fraction p of the values do not exceed. */
    private static long nearestRank(List<Long> values, double p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }

    private static Map<String, Long> countBy(List<Row> rows, java.util.function.Function<Row, String> key) {
        Map<String, Long> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(key.apply(r), 1L, Long::sum));
        return counts;
    }

    private static long count(List<Row> rows, Predicate<Row> which) {
        return rows.stream().filter(which).count();
    }

    private static Map<String, Long> nonZero(JsonNode counts) {
        Map<String, Long> map = new TreeMap<>();
        counts.propertyNames().forEach(name -> {
            if (counts.get(name).asLong() != 0) {
                map.put(name, counts.get(name).asLong());
            }
        });
        return map;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (item.get(field).asString().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + array);
    }

    private static void problem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static void assertField(Api.Response response, int status, String field) {
        problem(response, status);
        assertThat(response.json().get("errors").get(0).get("field").asString()).as(response.toString())
                .isEqualTo(field);
    }
}
