package io.arbiter.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.common.SqlTime;
import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.evidence.inspection.NearCopies;
import io.arbiter.evidence.inspection.PerceptualHash;

/**
 * The fingerprint tables: each comparable picture's hashes, and the chunk index that finds its near copies without
 * reading every stored hash (see {@link NearCopies}).
 */
@Component
class ImageFingerprints {

    static final String ALGORITHM = PerceptualHash.ALGORITHM + "+dhash-64/v" + PerceptualHash.VERSION;

    /** A stored picture that is a near copy of a new one, by the pHash distance in the closest turn. */
    record NearCopy(UUID evidenceId, UUID disputeId, String suppliedBy, String sha256, Instant submittedAt,
                    int distance) {
    }

    private final JdbcClient jdbc;

    ImageFingerprints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Waits for any other upload that is comparing and recording fingerprints to commit, and keeps them waiting
     * until this transaction ends. Under read committed, what is read after this includes that upload's rows.
     */
    void lockForComparison() {
        jdbc.sql("select id from evidence_fingerprint_lock where id = 1 for update").query(Integer.class).single();
    }

    boolean has(UUID evidenceId) {
        return jdbc.sql("select count(*) from evidence_fingerprint where evidence_id = :id").param("id", evidenceId)
                .query(Integer.class).single() > 0;
    }

    void insert(UUID evidenceId, ImageFingerprint fingerprint) {
        ImageFingerprint.Hashes upright = fingerprint.upright();
        jdbc.sql("insert into evidence_fingerprint (evidence_id, algorithm, phash, dhash) values (:id, :algorithm,"
                        + " :phash, :dhash)")
                .param("id", evidenceId).param("algorithm", ALGORITHM).param("phash", upright.phash())
                .param("dhash", upright.dhash()).update();
        for (int part = 0; part < NearCopies.CHUNKS; part++) {
            jdbc.sql("insert into evidence_fingerprint_chunk (part, bits, evidence_id) values (:part, :bits, :id)")
                    .param("part", part).param("bits", NearCopies.chunk(upright.phash(), part)).param("id", evidenceId)
                    .update();
        }
    }

    /** Stored pictures that are near copies of this one, closest first; never the piece itself. */
    List<NearCopy> nearCopies(ImageFingerprint fingerprint, UUID except) {
        if (fingerprint.plain()) {
            return List.of();
        }
        List<ImageFingerprint.Hashes> turns = new ArrayList<>(fingerprint.turned());
        turns.add(0, fingerprint.upright());
        Map<UUID, NearCopy> found = new LinkedHashMap<>();
        for (ImageFingerprint.Hashes turn : turns) {
            StringBuilder where = new StringBuilder();
            for (int part = 0; part < NearCopies.CHUNKS; part++) {
                where.append(part == 0 ? "" : " or ").append("(c.part = ").append(part).append(" and c.bits in (:bits")
                        .append(part).append("))");
            }
            JdbcClient.StatementSpec query = jdbc.sql("select distinct e.id, e.dispute_id, e.supplied_by, e.sha256, e.submitted_at,"
                    + " f.phash, f.dhash from evidence_fingerprint_chunk c"
                    + " join evidence_fingerprint f on f.evidence_id = c.evidence_id join evidence e on e.id = f.evidence_id"
                    + " where f.algorithm = :algorithm and e.id <> :except and (" + where + ")")
                    .param("algorithm", ALGORITHM).param("except", except);
            for (int part = 0; part < NearCopies.CHUNKS; part++) {
                query = query.param("bits" + part, NearCopies.neighbours(NearCopies.chunk(turn.phash(), part)));
            }
            query.query((rs, row) -> {
                UUID id = rs.getObject("id", UUID.class);
                OptionalInt distance = NearCopies.distance(fingerprint, rs.getLong("phash"), rs.getLong("dhash"));
                if (distance.isPresent() && !found.containsKey(id)) {
                    found.put(id, new NearCopy(id, rs.getObject("dispute_id", UUID.class), rs.getString("supplied_by"),
                            rs.getString("sha256"), SqlTime.instant(rs, "submitted_at"), distance.getAsInt()));
                }
                return id;
            }).list();
        }
        return found.values().stream().sorted(Comparator.comparingInt(NearCopy::distance)).toList();
    }
}
