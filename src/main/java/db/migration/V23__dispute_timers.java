package db.migration;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.arbiter.common.SqlTime;

/**
 * A dispute's due times and reminders get a table of their own, {@code dispute_timer}, which the deadline engine
 * claims in batches (see {@code deadline.DueTimeBatches}); db-scheduler keeps only the buyer-protection timers.
 * The row lock a batch's transaction holds is the claim, so the table needs none of db-scheduler's picked and
 * heartbeat columns. Every due-time and reminder timer db-scheduler held is carried over, due when it was due (one
 * an instance was running at this moment too: firing twice changes nothing), and leaves db-scheduler's table with
 * the column V15 derived for deleting them. Java, not SQL, because the timer's facts are in its name, which the two
 * databases take apart with different functions.
 */
public class V23__dispute_timers extends BaseJavaMigration {

    private static final List<String> DISPUTE_TASKS = List.of("dispute-due-time", "dispute-reminder");

    @Override
    public void migrate(Context context) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        jdbc.sql("""
                create table dispute_timer (
                    name          varchar(250) primary key,
                    dispute_id    uuid         not null,
                    due_time      varchar(20)  not null,
                    due_at        timestamp with time zone not null,
                    remind_before varchar(40),
                    fire_at       timestamp with time zone not null,
                    failures      integer default 0 not null
                )""").update();
        jdbc.sql("create index dispute_timer_fire_at on dispute_timer (fire_at)").update();
        jdbc.sql("create index dispute_timer_dispute on dispute_timer (dispute_id)").update();

        record Earlier(String name, OffsetDateTime fireAt, int failures) {
        }
        List<Earlier> earlier = jdbc.sql("""
                        select task_instance, execution_time, coalesce(consecutive_failures, 0) from scheduled_tasks
                        where task_name in (:tasks)""")
                .param("tasks", DISPUTE_TASKS)
                .query((rs, row) -> new Earlier(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getInt(3)))
                .list();
        for (Earlier timer : earlier) {
            // dispute id/due time/due at, and for a reminder /how long before (see deadline.Timers)
            String[] parts = timer.name().split("/");
            jdbc.sql("""
                            insert into dispute_timer (name, dispute_id, due_time, due_at, remind_before, fire_at,
                                                       failures)
                            values (:name, :dispute, :dueTime, :dueAt, :before, :fireAt, :failures)""")
                    .param("name", timer.name())
                    .param("dispute", UUID.fromString(parts[0]))
                    .param("dueTime", parts[1])
                    .param("dueAt", SqlTime.of(Instant.parse(parts[2])))
                    .param("before", parts.length > 3 ? parts[3] : null)
                    .param("fireAt", timer.fireAt())
                    .param("failures", timer.failures())
                    .update();
        }
        jdbc.sql("delete from scheduled_tasks where task_name in (:tasks)").param("tasks", DISPUTE_TASKS).update();
        jdbc.sql("drop index scheduled_tasks_dispute").update();
        jdbc.sql("alter table scheduled_tasks drop column dispute_id").update();
    }
}
