-- Agents' saved replies: texts an agent picks on a case page to start an information request, a suggestion's or a
-- decision's reasons. An agent's own (owner_id the agent) or the desk's shared ones (owner_id null, kept by admins).
create table saved_reply (
    id         uuid primary key,
    owner_id   varchar(100),
    kind       varchar(30)   not null,
    language   varchar(5)    not null,
    title      varchar(200)  not null,
    text       varchar(5000) not null,
    created_by varchar(100)  not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
-- An agent's list: its own and the shared ones of a kind (shared rows have no owner, so they are looked up apart).
create index saved_reply_of_owner on saved_reply (owner_id, kind, language);
