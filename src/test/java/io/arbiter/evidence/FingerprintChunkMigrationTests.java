package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.evidence.inspection.ImageFingerprint.Hashes;
import io.arbiter.evidence.inspection.NearCopies;
import io.arbiter.support.EarlierDatabase;

/**
 * V32 on a database filled by the version before it: every chunk row is still there, now with the hashes it was cut
 * from (a photo's whole picture, each frame of a video, each region of a picture), and lookups find a photo's copies,
 * its crops and a video's frames through them.
 */
class FingerprintChunkMigrationTests {

    EarlierDatabase newDatabase() {
        return EarlierDatabase.h2();
    }

    @Test
    void chunkRowsCarryTheirHashesAndStillFindCopiesCropsAndFrames() {
        EarlierDatabase database = newDatabase();
        database.migrate("31");
        JdbcClient jdbc = database.jdbc();
        RandomPictures pictures = new RandomPictures(32);
        UUID dispute = RandomPictures.dispute(database);
        ImageFingerprint photo = pictures.picture(34);
        UUID photoId = pictures.photo(jdbc, dispute);
        insertAsV31(jdbc, photoId, photo, List.of(photo.upright()));
        // Fingerprinted before regions were kept (V26): no regions, chunks of the whole picture only.
        ImageFingerprint older = pictures.picture(0);
        UUID olderId = pictures.photo(jdbc, dispute);
        insertAsV31(jdbc, olderId, older, List.of(older.upright()));
        List<Hashes> frames = List.of(pictures.hashes(), pictures.hashes(), pictures.hashes());
        UUID videoId = pictures.photo(jdbc, dispute);
        insertAsV31(jdbc, videoId, new ImageFingerprint(false, frames.get(0), List.of()), frames);
        Set<List<Object>> chunksBefore = chunks(jdbc, "evidence_fingerprint_chunk");
        Set<List<Object>> regionChunksBefore = chunks(jdbc, "evidence_fingerprint_region_chunk");

        database.migrate("latest");

        assertThat(chunks(jdbc, "evidence_fingerprint_chunk")).isEqualTo(chunksBefore);
        assertThat(chunks(jdbc, "evidence_fingerprint_region_chunk")).isEqualTo(regionChunksBefore);
        assertThat(rows(jdbc, "evidence_fingerprint_chunk", photoId)).isEqualTo(expected(photoId,
                List.of(photo.upright())));
        assertThat(rows(jdbc, "evidence_fingerprint_chunk", olderId)).isEqualTo(expected(olderId,
                List.of(older.upright())));
        assertThat(rows(jdbc, "evidence_fingerprint_chunk", videoId)).isEqualTo(expected(videoId, frames));
        assertThat(rows(jdbc, "evidence_fingerprint_region_chunk", photoId)).isEqualTo(expected(photoId,
                photo.regions().stream().map(ImageFingerprint.Region::hashes).toList()));
        assertThat(rows(jdbc, "evidence_fingerprint_region_chunk", videoId)).isEmpty();

        ImageFingerprints fingerprints = new ImageFingerprints(jdbc, new JdbcTemplate(database.dataSource()));
        UUID upload = UUID.randomUUID();
        assertThat(found(fingerprints, pictures.copyOf(photo.upright(), 9), upload)).containsExactly(photoId);
        assertThat(found(fingerprints, pictures.copyOf(photo.regions().get(20).hashes(), 6), upload))
                .as("a crop of the photo, by its region").containsExactly(photoId);
        assertThat(found(fingerprints, pictures.copyOf(older.upright(), 5), upload)).containsExactly(olderId);
        assertThat(found(fingerprints, pictures.copyOf(frames.get(2), 7), upload)).containsExactly(videoId);
        assertThat(found(fingerprints, pictures.picture(34), upload)).isEmpty();
    }

    /** As V31's ImageFingerprints.insert and insertFrames wrote a piece: chunk rows once per distinct value. */
    private static void insertAsV31(JdbcClient jdbc, UUID id, ImageFingerprint picture, List<Hashes> indexed) {
        jdbc.sql("insert into evidence_fingerprint (evidence_id, algorithm, phash, dhash) values (?, ?, ?, ?)")
                .params(id, ImageFingerprints.ALGORITHM, picture.upright().phash(), picture.upright().dhash())
                .update();
        for (int i = 0; i <= picture.regions().size(); i++) {
            Hashes hashes = i == 0 ? picture.upright() : picture.regions().get(i - 1).hashes();
            jdbc.sql("insert into evidence_fingerprint_region (evidence_id, region, box_x, box_y, box_width,"
                    + " box_height, phash, dhash) values (?, ?, 0, 0, 10000, 10000, ?, ?)")
                    .params(id, i, hashes.phash(), hashes.dhash()).update();
        }
        if (indexed.size() > 1) {
            for (int frame = 0; frame < indexed.size(); frame++) {
                jdbc.sql("insert into evidence_fingerprint_frame (evidence_id, frame, at_millis, phash, dhash)"
                        + " values (?, ?, ?, ?, ?)").params(id, frame, frame * 1000L, indexed.get(frame).phash(),
                        indexed.get(frame).dhash()).update();
            }
        }
        insertChunksAsV31(jdbc, "evidence_fingerprint_chunk", id, indexed);
        insertChunksAsV31(jdbc, "evidence_fingerprint_region_chunk", id,
                picture.regions().stream().map(ImageFingerprint.Region::hashes).toList());
    }

    private static void insertChunksAsV31(JdbcClient jdbc, String table, UUID id, List<Hashes> hashes) {
        for (int part = 0; part < NearCopies.CHUNKS; part++) {
            int p = part;
            hashes.stream().map(hash -> NearCopies.chunk(hash.phash(), p)).distinct().forEach(bits -> jdbc
                    .sql("insert into " + table + " (part, bits, evidence_id) values (?, ?, ?)").params(p, bits, id)
                    .update());
        }
    }

    private static Set<List<Object>> chunks(JdbcClient jdbc, String table) {
        return new HashSet<>(jdbc.sql("select part, bits, evidence_id from " + table)
                .query((rs, row) -> List.<Object>of(rs.getInt(1), rs.getInt(2), rs.getObject(3, UUID.class)))
                .list());
    }

    private static Set<List<Object>> rows(JdbcClient jdbc, String table, UUID id) {
        return new HashSet<>(jdbc.sql("select part, bits, evidence_id, phash, dhash from " + table
                        + " where evidence_id = :id").param("id", id)
                .query((rs, row) -> List.<Object>of(rs.getInt(1), rs.getInt(2), rs.getObject(3, UUID.class),
                        rs.getLong(4), rs.getLong(5)))
                .list());
    }

    private static Set<List<Object>> expected(UUID id, List<Hashes> hashes) {
        Set<List<Object>> rows = new HashSet<>();
        for (int part = 0; part < NearCopies.CHUNKS; part++) {
            for (Hashes hash : hashes) {
                rows.add(List.of(part, NearCopies.chunk(hash.phash(), part), id, hash.phash(), hash.dhash()));
            }
        }
        return rows;
    }

    private static List<UUID> found(ImageFingerprints fingerprints, ImageFingerprint upload, UUID except) {
        return fingerprints.nearCopies(List.of(upload), except).stream().map(ImageFingerprints.NearCopy::evidenceId)
                .toList();
    }
}
