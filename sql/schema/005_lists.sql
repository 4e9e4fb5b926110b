-- 005: allow and deny lists (issue 5).
--
-- An entry keeps no plate in clear: the match token of its skeleton and
-- of the skeleton's one-deletion neighbourhood (fuzzy matching, rules/),
-- and the canonical plate sealed (AES-256-GCM, a key derived from the
-- master key per tenant and key version, bound to the tenant and list),
-- so that lists can be tokenised again when keys rotate and shown to the
-- roles allowed to see them.

CREATE TABLE lists (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	name VARCHAR(64) NOT NULL,
	kind ENUM('allow', 'deny') NOT NULL,
	priority INT NOT NULL DEFAULT 0,
	fuzzy TINYINT(1) NOT NULL DEFAULT 0,
	fuzzy_action ENUM('open', 'manual') NOT NULL DEFAULT 'manual',
	site_id BIGINT UNSIGNED NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	UNIQUE KEY lists_name (tenant_id, name),
	KEY lists_tenant (tenant_id, id),
	CONSTRAINT lists_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE,
	CONSTRAINT lists_site_fk FOREIGN KEY (site_id)
	    REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE list_entries (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	list_id BIGINT UNSIGNED NOT NULL,
	plate_sealed VARBINARY(64) NOT NULL,
	country VARCHAR(3) NULL,
	key_version INT UNSIGNED NOT NULL,
	valid_from DATETIME NULL,
	valid_to DATETIME NULL,
	label VARCHAR(128) NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	KEY list_entries_list (tenant_id, list_id, id),
	CONSTRAINT list_entries_list_fk FOREIGN KEY (list_id)
	    REFERENCES lists (id) ON DELETE CASCADE,
	CONSTRAINT list_entries_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The tokens a read's tokens are looked up by.
CREATE TABLE list_tokens (
	tenant_id BIGINT UNSIGNED NOT NULL,
	token BINARY(16) NOT NULL,
	entry_id BIGINT UNSIGNED NOT NULL,
	is_exact TINYINT(1) NOT NULL,
	PRIMARY KEY (tenant_id, token, entry_id),
	KEY list_tokens_entry (entry_id),
	CONSTRAINT list_tokens_entry_fk FOREIGN KEY (entry_id)
	    REFERENCES list_entries (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Whether a tenant's site has lists at all is cached with its lanes
-- (api/api_reads.c): a list made or removed moves the epoch on.
-- Entries are read from the database for every read, never cached.
CREATE TRIGGER lists_epoch_insert AFTER INSERT ON lists FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER lists_epoch_update AFTER UPDATE ON lists FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
CREATE TRIGGER lists_epoch_delete AFTER DELETE ON lists FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;

-- What decided a read: the list entry and how it matched.
ALTER TABLE plate_reads
	ADD COLUMN list_id BIGINT UNSIGNED NULL,
	ADD COLUMN entry_id BIGINT UNSIGNED NULL,
	ADD COLUMN match_kind ENUM('none', 'exact', 'fuzzy') NOT NULL
	    DEFAULT 'none';

-- Below this confidence a site's lists decide nothing automatically.
ALTER TABLE sites ADD COLUMN manual_below DECIMAL(3, 2) NOT NULL
    DEFAULT 0.50;
CREATE TRIGGER sites_epoch_update AFTER UPDATE ON sites FOR EACH ROW
	UPDATE config_epoch SET v = v + 1 WHERE id = 1;
