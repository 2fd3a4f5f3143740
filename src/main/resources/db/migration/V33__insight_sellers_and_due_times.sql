-- Issue 20, Scale: two more figures in the daily rollup kept by InsightRollup.
--   insight_rollup, figure DUE (reason or '*' for any, due time, party): due times that passed that UTC day, before
--           the watermark, while their party had to act (the metrics' dueTimesPassed; read from the timeline's
--           DUE_TIME_PASSED entries, one heap read each, before).
--   insight_seller_rollup (reason or '*', day the order was placed, seller): disputes opened before the watermark
--           on the orders placed that UTC day (the dashboard's top sellers; a dispute_order lookup per order of the
--           window, before). A disputed order's seller and time of placing no longer change, so a count stays true.
create table insight_seller_rollup (
    reason     varchar(40)  not null,
    day_number bigint       not null,
    seller_id  varchar(100) not null,
    disputes   bigint       not null,
    primary key (reason, day_number, seller_id)
);

-- The rollup starts again from nothing, so that its days hold the new figures too.
delete from insight_rollup;
delete from insight_duration_rollup;
delete from insight_hourly_rollup;
update insight_rollup_state set watermark = null, rolled_at = null;
