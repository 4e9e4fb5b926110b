-- 009: one round trip for a read's session change (issue 5).
--
-- The decision is made in C (rules/) on the state read without locks;
-- this applies it, asserting what it took for granted, as the last
-- statement before COMMIT so that the site's state row is locked for as
-- short a time as possible (one round trip and the commit):
--   the site's row is locked first (every session change does so, so
--   locks are always taken in the same order), asserting a free space
--   when p_need_space (a holder any, others one outside the reserve);
--   p_close (a session id, or NULL) is closed as p_close_state, asserted
--   still open;
--   p_open (a new session id, or NULL) is inserted: the unique key of
--   (site, open token) refuses a second open session of the vehicle.
-- A failed assertion signals SQLSTATE 45000 'parking: state moved' and
-- the caller rolls back and decides again.  Runs with the caller's
-- rights: it does nothing the application could not do itself.

DROP PROCEDURE IF EXISTS parking_apply;
CREATE PROCEDURE parking_apply(IN p_site BIGINT UNSIGNED,
    IN p_need_space TINYINT, IN p_capacity BIGINT, IN p_holder TINYINT,
    IN p_unreserved BIGINT, IN p_close BIGINT UNSIGNED,
    IN p_close_state VARCHAR(16), IN p_amount BIGINT, IN p_overstay TINYINT,
    IN p_at DATETIME(3), IN p_read BINARY(16), IN p_expires DATETIME(3),
    IN p_open BIGINT UNSIGNED, IN p_tenant BIGINT UNSIGNED,
    IN p_token BINARY(16), IN p_key_version INT UNSIGNED)
    SQL SECURITY INVOKER
BEGIN
	UPDATE site_state SET seq = seq + 1 WHERE site_id = p_site AND
	    (p_need_space = 0 OR (occupancy < p_capacity AND
	    (p_holder = 1 OR occupancy - holders < p_unreserved)));
	IF ROW_COUNT() = 0 THEN
		SIGNAL SQLSTATE '45000'
		    SET MESSAGE_TEXT = 'parking: state moved';
	END IF;
	IF p_close IS NOT NULL THEN
		UPDATE parking_sessions SET state = p_close_state,
		    open_token = NULL, exited_at = p_at, exit_read = p_read,
		    overstay = p_overstay, amount_cents = p_amount,
		    expires_at = p_expires
		WHERE id = p_close AND site_id = p_site AND
		    open_token IS NOT NULL;
		IF ROW_COUNT() = 0 THEN
			SIGNAL SQLSTATE '45000'
			    SET MESSAGE_TEXT = 'parking: state moved';
		END IF;
	END IF;
	IF p_open IS NOT NULL THEN
		INSERT INTO parking_sessions (id, tenant_id, site_id, token,
		    key_version, open_token, holder, entered_at, entry_read)
		VALUES (p_open, p_tenant, p_site, p_token, p_key_version,
		    p_token, p_holder, p_at, p_read);
	END IF;
END;
