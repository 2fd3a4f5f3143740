-- Issue 19: a photo whose trimming cut something (bars, a plain band at an edge) now also keeps its picture trimmed
-- only of edges flat as drawn bars are (for most photos: untrimmed, box 0, 0, 10000, 10000) as one more region, since
-- where a faint band counts as plain moves with brightness and a copy may be trimmed otherwise. Those photos lose
-- their regions here, so that the fingerprint backfill reads them again at start-up and records every region, the
-- less trimmed one included. Photos trimmed of nothing gain no region
-- and keep theirs; a video's region 0 (its first frame) has no other regions and is left alone.
delete from evidence_fingerprint_region_chunk
where evidence_id in (select w.evidence_id from evidence_fingerprint_region w
                      where w.region = 0
                        and (w.box_x <> 0 or w.box_y <> 0 or w.box_width <> 10000 or w.box_height <> 10000)
                        and not exists (select 1 from evidence_fingerprint_frame v where v.evidence_id = w.evidence_id));

delete from evidence_fingerprint_region
where evidence_id in (select w.evidence_id from evidence_fingerprint_region w
                      where w.region = 0
                        and (w.box_x <> 0 or w.box_y <> 0 or w.box_width <> 10000 or w.box_height <> 10000)
                        and not exists (select 1 from evidence_fingerprint_frame v where v.evidence_id = w.evidence_id));
