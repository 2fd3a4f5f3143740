-- Settling an order looks up whether its hold was paid out already (payout_instruction by order_id): without this
-- index each settlement read the whole table, and a burst of due times slowed as instructions piled up.
create index payout_instruction_order on payout_instruction (order_id);
