-- 011: list entries and time profiles move config_epoch on (issue 5).
--
-- Each worker keeps a tenant's list tokens in memory (api/api_lcache.c),
-- read in one statement together with config_epoch.v, and uses them only
-- while the epoch is the one the read's batch commits under: every batch
-- checks config_epoch before it commits (004), so no decision is
-- committed on a list that a committed change has made old.  Until then
-- 005's rule held ("entries are read from the database for every read");
-- now an entry made, changed or removed moves the epoch as lists do, and
-- so does a time profile changed or removed (a new one is used only by an
-- entry made after it).  A list removed cascades to its entries without
-- triggers; the list's own trigger moves the epoch.  Whoever rewrites
-- list_tokens alone (key rotation) must move it too.
CREATE TRIGGER list_entries_epoch_insert AFTER INSERT ON list_entries
    FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER list_entries_epoch_update AFTER UPDATE ON list_entries
    FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER list_entries_epoch_delete AFTER DELETE ON list_entries
    FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER time_profiles_epoch_update AFTER UPDATE ON time_profiles
    FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER time_profiles_epoch_delete AFTER DELETE ON time_profiles
    FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
