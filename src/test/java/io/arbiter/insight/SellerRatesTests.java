package io.arbiter.insight;

import static io.arbiter.support.Marketplace.claim;
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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.dispute.DisputeReason;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Person;

/**
 * The dashboard's top sellers against the raw rows: orders placed in the window per seller, and the disputes of
 * those orders, counted again here in Java, before and after the rollup's watermark and on partial days.
 */
class SellerRatesTests extends ApiTest {

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private InsightRollup rollup;
    @Autowired
    private SellerRates rates;

    private final Map<String, Person> buyers = new HashMap<>();

    /** Empties every rollup table and its watermark: the rollup then starts again from the rows. */
    static void startTheRollupAgain(JdbcClient jdbc) {
        for (String table : List.of("insight_rollup", "insight_duration_rollup", "insight_hourly_rollup",
                "insight_seller_rollup")) {
            jdbc.sql("delete from " + table).update();
        }
        jdbc.sql("update insight_rollup_state set watermark = null, rolled_at = null").update();
    }

    @BeforeEach
    @AfterEach
    void byHand() {
        startTheRollupAgain(jdbc);
    }

    @Test
    void topSellersAreWhatTheOrdersAndDisputesSayAcrossTheWatermark() {
        // Orders are placed a week before they are imported (Marketplace): the window starts before the first.
        Instant from = marketplace.now().minus(Duration.ofDays(8)).plusSeconds(1);
        List<Person> sellers = List.of(marketplace.seller(), marketplace.seller(), marketplace.seller());
        List<String> undisputed = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            for (int s = 0; s < sellers.size(); s++) {
                for (int n = 0; n <= s; n++) {
                    String order = order(sellers.get(s));
                    if (n % 2 == 0) {
                        dispute(order, (day + s) % 2 == 0 ? DisputeReason.QUALITY_ISSUE : DisputeReason.DEFECTIVE);
                    } else {
                        undisputed.add(order);
                    }
                }
            }
            marketplace.advance(Duration.ofHours(26));
        }
        // Before the rollup's first run, every dispute is read from the rows.
        assertTheRates(from, marketplace.now().minus(Duration.ofDays(7)).plusSeconds(1));
        Instant watermark = rollup.rollUp().orElseThrow();
        assertThat(jdbc.sql("select count(*) from insight_seller_rollup").query(Long.class).single()).isPositive();
        // Since the watermark: disputes of orders placed on the rollup's days, and new orders, some disputed.
        for (String order : undisputed.subList(0, 2)) {
            dispute(order, DisputeReason.DEFECTIVE);
        }
        marketplace.advance(Duration.ofHours(3));
        for (Person seller : sellers.subList(1, 3)) {
            dispute(order(seller), DisputeReason.QUALITY_ISSUE);
            order(seller);
        }
        Instant to = marketplace.now().minus(Duration.ofDays(7)).plusSeconds(1);

        List<Instant> starts = List.of(from, from.plus(Duration.ofHours(30)), watermark.minus(Duration.ofDays(8)));
        for (Instant start : starts) {
            assertTheRates(start, to);
        }
        rollup.rollUp();
        for (Instant start : starts) {
            assertTheRates(start, to);
        }
        // The whole days are the rollup's: a row changed by hand shows in the answer.
        MetricsWindow window = new MetricsWindow(from, to);
        long disputes = rates.top(window, null, 1000).stream().mapToLong(SellerRates.SellerRate::disputes).sum();
        int changed = jdbc.sql("update insight_seller_rollup set disputes = disputes + 1000 where reason = '*'"
                        + " and day_number > ? and day_number < ?")
                .params(from.getEpochSecond() / 86_400, to.getEpochSecond() / 86_400).update();
        assertThat(changed).isPositive();
        assertThat(rates.top(window, null, 1000).stream().mapToLong(SellerRates.SellerRate::disputes).sum())
                .isEqualTo(disputes + 1000L * changed);
    }

    /** A delivered order of the seller, to a buyer of its own. */
    private String order(Person seller) {
        Person buyer = marketplace.buyer();
        String order = marketplace.deliveredOrder(buyer, seller);
        buyers.put(order, buyer);
        return order;
    }

    private void dispute(String orderId, DisputeReason reason) {
        buyers.get(orderId).api().post("/api/v1/disputes",
                claim(orderId, reason.name(), resolution("FULL_REFUND_WITH_RETURN"))).expect(201);
    }

    private void assertTheRates(Instant from, Instant to) {
        MetricsWindow window = new MetricsWindow(from, to);
        for (DisputeReason reason : new DisputeReason[] {null, DisputeReason.QUALITY_ISSUE, DisputeReason.DEFECTIVE}) {
            List<SellerRates.SellerRate> top = rates.top(window, reason, 1000);
            Map<String, List<Long>> answered = new TreeMap<>();
            top.forEach(r -> answered.put(r.sellerId(), List.of(r.orders(), r.disputes())));
            assertThat(answered).as(from + " " + reason).isEqualTo(rawRates(from, to, reason));
            if (reason == null) {
                assertThat(answered).as(from.toString()).hasSizeGreaterThanOrEqualTo(2);
            }
            for (int i = 1; i < top.size(); i++) {
                assertThat((double) top.get(i).disputes() / top.get(i).orders()).as(from + " " + reason)
                        .isLessThanOrEqualTo((double) top.get(i - 1).disputes() / top.get(i - 1).orders());
            }
        }
    }

    /** Per seller with a dispute (of the reason) on an order placed in the window: its orders and those disputes. */
    private Map<String, List<Long>> rawRates(Instant from, Instant to, DisputeReason reason) {
        Map<String, String> sellerOf = new HashMap<>();
        Map<String, Long> orders = new HashMap<>();
        jdbc.sql("select id, seller_id, placed_at from marketplace_order").query(rs -> {
            Instant placed = rs.getObject("placed_at", OffsetDateTime.class).toInstant();
            if (!placed.isBefore(from) && placed.isBefore(to)) {
                sellerOf.put(rs.getString("id"), rs.getString("seller_id"));
                orders.merge(rs.getString("seller_id"), 1L, Long::sum);
            }
        });
        Map<String, Long> disputes = new HashMap<>();
        jdbc.sql("select order_id, reason from dispute").query(rs -> {
            String seller = sellerOf.get(rs.getString("order_id"));
            if (seller != null && (reason == null || reason.name().equals(rs.getString("reason")))) {
                disputes.merge(seller, 1L, Long::sum);
            }
        });
        Map<String, List<Long>> rates = new TreeMap<>();
        disputes.forEach((seller, n) -> rates.put(seller, List.of(orders.get(seller), n)));
        return rates;
    }
}
