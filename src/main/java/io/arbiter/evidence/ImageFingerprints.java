package io.arbiter.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.arbiter.common.SqlTime;
import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.evidence.inspection.NearCopies;
import io.arbiter.evidence.inspection.PerceptualHash;
import io.arbiter.evidence.inspection.VideoFrames;

/**
 * The fingerprint tables: each comparable picture's hashes, the hashes of its regions (windows a light crop would
 * leave), and the chunk indexes that find its near copies without reading every stored hash (see
 * {@link NearCopies}).
 */
@Component
class ImageFingerprints {

    static final String ALGORITHM = PerceptualHash.ALGORITHM + "+dhash-64/v" + PerceptualHash.VERSION;

    private static final String INSERT_CHUNK = "insert into evidence_fingerprint_chunk (part, bits, evidence_id, phash,"
            + " dhash) values (?, ?, ?, ?, ?)";

    /** A stored picture that is a near copy of a new one, by the pHash distance where they match. */
    record NearCopy(UUID evidenceId, UUID disputeId, String suppliedBy, String sha256, Instant submittedAt,
                    NearCopies.Match match) {

        int distance() {
            return match.distance();
        }
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    ImageFingerprints(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /**
     * Waits for any other upload that is comparing and recording fingerprints to commit, and keeps them waiting
     * until this transaction ends. Under read committed, what is read after this includes that upload's rows.
     */
    void lockForComparison() {
        jdbc.sql("select id from evidence_fingerprint_lock where id = 1 for update").query(Integer.class).single();
    }

    /**
     * True when the piece has a fingerprint of the current kind, with its regions, or is a video whose frames were
     * found unreadable.
     */
    boolean has(UUID evidenceId) {
        return jdbc.sql("select (select count(*) from evidence_fingerprint_region where evidence_id = :id and region = 0)"
                        + " + (select count(*) from evidence_fingerprint_unreadable where evidence_id = :id)")
                .param("id", evidenceId).query(Integer.class).single() > 0;
    }

    /** Forgets a fingerprint recorded before regions were kept, so that it can be recorded again with them. */
    void forgetWithoutRegions(UUID evidenceId) {
        if (!has(evidenceId)) {
            jdbc.sql("delete from evidence_fingerprint_chunk where evidence_id = :id").param("id", evidenceId).update();
            jdbc.sql("delete from evidence_fingerprint where evidence_id = :id").param("id", evidenceId).update();
        }
    }

    void insert(UUID evidenceId, ImageFingerprint fingerprint) {
        ImageFingerprint.Hashes upright = fingerprint.upright();
        jdbc.sql("insert into evidence_fingerprint (evidence_id, algorithm, phash, dhash) values (:id, :algorithm,"
                        + " :phash, :dhash)")
                .param("id", evidenceId).param("algorithm", ALGORITHM).param("phash", upright.phash())
                .param("dhash", upright.dhash()).update();
        batches.batchUpdate(INSERT_CHUNK, chunkRows(evidenceId, List.of(upright)));
        List<ImageFingerprint.Region> regions = new ArrayList<>(fingerprint.regions());
        regions.add(0, new ImageFingerprint.Region(fingerprint.whole(), upright));
        batches.batchUpdate("insert into evidence_fingerprint_region (evidence_id, region, box_x, box_y, box_width,"
                        + " box_height, phash, dhash) values (?, ?, ?, ?, ?, ?, ?, ?)",
                IntStream.range(0, regions.size()).mapToObj(i -> {
                    ImageFingerprint.Region region = regions.get(i);
                    ImageFingerprint.Box box = region.box();
                    return new Object[] {evidenceId, i, box.x(), box.y(), box.width(), box.height(),
                            region.hashes().phash(), region.hashes().dhash()};
                }).toList());
        batches.batchUpdate("insert into evidence_fingerprint_region_chunk (part, bits, evidence_id, phash, dhash)"
                        + " values (?, ?, ?, ?, ?)",
                chunkRows(evidenceId, fingerprint.regions().stream().map(ImageFingerprint.Region::hashes).toList()));
    }

    /**
     * Records a video's comparable keyframes: the first as the video's fingerprint (whole, without regions), each in
     * the frame table, and the chunks of all of them in the whole pictures' chunk index.
     */
    void insertFrames(UUID evidenceId, List<VideoFrames.Frame> frames) {
        ImageFingerprint first = frames.get(0).fingerprint();
        jdbc.sql("insert into evidence_fingerprint (evidence_id, algorithm, phash, dhash) values (:id, :algorithm,"
                        + " :phash, :dhash)")
                .param("id", evidenceId).param("algorithm", ALGORITHM).param("phash", first.upright().phash())
                .param("dhash", first.upright().dhash()).update();
        ImageFingerprint.Box box = first.whole();
        jdbc.sql("insert into evidence_fingerprint_region (evidence_id, region, box_x, box_y, box_width, box_height,"
                        + " phash, dhash) values (:id, 0, :x, :y, :width, :height, :phash, :dhash)")
                .param("id", evidenceId).param("x", box.x()).param("y", box.y()).param("width", box.width())
                .param("height", box.height()).param("phash", first.upright().phash())
                .param("dhash", first.upright().dhash()).update();
        batches.batchUpdate("insert into evidence_fingerprint_frame (evidence_id, frame, at_millis, phash, dhash)"
                        + " values (?, ?, ?, ?, ?)",
                IntStream.range(0, frames.size()).mapToObj(i -> {
                    VideoFrames.Frame frame = frames.get(i);
                    return new Object[] {evidenceId, i, frame.atMillis(), frame.fingerprint().upright().phash(),
                            frame.fingerprint().upright().dhash()};
                }).toList());
        batches.batchUpdate(INSERT_CHUNK,
                chunkRows(evidenceId, frames.stream().map(frame -> frame.fingerprint().upright()).toList()));
    }

    /** Remembers that a video's frames could not be read, and why, so that it is not read again. */
    void recordUnreadable(UUID evidenceId, String reason) {
        recordUnreadable(evidenceId, reason, null);
    }

    /**
     * The same for a picture, naming the decoder whose absence was the reason (null when it was something else), so
     * that it is read again once that decoder is there.
     */
    void recordUnreadable(UUID evidenceId, String reason, String awaitedDecoder) {
        jdbc.sql("insert into evidence_fingerprint_unreadable (evidence_id, reason, awaits_decoder) values (:id,"
                        + " :reason, :awaits)")
                .param("id", evidenceId).param("reason", reason.length() > 300 ? reason.substring(0, 300) : reason)
                .param("awaits", awaitedDecoder).update();
    }

    /** Forgets that the piece waited for a decoder, which is now there, so that it can be fingerprinted. */
    void forgetAwaitingDecoder(UUID evidenceId) {
        jdbc.sql("delete from evidence_fingerprint_unreadable where evidence_id = :id and awaits_decoder is not null")
                .param("id", evidenceId).update();
    }

    /** Each part's chunk of each distinct pair of hashes, with the hashes, so that a lookup decides on the row. */
    private static List<Object[]> chunkRows(UUID evidenceId, Collection<ImageFingerprint.Hashes> hashes) {
        List<Object[]> rows = new ArrayList<>();
        for (int part = 0; part < NearCopies.CHUNKS; part++) {
            int p = part;
            hashes.stream().distinct().forEach(hash -> rows.add(new Object[] {p, NearCopies.chunk(hash.phash(), p),
                    evidenceId, hash.phash(), hash.dhash()}));
        }
        return rows;
    }

    /**
     * Stored pieces with a picture that is a near copy of one of these (a photo's one picture, a video's keyframes),
     * closest first; never the piece itself. Candidates come from two chunk indexes in one query: the stored pictures
     * and video frames whole, looked up with each picture whole (in its four turns) and with its regions; and the
     * stored pictures' regions, looked up with each picture whole. Each chunk row carries its full hashes, so only
     * the pieces that match by them are read further (a fixed share of every stored photo shares some chunk with an
     * upload's 38 hashes, and reading all of those grew with every photo stored). A stored piece is then compared by
     * all its pictures, for where the match lies: a photo whole with its regions, a video's each keyframe.
     */
    List<NearCopy> nearCopies(List<ImageFingerprint> pictures, UUID except) {
        List<ImageFingerprint> comparable = pictures.stream().filter(picture -> !picture.plain()).toList();
        List<UUID> candidates = candidates(comparable, except);
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<ImageFingerprint.Region>> regions = new HashMap<>();
        Map<UUID, List<ImageFingerprint>> frames = new HashMap<>();
        jdbc.sql("select evidence_id, region, box_x, box_y, box_width, box_height, phash, dhash, 0 as frame"
                        + " from evidence_fingerprint_region where evidence_id in (:ids)"
                        + " union all select evidence_id, frame, 0, 0, 0, 0, phash, dhash, 1"
                        + " from evidence_fingerprint_frame where evidence_id in (:ids)"
                        + " order by evidence_id, frame, region")
                .param("ids", candidates)
                .query((rs, row) -> {
                    UUID id = rs.getObject("evidence_id", UUID.class);
                    ImageFingerprint.Hashes hashes = new ImageFingerprint.Hashes(rs.getLong("phash"),
                            rs.getLong("dhash"));
                    if (rs.getInt("frame") == 1) {
                        return frames.computeIfAbsent(id, key -> new ArrayList<>())
                                .add(new ImageFingerprint(false, hashes, List.of()));
                    }
                    return regions.computeIfAbsent(id, key -> new ArrayList<>()).add(new ImageFingerprint.Region(
                            new ImageFingerprint.Box(rs.getInt("box_x"), rs.getInt("box_y"), rs.getInt("box_width"),
                                    rs.getInt("box_height")), hashes));
                })
                .list();
        List<NearCopy> found = new ArrayList<>();
        jdbc.sql("select e.id, e.dispute_id, e.supplied_by, e.sha256, e.submitted_at, f.phash, f.dhash"
                        + " from evidence_fingerprint f join evidence e on e.id = f.evidence_id"
                        + " where f.algorithm = :algorithm and f.evidence_id in (:ids)")
                .param("algorithm", ALGORITHM).param("ids", candidates)
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    List<ImageFingerprint> stored = new ArrayList<>();
                    stored.add(stored(new ImageFingerprint.Hashes(rs.getLong("phash"), rs.getLong("dhash")),
                            regions.getOrDefault(id, List.of())));
                    stored.addAll(frames.getOrDefault(id, List.of()));
                    Optional<NearCopies.Match> match = closest(comparable, stored);
                    if (match.isPresent()) {
                        found.add(new NearCopy(id, rs.getObject("dispute_id", UUID.class), rs.getString("supplied_by"),
                                rs.getString("sha256"), SqlTime.instant(rs, "submitted_at"), match.get()));
                    }
                    return id;
                }).list();
        found.sort(Comparator.comparingInt(NearCopy::distance));
        return found;
    }

