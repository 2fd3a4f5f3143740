-- The tamper-evident record: every dispute event as one entry of its dispute's hash chain.
-- Insert-only: entries are appended in the transaction of the change and never updated or deleted.
-- entry_hash = SHA-256 hex of (previous_hash || '\n' || canonical), UTF-8; the first entry's previous_hash is 64 zeros.
create table audit_chain_entry (
    dispute_id    uuid         not null references dispute (id),
    seq           bigint       not null,
    type          varchar(50)  not null,
    at            timestamp with time zone not null,
    actor_id      varchar(100) not null,
    actor_role    varchar(20)  not null,
    visibility    varchar(20)  not null,
    canonical     varchar(1000000) not null,
    previous_hash varchar(64)  not null,
    entry_hash    varchar(64)  not null,
    primary key (dispute_id, seq)
);

-- The last entry of each chain. An append locks this row first, so one dispute's chain grows one entry
-- at a time even when events of that dispute are published concurrently.
create table audit_chain_head (
    dispute_id uuid        primary key references dispute (id),
    seq        bigint      not null,
    entry_hash varchar(64) not null
);

-- Disputes that existed before the chain did. Each is chained once from its timeline (marked as such in
-- its canonical forms) and then leaves this list; a dispute opened later that has no chain is reported broken.
create table audit_backfill (
    dispute_id uuid primary key
);
insert into audit_backfill (dispute_id) select id from dispute;
