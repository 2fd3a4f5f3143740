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
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;

/**
 * Page sessions live in the database, so a second instance (or the same one after a restart) knows the person; and
 * every form, as every API call made with a page's session, needs the page's CSRF token.
 */
class PageSessionTests extends ApiTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("SESSION=([^;]+)");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;
    @Autowired
    DataSource dataSource;

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
    void theBrowsersLanguageIsUsedUntilThePersonPicksOne() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Accept-Language", "de-DE, pt-BR;q=0.8, en;q=0.5").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("lang=\"pt\"").contains("Nome de usuário");
    }

    private Login logIn(int serverPort, String username) throws IOException, InterruptedException {
        HttpResponse<String> page = get(serverPort, "/login", null);
        String anonymous = cookie(page);
        String token = csrf(page.body());
        HttpResponse<String> done = post(serverPort, "/login", anonymous, null,
                "username=" + username + "&password=" + Marketplace.PASSWORD + "&_csrf=" + token);
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        String session = cookie(done);
        return new Login(session, csrf(get(serverPort, "/orders", session).body()));
    }

    private HttpResponse<String> get(int serverPort, String path, String session) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path));
        if (session != null) {
            request.header("Cookie", "SESSION=" + session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int serverPort, String path, String session, String csrf, String form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(csrf == null ? form : form + "&_csrf=" + csrf));
        if (session != null) {
            request.header("Cookie", "SESSION=" + session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String session, String csrf, String disputeId, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/disputes/" + disputeId + "/messages"))
                .header("Content-Type", "application/json").header("Cookie", "SESSION=" + session)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            request.header("X-CSRF-TOKEN", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().map(SESSION::matcher).filter(Matcher::find)
                .map(found -> found.group(1)).findFirst().orElseThrow(() -> new AssertionError("no SESSION cookie"));
    }

    private static String csrf(String html) {
        Matcher found = CSRF.matcher(html);
        if (!found.find()) {
            throw new AssertionError("no CSRF token in the page");
        }
        return found.group(1);
    }
}
