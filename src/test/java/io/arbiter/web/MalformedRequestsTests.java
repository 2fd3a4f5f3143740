package io.arbiter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.RawHttp;

/**
 * Requests that cannot be read (an undecodable escape, a broken multipart body, a path Tomcat or the security
 * firewall refuses) are 400 problem documents naming what is wrong, never a 500 and never Tomcat's HTML.
 */
class MalformedRequestsTests extends ApiTest {

    @Test
    void anUndecodableQueryParameterIsA400NamingIt() {
        for (String query : new String[] {"page=%ff", "page=%zz"}) {
            RawHttp.Response refused = RawHttp.send(port, "GET /api/v1/disputes?" + query + " HTTP/1.1",
                    "Host: localhost", basic(marketplace.buyer()));
            assertProblem(refused, 400);
            assertThat(json(refused).get("errors").get(0).get("field").asString()).isEqualTo("page");
        }
    }

    @Test
    void aBrokenMultipartBodyIsA400NamingTheBody() {
        Marketplace.Case dispute = marketplace.disputeAwaitingSeller();
        String path = "POST /api/v1/disputes/" + dispute.id() + "/evidence HTTP/1.1";
        RawHttp.Response cutOff = RawHttp.sendWithBody(port,
                "--xx\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nphoto\r\n--xx\r\nContent-Disp", path,
                "Host: localhost", "Content-Type: multipart/form-data; boundary=xx", basic(dispute.buyer()));
        assertProblem(cutOff, 400);
        assertThat(json(cutOff).get("errors").get(0).get("field").asString()).isEqualTo("body");

        RawHttp.Response noBoundary = RawHttp.sendWithBody(port, "not multipart at all", path, "Host: localhost",
                "Content-Type: multipart/form-data", basic(dispute.buyer()));
        assertProblem(noBoundary, 400);
    }

    @Test
    void refusalsMadeBeforeAnyControllerAreProblemDocumentsToo() {
        String buyer = basic(marketplace.buyer());
        // Tomcat's own (an escape it cannot decode in the path, a NUL), then the security firewall's.
        for (String target : new String[] {"/api/v1/%zz", "/api/v1/me%00", "/api/v1/disputes/%ff", "/api/v1/a;b"}) {
            assertProblem(RawHttp.send(port, "GET " + target + " HTTP/1.1", "Host: localhost", buyer), 400);
        }
    }

    private static void assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
    }

    /** The body, without the chunk sizes of a chunked response. */
    private static tools.jackson.databind.JsonNode json(RawHttp.Response response) {
        String body = response.body();
        return Api.JSON.readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1));
    }

    private static String basic(Marketplace.Person person) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString(
                (person.username() + ":" + Marketplace.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
