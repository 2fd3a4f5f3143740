package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.RawHttp;

/**
 * Behind an HTTPS proxy, with {@code server.forward-headers-strategy=native}: a request the proxy marks
 * {@code X-Forwarded-Proto: https} gets cookies marked Secure, and the login redirect stays a path.
 */
@TestPropertySource(properties = "server.forward-headers-strategy=native")
class ForwardedHeadersTests extends ApiTest {

    @Test
    void theSessionAndCsrfCookiesAreSecureWhenTheProxySaysHttps() {
        RawHttp.Response page = RawHttp.send(port, "GET /login HTTP/1.1", "Host: arbiter.example.com",
                "X-Forwarded-Proto: https");
        assertThat(setCookies(page)).anyMatch(cookie -> cookie.startsWith("XSRF-TOKEN=")).allMatch(this::secure);

        RawHttp.Response loggedIn = logIn(page, "X-Forwarded-Proto: https");
        assertThat(loggedIn.status()).as(loggedIn.toString()).isEqualTo(302);
        assertThat(loggedIn.header("Location")).isEqualTo("/");
        assertThat(setCookies(loggedIn)).anyMatch(cookie -> cookie.startsWith("SESSION=")).allMatch(this::secure);
    }

    @Test
    void withoutTheProxysWordCookiesAreNotSecure() {
        RawHttp.Response page = RawHttp.send(port, "GET /login HTTP/1.1", "Host: localhost");
        RawHttp.Response loggedIn = logIn(page, "X-Nothing: here");
        assertThat(setCookies(loggedIn)).anyMatch(cookie -> cookie.startsWith("SESSION=")).noneMatch(this::secure);
    }

    private RawHttp.Response logIn(RawHttp.Response page, String header) {
        Matcher token = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).isTrue();
        String cookie = setCookies(page).stream().map(set -> set.split(";")[0]).reduce((a, b) -> a + "; " + b)
                .orElseThrow();
        String form = "username=" + marketplace.buyer().username() + "&password=" + Marketplace.PASSWORD + "&_csrf="
                + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        return RawHttp.sendWithBody(port, form, "POST /login HTTP/1.1", "Host: arbiter.example.com", header,
                "Cookie: " + cookie, "Content-Type: application/x-www-form-urlencoded");
    }

    private boolean secure(String setCookie) {
        return Arrays.stream(setCookie.split(";")).map(String::trim).anyMatch("Secure"::equalsIgnoreCase);
    }

    private static List<String> setCookies(RawHttp.Response response) {
        return Arrays.stream(response.head().split("\r\n"))
                .filter(line -> line.regionMatches(true, 0, "Set-Cookie:", 0, 11))
                .map(line -> line.substring(11).trim()).toList();
    }
}
