package io.arbiter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Person;

/**
 * Failed sign-ins are counted per account and per client address over a window: past a limit, passwords (HTTP Basic
 * and the login form) and API keys are refused with 429 and Retry-After, the right password too, until the window
 * has passed. Every test starts a day after the last, so that no test sees the failures of another.
 */
@TestPropertySource(properties = {
        "arbiter.security.sign-in-throttle.window=10m",
        "arbiter.security.sign-in-throttle.max-failures-per-account=3",
        "arbiter.security.sign-in-throttle.max-failures-per-address=8"
})
class SignInThrottleTests extends ApiTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final AtomicInteger DAY = new AtomicInteger();

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private ApiKeys apiKeys;

    @BeforeEach
    void aDayLater() {
        clock.set(START.plus(Duration.ofDays(DAY.incrementAndGet())));
    }

    @Test
    void anAccountWithTooManyWrongPasswordsIsRefusedWith429UntilTheWindowHasPassed() {
        Person buyer = marketplace.buyer();
        Api guesser = marketplace.anonymous().withBasic(buyer.username(), "guess");
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(guesser.get("/api/v1/me").status()).isEqualTo(401);
            clock.advance(Duration.ofMinutes(1));
        }

        Api.Response refused = buyer.api().get("/api/v1/me");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("Too many failed sign-ins");
        // The first failure leaves the window 10 minutes after it, 3 minutes ago.
        assertThat(refused.header("Retry-After")).isEqualTo(Long.toString(WINDOW.minusMinutes(3).toSeconds()));
        assertThat(jdbc.sql("select count(*) from sign_in_attempt where account = :account and method = 'PASSWORD'")
                .param("account", buyer.username()).query(Long.class).single()).isEqualTo(3);

        clock.advance(WINDOW.minusMinutes(3).minusSeconds(1));
        assertThat(buyer.api().get("/api/v1/me").status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));
        buyer.api().get("/api/v1/me").expect(200);
    }

    @Test
    void successesAndRememberedPasswordsAreNeitherCountedNorSlowed() {
        Person buyer = marketplace.buyer();
        for (int request = 0; request < 10; request++) {
            buyer.api().get("/api/v1/me").expect(200);
        }
        Api guesser = marketplace.anonymous().withBasic(buyer.username(), "guess");
        assertThat(guesser.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(guesser.get("/api/v1/me").status()).isEqualTo(401);

        buyer.api().get("/api/v1/me").expect(200);
        assertThat(jdbc.sql("select count(*) from sign_in_attempt where account = :account")
                .param("account", buyer.username()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anAddressGuessingAcrossAccountsIsRefusedForEveryAccountAndApiKeysToo() {
        for (int attempt = 0; attempt < 8; attempt++) {
            assertThat(marketplace.anonymous().withBasic("nobody-" + attempt, "guess").get("/api/v1/me").status())
                    .isEqualTo(401);
        }

        Person other = marketplace.buyer();
        assertThat(other.api().get("/api/v1/me").status()).isEqualTo(429);
        Api.Response key = marketplace.anonymous().with("X-Api-Key", apiKeys.create("throttled").key()).get("/api/v1/me");
        assertThat(key.status()).as(key.toString()).isEqualTo(429);
        assertThat(key.header("Retry-After")).isEqualTo(Long.toString(WINDOW.toSeconds()));

        clock.advance(WINDOW);
        other.api().get("/api/v1/me").expect(200);
    }

    @Test
    void wrongApiKeysAreCountedAgainstTheAddress() {
        Api wrong = marketplace.anonymous().with("X-Api-Key", "ak_not-a-key-of-ours-at-all");
        for (int attempt = 0; attempt < 8; attempt++) {
            assertThat(wrong.get("/api/v1/me").status()).isEqualTo(401);
        }
        Api.Response refused = marketplace.anonymous().with("X-Api-Key", apiKeys.create("right").key())
                .get("/api/v1/me");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(jdbc.sql("select count(*) from sign_in_attempt where method = 'API_KEY' and attempted_at > :since")
                .param("since", io.arbiter.common.SqlTime.of(clock.instant().minus(WINDOW)))
                .query(Long.class).single()).isEqualTo(8);
    }

    @Test
    void theLoginPageSaysWhenToTryAgain() throws Exception {
        Person seller = marketplace.seller();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(logIn(browser, seller.username(), "guess").headers().firstValue("Location"))
                    .hasValue("/login?error");
        }

        HttpResponse<String> throttled = logIn(browser, seller.username(), Marketplace.PASSWORD);
        assertThat(throttled.headers().firstValue("Location")).hasValue("/login?throttled=10");
        String page = browser.send(HttpRequest.newBuilder(URI.create(base() + "/login?throttled=10")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("Too many failed sign-ins for this account or from this address. Try again in 10 min.");
    }

    private HttpResponse<String> logIn(HttpClient browser, String username, String password) throws Exception {
        String page = browser.send(HttpRequest.newBuilder(URI.create(base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).isTrue();
        return browser.send(HttpRequest.newBuilder(URI.create(base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + password
                        + "&_csrf=" + token.group(1))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
