-- A step's ledger reads ask for one order's journals of one kind. With only (order_id) and the dashboard's
-- (kind, created_at) to choose from, PostgreSQL may take the kind index and filter by order: every journal of that
-- kind, read again by each dispute that settles (SequentialScansPostgresTests saw the reads grow with the table).
create index ledger_journal_order_kind on ledger_journal (order_id, kind);
drop index ledger_journal_order;
