package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.evidence.inspection.ImageFingerprint.Box;
import io.arbiter.evidence.inspection.VideoFrames.Frame;
import io.arbiter.support.EarlierDatabase;

/**
 * V36 on a database filled by the version before it: a photo whose trimming cut something loses its regions (the
 * fingerprint backfill records them again, the untrimmed picture among them); a photo trimmed of nothing and a
 * video keep theirs.
 */
class FingerprintUntrimmedMigrationTests {

    EarlierDatabase newDatabase() {
        return EarlierDatabase.h2();
    }

    @Test
    void onlyPhotosTrimmedOfSomethingLoseTheirRegions() {
        EarlierDatabase database = newDatabase();
        database.migrate("34");
        JdbcClient jdbc = database.jdbc();
        ImageFingerprints fingerprints = new ImageFingerprints(jdbc, new JdbcTemplate(database.dataSource()));
        RandomPictures pictures = new RandomPictures(36);
        UUID dispute = RandomPictures.dispute(database);
        ImageFingerprint trimmedPicture = withWhole(pictures.picture(34), new Box(0, 1200, 10_000, 8800));
        UUID trimmed = pictures.photo(jdbc, dispute);
        fingerprints.insert(trimmed, trimmedPicture);
        UUID whole = pictures.photo(jdbc, dispute);
        fingerprints.insert(whole, pictures.picture(34));
        UUID video = pictures.photo(jdbc, dispute);
        ImageFingerprint frame = withWhole(pictures.picture(0), new Box(0, 500, 10_000, 9000));
        fingerprints.insertFrames(video, List.of(new Frame(0, frame),
                new Frame(1000, pictures.picture(0))));

        database.migrate("latest");

        assertThat(count(jdbc, "evidence_fingerprint_region", trimmed)).isZero();
        assertThat(count(jdbc, "evidence_fingerprint_region_chunk", trimmed)).isZero();
        assertThat(fingerprints.has(trimmed)).as("read again by the backfill").isFalse();
        assertThat(count(jdbc, "evidence_fingerprint_region", whole)).isEqualTo(35);
        assertThat(count(jdbc, "evidence_fingerprint_region_chunk", whole)).isEqualTo(4 * 34);
        assertThat(fingerprints.has(whole)).isTrue();
        assertThat(count(jdbc, "evidence_fingerprint_region", video)).isEqualTo(1);
        assertThat(fingerprints.has(video)).isTrue();
    }

    private static ImageFingerprint withWhole(ImageFingerprint picture, Box whole) {
        return new ImageFingerprint(false, picture.upright(), picture.turned(), whole, picture.regions());
    }

    private static int count(JdbcClient jdbc, String table, UUID id) {
        return jdbc.sql("select count(*) from " + table + " where evidence_id = :id").param("id", id)
                .query(Integer.class).single();
    }
}
