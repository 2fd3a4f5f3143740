package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.ArbiterApplication;
import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.RawHttp;

/**
 * Page sessions live in the database, so a second instance (or the same one after a restart) knows the person; and
 * every form, as every API call made with a page's session, needs the page's CSRF token.
 */
class PageSessionTests extends ApiTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("^([^=;]+)=([^;]*)");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;
    @Autowired
    DataSource dataSource;
    @Autowired
    io.arbiter.identity.UserDirectory users;

    /** {@code session} is the Cookie header a browser would send: the session and the CSRF cookie. */
    record Login(String session, String csrf) {
    }

    @Test
    void theSessionIsARowInTheDatabaseAndASecondInstanceOnTheSameDatabaseKnowsIt() throws Exception {
        Marketplace.Person buyer = marketplace.buyer();
        Login login = logIn(port, buyer.username());
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = :name")
                .param("name", buyer.username()).query(Long.class).single()).isEqualTo(1);

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(ArbiterApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + ((HikariDataSource) dataSource).getJdbcUrl(),
                "--spring.datasource.username=" + environment.getProperty("spring.datasource.username", "sa"),
                "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""),
                "--arbiter.demo.enabled=false", "--arbiter.deadline.executor-enabled=false",
                "--arbiter.outbound.dispatcher-enabled=false", "--arbiter.settlement.resender-enabled=false",
                "--spring.datasource.hikari.maximum-pool-size=3")) {
            int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
            HttpResponse<String> page = get(secondPort, "/orders", login.session());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Signed in as Test " + buyer.username());
        }
    }

    @Test
    void aFormPostedWithoutTheTokenIsRefusedAndWithItIsTaken() throws Exception {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        Login seller = logIn(port, dispute.seller().username());
        String message = "text=Hello";

        assertThat(post(port, "/disputes/" + dispute.id() + "/messages", seller.session(), null, message).statusCode())
                .isEqualTo(403);
        HttpResponse<String> taken = post(port, "/disputes/" + dispute.id() + "/messages", seller.session(),
                seller.csrf(), message);
        assertThat(taken.statusCode()).isEqualTo(302);
        assertThat(taken.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/disputes/" + dispute.id()));
    }

    @Test
    void anApiCallWithAPagesSessionNeedsTheTokenWhileBasicAuthenticationDoesNot() throws Exception {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        Login seller = logIn(port, dispute.seller().username());
        String json = "{\"text\":\"From the page\"}";

        HttpResponse<String> refused = postJson(seller.session(), null, dispute.id(), json);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("CSRF token");
        assertThat(postJson(seller.session(), seller.csrf(), dispute.id(), json).statusCode()).isEqualTo(200);
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/messages",
                java.util.Map.of("text", "From the back end")).expect(200);
    }

    @Test
    void aHeaderThatAuthenticatesNobodyDoesNotRideOnThePagesSessionPastTheCsrfCheck() throws Exception {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        Login seller = logIn(port, dispute.seller().username());

        for (String[] header : new String[][] {{"Authorization", "Bogus whatever"}, {"Authorization", "Bearer x.y.z"},
                {"X-Api-Key", " "}}) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/disputes/" + dispute.id() + "/messages"))
                    .header("Content-Type", "application/json").header("Cookie", seller.session())
                    .header(header[0], header[1])
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Forged from another site\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(header[0] + ": " + header[1] + " -> " + refused.body()).isEqualTo(401);
        }
        assertThat(dispute.seller().api().get("/api/v1/disputes/" + dispute.id()).expect(200).text())
                .doesNotContain("Forged from another site");
    }

    @Test
    void anonymousRequestsAndApiCallsStartNoSession() throws Exception {
        long before = sessions();

        Api.Response unauthorized = marketplace.anonymous().get("/api/v1/me");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.json().get("detail").asString()).contains("First start in production");
        HttpResponse<String> login = get(port, "/login", null);
        assertThat(login.body()).as("users exist: the first admin was made long ago")
                .doesNotContain("First start in production");
        assertThat(get(port, "/orders", null).headers().firstValue("Location")).hasValue("/login");
        HttpResponse<String> wrong = post(port, "/login", cookies(null, login), null,
                "username=nobody&password=wrong&_csrf=" + csrf(login.body()));
        assertThat(wrong.headers().firstValue("Location")).hasValue("/login?error");
        marketplace.buyer().api().get("/api/v1/me").expect(200);
        marketplace.integration().get("/api/v1/me").expect(200);

        for (HttpResponse<String> response : java.util.List.of(login, wrong)) {
            assertThat(response.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("SESSION="));
        }
        assertThat(sessions()).isEqualTo(before);
    }

    @Test
    void redirectsNameNoHostEvenWhenTheHostHeaderIsHostile() {
        RawHttp.Response toLogin = RawHttp.send(port, "GET /orders?page=0 HTTP/1.1", "Host: evil.example");
        assertThat(toLogin.status()).isEqualTo(302);
        assertThat(toLogin.header("Location")).isEqualTo("/login");

        RawHttp.Response page = RawHttp.send(port, "GET /login HTTP/1.1", "Host: evil.example",
                "Cookie: " + setCookies(toLogin));
        String cookies = setCookies(toLogin) + "; " + setCookies(page);
        String form = "username=" + marketplace.buyer().username() + "&password=" + Marketplace.PASSWORD
                + "&_csrf=" + java.net.URLEncoder.encode(csrf(page.body()), java.nio.charset.StandardCharsets.UTF_8);
        RawHttp.Response loggedIn = RawHttp.sendWithBody(port, form, "POST /login HTTP/1.1", "Host: evil.example",
                "Cookie: " + cookies, "Content-Type: application/x-www-form-urlencoded");
        assertThat(loggedIn.status()).as(loggedIn.toString()).isEqualTo(302);
        assertThat(loggedIn.header("Location")).isEqualTo("/orders?page=0");
    }

    @Test
    void pagesSendAContentSecurityPolicyThatAllowsNoInlineScriptOrStyle() throws Exception {
        String policy = get(port, "/login", null).headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
    }

    private long sessions() {
        return jdbc.sql("select count(*) from spring_session").query(Long.class).single();
    }

    private static String setCookies(RawHttp.Response response) {
        return java.util.Arrays.stream(response.head().split("\r\n"))
                .filter(line -> line.regionMatches(true, 0, "Set-Cookie:", 0, 11))
                .map(line -> line.substring(11).trim().split(";")[0])
                .collect(java.util.stream.Collectors.joining("; "));
    }

    @Test
    void garbledDisputeFormsAreRefusedWithTheReasonNotFailed() throws Exception {
        Marketplace.Case dispute = marketplace.disputeAwaitingBuyer();
        Login buyer = logIn(port, dispute.buyer().username());
        long version = dispute.buyer().api().get("/api/v1/disputes/" + dispute.id()).expect(200).json().get("version")
                .asLong();

        HttpResponse<String> hugeAmount = post(port, "/disputes/" + dispute.id() + "/offer", buyer.session(),
                buyer.csrf(), "version=" + version + "&type=PARTIAL_REFUND&amount=1e999");
        assertThat(hugeAmount.statusCode()).as(hugeAmount.body()).isEqualTo(302);
        HttpResponse<String> submittedEmpty = post(port, "/orders/" + marketplace.deliveredOrder(dispute.buyer(), dispute.seller())
                + "/dispute", buyer.session(), buyer.csrf(), "step=review&go=submit&reason=NOT_AS_DESCRIBED");
        assertThat(submittedEmpty.statusCode()).as(submittedEmpty.body()).isEqualTo(200);
        assertThat(submittedEmpty.body()).contains("class=\"problem\"");
    }

    @Test
    void theBrowsersLanguageIsUsedUntilThePersonPicksOne() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Accept-Language", "de-DE, pt-BR;q=0.8, en;q=0.5").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("lang=\"pt\"").contains("Nome de usuário");
    }

    @Test
    void aSpanishReaderReadsTheTimelineAndLatestUpdateInSpanishWithMoneyAndTheirOwnStepsAsTheirs() throws Exception {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        users.chooseLocale(dispute.buyer().id(), java.util.Locale.forLanguageTag("es"));
        Login buyer = logIn(port, dispute.buyer().username());
        String ownClaim = get(port, "/disputes/" + dispute.id(), buyer.session()).body();
        assertThat(ownClaim).as("the buyer reads their own claim as theirs, its evidence in Spanish")
                .contains(">Pides<", "Fotos que muestren los defectos", "Plazo de las pruebas:")
                .doesNotContain("El comprador pide", "Photos showing the defects");
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/offers",
                java.util.Map.of("resolution", java.util.Map.of("type", "PARTIAL_REFUND", "amount", 4000))).expect(200);

        String page = get(port, "/disputes/" + dispute.id(), buyer.session()).body();
        String list = get(port, "/disputes", buyer.session()).body();

        assertThat(page).contains("El vendedor ofreció un reembolso parcial de 40,00\u00a0€", "Abriste una disputa")
                .doesNotContain("The seller offered");
        assertThat(list).contains("El vendedor ofreció un reembolso parcial de 40,00\u00a0€");
    }

    private Login logIn(int serverPort, String username) throws IOException, InterruptedException {
        HttpResponse<String> page = get(serverPort, "/login", null);
        String anonymous = cookies(null, page);
        String token = csrf(page.body());
        HttpResponse<String> done = post(serverPort, "/login", anonymous, null,
                "username=" + username + "&password=" + Marketplace.PASSWORD + "&_csrf=" + token);
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        String session = cookies(anonymous, done);
        assertThat(session).contains("SESSION=");
        HttpResponse<String> orders = get(serverPort, "/orders", session);
        return new Login(cookies(session, orders), csrf(orders.body()));
    }

    private HttpResponse<String> get(int serverPort, String path, String cookies) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path));
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int serverPort, String path, String cookies, String csrf, String form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(csrf == null ? form : form + "&_csrf=" + csrf));
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String session, String csrf, String disputeId, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/disputes/" + disputeId + "/messages"))
                .header("Content-Type", "application/json").header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            request.header("X-CSRF-TOKEN", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Cookie header after the response: the cookies sent, updated by those it set. */
    private static String cookies(String sent, HttpResponse<?> response) {
        java.util.Map<String, String> jar = new java.util.LinkedHashMap<>();
        if (sent != null) {
            for (String cookie : sent.split("; ")) {
                jar.put(cookie.substring(0, cookie.indexOf('=')), cookie.substring(cookie.indexOf('=') + 1));
            }
        }
        for (String set : response.headers().allValues("Set-Cookie")) {
            Matcher cookie = COOKIE.matcher(set);
            if (cookie.find()) {
                if (set.contains("Max-Age=0")) {
                    jar.remove(cookie.group(1));
                } else {
                    jar.put(cookie.group(1), cookie.group(2));
                }
            }
        }
        return jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static String csrf(String html) {
        Matcher found = CSRF.matcher(html);
        if (!found.find()) {
            throw new AssertionError("no CSRF token in the page");
        }
        return found.group(1);
    }
}
