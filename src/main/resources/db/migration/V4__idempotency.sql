create table idempotency_record (
    owner           varchar(200) not null,
    idempotency_key varchar(255) not null,
    request_hash    varchar(64)  not null,
    created_at      timestamp with time zone not null,
    status          integer,
    content_type    varchar(200),
    headers         varchar(4000),
    body            varchar(10000000),
    primary key (owner, idempotency_key)
);
