-- 017: master key rotation (issue 6, kore/app_keyring.c).
--
-- Every key of a tenant's key version derives from a master key.  A
-- master key is rotated by starting with a new one while the old ones
-- stay in the keyring (keys/retired/ beside the key file): the start
-- moves every tenant to a new key version under the new master and
-- re-keys its list entries, and stored records keep the version (and so
-- the master) they were made under until they expire.
--
-- master_keys: the masters this database has seen.  The one that is not
-- retired is current.  fingerprint identifies a key file without
-- revealing it (HKDF of the key, purpose "fingerprint", 8 bytes in
-- hex); master 1 is claimed by the first start with this schema, with
-- the key every version so far was made under.
CREATE TABLE IF NOT EXISTS master_keys (
	id INT UNSIGNED NOT NULL PRIMARY KEY,
	fingerprint CHAR(16) NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	retired_at DATETIME(6) NULL,
	UNIQUE KEY master_keys_fingerprint (fingerprint)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT IGNORE INTO master_keys (id) VALUES (1);

-- Which master each key version of each tenant was made under.
CREATE TABLE IF NOT EXISTS tenant_keys (
	tenant_id BIGINT UNSIGNED NOT NULL,
	version INT UNSIGNED NOT NULL,
	master_id INT UNSIGNED NOT NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	PRIMARY KEY (tenant_id, version),
	KEY tenant_keys_master (master_id),
	CONSTRAINT tenant_keys_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE,
	CONSTRAINT tenant_keys_master_fk FOREIGN KEY (master_id)
	    REFERENCES master_keys (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT IGNORE INTO tenant_keys (tenant_id, version, master_id)
WITH RECURSIVE n (v) AS (
	SELECT 1
	UNION ALL
	SELECT v + 1 FROM n
	    WHERE v < (SELECT MAX(key_version) FROM tenant_settings)
)
SELECT ts.tenant_id, n.v, 1 FROM tenant_settings ts
    JOIN n ON n.v <= ts.key_version;

-- A new tenant's first version and every rotation's new one are made
-- under the current master.  Triggers run as their definer (the schema
-- owner): the application's user only reads both tables.
DROP TRIGGER IF EXISTS tenant_keys_new;
CREATE TRIGGER tenant_keys_new AFTER INSERT ON tenant_settings
    FOR EACH ROW
	INSERT INTO tenant_keys (tenant_id, version, master_id)
	    SELECT NEW.tenant_id, NEW.key_version, id FROM master_keys
	    WHERE retired_at IS NULL ORDER BY id DESC LIMIT 1;

DROP TRIGGER IF EXISTS tenant_keys_rotate;
CREATE TRIGGER tenant_keys_rotate AFTER UPDATE ON tenant_settings
    FOR EACH ROW
	IF NOT (OLD.key_version <=> NEW.key_version) THEN
		INSERT INTO tenant_keys (tenant_id, version, master_id)
		    SELECT NEW.tenant_id, NEW.key_version, id
		    FROM master_keys WHERE retired_at IS NULL
		    ORDER BY id DESC LIMIT 1;
	END IF;

-- An API key's secret is kept as a keyed hash under a key derived from
-- the master: the master it was hashed under.  A key of a retired master
-- is hashed again under the current one the first time it is used.
-- Inserts name it (no default), so no key is filed under the wrong one.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS
	master_id INT UNSIGNED NOT NULL DEFAULT 1;
ALTER TABLE api_keys ALTER COLUMN master_id DROP DEFAULT;

-- The master whose TOTP key sealed totp_secret and totp_pending (NULL:
-- neither is set).  A rotation's start seals them again under the new one.
ALTER TABLE users ADD COLUMN IF NOT EXISTS totp_master INT UNSIGNED NULL;
UPDATE users SET totp_master = 1
    WHERE totp_secret IS NOT NULL OR totp_pending IS NOT NULL;
