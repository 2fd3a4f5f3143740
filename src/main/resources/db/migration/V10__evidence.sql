-- Evidence is never changed or deleted once submitted: rows are inserted, and a withdrawal only marks one.
create table evidence (
    id                        uuid primary key,
    -- The order pieces arrived in, for listing them as they came.
    seq                       bigint generated always as identity,
    dispute_id                uuid          not null references dispute (id),
    supplied_by_party         varchar(16)   not null,
    supplied_by               varchar(100)  not null,
    kind                      varchar(16)   not null,
    description               varchar(2000) not null,
    requirement               varchar(64),
    piece                     integer,
    file_name                 varchar(255),
    media_type                varchar(100),
    size_bytes                bigint,
    sha256                    varchar(64),
    thumbnail_sha256          varchar(64),
    perceptual_hash           bigint,
    perceptual_hash_algorithm varchar(40),
    width                     integer,
    height                    integer,
    captured_at               timestamp with time zone,
    software                  varchar(200),
    camera_make               varchar(200),
    camera_model              varchar(200),
    url                       varchar(2048),
    submitted_at              timestamp with time zone not null,
    withdrawn_at              timestamp with time zone,
    withdrawn_reason          varchar(1000)
);

create index evidence_by_dispute on evidence (dispute_id, submitted_at);
create index evidence_by_sha256 on evidence (sha256);
create index evidence_by_perceptual_hash on evidence (perceptual_hash_algorithm, perceptual_hash);

-- What agents are told about a piece: duplicates seen elsewhere and signs of editing. Parties never see these.
create table evidence_flag (
    evidence_id         uuid          not null references evidence (id),
    code                varchar(40)   not null,
    detail              varchar(1000) not null,
    related_evidence_id uuid,
    related_dispute_id  uuid,
    distance            integer,
    raised_at           timestamp with time zone not null
);

create index evidence_flag_by_evidence on evidence_flag (evidence_id);