    /** The closest match between any of the new pictures and any of a stored piece's. */
    private static Optional<NearCopies.Match> closest(List<ImageFingerprint> incoming, List<ImageFingerprint> stored) {
        return incoming.stream()
                .flatMap(picture -> stored.stream().map(other -> NearCopies.match(picture, other)))
                .flatMap(Optional::stream)
                .min(Comparator.comparingInt(NearCopies.Match::distance));
    }

    /** A stored fingerprint as compared: region 0 is the picture whole; one stored before regions has none. */
    private static ImageFingerprint stored(ImageFingerprint.Hashes whole, List<ImageFingerprint.Region> regions) {
        if (regions.isEmpty()) {
            return new ImageFingerprint(false, whole, List.of());
        }
        return new ImageFingerprint(false, whole, List.of(), regions.get(0).box(), regions.subList(1, regions.size()));
    }

    /**
     * A row of a chunk index that the lookup found: a stored piece's hashes, of a picture whole or a video frame
     * ({@code region} false) or of one of a picture's regions.
     */
    record ChunkRow(UUID evidenceId, boolean region, ImageFingerprint.Hashes hashes) {
    }

    /**
     * Pieces that are near copies of one of these pictures by the hashes in their chunk rows alone, found with one
     * query: only these have their regions and frames read and compared (where the match lies, how close).
     */
    List<UUID> candidates(List<ImageFingerprint> pictures, UUID except) {
        Set<UUID> candidates = new LinkedHashSet<>();
        for (ChunkRow row : chunkRows(pictures, except)) {
            if (!candidates.contains(row.evidenceId()) && pictures.stream().anyMatch(picture -> row.region()
                    ? NearCopies.matchesRegion(picture, row.hashes())
                    : NearCopies.matchesWhole(picture, row.hashes()))) {
                candidates.add(row.evidenceId());
            }
        }
        return List.copyOf(candidates);
    }

