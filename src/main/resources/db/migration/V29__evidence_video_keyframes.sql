-- The keyframes of an MP4 or MOV video (see VideoKeyframes), each hashed as a picture is, whole, and where it plays.
-- The video's row in evidence_fingerprint holds its first comparable frame (and region 0 the whole frame), and
-- evidence_fingerprint_chunk holds the chunks of every frame, so a photo or a video reusing any of them finds it.
create table evidence_fingerprint_frame (
    evidence_id uuid     not null references evidence_fingerprint (evidence_id),
    frame       smallint not null,
    at_millis   bigint   not null,
    phash       bigint   not null,
    dhash       bigint   not null,
    primary key (evidence_id, frame)
);

-- Videos whose frames could not be read (a codec not decoded here, such as HEVC, or a damaged file), and why: looked
-- at once, so that the fingerprint backfill does not read them again at every start.
create table evidence_fingerprint_unreadable (
    evidence_id uuid         primary key references evidence (id),
    reason      varchar(300) not null
);
