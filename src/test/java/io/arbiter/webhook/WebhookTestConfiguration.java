package io.arbiter.webhook;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;


/** What the webhook tests add to the application: a recorder of disabled endpoints. */
@TestConfiguration(proxyBeanMethods = false)
class WebhookTestConfiguration {

    @Bean
    DisabledEndpoints disabledEndpoints() {
        return new DisabledEndpoints();
    }

    /** Every {@link WebhookEndpointDisabled}, from whichever thread published it. */
    static class DisabledEndpoints {

        private final List<WebhookEndpointDisabled> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(WebhookEndpointDisabled event) {
            events.add(event);
        }

        List<WebhookEndpointDisabled> of(UUID endpointId) {
            return events.stream().filter(event -> event.endpointId().equals(endpointId)).toList();
        }
    }
}
