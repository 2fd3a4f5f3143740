package io.arbiter.evidence;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.evidence.inspection.ImageFingerprint.Box;
import io.arbiter.evidence.inspection.ImageFingerprint.Hashes;
import io.arbiter.support.EarlierDatabase;

/**
 * Fingerprints of made-up pictures for tests of the fingerprint tables: random hashes (two random 64-bit hashes lie
 * within a near copy's radius about once in 10^9 pairs), and near copies of them by flipping bits.
 */
final class RandomPictures {

    private final Random random;

    RandomPictures(long seed) {
        this.random = new Random(seed);
    }

    /** A picture with {@code regions} windows, as a photo is stored (34), or none (a video's frame). */
    ImageFingerprint picture(int regions) {
        List<ImageFingerprint.Region> windows = new ArrayList<>();
        for (int i = 0; i < regions; i++) {
            windows.add(new ImageFingerprint.Region(new Box(i * 100, i * 50, 9000, 9000), hashes()));
        }
        return new ImageFingerprint(false, hashes(), List.of(hashes(), hashes(), hashes()), Box.ALL, windows);
    }

    /** A new photo whose picture whole is {@code of} with {@code bits} bits of each hash flipped. */
    ImageFingerprint copyOf(Hashes of, int bits) {
        ImageFingerprint other = picture(34);
        return new ImageFingerprint(false, near(of, bits, bits), other.turned(), Box.ALL, other.regions());
    }

    /** The hashes with that many bits of each flipped, at random places. */
    Hashes near(Hashes of, int phashBits, int dhashBits) {
        return new Hashes(flip(of.phash(), phashBits), flip(of.dhash(), dhashBits));
    }

    Hashes hashes() {
        return new Hashes(random.nextLong(), random.nextLong());
    }

    private long flip(long hash, int bits) {
        long mask = 0;
        while (Long.bitCount(mask) < bits) {
            mask |= 1L << random.nextInt(64);
        }
        return hash ^ mask;
    }

    /** A dispute to hold pieces, in a database migrated to at least V10. */
    static UUID dispute(EarlierDatabase database) {
        String order = "ORD-" + UUID.randomUUID();
        database.insertOrder(order);
        UUID dispute = UUID.randomUUID();
        database.insertDispute(dispute, order, "UNDER_REVIEW");
        return dispute;
    }

    /** A photo submitted by the buyer to the dispute, with a made-up SHA-256. */
    UUID photo(JdbcClient jdbc, UUID dispute) {
        UUID id = UUID.randomUUID();
        byte[] sha = new byte[32];
        random.nextBytes(sha);
        jdbc.sql("""
                insert into evidence (id, dispute_id, supplied_by_party, supplied_by, kind, description, file_name,
                    media_type, size_bytes, sha256, submitted_at)
                values (:id, :dispute, 'BUYER', 'buyer', 'PHOTO', 'The item', 'photo.jpg', 'image/jpeg', 1, :sha,
                    timestamp with time zone '2026-03-02 11:00:00+00')""")
                .param("id", id).param("dispute", dispute).param("sha", HexFormat.of().formatHex(sha)).update();
        return id;
    }
}
