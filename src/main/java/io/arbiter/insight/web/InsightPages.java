package io.arbiter.insight.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.arbiter.common.NotFoundException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.identity.Actor;
import io.arbiter.insight.DisputeMetrics;
import io.arbiter.insight.InsightDashboard;
import io.arbiter.insight.SvgChart;

/**
 * {@code /admin/insight}: the desk's charts, each drawn on the server as SVG with its table beside it and its data
 * as CSV ({@code /admin/insight/{chart}.csv} with the same filters). Figures are {@link InsightDashboard}'s, the
 * API's own.
 */
@Controller
@RequestMapping("/admin/insight")
class InsightPages {

    /** One chart: its picture, and the rows its table and its CSV show (raw figures: minor units, seconds). */
    record Chart(String id, String title, String svg, List<String> columns, List<List<Object>> rows) {
    }

    private final InsightDashboard dashboard;
    private final MessageSource messages;
    private final Clock clock;
    private final ZoneId zone;

    InsightPages(InsightDashboard dashboard, MessageSource messages, Clock clock,
                 @Value("${arbiter.pages.time-zone:UTC}") String zone) {
        this.dashboard = dashboard;
        this.messages = messages;
        this.clock = clock;
        this.zone = ZoneId.of(zone);
    }

    @GetMapping
    String page(Actor me, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) DisputeReason reason, Model model) {
        LocalDate end = to != null ? to : LocalDate.now(clock.withZone(zone));
        LocalDate start = from != null ? from : end.minusDays(29);
        model.addAttribute("from", start);
        model.addAttribute("to", end);
        model.addAttribute("reason", reason);
        model.addAttribute("reasons", DisputeReason.values());
        try {
            InsightDashboard.Data data = dashboard.of(me, start, end, reason, zone);
            model.addAttribute("data", data);
            model.addAttribute("charts", charts(data));
        } catch (RuleViolationException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "admin/insight";
    }

    @GetMapping("/{chart}.csv")
    ResponseEntity<byte[]> csv(Actor me, @PathVariable String chart,
                               @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                               @RequestParam(required = false) DisputeReason reason) {
        Chart found = charts(dashboard.of(me, from, to, reason, zone)).stream().filter(c -> c.id().equals(chart))
                .findFirst().orElseThrow(() -> new NotFoundException("chart", chart));
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", found.columns().stream().map(InsightPages::cell).toList())).append("\r\n");
        for (List<Object> row : found.rows()) {
            csv.append(String.join(",", row.stream().map(v -> cell(String.valueOf(v))).toList())).append("\r\n");
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("arbiter-" + chart + "-" + from + "-" + to + ".csv").build().toString())
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private List<Chart> charts(InsightDashboard.Data data) {
        List<Chart> charts = new ArrayList<>();
        DisputeMetrics metrics = data.metrics();

        List<String> reasonNames = data.reasons().stream().map(r -> text("reason." + r.name())).toList();
        List<String> columns = new ArrayList<>(List.of(text("insight.day")));
        columns.addAll(reasonNames);
        columns.add(text("insight.closed"));
        List<List<Object>> rows = new ArrayList<>();
        List<SvgChart.Series> series = new ArrayList<>();
        for (int r = 0; r < data.reasons().size(); r++) {
            int index = r;
            series.add(new SvgChart.Series(reasonNames.get(r),
                    data.days().stream().mapToDouble(d -> d.opened()[index]).toArray()));
        }
        for (InsightDashboard.Day day : data.days()) {
            List<Object> row = new ArrayList<>(List.of(day.date()));
            for (long count : day.opened()) {
                row.add(count);
            }
            row.add(day.closed());
            rows.add(row);
        }
        List<String> dayLabels = data.days().stream().map(d -> d.date().toString()).toList();
        String perDay = SvgChart.bars("per-day", text("insight.chart.per-day"), dayLabels, series, true)
                + SvgChart.bars("closed-per-day", text("insight.closed"), dayLabels, List.of(new SvgChart.Series(
                text("insight.closed"), data.days().stream().mapToDouble(InsightDashboard.Day::closed).toArray())),
                false);
        charts.add(new Chart("per-day", text("insight.chart.per-day"), perDay, columns, rows));

        DisputeMetrics.Durations took = metrics.closed().timeToResolution();
        Map<String, Long> resolution = new LinkedHashMap<>();
        resolution.put("p50", took.p50Seconds());
        resolution.put("p90", took.p90Seconds());
        charts.add(new Chart("resolution", text("insight.chart.resolution"),
                SvgChart.bars("resolution", text("insight.chart.resolution"), List.of("p50", "p90"),
                        List.of(new SvgChart.Series(text("insight.hours"), resolution.values().stream()
                                .mapToDouble(s -> s == null ? 0 : s / 3600.0).toArray())), false),
                List.of(text("insight.percentile"), text("insight.seconds"), text("insight.closed")),
                resolution.entrySet().stream().map(e -> List.<Object>of(e.getKey(),
                        e.getValue() == null ? "" : e.getValue(), took.count())).toList()));

        List<String> currencies = metrics.money().stream().map(DisputeMetrics.Money::currency).toList();
        charts.add(new Chart("money", text("insight.chart.money"),
                SvgChart.bars("money", text("insight.chart.money"), currencies, List.of(
                        new SvgChart.Series(text("insight.refunded"), major(metrics.money(), DisputeMetrics.Money::refunded)),
                        new SvgChart.Series(text("insight.released"), major(metrics.money(), DisputeMetrics.Money::released))),
                        false),
                List.of(text("insight.currency"), text("insight.refunded"), text("insight.released")),
                metrics.money().stream().map(m -> List.<Object>of(m.currency(), m.refunded(), m.released())).toList()));

        Map<String, Long> backlog = new LinkedHashMap<>();
        metrics.backlog().byStatus().forEach((status, count) -> backlog.put(text("status." + status), count));
        backlog.put(text("insight.awaitingAgent"), metrics.backlog().awaitingAgent());
        backlog.put(text("insight.overdueReviews"), metrics.backlog().overdueReviews());
        charts.add(new Chart("backlog", text("insight.chart.backlog"),
                SvgChart.bars("backlog", text("insight.chart.backlog"), List.copyOf(backlog.keySet()),
                        List.of(new SvgChart.Series(text("insight.disputes"),
                                backlog.values().stream().mapToDouble(Long::doubleValue).toArray())), false),
                List.of(text("insight.what"), text("insight.disputes")),
                backlog.entrySet().stream().map(e -> List.<Object>of(e.getKey(), e.getValue())).toList()));

        charts.add(new Chart("sellers", text("insight.chart.sellers"),
                SvgChart.bars("sellers", text("insight.chart.sellers"),
                        data.topSellers().stream().map(InsightDashboard.SellerRate::sellerId).toList(),
                        List.of(new SvgChart.Series(text("insight.rate"), data.topSellers().stream()
                                .mapToDouble(s -> s.rate() * 100).toArray())), false),
                List.of(text("insight.seller"), text("insight.orders"), text("insight.disputes"), text("insight.rate")),
                data.topSellers().stream().map(s -> List.<Object>of(s.sellerId(), s.orders(), s.disputes(), s.rate()))
                        .toList()));
        return charts;
    }

    private static double[] major(List<DisputeMetrics.Money> money, Function<DisputeMetrics.Money, Long> amount) {
        return money.stream().mapToDouble(m -> amount.apply(m) / Math.pow(10, m.exponent())).toArray();
    }

    private String text(String code) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(code, null, locale);
    }

    /** A CSV cell (RFC 4180); a leading formula character is neutralised so that spreadsheets do not run it. */
    private static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.]+")
                ? "'" + value : value;
        return safe.matches(".*[\",\r\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
