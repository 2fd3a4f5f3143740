package db.migration;

import java.sql.SQLException;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Issue 19: a near-copy lookup read the regions of about half of the stored photos, because a fixed share of every
 * stored photo shares a 16-bit chunk (within two bits) with one of an upload's 38 hashes. The chunk rows now carry
 * the full pHash and difference hash they were cut from, so the lookup decides on the row and reads further only
 * the pieces that match. A row is kept per distinct pair of hashes (the regions' index kept one per distinct chunk
 * value, which many windows of a picture share), and the primary key covers the hashes so that PostgreSQL can answer
 * from the index alone. The rows are derived data: both indexes are built again from the hashes they index (a
 * photo's whole picture, a video's frames, a picture's regions but the whole one). Java, not SQL, because H2 and
 * PostgreSQL name the bit operations that cut a chunk differently.
 */
public class V32__fingerprint_chunk_hashes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        boolean postgres = context.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL");
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        for (String table : new String[] {"evidence_fingerprint_chunk", "evidence_fingerprint_region_chunk"}) {
            jdbc.sql("drop table " + table).update();
            jdbc.sql("""
                    create table %s (
                        part        smallint not null,
                        bits        integer  not null,
                        evidence_id uuid     not null references evidence_fingerprint (evidence_id),
                        phash       bigint   not null,
                        dhash       bigint   not null,
                        primary key (part, bits, evidence_id, phash, dhash)
                    )""".formatted(table)).update();
        }
        String bits = postgres ? "cast((h.phash >> (16 * p.part)) & 65535 as integer)"
                : "cast(bitand(rshift(h.phash, 16 * p.part), 65535) as integer)";
        String parts = "(values (0), (1), (2), (3)) as p (part)";
        // A video's row in evidence_fingerprint is its first frame, indexed with the others from the frame table.
        String wholes = """
                select f.evidence_id, f.phash, f.dhash from evidence_fingerprint f
                where not exists (select 1 from evidence_fingerprint_frame v where v.evidence_id = f.evidence_id)
                union select evidence_id, phash, dhash from evidence_fingerprint_frame""";
        long rows = jdbc.sql("insert into evidence_fingerprint_chunk (part, bits, evidence_id, phash, dhash)"
                + " select distinct p.part, " + bits + ", h.evidence_id, h.phash, h.dhash from (" + wholes + ") h"
                + " cross join " + parts).update();
        rows += jdbc.sql("insert into evidence_fingerprint_region_chunk (part, bits, evidence_id, phash, dhash)"
                + " select distinct p.part, " + bits + ", h.evidence_id, h.phash, h.dhash"
                + " from evidence_fingerprint_region h cross join " + parts + " where h.region > 0").update();
        // As V28 learnt: statistics of the rows just written, never of an empty table (a plan for 'no rows' would
        // read the index whole until autovacuum looks again).
        if (postgres && rows > 0) {
            jdbc.sql("analyze evidence_fingerprint_chunk").update();
            jdbc.sql("analyze evidence_fingerprint_region_chunk").update();
        }
    }
}
