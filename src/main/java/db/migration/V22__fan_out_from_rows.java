package db.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.arbiter.common.CanonicalJson;

/**
 * E-mails and webhooks follow rows written with each change instead of Spring Modulith's event publication registry
 * (a row per listener and event, written after the commit, and updated when the listener is done). An inbox item
 * now says itself when its e-mail is due ({@code mail_due_at}) and how it went; webhooks are written with their
 * change (see {@code webhook.WebhookPublisher}).
 *
 * <p>What the registry still held is carried over: an item whose e-mail was outstanding is due now; webhook events
 * outstanding stay in {@code event_publication} for {@code webhook.EarlierWebhookEvents} to prepare on start (that
 * takes the application's own payload rules, which a migration cannot run). Rows for listeners that no longer exist
 * were never going to be handled and are dropped with the finished ones; the table goes when nothing is left in it.
 * Java, not SQL, because the item's id is inside the serialized event.
 */
public class V22__fan_out_from_rows extends BaseJavaMigration {

    private static final String MAIL_EVENT = "io.arbiter.notification.InboxItemCreated";

    @Override
    public void migrate(Context context) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        jdbc.sql("alter table inbox_item add column mail_due_at timestamp with time zone").update();
        jdbc.sql("alter table inbox_item add column mail_attempts integer default 0 not null").update();
        jdbc.sql("alter table inbox_item add column mail_error varchar(2000)").update();
        jdbc.sql("create index inbox_item_mail_due on inbox_item (mail_due_at)").update();
        if (!exists(jdbc, "event_publication")) {
            return;
        }
        List<UUID> unmailed = new ArrayList<>();
        for (String serialized : jdbc.sql("select serialized_event from event_publication"
                + " where completion_date is null and event_type = :type").param("type", MAIL_EVENT)
                .query(String.class).list()) {
            unmailed.add(UUID.fromString(CanonicalJson.MAPPER.readTree(serialized).get("itemId").asString()));
        }
        for (UUID item : unmailed) {
            jdbc.sql("update inbox_item set mail_due_at = current_timestamp where id = :id and mailed_at is null")
                    .param("id", item).update();
        }
        jdbc.sql("""
                delete from event_publication
                where completion_date is not null or listener_id not like 'io.arbiter.webhook.WebhookPublisher%'""")
                .update();
        if (jdbc.sql("select count(*) from event_publication").query(Long.class).single() == 0) {
            jdbc.sql("drop table event_publication").update();
            if (exists(jdbc, "event_publication_archive")) {
                jdbc.sql("drop table event_publication_archive").update();
            }
        }
    }

    private static boolean exists(JdbcClient jdbc, String table) {
        return jdbc.sql("select count(*) from information_schema.tables where lower(table_name) = :table")
                .param("table", table).query(Long.class).single() > 0;
    }
}