    /**
     * Rows with a chunk within the chunk radius of a chunk of a hash of these pictures, in one query: in the whole
     * pictures' index for each picture whole (in its four turns, and less trimmed) and its regions, in the regions'
     * index for each picture whole. A row may come more than once (its hash near in several chunks).
     */
    List<ChunkRow> chunkRows(List<ImageFingerprint> pictures, UUID except) {
        if (pictures.isEmpty()) {
            return List.of();
        }
        List<Long> wholes = pictures.stream().flatMap(NearCopies::wholes).map(ImageFingerprint.Hashes::phash).toList();
        List<Long> wholeAndRegions = new ArrayList<>(wholes);
        pictures.forEach(picture -> picture.regions().forEach(region -> wholeAndRegions.add(region.hashes().phash())));
        return jdbc.sql("select c.evidence_id, c.phash, c.dhash, 0 as region from evidence_fingerprint_chunk c"
                        + " where c.evidence_id <> :except and (" + chunksWithin(wholeAndRegions) + ") union all"
                        + " select c.evidence_id, c.phash, c.dhash, 1 from evidence_fingerprint_region_chunk c"
                        + " where c.evidence_id <> :except and (" + chunksWithin(wholes) + ")")
                .param("except", except)
                .query((rs, row) -> new ChunkRow(rs.getObject("evidence_id", UUID.class), rs.getInt("region") == 1,
                        new ImageFingerprint.Hashes(rs.getLong("phash"), rs.getLong("dhash"))))
                .list();
    }

    private static String chunksWithin(List<Long> hashes) {
        // The chunks are written as literals, not parameters: a picture's regions bring thousands of neighbours, and
        // H2 checks a list of constants through a hash set but a list of parameters one value at a time, per row.
        // They are numbers this class computed, never text from a request.
        StringBuilder where = new StringBuilder();
        for (int part = 0; part < NearCopies.CHUNKS; part++) {
            int p = part;
            String bits = hashes.stream().map(hash -> NearCopies.chunk(hash, p)).distinct()
                    .flatMap(chunk -> NearCopies.neighbours(chunk).stream()).distinct().map(String::valueOf)
                    .collect(Collectors.joining(", "));
            where.append(part == 0 ? "" : " or ").append("(c.part = ").append(part).append(" and c.bits in (")
                    .append(bits).append("))");
        }
        return where.toString();
    }
}
