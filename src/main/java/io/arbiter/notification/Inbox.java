package io.arbiter.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.NotFoundException;
import io.arbiter.common.PageRequest;
import io.arbiter.common.SqlTime;
import io.arbiter.identity.Actor;
import io.arbiter.identity.UserDirectory;

/**
 * Each person's inbox. Items are written by {@link Notifications}, once per person and event, in the person's
 * language; each person reads and marks only their own (anyone else's answers 404).
 */
@Service
@Transactional
public class Inbox {

    private static final String COLUMNS =
            "id, kind, title, text, dispute_id, link, due_at, created_at, read_at";

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final Texts texts;
    private final Links links;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Inbox(JdbcClient jdbc, UserDirectory users, Texts texts, Links links, ApplicationEventPublisher events,
          Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.texts = texts;
        this.links = links;
        this.events = events;
        this.clock = clock;
    }

    /** The caller's items, newest first, and the count of all their unread ones. */
    @Transactional(readOnly = true)
    public InboxPage list(Actor actor, boolean unreadOnly, PageRequest page) {
        String where = " where recipient_id = :me" + (unreadOnly ? " and read_at is null" : "");
        long total = jdbc.sql("select count(*) from inbox_item" + where).param("me", actor.id())
                .query(Long.class).single();
        long unread = unreadOnly ? total : jdbc.sql("select count(*) from inbox_item where recipient_id = :me"
                + " and read_at is null").param("me", actor.id()).query(Long.class).single();
        List<InboxItem> items = jdbc.sql("select " + COLUMNS + " from inbox_item" + where
                        + " order by created_at desc, seq desc offset :offset rows fetch first :size rows only")
                .param("me", actor.id()).param("offset", page.offset()).param("size", page.size())
                .query(Inbox::item).list();
        return new InboxPage(items, page.page(), page.size(), total, (total + page.size() - 1) / page.size(), unread);
    }

    /** Marks one of the caller's items read; reading it again keeps the first time. */
    public InboxItem markRead(Actor actor, UUID id) {
        jdbc.sql("update inbox_item set read_at = :now where id = :id and recipient_id = :me and read_at is null")
                .param("now", SqlTime.of(now())).param("id", id).param("me", actor.id()).update();
        return jdbc.sql("select " + COLUMNS + " from inbox_item where id = :id and recipient_id = :me")
                .param("id", id).param("me", actor.id()).query(Inbox::item).optional()
                .orElseThrow(() -> new NotFoundException("inbox item", id));
    }

    /** Marks all the caller's unread items read; answers how many that were. */
    public int markAllRead(Actor actor) {
        return jdbc.sql("update inbox_item set read_at = :now where recipient_id = :me and read_at is null")
                .param("now", SqlTime.of(now())).param("me", actor.id()).update();
    }

    /**
     * Writes each notice into its recipient's inbox, in the recipient's language, unless it is there already
     * (the same event delivered again). Each new item is announced, for its e-mail.
     */
    void post(List<Notice> notices) {
        for (Notice notice : notices) {
            Locale locale = users.findById(notice.recipientId()).map(user -> Texts.locale(user.locale()))
                    .orElse(Locale.ENGLISH);
            UUID id = UUID.randomUUID();
            // "on conflict do nothing", not a caught duplicate key: on PostgreSQL that error would abort the
            // whole transaction, and with it the other recipients' items.
            int inserted = jdbc.sql("""
                            insert into inbox_item (id, recipient_id, notification_key, kind, title, text, dispute_id,
                                                    link, due_at, created_at)
                            values (:id, :recipient, :key, :kind, :title, :text, :dispute, :link, :due, :at)
                            on conflict do nothing""")
                    .param("id", id).param("recipient", notice.recipientId()).param("key", notice.key())
                    .param("kind", notice.kind().name()).param("title", texts.write(notice.title(), locale))
                    .param("text", texts.write(notice.text(), locale)).param("dispute", notice.disputeId())
                    .param("link", links.dispute(notice.disputeId())).param("due", SqlTime.of(notice.dueAt()))
                    .param("at", SqlTime.of(notice.at()))
                    .update();
            if (inserted == 1) {
                events.publishEvent(new InboxItemCreated(id, notice.recipientId()));
            }
        }
    }

    /** An item whose e-mail has not gone out yet, and its recipient, when the recipient has an address. */
    @Transactional(readOnly = true)
    Optional<Unmailed> unmailed(UUID id) {
        return jdbc.sql("select recipient_id, " + COLUMNS + " from inbox_item where id = :id and mailed_at is null")
                .param("id", id).query((rs, row) -> new Addressed(rs.getString("recipient_id"), item(rs, row)))
                .optional()
                .flatMap(found -> users.findById(found.recipientId())
                        .filter(user -> user.email() != null && !user.email().isBlank())
                        .map(user -> new Unmailed(found.item(), user)));
    }

    void mailed(UUID id) {
        jdbc.sql("update inbox_item set mailed_at = :now where id = :id and mailed_at is null")
                .param("now", SqlTime.of(now())).param("id", id).update();
    }

    record Unmailed(InboxItem item, UserDirectory.User recipient) {
    }

    private record Addressed(String recipientId, InboxItem item) {
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static InboxItem item(ResultSet rs, int row) throws SQLException {
        return new InboxItem(rs.getObject("id", UUID.class), NotificationKind.valueOf(rs.getString("kind")),
                rs.getString("title"), rs.getString("text"), rs.getObject("dispute_id", UUID.class),
                rs.getString("link"), instant(rs.getTimestamp("due_at")), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("read_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
