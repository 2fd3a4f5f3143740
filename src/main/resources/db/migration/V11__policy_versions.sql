-- Every version of the policy file that has been in force, with its exact text. Insert-only: a version is recorded
-- once and never changed, so a dispute can always be given the rules it was opened under.
create table policy_version (
    version     varchar(100)     primary key,
    -- SHA-256 hex of the text (UTF-8): the same version with another text is refused at start-up.
    sha256      varchar(64)      not null,
    text        varchar(1000000) not null,
    recorded_at timestamp with time zone not null
);

-- The policy version a dispute was opened under. Disputes opened before policies had versions followed the rules
-- that shipped with Arbiter then, recorded (from the jar) at the first start that finds them.
alter table dispute add column policy_version varchar(100) not null default 'arbiter-default-1';
alter table dispute alter column policy_version drop default;
