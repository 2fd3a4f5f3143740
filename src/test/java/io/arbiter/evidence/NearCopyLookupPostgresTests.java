package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.support.EarlierDatabase;
import io.arbiter.support.PostgresTest;

/**
 * An upload's near-copy lookup on PostgreSQL reads every fingerprint table through an index, and reads the regions
 * of the pieces that match only: as many region rows with 60 pictures stored as with 20, where it once read the
 * regions of every piece that shared a chunk with the upload. The connection runs with {@code enable_seqscan = off}
 * (as in {@code SequentialScansPostgresTests}): on a few rows PostgreSQL rightly prefers reading a whole table.
 */
@PostgresTest
class NearCopyLookupPostgresTests {

    private static final List<String> TABLES = List.of("evidence_fingerprint", "evidence_fingerprint_chunk",
            "evidence_fingerprint_region_chunk", "evidence_fingerprint_region", "evidence_fingerprint_frame");

    @Test
    void aLookupReadsOnlyItsMatchesRegionsThroughIndexes() throws SQLException {
        EarlierDatabase database = EarlierDatabase.postgres();
        database.migrate("latest");
        RandomPictures pictures = new RandomPictures(19);
        UUID dispute = RandomPictures.dispute(database);
        try (Connection connection = database.dataSource().getConnection();
             Connection observer = database.dataSource().getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set enable_seqscan = off");
            }
            SingleConnectionDataSource dataSource = new SingleConnectionDataSource(connection, true);
            JdbcClient jdbc = JdbcClient.create(dataSource);
            ImageFingerprints fingerprints = new ImageFingerprints(jdbc, new JdbcTemplate(dataSource));
            ImageFingerprint original = pictures.picture(34);
            UUID originalId = pictures.photo(jdbc, dispute);
            fingerprints.insert(originalId, original);
            store(fingerprints, pictures, jdbc, dispute, 19);
            jdbc.sql("analyze").update();

            Map<String, Long> onFew = readsDuring(jdbc, observer, () -> assertThat(fingerprints.nearCopies(
                    List.of(pictures.copyOf(original.upright(), 6)), UUID.randomUUID())).singleElement()
                    .extracting(ImageFingerprints.NearCopy::evidenceId).isEqualTo(originalId));
            store(fingerprints, pictures, jdbc, dispute, 40);
            jdbc.sql("analyze").update();
            Map<String, Long> onMore = readsDuring(jdbc, observer, () -> assertThat(fingerprints.nearCopies(
                    List.of(pictures.copyOf(original.upright(), 6)), UUID.randomUUID())).hasSize(1));

            for (Map<String, Long> reads : List.of(onFew, onMore)) {
                assertThat(reads).as("the lookup's reads").containsEntry("evidence_fingerprint_region seq", 0L)
                        .containsEntry("evidence_fingerprint_region index", 35L)
                        .containsEntry("evidence_fingerprint index", 1L)
                        .containsEntry("evidence_fingerprint_chunk seq", 0L)
                        .containsEntry("evidence_fingerprint_region_chunk seq", 0L)
                        .containsEntry("evidence_fingerprint_frame seq", 0L);
                assertThat(reads.get("evidence_fingerprint_chunk index")).as("the counts were read").isPositive();
            }
        }
    }

    private static void store(ImageFingerprints fingerprints, RandomPictures pictures, JdbcClient jdbc, UUID dispute,
                              int count) {
        for (int i = 0; i < count; i++) {
            fingerprints.insert(pictures.photo(jdbc, dispute), pictures.picture(34));
        }
    }

    /**
     * Sequential scans and index entries read per fingerprint table while {@code work} ran on the connection: the
     * connection hands its counts in when it next goes idle after asking to (PostgreSQL 15), which the observer
     * then reads.
     */
    private static Map<String, Long> readsDuring(JdbcClient jdbc, Connection observer, Runnable work)
            throws SQLException {
        Map<String, Long> before = reads(jdbc, observer);
        work.run();
        Map<String, Long> after = reads(jdbc, observer);
        Map<String, Long> during = new TreeMap<>();
        after.forEach((key, count) -> during.put(key, count - before.getOrDefault(key, 0L)));
        return during;
    }

    private static Map<String, Long> reads(JdbcClient jdbc, Connection observer) throws SQLException {
        jdbc.sql("select pg_stat_force_next_flush()").query().singleRow();
        Map<String, Long> reads = new TreeMap<>();
        try (Statement statement = observer.createStatement()) {
            statement.execute("select pg_stat_clear_snapshot()");
            try (var rows = statement.executeQuery("select relname, seq_scan from pg_stat_user_tables")) {
                while (rows.next()) {
                    if (TABLES.contains(rows.getString(1))) {
                        reads.put(rows.getString(1) + " seq", rows.getLong(2));
                    }
                }
            }
            try (var rows = statement.executeQuery("select relname, sum(idx_tup_read) from pg_stat_user_indexes"
                    + " group by relname")) {
                while (rows.next()) {
                    if (TABLES.contains(rows.getString(1))) {
                        reads.put(rows.getString(1) + " index", rows.getLong(2));
                    }
                }
            }
        }
        return reads;
    }
}
