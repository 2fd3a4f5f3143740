package io.arbiter.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.support.EarlierDatabase;

/**
 * V15 on a database filled by the version before it: the timers that disputes closed back then left behind are
 * deleted, those of open disputes, of orders and one being run at that moment stay, and every timer knows its
 * dispute, also those written afterwards by db-scheduler, which does not name the column.
 */
class TimerMigrationTests {

    private static final UUID CLOSED = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final UUID OPEN = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    /** An empty database of this test's kind. */
    EarlierDatabase newDatabase() {
        return EarlierDatabase.h2();
    }

    @Test
    void deletesTheTimersOfDisputesClosedBeforeAndKeepsTheRest() {
        EarlierDatabase database = newDatabase();
        JdbcClient jdbc = database.jdbc();
        database.migrate("14");
        database.insertOrder("ORD-1");
        database.insertDispute(CLOSED, "ORD-1", "RESOLVED");
        database.insertDispute(OPEN, "ORD-1", "AWAITING_SELLER");
        insertTimer(jdbc, Timers.DUE_TIME, CLOSED + "/CURRENT/2026-03-07T10:00:00Z", false);
        insertTimer(jdbc, Timers.REMINDER, CLOSED + "/CURRENT/2026-03-07T10:00:00Z/PT24H", false);
        insertTimer(jdbc, Timers.DUE_TIME, CLOSED + "/EVIDENCE/2026-03-09T10:00:00Z", true);
        insertTimer(jdbc, Timers.DUE_TIME, OPEN + "/CURRENT/2026-03-07T10:00:00Z", false);
        insertTimer(jdbc, Timers.BUYER_PROTECTION, "ORD-1/2026-03-16T10:00:00Z", false);

        // V23 moves dispute timers out of db-scheduler's table and drops the column (DisputeTimerMigrationTests).
        database.migrate("22");
        insertTimer(jdbc, Timers.REMINDER, OPEN + "/CURRENT/2026-03-07T10:00:00Z/PT48H", false);

        List<String> left = jdbc.sql("""
                        select task_instance || ' of ' || coalesce(dispute_id, 'no dispute') from scheduled_tasks
                        order by task_instance""")
                .query(String.class).list();
        assertThat(left).containsExactly(
                OPEN + "/CURRENT/2026-03-07T10:00:00Z of " + OPEN,
                OPEN + "/CURRENT/2026-03-07T10:00:00Z/PT48H of " + OPEN,
                CLOSED + "/EVIDENCE/2026-03-09T10:00:00Z of " + CLOSED,
                "ORD-1/2026-03-16T10:00:00Z of no dispute");
    }

    /** A timer row as db-scheduler writes it: the columns it names, no others. */
    private static void insertTimer(JdbcClient jdbc, String task, String instance, boolean picked) {
        jdbc.sql("""
                insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)
                values (:task, :instance, null, timestamp with time zone '2026-03-07 10:00:00+00', :picked, 1)""")
                .param("task", task).param("instance", instance).param("picked", picked).update();
    }
}
