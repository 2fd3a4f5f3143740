-- The blob reaper and a failed upload ask whether any evidence names a blob, as its file or as its thumbnail.
create index evidence_by_thumbnail_sha256 on evidence (thumbnail_sha256);
