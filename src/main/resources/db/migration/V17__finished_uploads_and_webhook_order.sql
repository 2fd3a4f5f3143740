-- A completed upload keeps its row (its bytes are gone, handed over as evidence) until it expires like an unfinished
-- one, so that a client whose answer to the last PATCH was lost asks HEAD and learns the upload is complete and which
-- piece it became, instead of starting the file again.
alter table evidence_upload add column evidence_id uuid;
