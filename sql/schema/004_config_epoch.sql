-- 004: the configuration epoch the workers' caches are checked against,
-- idempotency records that go with their tenant, and the partition
-- maintenance of plate_reads (issue 4).
--
-- A worker may answer a read from what it cached of an API key, a lane
-- and the tenant's retention (api/).  Every change to any of them bumps
-- config_epoch.v, by the triggers below, in the transaction that makes
-- the change; every batch of reads reads v before it commits and is
-- rolled back, and its reads checked again against the database, when
-- what they were decided with is older.  So a revoked key or a deleted
-- lane is refused from the moment the change is committed, on every
-- worker and node.  Cascaded deletes fire no triggers: the parents
-- (tenants, sites) bump too.

CREATE TABLE config_epoch (
	id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
	v BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO config_epoch (id, v) VALUES (1, 1);

-- Only what authentication uses: last_used_at changes every minute.
CREATE TRIGGER api_keys_epoch_update AFTER UPDATE ON api_keys FOR EACH ROW
	IF NOT (OLD.revoked_at <=> NEW.revoked_at
	    AND OLD.pending_approval <=> NEW.pending_approval
	    AND OLD.expires_at <=> NEW.expires_at
	    AND OLD.role <=> NEW.role AND OLD.lanes <=> NEW.lanes
	    AND OLD.networks <=> NEW.networks
	    AND OLD.secret_hash <=> NEW.secret_hash
	    AND OLD.tenant_id <=> NEW.tenant_id) THEN
		UPDATE config_epoch SET v = v + 1 WHERE id = 1;
	END IF;
CREATE TRIGGER api_keys_epoch_delete AFTER DELETE ON api_keys FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER lanes_epoch_update AFTER UPDATE ON lanes FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER lanes_epoch_delete AFTER DELETE ON lanes FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER sites_epoch_delete AFTER DELETE ON sites FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER tenants_epoch_delete AFTER DELETE ON tenants FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER retention_epoch_insert AFTER INSERT ON retention
    FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER retention_epoch_update AFTER UPDATE ON retention
    FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER retention_epoch_delete AFTER DELETE ON retention
    FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
-- Privacy mode is not cached (searches check it on every call).
CREATE TRIGGER tenant_settings_epoch AFTER UPDATE ON tenant_settings
    FOR EACH ROW
	IF NOT (OLD.read_epoch <=> NEW.read_epoch
	    AND OLD.key_version <=> NEW.key_version) THEN
		UPDATE config_epoch SET v = v + 1 WHERE id = 1;
	END IF;

-- A tenant's idempotency records go with it.
ALTER TABLE read_ids ADD CONSTRAINT read_ids_tenant_fk FOREIGN KEY
    (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;

-- Make day partitions of plate_reads from the newest one (or today, UTC)
-- to p_days ahead by splitting pmax.  Idempotent, and one caller at a
-- time (a named lock; a second caller returns at once).  A DDL lock that
-- cannot be had within 5 seconds gives up, so ingest never queues behind
-- a long wait for the table; the named lock is released on any error.
-- Runs with its definer's (the schema owner's) rights: the application's
-- user has no ALTER.  Partition names and bounds come from dates only.
-- (An early build of 003 made a first version: replaced.)
DROP PROCEDURE IF EXISTS plate_reads_partitions;
CREATE PROCEDURE plate_reads_partitions(IN p_days INT)
    SQL SECURITY DEFINER
BEGIN
	DECLARE d DATE;
	DECLARE bound BIGINT;
	DECLARE EXIT HANDLER FOR SQLEXCEPTION
	BEGIN
		SET SESSION lock_wait_timeout = DEFAULT;
		DO RELEASE_LOCK('torwart.partitions');
		RESIGNAL;
	END;

	IF p_days IS NULL OR p_days < 1 OR p_days > 366 THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'plate_reads_partitions: days must be 1..366';
	END IF;
	IF GET_LOCK('torwart.partitions', 0) = 1 THEN
		SET SESSION lock_wait_timeout = 5;
		SELECT MAX(CAST(PARTITION_DESCRIPTION AS UNSIGNED)) INTO bound
		    FROM information_schema.PARTITIONS
		    WHERE TABLE_SCHEMA = DATABASE()
		    AND TABLE_NAME = 'plate_reads' AND PARTITION_NAME <> 'pmax';
		SET d = IF(bound IS NULL, UTC_DATE(), FROM_DAYS(bound));
		WHILE d <= UTC_DATE() + INTERVAL p_days DAY DO
			SET @tw_part = CONCAT('ALTER TABLE plate_reads ',
			    'REORGANIZE PARTITION pmax INTO (PARTITION p',
			    DATE_FORMAT(d, '%Y%m%d'), ' VALUES LESS THAN (',
			    TO_DAYS(d + INTERVAL 1 DAY), '), ',
			    'PARTITION pmax VALUES LESS THAN MAXVALUE)');
			PREPARE tw_part FROM @tw_part;
			EXECUTE tw_part;
			DEALLOCATE PREPARE tw_part;
			SET d = d + INTERVAL 1 DAY;
		END WHILE;
		SET SESSION lock_wait_timeout = DEFAULT;
		DO RELEASE_LOCK('torwart.partitions');
	END IF;
END;

CALL plate_reads_partitions(7);
