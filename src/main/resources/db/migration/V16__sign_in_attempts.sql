-- Failed sign-ins (a wrong password, an unknown user, a wrong API key), kept for
-- arbiter.security.sign-in-throttle.keep-attempts: who was guessed at, from where, and when. Successful sign-ins
-- are not written (an HTTP Basic or API-key caller signs in with every request), nor are refusals while throttled
-- (they check nothing, and writing each would let a flood of them write at the flood's rate).
create table sign_in_attempt (
    id           uuid primary key,
    attempted_at timestamp with time zone not null,
    method       varchar(20)  not null,
    account      varchar(100),
    address      varchar(64)  not null
);
create index sign_in_attempt_at on sign_in_attempt (attempted_at);
create index sign_in_attempt_account on sign_in_attempt (account, attempted_at);
create index sign_in_attempt_address on sign_in_attempt (address, attempted_at);
