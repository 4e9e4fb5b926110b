-- 014: the purge drops whole days and keeps the audit trail to its
-- retention; a tenant's transparency notice (issue 6).
--
-- Day partitions of plate_reads (003) whose every read has expired are
-- dropped whole: one quick DDL instead of deleting their rows one batch
-- at a time.  Only days before today (UTC), never pmax, and only while
-- no read in the day is still kept.  Runs with its definer's rights (the
-- application's user has no ALTER), one caller at a time (the named lock
-- plate_reads_partitions() takes too), and a DDL lock that cannot be had
-- within 5 seconds gives up until the next run, so ingest never queues
-- behind it for long.
DROP PROCEDURE IF EXISTS plate_reads_drop_expired;
CREATE PROCEDURE plate_reads_drop_expired()
    SQL SECURITY DEFINER
BEGIN
	DECLARE pname VARCHAR(64);
	DECLARE bound BIGINT;
	DECLARE last BIGINT DEFAULT 0;
	DECLARE EXIT HANDLER FOR SQLEXCEPTION
	BEGIN
		SET SESSION lock_wait_timeout = DEFAULT;
		DO RELEASE_LOCK('torwart.partitions');
		RESIGNAL;
	END;

	IF GET_LOCK('torwart.partitions', 0) = 1 THEN
		SET SESSION lock_wait_timeout = 5;
		partitions: LOOP
			SET pname = NULL;
			SELECT PARTITION_NAME, CAST(PARTITION_DESCRIPTION AS
			    UNSIGNED) INTO pname, bound
			    FROM information_schema.PARTITIONS
			    WHERE TABLE_SCHEMA = DATABASE()
			    AND TABLE_NAME = 'plate_reads'
			    AND PARTITION_NAME <> 'pmax'
			    AND CAST(PARTITION_DESCRIPTION AS UNSIGNED) > last
			    ORDER BY CAST(PARTITION_DESCRIPTION AS UNSIGNED)
			    LIMIT 1;
			IF pname IS NULL OR bound > TO_DAYS(UTC_DATE()) THEN
				LEAVE partitions;
			END IF;
			SET last = bound;
			SET @tw_live = 1;
			SET @tw_q = CONCAT('SELECT EXISTS (SELECT 1 FROM ',
			    'plate_reads PARTITION (', pname, ') WHERE ',
			    'expires_at > UTC_TIMESTAMP(3)) INTO @tw_live');
			PREPARE tw_q FROM @tw_q;
			EXECUTE tw_q;
			DEALLOCATE PREPARE tw_q;
			IF @tw_live = 0 THEN
				SET @tw_q = CONCAT('ALTER TABLE plate_reads ',
				    'DROP PARTITION ', pname);
				PREPARE tw_q FROM @tw_q;
				EXECUTE tw_q;
				DEALLOCATE PREPARE tw_q;
			END IF;
		END LOOP;
		SET SESSION lock_wait_timeout = DEFAULT;
		DO RELEASE_LOCK('torwart.partitions');
	END IF;
END;

-- The purge (013) again, now also: expired days dropped whole first,
-- at most about 3 seconds of deleting a run (the caller's query timeout
-- is 5 s; what is left waits 30 s for the next run), and
-- each tenant's audit trail kept to its audit_log retention (p_audit:
-- the built-in default, api/api_retention_classes.c), never under
-- audit_policy.min_hours (audit_purge() refuses that), the chain anchored
-- where it now starts.  Chains of erased tenants follow the default.
DROP PROCEDURE IF EXISTS purge_expired;
CREATE PROCEDURE purge_expired(IN p_audit INT)
    SQL SECURITY INVOKER
BEGIN
	DECLARE n INT DEFAULT 0;
	DECLARE d INT DEFAULT 0;
	DECLARE t BIGINT UNSIGNED;
	DECLARE h INT;
	DECLARE floor_hours INT;
	DECLARE stop DATETIME(3);
	DECLARE EXIT HANDLER FOR SQLEXCEPTION
	BEGIN
		DO RELEASE_LOCK('torwart.purge');
		RESIGNAL;
	END;

	IF GET_LOCK('torwart.purge', 0) = 1 THEN
		CALL plate_reads_drop_expired();
		SET stop = SYSDATE(3) + INTERVAL 3 SECOND;
		SET n = 0;
		REPEAT
			DELETE FROM plate_reads
			    WHERE expires_at <= UTC_TIMESTAMP(3) LIMIT 1000;
			SET d = ROW_COUNT(), n = n + 1;
		UNTIL d < 1000 OR n >= 100 OR SYSDATE(3) > stop END REPEAT;
		SET n = 0;
		REPEAT
			DELETE FROM read_ids
			    WHERE expires_at <= UTC_TIMESTAMP(3) LIMIT 1000;
			SET d = ROW_COUNT(), n = n + 1;
		UNTIL d < 1000 OR n >= 100 OR SYSDATE(3) > stop END REPEAT;
		SET n = 0;
		REPEAT
			DELETE FROM parking_sessions
			    WHERE expires_at <= UTC_TIMESTAMP(3) AND
			    open_token IS NULL LIMIT 1000;
			SET d = ROW_COUNT(), n = n + 1;
		UNTIL d < 1000 OR n >= 100 OR SYSDATE(3) > stop END REPEAT;
		SET n = 0;
		REPEAT
			DELETE FROM events
			    WHERE expires_at <= UTC_TIMESTAMP(3) LIMIT 1000;
			SET d = ROW_COUNT(), n = n + 1;
		UNTIL d < 1000 OR n >= 100 OR SYSDATE(3) > stop END REPEAT;
		SET n = 0;
		REPEAT
			DELETE FROM manual_queue
			    WHERE expires_at <= UTC_TIMESTAMP(3) LIMIT 1000;
			SET d = ROW_COUNT(), n = n + 1;
		UNTIL d < 1000 OR n >= 100 OR SYSDATE(3) > stop END REPEAT;

		SELECT min_hours INTO floor_hours FROM audit_policy WHERE id = 1;
		SET t = 0;
		chains: LOOP
			SET h = NULL;
			SELECT a.tenant_id, GREATEST(COALESCE(r.hours, p_audit),
			    floor_hours) INTO t, h FROM audit_head a
			    LEFT JOIN retention r ON r.tenant_id = a.tenant_id
			    AND r.class = 'audit_log'
			    WHERE a.tenant_id > t ORDER BY a.tenant_id LIMIT 1;
			IF h IS NULL THEN
				LEAVE chains;
			END IF;
			IF EXISTS (SELECT 1 FROM audit_log WHERE tenant_id = t
			    AND at < UTC_TIMESTAMP(6) - INTERVAL h HOUR
			    AND action <> 'audit.purge') THEN
				CALL audit_purge(t,
				    UTC_TIMESTAMP(6) - INTERVAL h HOUR);
			END IF;
		END LOOP;
		DO RELEASE_LOCK('torwart.purge');
	END IF;
END;

-- What the transparency notice (GET /api/v1/transparency, Art. 13 GDPR)
-- names that the rest of the configuration does not know: who the
-- controller is and how to reach them and their data protection officer,
-- who receives the data, and any further purpose.  NULL: not yet given
-- (the notice says so).
ALTER TABLE tenant_settings
	ADD COLUMN controller_name VARCHAR(200) NULL,
	ADD COLUMN controller_address VARCHAR(400) NULL,
	ADD COLUMN controller_email VARCHAR(254) NULL,
	ADD COLUMN dpo_email VARCHAR(254) NULL,
	ADD COLUMN recipients VARCHAR(1000) NULL,
	ADD COLUMN purposes VARCHAR(1000) NULL;
