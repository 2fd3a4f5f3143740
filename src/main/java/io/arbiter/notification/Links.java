package io.arbiter.notification;

import java.net.URI;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Addresses people follow from a notice, under {@code arbiter.public-url}; unset, under
 * {@code http://localhost:<the port the server listens on>}, known once the server has started.
 */
@Component
class Links {

    private volatile String publicUrl;
    private final boolean configured;

    Links(@Value("${arbiter.public-url:}") String publicUrl, @Value("${server.port:8080}") String port) {
        this.configured = !publicUrl.isBlank();
        this.publicUrl = configured ? withoutTrailingSlash(publicUrl.strip()) : local(port);
    }

    /** A configured address wins; otherwise the port the server really took (server.port=0 picks one at start). */
    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (!configured && event.getApplicationContext().getServerNamespace() == null) {
            publicUrl = local(String.valueOf(event.getWebServer().getPort()));
        }
    }

    /** The dispute's page (an agent following it lands on the case page). */
    String dispute(UUID disputeId) {
        return disputeId == null ? null : publicUrl + "/disputes/" + disputeId;
    }

    String home() {
        return publicUrl + "/";
    }

    /** The host of the public address: e-mail message ids are made unique under it. */
    String host() {
        String host = URI.create(publicUrl).getHost();
        return host == null ? "arbiter" : host;
    }

    private static String local(String port) {
        return "http://localhost:" + port;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
