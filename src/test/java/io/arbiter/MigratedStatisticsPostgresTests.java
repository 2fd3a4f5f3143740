package io.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.arbiter.support.EarlierDatabase;
import io.arbiter.support.PostgresTest;

/**
 * A new installation's tables leave the migrations with no statistics, not with statistics saying "no rows". An
 * {@code analyze} of an empty table (V28 ran one) tells PostgreSQL the table is empty until autovacuum analyzes it
 * again; meanwhile each connection's cached generic plan reads the whole table to find one row by its key, and the
 * lifecycle benchmark ran 15% slower for it. {@link SequentialScansPostgresTests} cannot see this: it turns
 * sequential scans off.
 */
@PostgresTest
class MigratedStatisticsPostgresTests {

    @Test
    void noTableIsAnalyzedWhileEmpty() {
        EarlierDatabase database = EarlierDatabase.postgres();
        database.migrate("latest");

        List<String> analyzedEmpty = database.jdbc().sql("""
                        select c.relname from pg_class c
                         where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.reltuples = 0
                         order by c.relname""")
                .query(String.class).list();

        assertThat(analyzedEmpty).as("tables whose statistics say they hold no rows").isEmpty();
    }
}
