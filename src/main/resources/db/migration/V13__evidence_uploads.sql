-- Resumable (tus) evidence uploads still in progress. tus-java-server keeps the bytes on disk; this row keeps
-- whose upload it is, the metadata as checked when it was created, and when it expires by Arbiter's clock
-- (the library's own expiry reads the system clock). The row goes when the upload is completed, terminated or
-- removed as expired.
create table evidence_upload (
    id            uuid primary key,
    dispute_id    uuid          not null,
    -- role:id of the caller who created it; nobody else may see, continue or terminate it.
    owner         varchar(300)  not null,
    kind          varchar(20)   not null,
    description   varchar(2000) not null,
    requirement   varchar(100),
    piece         integer,
    filename      varchar(255),
    upload_length bigint        not null,
    created_at    timestamp with time zone not null,
    expires_at    timestamp with time zone not null
);
create index evidence_upload_expiry on evidence_upload (expires_at);
