-- Every answer about a dispute lists its payouts: by dispute, not by reading every payout there is.
create index payout_instruction_dispute on payout_instruction (dispute_id);

-- The dispute a timer belongs to, derived by the database from the timer's name (which starts with the dispute's
-- id, see Timers), so that a dispute that runs no due time any more deletes its timers by index. db-scheduler
-- names its own columns when it writes and reads them by name, so it neither fills nor minds this one.
-- The placeholder after it is "stored" on PostgreSQL, which must be told, and empty on H2, which refuses the
-- word (see DeadlineConfiguration).
-- (A simple case, not "task_name in (...)" or "... or ...": H2 ties such a list of constants to the session that
-- compiled it, here the migration's, and once that connection closes every insert fails with "the database has
-- been closed".)
alter table scheduled_tasks add column dispute_id varchar(36) generated always as (
    case task_name when 'dispute-due-time' then left(task_instance, 36)
                   when 'dispute-reminder' then left(task_instance, 36) end)
    ${stored};
create index scheduled_tasks_dispute on scheduled_tasks (dispute_id);

-- Timers left by disputes closed under earlier versions would only fire and do nothing: they go. A timer being
-- run at this moment stays; db-scheduler removes it when the run ends.
delete from scheduled_tasks
where picked = false
  and dispute_id in (select cast(id as varchar(36)) from dispute where status in ('RESOLVED', 'WITHDRAWN'));
