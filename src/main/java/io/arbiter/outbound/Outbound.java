package io.arbiter.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.arbiter.common.Json;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.RealTime;
import io.arbiter.common.RuleViolationException;

/**
 * The one way Arbiter POSTs JSON to outside endpoints: an outbox written in the caller's transaction,
 * delivered after commit with Standard Webhooks signatures, retried with exponential backoff until a
 * give-up deadline, every attempt logged.
 */
@Service
public class Outbound {

    private final Outbox outbox;
    private final AddressPolicy policy;
    private final OutboundDispatcher dispatcher;
    private final Clock clock;

    Outbound(Outbox outbox, AddressPolicy policy, OutboundDispatcher dispatcher, @RealTime Clock clock) {
        this.outbox = outbox;
        this.policy = policy;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * Sends every message that is due now, as the scheduled poller does; for callers that step time by hand.
     * Returns how many messages were attempted.
     */
    public int deliverDue() {
        return dispatcher.dispatchDue();
    }

    /**
     * Stores the message in the caller's transaction; the dispatcher delivers it once that commits (and
     * never, if it rolls back). Enqueuing the same message again is a no-op, so a caller may retry.
     *
     * @param giveUpAfter how long after now to keep trying; the last attempt is made at that deadline
     * @throws RuleViolationException   (field {@code url}) when the URL is not https or its host resolves to a
     *                                  private or reserved address, unless the host is on
     *                                  {@code arbiter.outbound.allowed-hosts}. A host that does not resolve
     *                                  now is accepted and checked again before each attempt.
     * @throws IllegalArgumentException when the secret is not {@code whsec_<base64>}, the payload is not JSON
     *                                  or {@code giveUpAfter} is not positive
     * @throws IllegalStateException    when another message with the same id was enqueued before
     */
    public void enqueue(OutboundMessage message, Duration giveUpAfter) {
        if (giveUpAfter == null || giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("giveUpAfter must be positive");
        }
        policy.refusal(message.url(), false).ifPresent(reason -> {
            throw new RuleViolationException("url", reason);
        });
        if (message.secret() != null) {
            WebhookSignature.key(message.secret());
        }
        requireJson(message);
        if (!outbox.insert(message, giveUpAfter, clock.instant())) {
            Outbox.Stored existing = outbox.find(message.id()).orElseThrow();
            if (!existing.message().equals(message)) {
                throw new IllegalStateException("another outbound message with id " + message.id() + " exists");
            }
        }
    }

    /**
     * Stores the messages in the caller's transaction, in one statement, as {@link #enqueue} does one; a message
     * whose id is stored already is left as it is. Their URLs are checked for their form only ({@link
     * #refusalToSend}): the addresses a host resolves to are checked as each attempt connects, so no name is
     * looked up while the caller's transaction waits.
     *
     * @throws RuleViolationException   (field {@code url}) when a URL's form is refused
     * @throws IllegalArgumentException as {@link #enqueue} does
     */
    public void enqueueAll(List<OutboundMessage> messages, Duration giveUpAfter) {
        if (giveUpAfter == null || giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("giveUpAfter must be positive");
        }
        for (OutboundMessage message : messages) {
            refusalToSend(message.url()).ifPresent(reason -> {
                throw new RuleViolationException("url", reason);
            });
            if (message.secret() != null) {
                WebhookSignature.key(message.secret());
            }
            requireJson(message);
        }
        outbox.insertAll(messages, giveUpAfter, clock.instant());
    }

    /** Why no message may be sent to the URL whatever its host resolves to (its form), or empty. */
    public Optional<String> refusalToSend(String url) {
        return policy.formRefusal(url);
    }

    /**
     * The check {@link #enqueue} makes, for registering an endpoint; here a host that does not resolve is
     * refused too.
     *
     * @throws RuleViolationException (field {@code url}) naming what is wrong with it
     */
    public void checkUrl(String url) {
        policy.refusal(url, true).ifPresent(reason -> {
            throw new RuleViolationException("url", reason);
        });
    }

    /** The delivery log of a message, oldest attempt first; empty for an unknown id. */
    public List<DeliveryAttempt> attempts(UUID messageId) {
        return outbox.attempts(messageId);
    }

    public Optional<MessageStatus> status(UUID messageId) {
        return outbox.find(messageId).map(Outbox.Stored::status);
    }

    /**
     * Sends the message again, whatever its state: pending and due now, with a new give-up deadline as far
     * ahead as the first one was, and the backoff starting over. Earlier attempts stay in the log.
     *
     * @throws NotFoundException for an unknown id
     */
    public void redeliver(UUID messageId) {
        Outbox.Stored stored = outbox.find(messageId)
                .orElseThrow(() -> new NotFoundException("outbound message", messageId));
        Instant now = clock.instant();
        outbox.restart(messageId, now, now.plus(stored.giveUpAfter()));
    }

    private static void requireJson(OutboundMessage message) {
        try {
            Json.read(message.payloadJson(), Object.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the payload of outbound message " + message.id() + " is not JSON", e);
        }
    }
}
