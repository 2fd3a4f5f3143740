-- The insight module's figures read only the rows of their window (or the open disputes), from these indexes;
-- on PostgreSQL most are answered by index-only scans. No counters are kept: every figure is what the rows say.
create index insight_dispute_opened on dispute (opened_at, reason, status, currency);
create index insight_dispute_closed on dispute (closed_at, status, opened_at, outcome_type, outcome_settled_by);
create index insight_dispute_settled on dispute (outcome_settled_by, outcome_settled_at);
create index insight_dispute_review on dispute (status, review_due_at, assigned_agent_id);
create index insight_ledger_journal_kind on ledger_journal (kind, created_at);
-- Without it PostgreSQL reads every ledger entry (a hash join) to find the window's journals' amounts.
create index insight_ledger_entry_journal_amount on ledger_entry (journal_id, amount);
-- Read by EventHistoryQueries: due times passed in a window.
create index insight_event_type on dispute_event (type, at);
create index insight_order_placed on marketplace_order (placed_at, seller_id);
