package io.arbiter.evidence.upload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.arbiter.support.Api;
import io.arbiter.support.Marketplace;

/** A tus 1.0 client as one person, sending the headers tus-js-client sends. */
public final class TusClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final String authorization;

    TusClient(int port, Marketplace.Person person) {
        this(port, person.username(), Marketplace.PASSWORD);
    }

    public TusClient(int port, String username, String password) {
        this.port = port;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String metadata(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + " " + Base64.getEncoder().encodeToString(
                        e.getValue().getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.joining(","));
    }

    public Api.Response create(String disputeId, long length, Map<String, String> metadata) {
        return send("POST", uploadsOf(disputeId), Map.of("Tus-Resumable", "1.0.0",
                "Upload-Length", Long.toString(length), "Upload-Metadata", metadata(metadata)), null);
    }

    public Api.Response head(String location) {
        return send("HEAD", location, Map.of("Tus-Resumable", "1.0.0"), null);
    }

    public Api.Response patch(String location, long offset, byte[] bytes) {
        return patch(location, offset, bytes, Map.of());
    }

    Api.Response patch(String location, long offset, byte[] bytes, Map<String, String> more) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Tus-Resumable", "1.0.0",
                "Content-Type", "application/offset+octet-stream", "Upload-Offset", Long.toString(offset)));
        headers.putAll(more);
        return send("PATCH", location, headers, bytes);
    }

    Api.Response delete(String location) {
        return send("DELETE", location, Map.of("Tus-Resumable", "1.0.0"), null);
    }

    static String uploadsOf(String disputeId) {
        return "/api/v1/disputes/" + disputeId + "/uploads";
    }

    Api.Response send(String method, String path, Map<String, String> headers, byte[] body) {
        return exchange(method, path, headers, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** Sends the body without a Content-Length, in chunks. */
    Api.Response sendChunked(String method, String path, Map<String, String> headers, byte[] body) {
        return exchange(method, path, headers, HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body)));
    }

    private Api.Response exchange(String method, String path, Map<String, String> headers,
                                  HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body)
                .header("Authorization", authorization);
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A PATCH whose connection breaks off: it announces {@code contentLength} bytes, sends only {@code bytes}
     * and closes its side, as a phone losing its network half-way would. Answers the status line and body the
     * server still managed to send, or null when it sent none.
     */
    String brokenPatch(String location, long offset, byte[] bytes, long contentLength, Map<String, String> more)
            throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder extra = new StringBuilder();
            more.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
            String head = "PATCH " + location + " HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\n"
                    + "Authorization: " + authorization + "\r\n"
                    + "Tus-Resumable: 1.0.0\r\n"
                    + "Content-Type: application/offset+octet-stream\r\n"
                    + "Upload-Offset: " + offset + "\r\n"
                    + "Content-Length: " + contentLength + "\r\n"
                    + extra
                    + "Connection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (IOException e) {
                // the server may reset the connection it could not finish reading
            }
            return answer.size() == 0 ? null : answer.toString(StandardCharsets.UTF_8);
        }
    }

    static List<String> lines(String answer) {
        return answer == null ? List.of() : answer.lines().toList();
    }
}
