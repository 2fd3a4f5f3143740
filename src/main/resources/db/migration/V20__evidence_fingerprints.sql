-- Fingerprints of the pictures that can be compared (plain pictures have none): the upright picture's pHash and
-- difference hash, made with the algorithm and version named.
create table evidence_fingerprint (
    evidence_id uuid        primary key references evidence (id),
    algorithm   varchar(40) not null,
    phash       bigint      not null,
    dhash       bigint      not null
);

-- The pHash cut into four 16-bit chunks (multi-index hashing): a near copy agrees with the stored hash to within two
-- bits in at least one chunk, so its candidates are found through this index instead of reading every hash.
create table evidence_fingerprint_chunk (
    part        smallint not null,
    bits        integer  not null,
    evidence_id uuid     not null references evidence_fingerprint (evidence_id),
    primary key (part, bits, evidence_id)
);

-- One row, locked by each upload from looking for copies until its own fingerprint is committed: two copies
-- uploaded at the same moment are then compared one after the other, and the second sees the first.
create table evidence_fingerprint_lock (
    id integer primary key
);
insert into evidence_fingerprint_lock (id) values (1);
