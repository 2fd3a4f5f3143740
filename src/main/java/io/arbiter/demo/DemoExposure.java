package io.arbiter.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo's users have a password everyone knows (it is in the README). Served on anything but a loopback address,
 * anyone on the network logs in as the admin; say so loudly, once the server is up.
 */
@Component
@ConditionalOnProperty(name = "arbiter.demo.enabled", havingValue = "true")
class DemoExposure {

    private static final Logger log = LoggerFactory.getLogger(DemoExposure.class);

    private final String address;

    DemoExposure(@Value("${server.address:}") String address) {
        this.address = address;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenReachableFromTheNetwork() {
        warning(address).ifPresent(log::warn);
    }

    /** The warning for a server bound to this address ({@code server.address}; blank: every interface), if any. */
    static Optional<String> warning(String address) {
        if (address != null && !address.isBlank() && loopback(address.strip())) {
            return Optional.empty();
        }
        String where = address == null || address.isBlank() ? "every network interface" : address.strip();
        return Optional.of("""

                ******************************************************************************************
                DEMO MODE ON {where}: users alice, sam, agnes, admin ... have the password '{password}'
                and the integration API key is '{key}'. Anyone who reaches this port is an admin.
                Production: ARBITER_DEMO_ENABLED=false on an empty database, then create the first admin
                (README "First start in production"). Just trying it: SERVER_ADDRESS=127.0.0.1.
                ******************************************************************************************"""
                .replace("{where}", where).replace("{password}", DemoLogin.PASSWORD)
                .replace("{key}", DemoMarketplace.API_KEY));
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException unknown) {
            return false;
        }
    }
}
