package io.arbiter.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/** What the outbound tests add to the application: an event recorder and a DNS they can change. */
@TestConfiguration(proxyBeanMethods = false)
class OutboundTestConfiguration {

    @Bean
    CapturedEvents capturedOutboundEvents() {
        return new CapturedEvents();
    }

    @Bean
    ChangingDns changingDns() {
        return new ChangingDns();
    }

    /** Every outbound event, from whichever thread published it. */
    static class CapturedEvents {

        private final List<Object> events = new CopyOnWriteArrayList<>();

        @EventListener
        void delivered(OutboundDelivered event) {
            events.add(event);
        }

        @EventListener
        void gaveUp(OutboundGaveUp event) {
            events.add(event);
        }

        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        void clear() {
            events.clear();
        }
    }

    /** Names the test sets resolve to what it says; every other name through the system resolver. */
    static class ChangingDns implements HostResolver {

        private final Map<String, InetAddress> names = new ConcurrentHashMap<>();
        private final Map<String, Integer> lookups = new ConcurrentHashMap<>();

        void point(String host, String address) {
            try {
                names.put(host, InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(address, e);
            }
        }

        void clear() {
            names.clear();
            lookups.clear();
        }

        /** How many times {@code host} was looked up. */
        int lookups(String host) {
            return lookups.getOrDefault(host, 0);
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            lookups.merge(host, 1, Integer::sum);
            InetAddress address = names.get(host);
            return address != null ? new InetAddress[] {address} : SYSTEM.resolve(host);
        }
    }
}
