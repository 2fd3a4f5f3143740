package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import io.arbiter.demo.DemoLogin;
import io.arbiter.support.Api;
import io.arbiter.support.Axe;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.DemoServer;
import tools.jackson.databind.JsonNode;

/**
 * axe-core's WCAG 2.2 A and AA rules on every page Arbiter serves, on a phone and on a desktop, over the demo
 * marketplace (its disputes in every state, its saved replies, the demo clock). The pages are not listed by hand:
 * every GET route of our page controllers must have been checked, so a new page cannot skip the check.
 */
@BrowserTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        DemoServer.PROPERTIES,
        // A webhook endpoint to show, on this machine: nothing is sent to it (the dispatcher is off).
        "arbiter.outbound.allowed-hosts=127.0.0.1",
        // Not the context of WebhookDemoClockApiTests: its move of the demo clock fires the demo's due times, and
        // the walk needs the disputes the demo seeds in every state.
        "arbiter.insight.rollup-enabled=false"
})
class EveryPageBrowserTests {

    /** GET routes of page controllers that answer no page a person reads, each with why. */
    private static final Map<String, String> NOT_PAGES = Map.of(
            "/disputes/{id}/changes", "the dispute page's poll: 204, with HX-Refresh when the dispute changed",
            "/agent/saved-replies/fill", "an htmx fragment: the case page's textarea filled with a saved reply",
            "/admin/insight/{chart}.csv", "a CSV download of a chart's table");

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyPageOnAPhonePassesAxe() {
        walkEveryPage(true);
    }

    @Test
    void everyPageOnADesktopPassesAxe() {
        walkEveryPage(false);
    }

    private void walkEveryPage(boolean phone) {
        Pages pages = new Pages(pageRoutes(), phone);
        try (Browser anonymous = new Browser(port, phone)) {
            pages.check(anonymous, "/login");
            pages.check(anonymous, "/no-such-page");
        }

        Api alice = api("alice");
        Map<String, String> aliceDisputes = disputesByStatus(alice);
        try (Browser buyer = new Browser(port, phone)) {
            buyer.logIn("alice", DemoLogin.PASSWORD);
            pages.check(buyer, "/");
            pages.check(buyer, "/orders");
            pages.check(buyer, "/orders/ORD-1001");
            pages.check(buyer, "/orders/ORD-1001/dispute");
            // The claim's later steps are pages too, each answering the previous step's form.
            buyer.driver().findElement(By.cssSelector("input[name=reason][value=QUALITY_ISSUE]")).click();
            for (String step : List.of("What you will need", "What is wrong", "What you want", "Review")) {
                buyer.click("Next").waitForText(step);
                if (step.equals("What is wrong")) {
                    buyer.fill("description", "The sole comes off after one day");
                }
                if (step.equals("What you want")) {
                    buyer.driver().findElement(By.cssSelector("input[name=resolution][value=FULL_REFUND_WITH_RETURN]"))
                            .click();
                }
                pages.checkShown(buyer, "/orders/ORD-1001/dispute");
            }
            pages.check(buyer, "/disputes");
            pages.check(buyer, "/disputes?show=closed");
            for (String id : aliceDisputes.values()) {
                pages.check(buyer, "/disputes/" + id);
            }
            pages.check(buyer, "/disputes/" + aliceDisputes.get("AWAITING_BUYER") + "/confirm/accept-offer");
            pages.check(buyer, "/disputes/" + aliceDisputes.get("AWAITING_BUYER") + "/confirm/withdraw");
            pages.check(buyer, "/inbox");
            pages.check(buyer, "/settings");
        }

        try (Browser seller = new Browser(port, phone)) {
            seller.logIn("sam", DemoLogin.PASSWORD);
            pages.check(seller, "/disputes");
            for (String id : disputesByStatus(api("sam")).values()) {
                pages.check(seller, "/disputes/" + id);
            }
        }

        try (Browser agent = new Browser(port, phone)) {
            agent.logIn("agnes", DemoLogin.PASSWORD);
            pages.check(agent, "/agent");
            Map<String, String> cases = disputesByStatus(api("agnes"));
            for (String id : cases.values()) {
                pages.check(agent, "/agent/disputes/" + id);
            }
            String underReview = cases.get("UNDER_REVIEW");
            pages.check(agent, "/agent/disputes/" + underReview + "/confirm/decision?type=PARTIAL_REFUND&amount=5");
            pages.check(agent, "/agent/records?party=BUYER&id=buyer-alice&figure=OPENED");
            pages.check(agent, "/agent/records?party=SELLER&id=seller-sam&figure=RECEIVED");
            pages.check(agent, "/inbox");
            String own = api("agnes").post("/api/v1/saved-replies", Map.of("kind", "SUGGESTION", "language", "en",
                    "title", "Keep it, part refunded", "text", "The item is usable: a partial refund is fair."))
                    .expect(201).json().get("id").asString();
            pages.check(agent, "/agent/replies");
            pages.check(agent, "/agent/replies/" + own);
            pages.check(agent, "/agent/replies/" + own + "/delete");
        }

        Api admin = api("admin");
        String webhook = admin.post("/api/v1/admin/webhooks", Map.of("url", "http://127.0.0.1:9/arbiter"))
                .expect(201).json().get("id").asString();
        try (Browser browser = new Browser(port, phone)) {
            browser.logIn("admin", DemoLogin.PASSWORD);
            for (String section : List.of("/admin", "/admin/policy", "/admin/users", "/admin/webhooks",
                    "/admin/webhooks/" + webhook, "/admin/reconciliation", "/admin/clock", "/admin/insight")) {
                pages.check(browser, section);
            }
            pages.check(browser, "/error");
        }
        pages.assertAllChecked();
    }

