package io.arbiter.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.arbiter.common.SqlTime;

/** The {@code outbound_message} and {@code outbound_attempt} tables. */
@Repository
class Outbox {

    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String GAVE_UP = "GAVE_UP";
    private static final int MAX_ERROR = 2000;

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored message and where it stands. */
    record Stored(OutboundMessage message, String state, int attempts, int roundAttempts, Instant nextAttemptAt,
                  Instant giveUpAt, Duration giveUpAfter, Instant deliveredAt) {

        MessageStatus status() {
            return new MessageStatus(message.id(), message.topic(), message.reference(), state, attempts,
                    nextAttemptAt, deliveredAt);
        }
    }

    /** A message that was due when looked at, with the number of attempts it had then. */
    record Due(UUID id, int attempts) {
    }

    /** Inserts the message unless one with its id is there already; says whether it inserted. */
    boolean insert(OutboundMessage message, Duration giveUpAfter, Instant now) {
        return jdbc.sql("""
                insert into outbound_message (id, topic, reference, url, secret, payload, state, created_at,
                    give_up_after_millis, give_up_at, next_attempt_at, attempts, round_attempts)
                values (:id, :topic, :reference, :url, :secret, :payload, 'PENDING', :now,
                    :giveUpAfter, :giveUpAt, :now, 0, 0)
                on conflict do nothing""")
                .param("id", message.id()).param("topic", message.topic()).param("reference", message.reference())
                .param("url", message.url()).param("secret", message.secret()).param("payload", message.payloadJson())
                .param("now", SqlTime.of(now)).param("giveUpAfter", giveUpAfter.toMillis())
                .param("giveUpAt", SqlTime.of(now.plus(giveUpAfter)))
                .update() == 1;
    }

    /** Inserts the messages, in one statement, leaving out those whose id is there already. */
    void insertAll(List<OutboundMessage> messages, Duration giveUpAfter, Instant now) {
        if (messages.isEmpty()) {
            return;
        }
        StringJoiner rows = new StringJoiner(", ");
        Map<String, Object> values = new HashMap<>();
        values.put("now", SqlTime.of(now));
        values.put("giveUpAfter", giveUpAfter.toMillis());
        values.put("giveUpAt", SqlTime.of(now.plus(giveUpAfter)));
        for (int i = 0; i < messages.size(); i++) {
            OutboundMessage message = messages.get(i);
            rows.add(("(:id%1$d, :topic%1$d, :reference%1$d, :url%1$d, :secret%1$d, :payload%1$d, 'PENDING', :now,"
                    + " :giveUpAfter, :giveUpAt, :now, 0, 0)").formatted(i));
            values.put("id" + i, message.id());
            values.put("topic" + i, message.topic());
            values.put("reference" + i, message.reference());
            values.put("url" + i, message.url());
            values.put("secret" + i, message.secret());
            values.put("payload" + i, message.payloadJson());
        }
        jdbc.sql("""
                insert into outbound_message (id, topic, reference, url, secret, payload, state, created_at,
                    give_up_after_millis, give_up_at, next_attempt_at, attempts, round_attempts)
                values\s""" + rows + " on conflict do nothing").params(values).update();
    }

    Optional<Stored> find(UUID id) {
        return jdbc.sql("""
                select id, topic, reference, url, secret, payload, state, attempts, round_attempts, next_attempt_at,
                       give_up_at, give_up_after_millis, delivered_at
                from outbound_message where id = :id""")
                .param("id", id)
                .query((rs, row) -> new Stored(
                        new OutboundMessage(rs.getObject("id", UUID.class), rs.getString("topic"),
                                rs.getString("reference"), rs.getString("url"), rs.getString("secret"),
                                rs.getString("payload")),
                        rs.getString("state"), rs.getInt("attempts"), rs.getInt("round_attempts"),
                        SqlTime.instant(rs, "next_attempt_at"), SqlTime.instant(rs, "give_up_at"),
                        Duration.ofMillis(rs.getLong("give_up_after_millis")), SqlTime.instant(rs, "delivered_at")))
                .optional();
    }

