package io.arbiter.outbound;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.RealTime;

/**
 * Sends due messages. Each message is claimed before it is sent, so that several Arbiter instances can
 * dispatch side by side without sending the same attempt twice; the claimed messages of one round are
 * sent in parallel, and each outcome is recorded, with its event, in a transaction of its own.
 *
 * <p>Delivery is at least once: when an instance dies between sending and recording, its claim expires and
 * the message is sent again, with the same {@code webhook-id} and {@code Idempotency-Key}.
 */
@Component
class OutboundDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboundDispatcher.class);

    private final Outbox outbox;
    private final AddressPolicy policy;
    private final OutboundProperties properties;
    private final Backoff backoff;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final CloseableHttpClient http;
    private final ExecutorService senders;

    OutboundDispatcher(Outbox outbox, AddressPolicy policy, OutboundProperties properties,
                       ApplicationEventPublisher events, PlatformTransactionManager transactions,
                       @RealTime Clock clock) {
        this.outbox = outbox;
        this.policy = policy;
        this.properties = properties;
        this.backoff = properties.backoff();
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        // Every connection resolves its host once, through the policy, and connects to what it checked.
        // Redirects are not followed: a receiver could otherwise point us at an address the policy refuses.
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new PinnedDns(policy))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                .setSocketTimeout(Timeout.of(properties.readTimeout())).build())
                        .setMaxConnTotal(properties.batchSize()).setMaxConnPerRoute(properties.batchSize())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(properties.readTimeout())).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableContentCompression().build();
        this.senders = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "outbound-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void destroy() throws IOException {
        senders.shutdownNow();
        http.close();
    }

    private record Claimed(Outbox.Stored message, UUID token, Instant at) {
    }

    private record Outcome(Integer statusCode, String error, long durationMillis) {

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        String summary() {
            return error != null ? error : "HTTP " + statusCode;
        }
    }

    /** Sends every pending message whose next attempt is due; returns how many attempts it made. */
    int dispatchDue() {
        Instant now = clock.instant();
        List<Claimed> claimed = new ArrayList<>();
        for (Outbox.Due due : outbox.due(now, properties.batchSize())) {
            UUID token = UUID.randomUUID();
            if (outbox.claim(due, now, now.plus(properties.claimTimeout()), token)) {
                outbox.find(due.id()).ifPresent(message -> claimed.add(new Claimed(message, token, now)));
            }
        }
        List<CompletableFuture<Outcome>> sending = claimed.stream().map(this::send).toList();
        for (int i = 0; i < claimed.size(); i++) {
            Claimed message = claimed.get(i);
            Outcome outcome = await(sending.get(i));
            try {
                record(message, outcome);
            } catch (RuntimeException e) {
                // Its claim expires and it is sent again: at least once, never lost.
                log.error("could not record the outcome of outbound message {}", message.message().message().id(), e);
            }
        }
        return claimed.size();
    }

    private CompletableFuture<Outcome> send(Claimed claimed) {
        OutboundMessage message = claimed.message().message();
        long started = System.nanoTime();
        Optional<String> refusal = policy.formRefusal(message.url());
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(new Outcome(null, "not sent: " + refusal.get(), 0));
        }
        HttpPost request;
        try {
            request = request(message, claimed.at());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(null, "not sent: " + e.getMessage(), 0));
        }
        return CompletableFuture.supplyAsync(() -> post(request, started), senders)
                .orTimeout(properties.connectTimeout().plus(properties.readTimeout()).plusSeconds(5).toMillis(),
                        TimeUnit.MILLISECONDS)
                .exceptionally(failure -> {
                    request.cancel();
                    return new Outcome(null, describe(failure), millisSince(started));
                });
    }

    private Outcome post(HttpPost request, long started) {
        ClassicHttpResponse response;
        try {
            response = http.executeOpen(null, request, null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, request.isCancelled() ? "no response in time" : describe(e), millisSince(started));
        }
        int status = response.getCode();
        // The body is not read: a receiver must not be able to hold a dispatcher by trickling one. Cancelling
        // drops the connection, where closing the response alone would read the body to its end.
        request.cancel();
        try {
            response.close();
        } catch (IOException droppedAlready) {
            // The connection is gone either way; the status was all we wanted from it.
        }
        return new Outcome(status, null, millisSince(started));
    }

    private HttpPost request(OutboundMessage message, Instant at) {
        String id = message.id().toString();
        long timestamp = at.getEpochSecond();
        HttpPost request = new HttpPost(URI.create(message.url()));
        request.setHeader("Content-Type", "application/json");
        request.setHeader("User-Agent", "Arbiter");
        request.setHeader("Idempotency-Key", id);
        request.setHeader("webhook-id", id);
        request.setHeader("webhook-timestamp", Long.toString(timestamp));
        request.setEntity(new StringEntity(message.payloadJson(), ContentType.APPLICATION_JSON));
        if (message.secret() != null) {
            request.setHeader("webhook-signature", WebhookSignature.sign(message.secret(), id, timestamp,
                    message.payloadJson()));
        }
        return request;
    }

    private void record(Claimed claimed, Outcome outcome) {
        OutboundMessage message = claimed.message().message();
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            outbox.logAttempt(message.id(), claimed.at(), outcome.statusCode(), outcome.error(),
                    outcome.durationMillis());
            boolean stillOurs;
            if (outcome.delivered()) {
                stillOurs = outbox.markDelivered(message.id(), claimed.token(), now);
                if (stillOurs) {
                    events.publishEvent(new OutboundDelivered(message.id(), message.topic(), message.reference(), now));
                }
            } else if (!now.isBefore(claimed.message().giveUpAt())) {
                stillOurs = outbox.markGaveUp(message.id(), claimed.token(), now, outcome.summary());
                if (stillOurs) {
                    log.warn("gave up on outbound {} message {} to {} after {} attempts: {}", message.topic(),
                            message.id(), message.url(), claimed.message().attempts() + 1, outcome.summary());
                    events.publishEvent(new OutboundGaveUp(message.id(), message.topic(), message.reference(),
                            outcome.summary(), now));
                }
            } else {
                Instant next = now.plus(backoff.after(claimed.message().roundAttempts() + 1));
                // The last attempt is made at the deadline rather than skipped because the next one falls after it.
                if (next.isAfter(claimed.message().giveUpAt())) {
                    next = claimed.message().giveUpAt();
                }
                stillOurs = outbox.scheduleRetry(message.id(), claimed.token(), next, outcome.summary());
                log.debug("outbound message {} failed ({}), next attempt at {}", message.id(), outcome.summary(), next);
            }
            if (!stillOurs) {
                log.warn("the claim on outbound message {} expired during its attempt; another dispatcher took it over",
                        message.id());
            }
        });
    }

    private static Outcome await(CompletableFuture<Outcome> sending) {
        try {
            return sending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted", 0);
        } catch (ExecutionException e) {
            return new Outcome(null, describe(e.getCause()), 0);
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return "no response in time";
        }
        if (cause instanceof AddressPolicy.AddressRefused refused) {
            return "not sent: " + refused.getMessage();
        }
        String message = cause.getMessage();
        if (message == null && cause.getCause() != null) {
            message = cause.getCause().getMessage();
        }
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
