-- 015: key rotation (issue 6, api/api_keyrot.c).
--
-- A list entry is sealed and tokenised under its tenant's current key
-- version.  A rotation re-keys every entry in one transaction that first
-- moves tenant_settings.key_version; an entry made meanwhile by a request
-- that still held the old version would keep tokens no read computes any
-- more.  So an entry must carry the version the tenant has when it is
-- stored: the locking read waits for a rotation in flight and then sees
-- its outcome.  The request fails (and is asked again); nothing is kept.
CREATE TRIGGER list_entries_key_version BEFORE INSERT ON list_entries
FOR EACH ROW
BEGIN
	DECLARE v INT UNSIGNED;

	SELECT key_version INTO v FROM tenant_settings
	    WHERE tenant_id = NEW.tenant_id LOCK IN SHARE MODE;
	IF v IS NOT NULL AND v <> NEW.key_version THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'list_entries: the key version was rotated meanwhile';
	END IF;
END;
