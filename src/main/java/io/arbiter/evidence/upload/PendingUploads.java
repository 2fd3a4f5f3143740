package io.arbiter.evidence.upload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.arbiter.common.SqlTime;
import io.arbiter.evidence.inspection.EvidenceKind;

/** Arbiter's own record of the uploads in progress and of those recently finished (table {@code evidence_upload}). */
@Repository
class PendingUploads {

    private static final String COLUMNS = "id, dispute_id, owner, kind, description, requirement, piece, filename,"
            + " upload_length, created_at, expires_at, evidence_id";

    private final JdbcClient jdbc;

    PendingUploads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(PendingUpload upload) {
        UploadMetadata metadata = upload.metadata();
        jdbc.sql("insert into evidence_upload (" + COLUMNS + ") values (:id, :dispute, :owner, :kind, :description,"
                        + " :requirement, :piece, :filename, :length, :created, :expires, :evidence)")
                .param("id", upload.id()).param("dispute", upload.disputeId()).param("owner", upload.owner())
                .param("kind", metadata.kind().name()).param("description", metadata.description())
                .param("requirement", metadata.requirement()).param("piece", metadata.piece())
                .param("filename", metadata.filename()).param("length", upload.length())
                .param("created", SqlTime.of(upload.createdAt())).param("expires", SqlTime.of(upload.expiresAt()))
                .param("evidence", upload.evidenceId())
                .update();
    }

    /** The upload, if it belongs to this dispute and owner: nobody learns that someone else's exists. */
    Optional<PendingUpload> find(UUID id, UUID disputeId, String owner) {
        return jdbc.sql("select " + COLUMNS + " from evidence_upload where id = :id and dispute_id = :dispute"
                        + " and owner = :owner")
                .param("id", id).param("dispute", disputeId).param("owner", owner)
                .query(PendingUploads::upload).optional();
    }

    List<PendingUpload> expired(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from evidence_upload where expires_at <= :now order by expires_at"
                        + " fetch first :limit rows only")
                .param("now", SqlTime.of(now)).param("limit", limit)
                .query(PendingUploads::upload).list();
    }

    /** The upload became the piece of evidence; it is remembered as such until {@code expiresAt}. */
    void finish(UUID id, UUID evidenceId, Instant expiresAt) {
        jdbc.sql("update evidence_upload set evidence_id = :evidence, expires_at = :expires where id = :id")
                .param("evidence", evidenceId).param("expires", SqlTime.of(expiresAt)).param("id", id)
                .update();
    }

    void remove(UUID id) {
        jdbc.sql("delete from evidence_upload where id = :id").param("id", id).update();
    }

    private static PendingUpload upload(ResultSet rs, int row) throws SQLException {
        UploadMetadata metadata = new UploadMetadata(EvidenceKind.valueOf(rs.getString("kind")),
                rs.getString("description"), rs.getString("requirement"), (Integer) rs.getObject("piece"),
                rs.getString("filename"));
        return new PendingUpload(rs.getObject("id", UUID.class), rs.getObject("dispute_id", UUID.class),
                rs.getString("owner"), metadata, rs.getLong("upload_length"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                rs.getObject("evidence_id", UUID.class));
    }
}
