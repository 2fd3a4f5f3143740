package io.arbiter.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.support.EarlierDatabase;

/**
 * V22 on a database filled by the version before it, whose e-mails and webhooks waited in Spring Modulith's event
 * publication registry: an e-mail that was outstanding is due, one that went out or had no listener is not, webhook
 * events stay for the application to prepare on start, and the table goes once nothing is left in it.
 */
class FanOutMigrationTests {

    private static final String MAIL_LISTENER =
            "io.arbiter.notification.MailNotifier.on(io.arbiter.notification.InboxItemCreated)";
    private static final String WEBHOOK_LISTENER =
            "io.arbiter.webhook.WebhookPublisher.on(io.arbiter.dispute.DisputeEvent)";

    EarlierDatabase newDatabase() {
        return EarlierDatabase.h2();
    }

    @Test
    void anOutstandingEmailIsDueAndTheRegistryGoesWhenNothingIsLeftInIt() {
        EarlierDatabase database = beforeTheMigration();
        JdbcClient jdbc = database.jdbc();
        UUID outstanding = item(jdbc, null);
        UUID failed = item(jdbc, null);
        UUID sent = item(jdbc, "2026-03-02 10:00:05+00");
        UUID toldDone = item(jdbc, null);
        publication(jdbc, MAIL_LISTENER, "io.arbiter.notification.InboxItemCreated", mailEvent(outstanding), false);
        publication(jdbc, MAIL_LISTENER, "io.arbiter.notification.InboxItemCreated", mailEvent(failed), false);
        publication(jdbc, MAIL_LISTENER, "io.arbiter.notification.InboxItemCreated", mailEvent(sent), true);
        publication(jdbc, MAIL_LISTENER, "io.arbiter.notification.InboxItemCreated", mailEvent(toldDone), true);
        publication(jdbc, "io.arbiter.notification.Gone.on(java.lang.Object)", "java.lang.Object", "{}", false);

        database.migrate("latest");

        assertThat(jdbc.sql("select id from inbox_item where mail_due_at is not null").query(UUID.class).list())
                .containsExactlyInAnyOrder(outstanding, failed);
        assertThat(jdbc.sql("select count(*) from inbox_item where mail_attempts <> 0 or mail_error is not null")
                .query(Long.class).single()).isZero();
        assertThat(registryTables(jdbc)).as("nothing was left in it").isZero();
    }

    @Test
    void outstandingWebhookEventsStayForTheApplication() {
        EarlierDatabase database = beforeTheMigration();
        JdbcClient jdbc = database.jdbc();
        UUID outstanding = item(jdbc, null);
        publication(jdbc, MAIL_LISTENER, "io.arbiter.notification.InboxItemCreated", mailEvent(outstanding), false);
        UUID webhook = publication(jdbc, WEBHOOK_LISTENER, "io.arbiter.dispute.DisputeEvents$MessagePosted",
                "{\"text\":\"Hello\"}", false);
        publication(jdbc, WEBHOOK_LISTENER, "io.arbiter.dispute.DisputeEvents$MessagePosted", "{\"text\":\"Done\"}",
                true);

        database.migrate("latest");

        assertThat(jdbc.sql("select id from event_publication").query(UUID.class).list()).containsExactly(webhook);
        assertThat(jdbc.sql("select id from inbox_item where mail_due_at is not null").query(UUID.class).list())
                .containsExactly(outstanding);
    }

    @Test
    void aDatabaseThatNeverHadTheRegistryMigratesToo() {
        EarlierDatabase database = newDatabase();
        database.migrate("21");
        UUID item = item(database.jdbc(), null);

        database.migrate("latest");

        assertThat(database.jdbc().sql("select count(*) from inbox_item where id = :id and mail_due_at is null")
                .param("id", item).query(Long.class).single()).isOne();
        assertThat(registryTables(database.jdbc())).isZero();
    }

    private EarlierDatabase beforeTheMigration() {
        EarlierDatabase database = newDatabase();
        database.migrate("21");
        // As Spring Modulith 2.1's schema initialization created it.
        database.jdbc().sql("""
                create table event_publication (
                    id uuid primary key, listener_id varchar(512) not null, event_type varchar(512) not null,
                    serialized_event varchar(4000) not null, publication_date timestamp with time zone not null,
                    completion_date timestamp with time zone, status varchar(20), completion_attempts integer,
                    last_resubmission_date timestamp with time zone)""").update();
        return database;
    }

    private static UUID item(JdbcClient jdbc, String mailedAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into inbox_item (id, recipient_id, notification_key, kind, title, text, created_at, mailed_at)
                values (:id, 'seller', :key, 'RESPOND_TO_CLAIM', 'Respond', 'Please respond',
                        timestamp with time zone '2026-03-02 10:00:00+00', cast(:mailed as timestamp with time zone))""")
                .param("id", id).param("key", "key-" + id).param("mailed", mailedAt).update();
        return id;
    }

    private static String mailEvent(UUID item) {
        return "{\"itemId\":\"" + item + "\",\"recipientId\":\"seller\"}";
    }

    private static UUID publication(JdbcClient jdbc, String listener, String type, String event, boolean completed) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into event_publication (id, listener_id, event_type, serialized_event, publication_date,
                                               completion_date, status)
                values (:id, :listener, :type, :event, current_timestamp,
                        case when :completed then current_timestamp end, :status)""")
                .param("id", id).param("listener", listener).param("type", type).param("event", event)
                .param("completed", completed).param("status", completed ? "COMPLETED" : "FAILED").update();
        return id;
    }

    private static long registryTables(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from information_schema.tables where lower(table_name) like 'event_pub%'")
                .query(Long.class).single();
    }
}
