package io.arbiter.reply;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.arbiter.common.SqlTime;

/** The {@code saved_reply} table. */
@Repository
class SavedReplyStore {

    private static final String COLUMNS = "id, owner_id, kind, language, title, text, created_by, created_at, updated_at";

    private final JdbcClient jdbc;

    SavedReplyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(SavedReply reply) {
        jdbc.sql("""
                insert into saved_reply (id, owner_id, kind, language, title, text, created_by, created_at, updated_at)
                values (:id, :owner, :kind, :language, :title, :text, :by, :at, :at)""")
                .param("id", reply.id()).param("owner", reply.ownerId()).param("kind", reply.kind().name())
                .param("language", reply.language()).param("title", reply.title()).param("text", reply.text())
                .param("by", reply.createdBy()).param("at", SqlTime.of(reply.createdAt()))
                .update();
    }

    void update(SavedReply reply) {
        jdbc.sql("""
                update saved_reply set kind = :kind, language = :language, title = :title, text = :text,
                updated_at = :at where id = :id""")
                .param("kind", reply.kind().name()).param("language", reply.language()).param("title", reply.title())
                .param("text", reply.text()).param("at", SqlTime.of(reply.updatedAt())).param("id", reply.id())
                .update();
    }

    boolean delete(UUID id) {
        return jdbc.sql("delete from saved_reply where id = :id").param("id", id).update() == 1;
    }

    Optional<SavedReply> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from saved_reply where id = :id").param("id", id)
                .query((rs, row) -> reply(rs)).optional();
    }

    /**
     * The shared replies and, when {@code ownerId} is not null, that agent's own; of one kind and one language when
     * given. Shared first, then by language and title.
     */
    List<SavedReply> visible(String ownerId, SavedReply.Kind kind, String language) {
        return jdbc.sql("select " + COLUMNS + " from saved_reply"
                        + " where (owner_id is null or owner_id = :owner)"
                        + (kind == null ? "" : " and kind = :kind")
                        + (language == null ? "" : " and language = :language")
                        + " order by case when owner_id is null then 0 else 1 end, language, title, id")
                .param("owner", ownerId == null ? "" : ownerId)
                .param("kind", kind == null ? "" : kind.name())
                .param("language", language == null ? "" : language)
                .query((rs, row) -> reply(rs)).list();
    }

    private static SavedReply reply(ResultSet rs) throws SQLException {
        String owner = rs.getString("owner_id");
        return new SavedReply(rs.getObject("id", UUID.class), SavedReply.Kind.valueOf(rs.getString("kind")),
                rs.getString("language"), rs.getString("title"), rs.getString("text"), owner == null, owner,
                rs.getString("created_by"), SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "updated_at"));
    }
}
