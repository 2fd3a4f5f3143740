package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.arbiter.support.ApiTest;

/**
 * The login page tells how to make the first admin only while nobody can sign in by name: on a demo or any
 * instance with users, the sentence would send people looking for a step that is already done.
 */
@TestPropertySource(properties = "arbiter.test.context=first-start") // a database of its own: it starts empty
class LoginPageFirstStartTests extends ApiTest {

    private static final String FIRST_START = "First start in production";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void showsTheFirstStartSentenceOnlyUntilSomeoneCanSignIn() throws Exception {
        assertThat(loginPage()).as("an empty database").contains(FIRST_START);

        marketplace.buyer();

        assertThat(loginPage()).as("a user with a user name exists").doesNotContain(FIRST_START)
                .contains("name=\"username\"");
    }

    private String loginPage() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }
}
