-- 002: tenants, users, sessions, API keys, the audit chain, four-eyes
-- approvals and per-tenant settings (issue 3).
--
-- Every row carries its tenant.  Secrets are never stored in clear:
-- passwords as scrypt hashes, session tokens and API key secrets as keyed
-- hashes (HMAC-SHA-256 with keys derived from the master key, which never
-- enters the database), TOTP secrets sealed with AES-256-GCM.

CREATE TABLE tenants (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	name VARCHAR(64) NOT NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	UNIQUE KEY tenants_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Usernames are unique across tenants: login names no tenant.
CREATE TABLE users (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	username VARCHAR(64) NOT NULL,
	role VARCHAR(16) NOT NULL,
	password_hash VARCHAR(255) NOT NULL,
	must_change_password TINYINT NOT NULL DEFAULT 1,
	pending_approval TINYINT NOT NULL DEFAULT 0,
	totp_secret VARBINARY(128) NULL,
	totp_pending VARBINARY(128) NULL,
	totp_last_counter BIGINT NULL,
	failed_count INT NOT NULL DEFAULT 0,
	first_failed_at DATETIME(6) NULL,
	locked_until DATETIME(6) NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	updated_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	UNIQUE KEY users_username (username),
	KEY users_tenant (tenant_id, id),
	CONSTRAINT users_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sessions (
	token_hash BINARY(32) NOT NULL PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	created_at DATETIME(6) NOT NULL,
	last_seen_at DATETIME(6) NOT NULL,
	expires_at DATETIME(6) NOT NULL,
	KEY sessions_user (user_id),
	KEY sessions_expires (expires_at),
	CONSTRAINT sessions_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE api_keys (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	name VARCHAR(64) NOT NULL,
	role VARCHAR(16) NOT NULL,
	secret_hash BINARY(32) NOT NULL,
	created_by BIGINT UNSIGNED NULL,
	pending_approval TINYINT NOT NULL DEFAULT 0,
	lanes VARCHAR(1024) NOT NULL DEFAULT '',
	networks VARCHAR(2048) NOT NULL DEFAULT '',
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	expires_at DATETIME(6) NULL,
	revoked_at DATETIME(6) NULL,
	last_used_at DATETIME(6) NULL,
	KEY api_keys_tenant (tenant_id, id),
	CONSTRAINT api_keys_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE,
	CONSTRAINT api_keys_user_fk FOREIGN KEY (created_by)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Four-eyes: a sensitive action waits here until a second admin of the
-- same tenant approves it.
CREATE TABLE approvals (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	action VARCHAR(64) NOT NULL,
	object_id BIGINT UNSIGNED NOT NULL,
	payload VARCHAR(255) NOT NULL DEFAULT '',
	requested_by BIGINT UNSIGNED NOT NULL,
	requested_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	expires_at DATETIME(6) NOT NULL,
	status VARCHAR(16) NOT NULL DEFAULT 'pending',
	decided_by BIGINT UNSIGNED NULL,
	decided_at DATETIME(6) NULL,
	KEY approvals_tenant (tenant_id, id),
	CONSTRAINT approvals_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE tenant_settings (
	tenant_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	privacy_until DATETIME(6) NULL,
	updated_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	CONSTRAINT tenant_settings_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The audit log: append-only (the application's user may only SELECT and
-- INSERT; see kore/app.c), one hash chain per tenant.  No foreign key:
-- the trail outlives a tenant's erasure.  The trigger below sets at,
-- prev_hash and hash; what a client sends for them is overwritten.
--
-- hash = SHA-256(prev_hash || canonical), canonical being, for each of
-- tenant_id, at, actor, action, object, outcome, details in this order,
-- "<byte length>:<value>;" with tenant_id in decimal and at as
-- "YYYY-MM-DD HH:MM:SS.ffffff" (UTC).  api/api_audit.c recomputes it.
CREATE TABLE audit_log (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	at DATETIME(6) NOT NULL DEFAULT '1970-01-01 00:00:00',
	actor VARCHAR(64) NOT NULL,
	action VARCHAR(64) NOT NULL,
	object VARCHAR(128) NOT NULL,
	outcome VARCHAR(16) NOT NULL,
	details VARCHAR(1024) NOT NULL,
	prev_hash BINARY(32) NOT NULL DEFAULT '',
	hash BINARY(32) NOT NULL DEFAULT '',
	KEY audit_tenant (tenant_id, id),
	KEY audit_tenant_at (tenant_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The newest link of each tenant's chain; its row lock serialises appends.
CREATE TABLE audit_head (
	tenant_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	last_hash BINARY(32) NOT NULL
) ENGINE=InnoDB;

-- Where a purged chain now starts: the hash of the last purged entry.
CREATE TABLE audit_anchor (
	tenant_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	last_id BIGINT UNSIGNED NOT NULL,
	last_hash BINARY(32) NOT NULL
) ENGINE=InnoDB;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW
BEGIN
	DECLARE prev BINARY(32);

	INSERT INTO audit_head (tenant_id, last_hash)
	    VALUES (NEW.tenant_id, UNHEX(REPEAT('00', 32)))
	    ON DUPLICATE KEY UPDATE tenant_id = tenant_id;
	SELECT last_hash INTO prev FROM audit_head
	    WHERE tenant_id = NEW.tenant_id FOR UPDATE;
	SET NEW.at = UTC_TIMESTAMP(6);
	SET NEW.prev_hash = prev;
	SET NEW.hash = UNHEX(SHA2(CONCAT(prev,
	    LENGTH(NEW.tenant_id), ':', NEW.tenant_id, ';',
	    26, ':', DATE_FORMAT(NEW.at, '%Y-%m-%d %H:%i:%s.%f'), ';',
	    LENGTH(NEW.actor), ':', NEW.actor, ';',
	    LENGTH(NEW.action), ':', NEW.action, ';',
	    LENGTH(NEW.object), ':', NEW.object, ';',
	    LENGTH(NEW.outcome), ':', NEW.outcome, ';',
	    LENGTH(NEW.details), ':', NEW.details, ';'), 256));
	UPDATE audit_head SET last_hash = NEW.hash
	    WHERE tenant_id = NEW.tenant_id;
END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
	SIGNAL SQLSTATE '45000'
	    SET MESSAGE_TEXT = 'audit_log is append-only';

-- How young an entry audit_purge may never remove, in hours.  Only the
-- schema owner (or the database's administrator) can change it: the
-- application's user may read it.
CREATE TABLE audit_policy (
	id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
	min_hours INT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO audit_policy (id, min_hours) VALUES (1, 720);

-- The one way entries leave the log: a tenant's oldest entries before
-- p_before (never younger than audit_policy.min_hours), the anchor
-- keeping the hash of the last one, and an entry saying so.  Runs with
-- its definer's (the schema owner's) rights, so the application's user,
-- which cannot DELETE from audit_log, can call it.
CREATE PROCEDURE audit_purge(IN p_tenant BIGINT UNSIGNED,
    IN p_before DATETIME(6))
    SQL SECURITY DEFINER
BEGIN
	DECLARE upto BIGINT UNSIGNED;
	DECLARE h BINARY(32);
	DECLARE n BIGINT UNSIGNED;
	DECLARE floor_hours INT UNSIGNED;

	SELECT min_hours INTO floor_hours FROM audit_policy WHERE id = 1;
	IF p_before > UTC_TIMESTAMP(6) - INTERVAL floor_hours HOUR THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'audit_purge: entries younger than audit_policy.min_hours stay';
	END IF;
	SELECT MAX(id), COUNT(*) INTO upto, n FROM audit_log
	    WHERE tenant_id = p_tenant AND at < p_before;
	IF upto IS NOT NULL THEN
		SELECT hash INTO h FROM audit_log WHERE id = upto;
		INSERT INTO audit_anchor (tenant_id, last_id, last_hash)
		    VALUES (p_tenant, upto, h)
		    ON DUPLICATE KEY UPDATE last_id = upto, last_hash = h;
		DELETE FROM audit_log WHERE tenant_id = p_tenant AND id <= upto;
		INSERT INTO audit_log (tenant_id, actor, action, object, outcome,
		    details) VALUES (p_tenant, 'system', 'audit.purge',
		    CONCAT('audit:', upto), 'success',
		    CONCAT('{"removed":', n, '}'));
	END IF;
END;

-- The tenant of the operator of this installation (its admins are the
-- system administrators) and its first admin come from kore/app.c, which
-- makes the admin's password.
INSERT INTO tenants (id, name) VALUES (1, 'default');
INSERT INTO tenant_settings (tenant_id) VALUES (1);
