package io.arbiter.evidence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.common.SqlTime;
import io.arbiter.dispute.Party;
import io.arbiter.evidence.inspection.EvidenceKind;
import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.evidence.storage.BlobReferences;

/**
 * The evidence and flag tables. Evidence rows are only inserted; a withdrawal sets its two columns once, and a photo
 * without a thumbnail may be given one once (a HEIC fingerprinted after its decoder was installed).
 */
@Component
class EvidenceRecords implements BlobReferences {

    /** A flag as shown to agents. */
    /**
     * {@code ownRegion} and {@code relatedRegion}: for a near copy, where the two pictures matched (null for other
     * flags, and for near copies flagged before this was kept).
     */
    record Flag(String code, String detail, UUID relatedEvidenceId, UUID relatedDisputeId, Integer distance,
                Instant raisedAt, ImageFingerprint.Box ownRegion, ImageFingerprint.Box relatedRegion) {

        Flag(String code, String detail, UUID relatedEvidenceId, UUID relatedDisputeId, Integer distance,
             Instant raisedAt) {
            this(code, detail, relatedEvidenceId, relatedDisputeId, distance, raisedAt, null, null);
        }
    }

    private final JdbcClient jdbc;

    EvidenceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredEvidence e) {
        jdbc.sql("""
                insert into evidence (id, dispute_id, supplied_by_party, supplied_by, kind, description, requirement,
                    piece, file_name, media_type, size_bytes, sha256, thumbnail_sha256, perceptual_hash,
                    perceptual_hash_algorithm, width, height, captured_at, software, camera_make, camera_model, url,
                    submitted_at)
                values (:id, :dispute, :party, :by, :kind, :description, :requirement, :piece, :fileName, :mediaType,
                    :size, :sha256, :thumbnail, :phash, :phashAlgorithm, :width, :height, :capturedAt, :software,
                    :make, :model, :url, :submittedAt)""")
                .param("id", e.id()).param("dispute", e.disputeId())
                .param("party", e.suppliedByParty().name()).param("by", e.suppliedBy())
                .param("kind", e.kind().name()).param("description", e.description())
                .param("requirement", e.requirement()).param("piece", e.piece())
                .param("fileName", e.fileName()).param("mediaType", e.mediaType()).param("size", e.size())
                .param("sha256", e.sha256()).param("thumbnail", e.thumbnailSha256())
                .param("phash", e.perceptualHash()).param("phashAlgorithm", e.perceptualHashAlgorithm())
                .param("width", e.width()).param("height", e.height())
                .param("capturedAt", SqlTime.of(e.capturedAt())).param("software", e.software())
                .param("make", e.cameraMake()).param("model", e.cameraModel()).param("url", e.url())
                .param("submittedAt", SqlTime.of(e.submittedAt()))
                .update();
    }

    @Override
    public Set<String> referenced(Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        select sha256 from evidence where sha256 in (:blobs)
                        union
                        select thumbnail_sha256 from evidence where thumbnail_sha256 in (:blobs)""")
                .param("blobs", sha256s).query(String.class).list());
    }

    /** Names the piece's thumbnail, unless it has one already. */
    void nameThumbnail(UUID id, String thumbnailSha256) {
        jdbc.sql("update evidence set thumbnail_sha256 = :thumbnail where id = :id and thumbnail_sha256 is null")
                .param("thumbnail", thumbnailSha256).param("id", id).update();
    }

    /** Marks a piece withdrawn; false when it already was (a withdrawal happens once). */
    boolean markWithdrawn(UUID id, String reason, Instant at) {
        return jdbc.sql("update evidence set withdrawn_at = :at, withdrawn_reason = :reason"
                        + " where id = :id and withdrawn_at is null")
                .param("at", SqlTime.of(at)).param("reason", reason).param("id", id)
                .update() == 1;
    }

    List<StoredEvidence> ofDispute(UUID disputeId) {
        return jdbc.sql("select * from evidence where dispute_id = :dispute order by seq")
                .param("dispute", disputeId).query(EvidenceRecords::row).list();
    }

    Optional<StoredEvidence> find(UUID disputeId, UUID id) {
        return jdbc.sql("select * from evidence where dispute_id = :dispute and id = :id")
                .param("dispute", disputeId).param("id", id).query(EvidenceRecords::row).optional();
    }

    /** The piece, not withdrawn, in which the party already brought exactly these bytes to the dispute. */
    Optional<StoredEvidence> suppliedAlready(UUID disputeId, Party party, String sha256) {
        return jdbc.sql("select * from evidence where sha256 = :sha and dispute_id = :dispute and supplied_by_party = :party"
                        + " and withdrawn_at is null order by seq fetch first 1 rows only")
                .param("sha", sha256).param("dispute", disputeId).param("party", party.name())
                .query(EvidenceRecords::row).optional();
    }

    /** Other pieces with exactly these bytes, oldest first. */
    List<StoredEvidence> withSha256(String sha256, UUID except) {
        return jdbc.sql("select * from evidence where sha256 = :sha and id <> :except order by seq")
                .param("sha", sha256).param("except", except).query(EvidenceRecords::row).list();
    }

    void flag(UUID evidenceId, Flag flag) {
        jdbc.sql("""
                insert into evidence_flag (evidence_id, code, detail, related_evidence_id, related_dispute_id, distance,
                    raised_at, own_region, related_region)
                values (:evidence, :code, :detail, :related, :relatedDispute, :distance, :at, :own, :relatedRegion)""")
                .param("evidence", evidenceId).param("code", flag.code()).param("detail", flag.detail())
                .param("related", flag.relatedEvidenceId()).param("relatedDispute", flag.relatedDisputeId())
                .param("distance", flag.distance()).param("at", SqlTime.of(flag.raisedAt()))
                .param("own", region(flag.ownRegion())).param("relatedRegion", region(flag.relatedRegion()))
                .update();
    }

    /** True when the piece already carries a flag of this code about the other piece. */
    boolean flagged(UUID evidenceId, String code, UUID relatedEvidenceId) {
        return jdbc.sql("select count(*) from evidence_flag where evidence_id = :evidence and code = :code"
                        + " and related_evidence_id = :related")
                .param("evidence", evidenceId).param("code", code).param("related", relatedEvidenceId)
                .query(Integer.class).single() > 0;
    }

    /** A region as stored: "x y width height". */
    private static String region(ImageFingerprint.Box box) {
        return box == null ? null : box.x() + " " + box.y() + " " + box.width() + " " + box.height();
    }

    private static ImageFingerprint.Box region(String stored) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split(" ");
        return new ImageFingerprint.Box(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
    }

    List<Flag> flags(UUID evidenceId) {
        return jdbc.sql("select * from evidence_flag where evidence_id = :evidence order by raised_at, code")
                .param("evidence", evidenceId)
                .query((rs, row) -> new Flag(rs.getString("code"), rs.getString("detail"),
                        rs.getObject("related_evidence_id", UUID.class), rs.getObject("related_dispute_id", UUID.class),
                        (Integer) rs.getObject("distance", Integer.class), instant(rs.getTimestamp("raised_at")),
                        region(rs.getString("own_region")), region(rs.getString("related_region"))))
                .list();
    }

    static StoredEvidence row(ResultSet rs, int row) throws SQLException {
        long phash = rs.getLong("perceptual_hash");
        Long perceptualHash = rs.wasNull() ? null : phash;
        return new StoredEvidence(rs.getObject("id", UUID.class), rs.getObject("dispute_id", UUID.class),
                Party.valueOf(rs.getString("supplied_by_party")), rs.getString("supplied_by"),
                EvidenceKind.valueOf(rs.getString("kind")), rs.getString("description"), rs.getString("requirement"),
                rs.getObject("piece", Integer.class), rs.getString("file_name"), rs.getString("media_type"),
                rs.getObject("size_bytes", Long.class), rs.getString("sha256"), rs.getString("thumbnail_sha256"),
                perceptualHash, rs.getString("perceptual_hash_algorithm"), rs.getObject("width", Integer.class),
                rs.getObject("height", Integer.class), instant(rs.getTimestamp("captured_at")),
                rs.getString("software"), rs.getString("camera_make"), rs.getString("camera_model"),
                rs.getString("url"), instant(rs.getTimestamp("submitted_at")), instant(rs.getTimestamp("withdrawn_at")),
                rs.getString("withdrawn_reason"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
