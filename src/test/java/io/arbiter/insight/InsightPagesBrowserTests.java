package io.arbiter.insight;

import static io.arbiter.support.Marketplace.partialRefund;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Case;
import tools.jackson.databind.JsonNode;

/** {@code /admin/insight} in Chromium: every chart is drawn, and its table and CSV say what the API says. */
@BrowserTest
class InsightPagesBrowserTests extends ApiTest {

    // The page's window: the 30 days of the pages' zone (UTC here) up to the test clock's day, 2026-03-02.
    private static final String WINDOW = "from=2026-02-01T00:00:00Z&to=2026-03-03T00:00:00Z";

    @Test
    void theChartsTablesAndCsvShowTheApisFigures() {
        Case agreed = marketplace.disputeAwaitingBuyer();
        agreed.buyer().api().post("/api/v1/disputes/" + agreed.id() + "/accept", null).expect(200);
        marketplace.disputeInQueue();
        marketplace.disputeAwaitingSeller(partialRefund(1200));
        JsonNode api = marketplace.admin().api().get("/api/v1/metrics/disputes?" + WINDOW).expect(200).json();
        JsonNode ofQuality = marketplace.admin().api().get("/api/v1/metrics/disputes?" + WINDOW
                + "&reason=QUALITY_ISSUE").expect(200).json();

        try (Browser browser = new Browser(port, false)) {
            browser.logIn(marketplace.admin().username(), Marketplace.PASSWORD).open("/admin/insight");
            browser.waitForText("Disputes opened per day, by reason, and closed per day");
            for (String chart : List.of("per-day", "resolution", "money", "backlog", "sellers")) {
                assertThat(browser.driver().findElements(By.cssSelector("#" + chart + " svg[role=img] title")))
                        .as(chart).isNotEmpty();
                assertThat(browser.driver().findElements(By.cssSelector("table[data-chart=" + chart + "] caption")))
                        .as(chart).hasSize(1);
            }
            assertThat(browser.driver().findElements(By.cssSelector("#per-day svg rect[data-value]"))).isNotEmpty();

            List<List<String>> perDay = table(browser, "per-day");
            long opened = perDay.stream().mapToLong(row -> row.subList(1, row.size() - 1).stream()
                    .mapToLong(Long::parseLong).sum()).sum();
            long closed = perDay.stream().mapToLong(row -> Long.parseLong(row.get(row.size() - 1))).sum();
            assertThat(perDay).hasSize(30);
            assertThat(opened).isEqualTo(api.at("/opened/total").asLong()).isPositive();
            assertThat(closed).isEqualTo(api.at("/closed/total").asLong()).isPositive();
            List<List<String>> money = table(browser, "money");
            List<List<String>> fromApi = new ArrayList<>();
            api.get("money").forEach(m -> fromApi.add(List.of(m.get("currency").asString(),
                    m.get("refunded").asString(), m.get("released").asString())));
            assertThat(money).isEqualTo(fromApi).isNotEmpty();
            assertThat(browser.driver().findElement(By.cssSelector("table[data-chart=money] tbody td:nth-child(2)"))
                    .getText()).startsWith("€");
            List<List<String>> backlog = table(browser, "backlog");
            assertThat(backlog.get(backlog.size() - 2).get(1)).isEqualTo(api.at("/backlog/awaitingAgent").asString());
            assertThat(backlog.get(backlog.size() - 1).get(1)).isEqualTo(api.at("/backlog/overdueReviews").asString());
            assertThat(table(browser, "resolution").get(0).get(1))
                    .isEqualTo(api.at("/closed/timeToResolution/p50Seconds").asString());

            String csv = (String) browser.script("return fetch(arguments[0]).then(r => r.text())",
                    browser.driver().findElement(By.cssSelector("#money a[download]")).getAttribute("href"));
            List<String> lines = csv.lines().toList();
            assertThat(lines.get(0)).isEqualTo("Currency,Refunded,Released");
            assertThat(lines.subList(1, lines.size())).isEqualTo(fromApi.stream().map(r -> String.join(",", r)).toList());

            new Select(browser.field("reason")).selectByValue("QUALITY_ISSUE");
            browser.click("Show").waitForText("Disputes opened per day");
            List<List<String>> quality = table(browser, "per-day");
            assertThat(quality.get(0)).hasSize(3);
            assertThat(quality.stream().mapToLong(row -> Long.parseLong(row.get(1))).sum())
                    .isEqualTo(ofQuality.at("/opened/total").asLong());
            assertThat(browser.policyViolations()).isEmpty();
            browser.screenshot("admin-insight");
        }
    }

    /** A chart's table as the raw figures its cells carry ({@code data-value}), row by row. */
    private static List<List<String>> table(Browser browser, String chart) {
        List<List<String>> rows = new ArrayList<>();
        for (WebElement row : browser.driver().findElements(By.cssSelector("table[data-chart=" + chart + "] tbody tr"))) {
            rows.add(row.findElements(By.tagName("td")).stream().map(td -> td.getAttribute("data-value")).toList());
        }
        return rows;
    }
}
