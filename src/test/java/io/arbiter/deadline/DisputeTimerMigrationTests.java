package io.arbiter.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.common.SqlTime;
import io.arbiter.support.EarlierDatabase;

/**
 * V23 on a database filled by the version before it: the due times and reminders db-scheduler held, also one an
 * instance was running and one that had failed, become rows of dispute_timer, due when they were due; the
 * buyer-protection timer stays with db-scheduler.
 */
class DisputeTimerMigrationTests {

    private static final UUID OPEN = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final Instant DUE = Instant.parse("2026-03-07T10:00:00Z");

    /** An empty database of this test's kind. */
    EarlierDatabase newDatabase() {
        return EarlierDatabase.h2();
    }

    @Test
    void carriesTheDisputeTimersOverAndLeavesBuyerProtectionToDbScheduler() {
        EarlierDatabase database = newDatabase();
        JdbcClient jdbc = database.jdbc();
        database.migrate("22");
        database.insertOrder("ORD-1");
        database.insertDispute(OPEN, "ORD-1", "AWAITING_SELLER");
        insertTimer(jdbc, Timers.DUE_TIME, OPEN + "/CURRENT/" + DUE, DUE, false, null);
        insertTimer(jdbc, Timers.REMINDER, OPEN + "/CURRENT/" + DUE + "/PT48H", DUE.minusSeconds(48 * 3600), true,
                null);
        insertTimer(jdbc, Timers.DUE_TIME, OPEN + "/EVIDENCE/2026-03-09T10:00:00Z", DUE.plusSeconds(60), false, 2);
        insertTimer(jdbc, Timers.BUYER_PROTECTION, "ORD-1/2026-03-16T10:00:00Z",
                Instant.parse("2026-03-16T10:00:00Z"), false, null);

        database.migrate("latest");

        List<String> timers = jdbc.sql("""
                        select name, dispute_id, due_time, due_at, remind_before, fire_at, failures from dispute_timer
                        order by name""")
                .query((rs, row) -> String.join(" ", rs.getString("name"), rs.getObject("dispute_id").toString(),
                        rs.getString("due_time"), SqlTime.instant(rs, "due_at").toString(),
                        String.valueOf(rs.getString("remind_before")), SqlTime.instant(rs, "fire_at").toString(),
                        String.valueOf(rs.getInt("failures"))))
                .list();
        assertThat(timers).containsExactly(
                OPEN + "/CURRENT/" + DUE + " " + OPEN + " CURRENT " + DUE + " null " + DUE + " 0",
                OPEN + "/CURRENT/" + DUE + "/PT48H " + OPEN + " CURRENT " + DUE + " PT48H " + DUE.minusSeconds(48 * 3600)
                        + " 0",
                OPEN + "/EVIDENCE/2026-03-09T10:00:00Z " + OPEN + " EVIDENCE 2026-03-09T10:00:00Z null "
                        + DUE.plusSeconds(60) + " 2");
        assertThat(jdbc.sql("select task_name || ' ' || task_instance from scheduled_tasks").query(String.class).list())
                .containsExactly(Timers.BUYER_PROTECTION + " ORD-1/2026-03-16T10:00:00Z");
    }

    /** A timer row as db-scheduler writes it, with the JSON data Arbiter gives it. */
    private static void insertTimer(JdbcClient jdbc, String task, String instance, Instant at, boolean picked,
                                     Integer failures) {
        jdbc.sql("""
                        insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked,
                                                     version, consecutive_failures)
                        values (:task, :instance, :data, :at, :picked, 1, :failures)""")
                .param("task", task).param("instance", instance)
                .param("data", ("{\"instance\":\"" + instance + "\"}").getBytes(StandardCharsets.UTF_8))
                .param("at", SqlTime.of(at)).param("picked", picked).param("failures", failures)
                .update();
    }
}
