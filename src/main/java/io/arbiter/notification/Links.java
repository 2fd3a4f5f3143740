package io.arbiter.notification;

import java.net.URI;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Addresses people follow from a notice, under {@code arbiter.public-url}. */
@Component
class Links {

    private final String publicUrl;

    Links(@Value("${arbiter.public-url:http://localhost:8080}") String publicUrl) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
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
}
