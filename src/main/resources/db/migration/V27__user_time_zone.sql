-- The time zone a user reads times in (pages, inbox notices, e-mails), an IANA zone id such as Europe/Madrid.
-- Null until the user picks one: the marketplace's zone (arbiter.pages.time-zone) is used until then.
alter table app_user add column time_zone varchar(64);
