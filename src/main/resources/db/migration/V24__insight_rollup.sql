-- Issue 20, Scale: the insight figures' daily rollup, kept by InsightRollup in the background (never in a dispute's
-- transaction). A row sums, per UTC day (days since 1970-01-01), what the rows before the watermark say:
--   OPENED  (reason, status, currency): disputes opened that day and closed before the watermark (their status is
--           final); the open ones and those closed after it are read from the disputes at each request.
--   CLOSED  (reason, outcome type or '', settled by or ''): disputes closed that day, before the watermark.
--   REFUND, RELEASE (reason or '*' for any, currency, ''): what the ledger moved that day, before the watermark, for
--           orders that had a dispute (of the reason) opened before the watermark.
-- A request adds the rollup's whole days of its window to the raw rows of the rest (see InsightQueries).
create table insight_rollup (
    figure     varchar(8)  not null,
    day_number bigint      not null,
    reason     varchar(40) not null,
    first_key  varchar(40) not null,
    second_key varchar(40) not null,
    amount     bigint      not null,
    primary key (figure, day_number, reason, first_key, second_key)
);

-- One row: how far the rollup has read. Null until the job first runs (every figure is then read from the rows).
create table insight_rollup_state (
    id        integer primary key,
    watermark timestamp with time zone,
    rolled_at timestamp with time zone
);
insert into insight_rollup_state (id) values (1);

-- Replaces V21's closing index: closed_at first serves the closed figures, the open disputes (closed_at is null) and
-- those closed since the watermark; opened_at, reason, status and currency after it let the opened figures of
-- those rows be read from the index alone.
drop index insight_dispute_closed;
create index insight_dispute_closed on dispute (closed_at, opened_at, reason, status, currency, outcome_type,
                                                outcome_settled_by);

-- Agents' review times from the index alone (V21's had no decider nor escalation time: a heap read per decision).
drop index insight_dispute_settled;
create index insight_dispute_settled on dispute (outcome_settled_by, outcome_settled_at, outcome_decided_by,
                                                 escalated_at);
