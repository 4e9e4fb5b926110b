-- 012: a batch's session changes in one round trip (issue 5).
--
-- parking_apply() (009) locks the site's state row first; the batch
-- that stores the reads of many vehicles at one site called it once per
-- read, a round trip each, while that lock was held by the first.  The
-- worker now passes all of a batch's changes at once (kore/app_db.c,
-- APP_DB_CALL_MANY): a JSON array of rows, each row parking_apply()'s
-- sixteen arguments in its order, binary ones as hex digits.  They are
-- applied in the array's order (the batch sorts them by site) with the
-- same assertions; the first that fails signals and the whole batch is
-- rolled back, and the worker runs each read alone (by parking_apply())
-- so that only the read at fault decides again.  Runs with the caller's
-- rights.
DROP PROCEDURE IF EXISTS parking_apply_many;
CREATE PROCEDURE parking_apply_many(IN p_rows LONGTEXT)
    SQL SECURITY INVOKER
BEGIN
	DECLARE v_done TINYINT DEFAULT 0;
	DECLARE v_site, v_close, v_open, v_tenant BIGINT UNSIGNED;
	DECLARE v_need, v_holder, v_overstay TINYINT;
	DECLARE v_capacity, v_unreserved, v_amount BIGINT;
	DECLARE v_close_state VARCHAR(16);
	DECLARE v_at, v_expires VARCHAR(32);
	DECLARE v_read, v_token VARCHAR(32);
	DECLARE v_key_version INT UNSIGNED;
	DECLARE c CURSOR FOR
		SELECT site, need, capacity, holder, unreserved, close_id,
		    close_state, amount, overstay, at, read_id, expires,
		    open_id, tenant, token, key_version
		FROM JSON_TABLE(p_rows, '$[*]' COLUMNS (
		    n FOR ORDINALITY,
		    site BIGINT UNSIGNED PATH '$[0]',
		    need TINYINT PATH '$[1]',
		    capacity BIGINT PATH '$[2]',
		    holder TINYINT PATH '$[3]',
		    unreserved BIGINT PATH '$[4]',
		    close_id BIGINT UNSIGNED PATH '$[5]',
		    close_state VARCHAR(16) PATH '$[6]',
		    amount BIGINT PATH '$[7]',
		    overstay TINYINT PATH '$[8]',
		    at VARCHAR(32) PATH '$[9]',
		    read_id VARCHAR(32) PATH '$[10]',
		    expires VARCHAR(32) PATH '$[11]',
		    open_id BIGINT UNSIGNED PATH '$[12]',
		    tenant BIGINT UNSIGNED PATH '$[13]',
		    token VARCHAR(32) PATH '$[14]',
		    key_version INT UNSIGNED PATH '$[15]')) AS j
		ORDER BY n;
	DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = 1;

	OPEN c;
	changes: LOOP
		FETCH c INTO v_site, v_need, v_capacity, v_holder,
		    v_unreserved, v_close, v_close_state, v_amount,
		    v_overstay, v_at, v_read, v_expires, v_open, v_tenant,
		    v_token, v_key_version;
		IF v_done THEN
			LEAVE changes;
		END IF;
		CALL parking_apply(v_site, v_need, v_capacity, v_holder,
		    v_unreserved, v_close, v_close_state, v_amount,
		    v_overstay, v_at, UNHEX(v_read), v_expires, v_open,
		    v_tenant, UNHEX(v_token), v_key_version);
	END LOOP;
	CLOSE c;
END;
