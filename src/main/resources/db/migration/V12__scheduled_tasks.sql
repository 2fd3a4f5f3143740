-- The deadline engine. db-scheduler's table, as its PostgreSQL schema has it (the same SQL runs on H2 in
-- PostgreSQL mode). One row per timer; task_instance names the due time, so a due time has one timer at most.
create table scheduled_tasks (
    task_name            varchar(100) not null,
    task_instance        varchar(250) not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean      not null,
    picked_by            varchar(50),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint       not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time on scheduled_tasks (priority desc, execution_time asc);

-- What a dispute remembers of its due times, so that each is enforced once and an agent's extension holds.
alter table dispute add column enforced_due_at timestamp with time zone;
alter table dispute add column evidence_enforced boolean default false not null;
alter table dispute add column evidence_extended_to timestamp with time zone;
alter table dispute add column review_overdue boolean default false not null;

-- Reminders sent: one row per due time and reminder, so that a reminder whose timer runs twice is sent once.
create table deadline_reminder (
    dispute_id    uuid         not null references dispute (id),
    due_time      varchar(20)  not null,
    due_at        timestamp with time zone not null,
    remind_before varchar(40)  not null,
    sent_at       timestamp with time zone not null,
    primary key (dispute_id, due_time, due_at, remind_before)
);

-- Disputes still open and orders whose payment is held after delivery, from before the engine: their due times
-- are scheduled once at the next start, and each then leaves this list.
create table deadline_backfill (
    dispute_id uuid,
    order_id   varchar(100)
);
insert into deadline_backfill (dispute_id) select id from dispute where status not in ('RESOLVED', 'WITHDRAWN');
insert into deadline_backfill (order_id)
    select id from marketplace_order where delivered_at is not null and escrow_status = 'HELD';
