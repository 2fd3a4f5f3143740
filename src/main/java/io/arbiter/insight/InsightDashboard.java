package io.arbiter.insight;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.ForbiddenException;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/**
 * The admins' dashboard ({@code /admin/insight}): the desk's figures of {@link Insight#disputes}, with disputes
 * opened and closed per day of the reader's zone and the sellers with the highest dispute rates.
 */
@Service
@Transactional(readOnly = true)
public class InsightDashboard {

    static final int TOP_SELLERS = 10;

    /** {@code opened} by reason, in the order of {@link Data#reasons}. */
    public record Day(LocalDate date, long[] opened, long closed) {

        public long openedTotal() {
            long total = 0;
            for (long count : opened) {
                total += count;
            }
            return total;
        }
    }

    /** {@code rate}: disputes per order the seller received in the window. */
    public record SellerRate(String sellerId, long orders, long disputes, double rate) {
    }

    public record Data(MetricsWindow window, DisputeReason reason, ZoneId zone, DisputeMetrics metrics,
                       List<DisputeReason> reasons, List<Day> days, List<SellerRate> topSellers) {
    }

    private final Insight insight;
    private final InsightQueries queries;
    private final SellerRates sellerRates;

    InsightDashboard(Insight insight, InsightQueries queries, SellerRates sellerRates) {
        this.insight = insight;
        this.queries = queries;
        this.sellerRates = sellerRates;
    }

    /** The days {@code from} to {@code to} (both included) of {@code zone}, of one reason or (null) all. */
    public Data of(Actor admin, LocalDate from, LocalDate to, DisputeReason reason, ZoneId zone) {
        if (!admin.is(Role.ADMIN)) {
            throw new ForbiddenException("the insight dashboard is for admins");
        }
        MetricsWindow window = insight.window(from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
        DisputeMetrics metrics = insight.disputes(admin, window, reason);
        List<DisputeReason> reasons = reason == null ? List.of(DisputeReason.values()) : List.of(reason);
        Map<LocalDate, long[]> opened = new LinkedHashMap<>();
        Map<LocalDate, Long> closed = new LinkedHashMap<>();
        LocalDate last = window.to().minusNanos(1).atZone(zone).toLocalDate();
        for (LocalDate day = window.from().atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            opened.put(day, new long[reasons.size()]);
            closed.put(day, 0L);
        }
        int shift = zone.getRules().getOffset(window.from()).getTotalSeconds() % 3600;
        for (InsightQueries.HourCount hour : queries.perHour("opened_at", window, reason, shift)) {
            long[] counts = opened.get(dayOf(hour, shift, zone));
            counts[reasons.indexOf(DisputeReason.valueOf(hour.reason()))] += hour.count();
        }
        for (InsightQueries.HourCount hour : queries.perHour("closed_at", window, reason, shift)) {
            closed.merge(dayOf(hour, shift, zone), hour.count(), Long::sum);
        }
        List<Day> days = new ArrayList<>();
        opened.forEach((day, counts) -> days.add(new Day(day, counts, closed.get(day))));
        List<SellerRate> sellers = sellerRates.top(window, reason, TOP_SELLERS).stream()
                .map(s -> new SellerRate(s.sellerId(), s.orders(), s.disputes(),
                        PartyMetrics.share(s.disputes(), s.orders())))
                .toList();
        return new Data(window, reason, zone, metrics, reasons, days, sellers);
    }

    /** The local day an hour bucket of {@link InsightQueries#perHour} begins in. */
    private static LocalDate dayOf(InsightQueries.HourCount hour, int shift, ZoneId zone) {
        return Instant.ofEpochSecond(hour.hour() * 3600 - shift).atZone(zone).toLocalDate();
    }
}
