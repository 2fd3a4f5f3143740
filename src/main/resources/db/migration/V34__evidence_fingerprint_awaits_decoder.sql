-- A photo left without a fingerprint because its decoder was not installed (HEIC without libheif's heif-convert)
-- names that decoder here: the fingerprint backfill reads it again once the decoder is there, while pictures found
-- unreadable for any other reason (null here) are never read again.
alter table evidence_fingerprint_unreadable add column awaits_decoder varchar(40);