    private Api api(String username) {
        return Api.anonymous(port).withBasic(username, DemoLogin.PASSWORD);
    }

    /** One dispute the person sees in each status, by status. */
    private static Map<String, String> disputesByStatus(Api person) {
        Map<String, String> byStatus = new LinkedHashMap<>();
        for (JsonNode dispute : person.get("/api/v1/disputes?size=100").expect(200).json().get("items")) {
            byStatus.putIfAbsent(dispute.get("status").asString(), dispute.get("id").asString());
        }
        return byStatus;
    }

    /** The GET routes of our page controllers (not the API's, whose answers are JSON), but for {@link #NOT_PAGES}. */
    private List<PathPattern> pageRoutes() {
        List<PathPattern> routes = new ArrayList<>();
        mappings.getHandlerMethods().forEach((mapping, handler) -> {
            Class<?> controller = handler.getBeanType();
            boolean ours = controller.getPackageName().startsWith("io.arbiter");
            boolean api = AnnotatedElementUtils.hasAnnotation(controller, ResponseBody.class)
                    || handler.hasMethodAnnotation(ResponseBody.class);
            Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
            if (ours && !api && (methods.isEmpty() || methods.contains(RequestMethod.GET))
                    && mapping.getPathPatternsCondition() != null) {
                mapping.getPathPatternsCondition().getPatterns().stream()
                        .filter(pattern -> !NOT_PAGES.containsKey(pattern.getPatternString()))
                        .forEach(routes::add);
            }
        });
        assertThat(routes).as("page routes found").hasSizeGreaterThan(10);
        return routes;
    }

    /** The pages checked so far, what axe found on them, and the routes none of them matched yet. */
    private static final class Pages {

        private final List<PathPattern> routes;
        private final boolean phone;
        private final Set<String> unchecked = new TreeSet<>();
        private final List<String> violations = new ArrayList<>();

        Pages(List<PathPattern> routes, boolean phone) {
            this.routes = routes;
            this.phone = phone;
            routes.forEach(route -> unchecked.add(route.getPatternString()));
        }

        void check(Browser browser, String path) {
            browser.open(path);
            checkShown(browser, path);
        }

        /** Runs axe on the page the browser shows, which {@code path} asked for. */
        void checkShown(Browser browser, String path) {
            browser.waitFor(driver -> "complete".equals(browser.script("return document.readyState")));
            String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            routes.stream().filter(pattern -> pattern.matches(PathContainer.parsePath(route)))
                    .forEach(pattern -> unchecked.remove(pattern.getPatternString()));
            String where = (phone ? "phone " : "desktop ") + browser.driver().getCurrentUrl() + " (" + path + ")";
            for (String violation : Axe.violations(browser)) {
                violations.add(where + ": " + violation);
                // Said at once too: a later page that fails to load must not hide what axe found so far.
                System.err.println("axe-core on " + where + ": " + violation);
            }
        }

        void assertAllChecked() {
            assertThat(violations).as("axe-core violations").isEmpty();
            assertThat(unchecked).as("page routes no axe check visited (visit them here, or list in NOT_PAGES"
                    + " what is no page)").isEmpty();
        }
    }
}
