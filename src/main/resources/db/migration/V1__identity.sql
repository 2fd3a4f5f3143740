-- Users are keyed by the marketplace's user id. Parties named by orders have no password: they log in
-- through the marketplace's OIDC provider.
create table app_user (
    id            varchar(100) primary key,
    username      varchar(100) unique,
    password_hash varchar(200),
    role          varchar(20)  not null,
    display_name  varchar(200) not null,
    email         varchar(320),
    locale        varchar(35)  not null,
    created_at    timestamp with time zone not null
);

create table api_key (
    id         uuid primary key,
    name       varchar(200) not null,
    key_hash   varchar(64)  not null unique,
    created_at timestamp with time zone not null,
    revoked_at timestamp with time zone
);
