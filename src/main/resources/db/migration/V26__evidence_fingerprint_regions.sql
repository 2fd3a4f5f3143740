-- Windows of each comparable picture shaped as a light crop would leave it (see PerceptualHash.regions), with their
-- pHash and difference hash and where they lie in the upright picture (ten-thousandths of its width and height).
-- Region 0 is the picture whole, after its bars were trimmed: the box a crop of another picture is outlined with.
create table evidence_fingerprint_region (
    evidence_id uuid     not null references evidence_fingerprint (evidence_id),
    region      smallint not null,
    box_x       smallint not null,
    box_y       smallint not null,
    box_width   smallint not null,
    box_height  smallint not null,
    phash       bigint   not null,
    dhash       bigint   not null,
    primary key (evidence_id, region)
);

-- The regions' pHashes cut into 16-bit chunks as in evidence_fingerprint_chunk, once per distinct value (windows of
-- one picture share most chunks): a new picture that is a crop of a stored one finds it here without a scan.
create table evidence_fingerprint_region_chunk (
    part        smallint not null,
    bits        integer  not null,
    evidence_id uuid     not null references evidence_fingerprint (evidence_id),
    primary key (part, bits, evidence_id)
);

-- Where a near copy matched, in each picture ("x y width height", ten-thousandths of the upright picture), so that
-- agents see the two pictures side by side with the matched region outlined.
alter table evidence_flag add column own_region varchar(40);
alter table evidence_flag add column related_region varchar(40);
