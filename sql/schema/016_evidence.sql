-- 016: sealed evidence (issue 6, api/api_evidence.c).
--
-- A tenant may give a disclosure public key (X25519 or RSA, PEM) and the
-- read classes whose plate is also stored sealed to it.  The server can
-- seal but never open: the private key stays with whoever the tenant
-- names, and pseudo/torwart-open opens an export offline.  NULL or ''
-- classes: nothing is sealed.
-- The key's kind and fingerprint are kept beside it (the API shows them
-- without parsing the key; reads parse it again only when it changed).
ALTER TABLE tenant_settings
	ADD COLUMN evidence_key TEXT NULL,
	ADD COLUMN evidence_kind VARCHAR(8) NULL,
	ADD COLUMN evidence_fingerprint CHAR(64) NULL,
	ADD COLUMN evidence_classes VARCHAR(255) NULL;

-- The sealed plate (pseudo_evidence_seal(), aad "torwart-read:<tenant>:
-- <read id hex>"), at most PSEUDO_EVIDENCE_SEALED_MAX(PSEUDO_PLATE_MAX)
-- bytes.  It goes with its read when the read expires or is erased.
ALTER TABLE plate_reads ADD COLUMN sealed VARBINARY(1080) NULL;

-- A request to release sealed reads: it waits for a second person's
-- approval (approvals, action evidence.release, object_id = id) and may
-- then be downloaded by its requester until expires_at.  The id is
-- random (the approval is made in the same transaction).  read_ids is a
-- JSON array of the reads' ids in hex; reference is the case it is for.
CREATE TABLE evidence_releases (
	id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	requested_by BIGINT UNSIGNED NOT NULL,
	reference VARCHAR(200) NOT NULL,
	read_ids VARCHAR(3600) NOT NULL,
	read_count INT UNSIGNED NOT NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	approved_at DATETIME(6) NULL,
	expires_at DATETIME(6) NULL,
	downloads INT UNSIGNED NOT NULL DEFAULT 0,
	KEY evidence_releases_tenant (tenant_id, id),
	CONSTRAINT evidence_releases_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Reads cache the key and the classes (api/api_reads.c): a change moves
-- config_epoch, as read_epoch and key_version do.
DROP TRIGGER IF EXISTS tenant_settings_epoch;
CREATE TRIGGER tenant_settings_epoch AFTER UPDATE ON tenant_settings
    FOR EACH ROW
	IF NOT (OLD.read_epoch <=> NEW.read_epoch
	    AND OLD.key_version <=> NEW.key_version
	    AND OLD.evidence_key <=> NEW.evidence_key
	    AND OLD.evidence_classes <=> NEW.evidence_classes) THEN
		UPDATE config_epoch SET v = v + 1 WHERE id = 1;
	END IF;
