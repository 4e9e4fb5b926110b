-- 003: sites, lanes, reads and their idempotency keys, per-tenant
-- pseudonym settings and retention hours (issue 4).
--
-- A read holds no plaintext plate: only its keyed token (HMAC-SHA-256
-- truncated to 128 bits, pseudo/), the key version and the epoch it was
-- made for.  Container codes and ADR numbers are not personal data and
-- are kept in clear.

CREATE TABLE sites (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	name VARCHAR(64) NOT NULL,
	timezone VARCHAR(64) NOT NULL,
	capacity INT UNSIGNED NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	UNIQUE KEY sites_name (tenant_id, name),
	KEY sites_tenant (tenant_id, id),
	CONSTRAINT sites_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A site with lanes cannot be deleted through the API (it answers 409);
-- the foreign key cascades so that erasing a tenant removes everything.
CREATE TABLE lanes (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	site_id BIGINT UNSIGNED NOT NULL,
	name VARCHAR(64) NOT NULL,
	direction ENUM('in', 'out', 'both') NOT NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	UNIQUE KEY lanes_name (site_id, name),
	KEY lanes_tenant (tenant_id, id),
	CONSTRAINT lanes_site_fk FOREIGN KEY (site_id)
	    REFERENCES sites (id) ON DELETE CASCADE,
	CONSTRAINT lanes_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- How read tokens rotate (a new key per epoch, so stored reads of
-- different epochs cannot be joined) and the key version tokens are made
-- with now (rotation: issue 6).
ALTER TABLE tenant_settings
	ADD COLUMN read_epoch ENUM('none', 'day', 'week', 'month')
	    NOT NULL DEFAULT 'day',
	ADD COLUMN key_version INT UNSIGNED NOT NULL DEFAULT 1;

-- Hours a record of each retention class is kept; a class without a row
-- has the built-in default of api/api_reads.c (0 for a read no rule
-- needed: counted, never stored).
CREATE TABLE retention (
	tenant_id BIGINT UNSIGNED NOT NULL,
	class VARCHAR(32) NOT NULL,
	hours INT UNSIGNED NOT NULL,
	PRIMARY KEY (tenant_id, class),
	CONSTRAINT retention_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The reads.  id is time-ordered (48 bits of milliseconds, 80 random
-- bits), so inserts append.  Partitioned by the day the server received
-- the read (UTC): the purge drops whole days.  pmax catches every read
-- beyond the partitions made ahead, so no partition gap ever refuses a
-- read; plate_reads_partitions() (004) splits it day by day.  No foreign keys:
-- partitioned InnoDB tables cannot have them; the tenant, site and lane
-- are checked when the read arrives.
CREATE TABLE plate_reads (
	id BINARY(16) NOT NULL,
	received_at DATETIME(3) NOT NULL,
	tenant_id BIGINT UNSIGNED NOT NULL,
	site_id BIGINT UNSIGNED NOT NULL,
	lane_id BIGINT UNSIGNED NOT NULL,
	source VARCHAR(32) NOT NULL,
	kind ENUM('plate', 'container', 'adr') NOT NULL,
	captured_at DATETIME(3) NOT NULL,
	token BINARY(16) NULL,
	key_version INT UNSIGNED NULL,
	epoch_mode ENUM('none', 'day', 'week', 'month') NULL,
	epoch INT UNSIGNED NULL,
	code VARCHAR(11) NULL,
	adr_hazard VARCHAR(4) NULL,
	adr_un CHAR(4) NULL,
	country VARCHAR(3) NULL,
	plausible TINYINT(1) NOT NULL,
	confidence DECIMAL(4, 3) NOT NULL,
	direction ENUM('in', 'out', 'unknown') NOT NULL,
	action ENUM('open', 'deny', 'manual', 'none') NOT NULL,
	reasons VARCHAR(255) NOT NULL,
	class VARCHAR(32) NOT NULL,
	expires_at DATETIME(3) NOT NULL,
	PRIMARY KEY (id, received_at),
	KEY plate_reads_site (tenant_id, site_id, received_at),
	KEY plate_reads_token (tenant_id, token),
	KEY plate_reads_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
PARTITION BY RANGE (TO_DAYS(received_at)) (
	PARTITION pmax VALUES LESS THAN MAXVALUE
);

-- Idempotency: what the first read with (source, device_read_id) was
-- answered.  The device's id is kept only as a keyed hash: a camera may
-- put the plate into it.  answer holds no plate.
CREATE TABLE read_ids (
	source VARCHAR(32) NOT NULL,
	id_hash BINARY(16) NOT NULL,
	tenant_id BIGINT UNSIGNED NOT NULL,
	answer VARCHAR(1024) NOT NULL,
	created_at DATETIME(3) NOT NULL,
	expires_at DATETIME(3) NOT NULL,
	PRIMARY KEY (source, id_hash),
	KEY read_ids_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
