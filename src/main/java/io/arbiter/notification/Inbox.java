package io.arbiter.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.NotFoundException;
import io.arbiter.common.PageRequest;
import io.arbiter.common.RealTime;
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
    private final ObjectProvider<MailNotifier> mail;
    private final Clock clock;
    private final Clock realTime;

    Inbox(JdbcClient jdbc, UserDirectory users, Texts texts, Links links, ObjectProvider<MailNotifier> mail,
          Clock clock, @RealTime Clock realTime) {
        this.jdbc = jdbc;
        this.users = users;
        this.texts = texts;
        this.links = links;
        this.mail = mail;
        this.clock = clock;
        this.realTime = realTime;
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
     * (the same event delivered again), in one statement. With e-mail on, an item whose recipient has an address
     * is due for its e-mail at once: {@link MailNotifier} sends what is due.
     */
    void post(List<Notice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        Instant mailNow = mail.getIfAvailable() == null ? null : realTime.instant();
        StringJoiner rows = new StringJoiner(", ");
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < notices.size(); i++) {
            Notice notice = notices.get(i);
            Optional<UserDirectory.User> recipient = users.findById(notice.recipientId());
            Locale locale = recipient.map(user -> Texts.locale(user.locale())).orElse(Locale.ENGLISH);
            boolean mailed = mailNow != null && recipient.map(UserDirectory.User::email)
                    .filter(email -> !email.isBlank()).isPresent();
            rows.add("(:id%1$d, :recipient%1$d, :key%1$d, :kind%1$d, :title%1$d, :text%1$d, :dispute%1$d, :link%1$d,"
                    .formatted(i) + " :due%1$d, :at%1$d, :mailDue%1$d)".formatted(i));
            values.put("id" + i, UUID.randomUUID());
            values.put("recipient" + i, notice.recipientId());
            values.put("key" + i, notice.key());
            values.put("kind" + i, notice.kind().name());
            ZoneId zone = recipient.map(users::zoneOf).orElse(users.marketplaceZone());
            values.put("title" + i, texts.write(notice.title(), locale, zone));
            values.put("text" + i, texts.write(notice.text(), locale, zone));
            values.put("dispute" + i, notice.disputeId());
            values.put("link" + i, links.dispute(notice.disputeId()));
            values.put("due" + i, SqlTime.of(notice.dueAt()));
            values.put("at" + i, SqlTime.of(notice.at()));
            values.put("mailDue" + i, mailed ? SqlTime.of(mailNow) : null);
        }
        // "on conflict do nothing", not a caught duplicate key: on PostgreSQL that error would abort the
        // whole transaction, and with it the other recipients' items.
        jdbc.sql("""
                        insert into inbox_item (id, recipient_id, notification_key, kind, title, text, dispute_id,
                                                link, due_at, created_at, mail_due_at)
                        values\s""" + rows + " on conflict do nothing")
                .params(values).update();
    }

    /**
     * Up to {@code limit} items whose e-mail is due at {@code now}, each taken for {@code lease} so that no other instance sends it
     * meanwhile, with their recipients. Each is taken by a conditional update of its own due time, so two instances
     * that read the same item take it once between them.
     */
    List<Unmailed> takeDueMail(Instant at, int limit, Duration lease) {
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        List<Addressed> due = jdbc.sql("select recipient_id, mail_due_at, mail_attempts, " + COLUMNS
                        + " from inbox_item where mail_due_at <= :now order by mail_due_at fetch first :limit rows only")
                .param("now", SqlTime.of(now)).param("limit", limit)
                .query((rs, row) -> new Addressed(rs.getString("recipient_id"), SqlTime.instant(rs, "mail_due_at"),
                        rs.getInt("mail_attempts"), item(rs, row)))
                .list();
        List<Unmailed> taken = new ArrayList<>();
        for (Addressed item : due) {
            boolean ours = jdbc.sql("""
                            update inbox_item set mail_due_at = :leaseEnd, mail_attempts = mail_attempts + 1
                            where id = :id and mail_due_at = :seen""")
                    .param("leaseEnd", SqlTime.of(now.plus(lease))).param("id", item.item().id())
                    .param("seen", SqlTime.of(item.mailDueAt())).update() == 1;
            if (!ours) {
                continue;
            }
            Optional<UserDirectory.User> recipient = users.findById(item.recipientId())
                    .filter(user -> user.email() != null && !user.email().isBlank());
            if (recipient.isPresent()) {
                taken.add(new Unmailed(item.item(), recipient.get(), users.zoneOf(recipient.get()),
                        item.attempts() + 1));
            } else {
                // The address was removed since the item was written: there is no one to send it to.
                mailed(item.item().id());
            }
        }
        return taken;
    }

    /** Notes that the item's e-mail went out: it is due no more. */
    void mailed(UUID id) {
        jdbc.sql("update inbox_item set mailed_at = :now, mail_due_at = null, mail_error = null where id = :id")
                .param("now", SqlTime.of(now())).param("id", id).update();
    }

    /** Notes why the item's e-mail failed and when to try it again. */
    void mailFailed(UUID id, String error, Instant tryAgainAt) {
        jdbc.sql("update inbox_item set mail_due_at = :next, mail_error = :error where id = :id and mailed_at is null")
                .param("next", SqlTime.of(tryAgainAt)).param("error", abbreviate(error)).param("id", id).update();
    }

    /** {@code zone} is the one the recipient reads times in. */
    record Unmailed(InboxItem item, UserDirectory.User recipient, ZoneId zone, int attempt) {
    }

    private record Addressed(String recipientId, Instant mailDueAt, int attempts, InboxItem item) {
    }

    private static String abbreviate(String error) {
        String text = error == null ? "unknown error" : error;
        return text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
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
