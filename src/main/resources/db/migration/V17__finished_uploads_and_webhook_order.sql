-- A completed upload keeps its row (its bytes are gone, handed over as evidence) until it expires like an unfinished
-- one, so that a client whose answer to the last PATCH was lost asks HEAD and learns the upload is complete and which
-- piece it became, instead of starting the file again.
alter table evidence_upload add column evidence_id uuid;

-- Webhooks of one dispute are numbered in the order their changes committed, so that a receiver orders deliveries
-- that arrive out of order (sent in parallel, retried). The number is taken in the change's own transaction under
-- the lock of the dispute's counter row, and kept by event for the delivery that follows the commit.
create table webhook_dispute_sequence (
    dispute_id    uuid primary key,
    last_sequence bigint not null
);
create table webhook_event_sequence (
    event_id   uuid primary key,
    dispute_id uuid   not null,
    sequence   bigint not null
);