    List<DeliveryAttempt> attempts(UUID messageId) {
        return jdbc.sql("""
                select at, status_code, error, duration_millis from outbound_attempt
                where message_id = :id order by id""")
                .param("id", messageId)
                .query((rs, row) -> new DeliveryAttempt(SqlTime.instant(rs, "at"), (Integer) rs.getObject("status_code"),
                        rs.getString("error"), rs.getLong("duration_millis")))
                .list();
    }

    /** Pending messages whose next attempt is due and that no live claim holds, the longest waiting first. */
    List<Due> due(Instant now, int limit) {
        return jdbc.sql("""
                select id, attempts from outbound_message
                where state = 'PENDING' and next_attempt_at <= :now
                  and (claimed_until is null or claimed_until <= :now)
                order by next_attempt_at, id
                limit :limit""")
                .param("now", SqlTime.of(now)).param("limit", limit)
                .query((rs, row) -> new Due(rs.getObject("id", UUID.class), rs.getInt("attempts")))
                .list();
    }

    /**
     * Takes the message for one attempt, if it is still due, unclaimed (or its claim has expired) and has
     * not been attempted since it was looked at. Runs on its own (auto-commit), so that another dispatcher
     * sees the claim at once; of two dispatchers trying at the same moment, the database lets one win.
     */
    boolean claim(Due due, Instant now, Instant until, UUID token) {
        return jdbc.sql("""
                update outbound_message set claimed_until = :until, claim_token = :token
                where id = :id and attempts = :attempts and state = 'PENDING' and next_attempt_at <= :now
                  and (claimed_until is null or claimed_until <= :now)""")
                .param("until", SqlTime.of(until)).param("token", token).param("id", due.id())
                .param("attempts", due.attempts()).param("now", SqlTime.of(now))
                .update() == 1;
    }

    /** Appends the attempt to the log and counts it, whoever holds the claim now: it did happen. */
    void logAttempt(UUID messageId, Instant at, Integer statusCode, String error, long durationMillis) {
        jdbc.sql("""
                insert into outbound_attempt (message_id, at, status_code, error, duration_millis)
                values (:id, :at, :status, :error, :duration)""")
                .param("id", messageId).param("at", SqlTime.of(at)).param("status", statusCode)
                .param("error", truncate(error)).param("duration", durationMillis)
                .update();
        jdbc.sql("""
                update outbound_message set attempts = attempts + 1, round_attempts = round_attempts + 1
                where id = :id""")
                .param("id", messageId).update();
    }

    /** The following three change the message only while {@code token} still holds the claim. */
    boolean markDelivered(UUID id, UUID token, Instant at) {
        return jdbc.sql("""
                update outbound_message set state = 'DELIVERED', delivered_at = :at, next_attempt_at = null,
                       last_error = null, claimed_until = null, claim_token = null
                where id = :id and claim_token = :token""")
                .param("at", SqlTime.of(at)).param("id", id).param("token", token)
                .update() == 1;
    }

    boolean scheduleRetry(UUID id, UUID token, Instant next, String error) {
        return jdbc.sql("""
                update outbound_message set next_attempt_at = :next, last_error = :error,
                       claimed_until = null, claim_token = null
                where id = :id and claim_token = :token""")
                .param("next", SqlTime.of(next)).param("error", truncate(error)).param("id", id).param("token", token)
                .update() == 1;
    }

    boolean markGaveUp(UUID id, UUID token, Instant at, String error) {
        return jdbc.sql("""
                update outbound_message set state = 'GAVE_UP', gave_up_at = :at, next_attempt_at = null,
                       last_error = :error, claimed_until = null, claim_token = null
                where id = :id and claim_token = :token""")
                .param("at", SqlTime.of(at)).param("error", truncate(error)).param("id", id).param("token", token)
                .update() == 1;
    }

    /**
     * Pending again, due now, with a new give-up deadline and the backoff starting over; the log is kept.
     * A claim in progress is left alone, so that a redelivery never runs beside an attempt under way.
     */
    void restart(UUID id, Instant now, Instant giveUpAt) {
        jdbc.sql("""
                update outbound_message set state = 'PENDING', next_attempt_at = :now, give_up_at = :giveUpAt,
                       round_attempts = 0, delivered_at = null, gave_up_at = null
                where id = :id""")
                .param("now", SqlTime.of(now)).param("giveUpAt", SqlTime.of(giveUpAt)).param("id", id)
                .update();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
