-- 013: retention set through the API, and one purge (issue 6).
--
-- A tenant's retention is set by PUT /api/v1/retention: shortening a
-- class moves the expiry of its stored records forward at once (found
-- by the key below), lengthening waits for a second admin (four-eyes).
--
-- purge_expired() deletes what has outlived its retention: every
-- worker of every node calls it each minute, and the named lock lets
-- one of them work while the others return at once.  Each table is
-- deleted from in batches of 1,000 rows, each its own transaction (the
-- caller runs with autocommit), at most 100 batches a table a run, so a
-- large purge holds no lock for long and ingest goes on beside it.
ALTER TABLE plate_reads ADD KEY plate_reads_class (tenant_id, class,
    expires_at);

DROP PROCEDURE IF EXISTS purge_expired;
CREATE PROCEDURE purge_expired()
    SQL SECURITY INVOKER
BEGIN
	DECLARE n INT DEFAULT 0;
	DECLARE d INT DEFAULT 0;
	DECLARE EXIT HANDLER FOR SQLEXCEPTION
	BEGIN
		DO RELEASE_LOCK('torwart.purge');
		RESIGNAL;
	END;

	IF GET_LOCK('torwart.purge', 0) = 1 THEN
		SET n = 0;
		REPEAT
			DELETE FROM plate_reads
			    WHERE expires_at <= UTC_TIMESTAMP(3) LIMIT 1000;
			SET d = ROW_COUNT(), n = n + 1;
		UNTIL d < 1000 OR n >= 100 END REPEAT;
		SET n = 0;
		REPEAT
			DELETE FROM read_ids
			    WHERE expires_at <= UTC_TIMESTAMP(3) LIMIT 1000;
			SET d = ROW_COUNT(), n = n + 1;
		UNTIL d < 1000 OR n >= 100 END REPEAT;
		SET n = 0;
		REPEAT
			DELETE FROM parking_sessions
			    WHERE expires_at <= UTC_TIMESTAMP(3) AND
			    open_token IS NULL LIMIT 1000;
			SET d = ROW_COUNT(), n = n + 1;
		UNTIL d < 1000 OR n >= 100 END REPEAT;
		SET n = 0;
		REPEAT
			DELETE FROM events
			    WHERE expires_at <= UTC_TIMESTAMP(3) LIMIT 1000;
			SET d = ROW_COUNT(), n = n + 1;
		UNTIL d < 1000 OR n >= 100 END REPEAT;
		SET n = 0;
		REPEAT
			DELETE FROM manual_queue
			    WHERE expires_at <= UTC_TIMESTAMP(3) LIMIT 1000;
			SET d = ROW_COUNT(), n = n + 1;
		UNTIL d < 1000 OR n >= 100 END REPEAT;
		DO RELEASE_LOCK('torwart.purge');
	END IF;
END;
