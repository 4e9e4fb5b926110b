-- 006: parking sessions, occupancy, anti-passback, tariffs, events, the
-- operator queue, shadow lists and decision traces (issue 5).
--
-- A session is keyed by the vehicle's match token (the keyed token of
-- its plate's skeleton, without epoch: a stay may cross midnight), never
-- by a plate.  Sessions are tracked only at sites that ask for it
-- (sites.parking): a site that does not keeps nothing that links a
-- vehicle's entry to its exit.

-- What a site does with the vehicles it sees.
ALTER TABLE sites
	ADD COLUMN parking TINYINT(1) NOT NULL DEFAULT 0,
	ADD COLUMN reserved INT UNSIGNED NOT NULL DEFAULT 0,
	ADD COLUMN default_action ENUM('none', 'open', 'deny', 'manual')
	    NOT NULL DEFAULT 'none',
	ADD COLUMN passback ENUM('off', 'soft', 'hard') NOT NULL DEFAULT 'off',
	ADD COLUMN passback_reset_min INT UNSIGNED NOT NULL DEFAULT 720,
	ADD COLUMN max_stay_min INT UNSIGNED NULL,
	ADD COLUMN grace_min INT UNSIGNED NOT NULL DEFAULT 15,
	ADD COLUMN free_min INT UNSIGNED NOT NULL DEFAULT 0,
	ADD COLUMN period_min INT UNSIGNED NOT NULL DEFAULT 60,
	ADD COLUMN period_cents INT UNSIGNED NOT NULL DEFAULT 0,
	ADD COLUMN daily_cap_cents INT UNSIGNED NULL,
	ADD COLUMN currency CHAR(3) NOT NULL DEFAULT 'EUR';

-- Live occupancy of a site: the number of its open sessions, and how many
-- of those are allow-list holders'.  Kept by the triggers on
-- parking_sessions below, so it equals the count in every code path.
-- Every transaction that changes a site's sessions locks this row first
-- (api/api_reads.c), so entries and exits of one site serialise here and
-- the capacity check is exact across workers and nodes.
CREATE TABLE site_state (
	site_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	occupancy INT NOT NULL DEFAULT 0,
	holders INT NOT NULL DEFAULT 0,
	seq BIGINT UNSIGNED NOT NULL DEFAULT 0,
	CONSTRAINT site_state_site_fk FOREIGN KEY (site_id)
	    REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB;

INSERT INTO site_state (site_id) SELECT id FROM sites;
CREATE TRIGGER sites_state_insert AFTER INSERT ON sites FOR EACH ROW
	INSERT INTO site_state (site_id) VALUES (NEW.id);

-- open_token is the token while the session is open, else NULL: the
-- unique key allows one open session per vehicle and site.
CREATE TABLE parking_sessions (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	site_id BIGINT UNSIGNED NOT NULL,
	token BINARY(16) NOT NULL,
	key_version INT UNSIGNED NOT NULL,
	open_token BINARY(16) NULL,
	holder TINYINT(1) NOT NULL DEFAULT 0,
	state ENUM('open', 'closed', 'superseded') NOT NULL DEFAULT 'open',
	entered_at DATETIME(3) NOT NULL,
	exited_at DATETIME(3) NULL,
	overstay TINYINT(1) NOT NULL DEFAULT 0,
	amount_cents INT UNSIGNED NULL,
	entry_read BINARY(16) NULL,
	exit_read BINARY(16) NULL,
	expires_at DATETIME(3) NULL,
	UNIQUE KEY sessions_open (site_id, open_token),
	KEY sessions_tenant (tenant_id, site_id, id),
	KEY sessions_expires (expires_at),
	CONSTRAINT sessions_site_fk FOREIGN KEY (site_id)
	    REFERENCES sites (id) ON DELETE CASCADE,
	CONSTRAINT sessions_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TRIGGER sessions_count_insert AFTER INSERT ON parking_sessions
FOR EACH ROW
	UPDATE site_state SET occupancy = occupancy + 1,
	    holders = holders + NEW.holder
	WHERE site_id = NEW.site_id AND NEW.open_token IS NOT NULL;
CREATE TRIGGER sessions_count_update AFTER UPDATE ON parking_sessions
FOR EACH ROW
	UPDATE site_state SET occupancy = occupancy - 1,
	    holders = holders - OLD.holder
	WHERE site_id = OLD.site_id AND OLD.open_token IS NOT NULL
	    AND NEW.open_token IS NULL;
CREATE TRIGGER sessions_count_delete AFTER DELETE ON parking_sessions
FOR EACH ROW
	UPDATE site_state SET occupancy = occupancy - 1,
	    holders = holders - OLD.holder
	WHERE site_id = OLD.site_id AND OLD.open_token IS NOT NULL;

-- Things an operator should know of: an overstay, an anti-passback
-- violation, a hazardous arrival, a manual gate command.  No plate, no
-- token: the read and the session they concern, and short details.
CREATE TABLE events (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	site_id BIGINT UNSIGNED NOT NULL,
	lane_id BIGINT UNSIGNED NULL,
	kind ENUM('overstay', 'passback', 'hazard') NOT NULL,
	read_id BINARY(16) NULL,
	session_id BIGINT UNSIGNED NULL,
	at DATETIME(3) NOT NULL,
	details VARCHAR(255) NOT NULL DEFAULT '',
	expires_at DATETIME(3) NOT NULL,
	KEY events_tenant (tenant_id, id),
	KEY events_expires (expires_at),
	CONSTRAINT events_site_fk FOREIGN KEY (site_id)
	    REFERENCES sites (id) ON DELETE CASCADE,
	CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The operator queue: every manual decision waits here until a person
-- opens or denies (audited).  token is the vehicle's match token of a
-- parking site's read, so that opening starts (or ends) its session.
CREATE TABLE manual_queue (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	site_id BIGINT UNSIGNED NOT NULL,
	lane_id BIGINT UNSIGNED NOT NULL,
	read_id BINARY(16) NOT NULL,
	kind ENUM('plate', 'container', 'adr') NOT NULL,
	direction ENUM('in', 'out', 'unknown') NOT NULL,
	reasons VARCHAR(128) NOT NULL,
	confidence DOUBLE NOT NULL,
	code VARCHAR(11) NULL,
	token BINARY(16) NULL,
	key_version INT UNSIGNED NULL,
	holder TINYINT(1) NOT NULL DEFAULT 0,
	state ENUM('pending', 'open', 'deny') NOT NULL DEFAULT 'pending',
	created_at DATETIME(3) NOT NULL,
	resolved_at DATETIME(3) NULL,
	resolved_by VARCHAR(32) NULL,
	expires_at DATETIME(3) NOT NULL,
	KEY manual_tenant (tenant_id, state, id),
	KEY manual_expires (expires_at),
	CONSTRAINT manual_site_fk FOREIGN KEY (site_id)
	    REFERENCES sites (id) ON DELETE CASCADE,
	CONSTRAINT manual_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A list may run in shadow mode: its hits are decided beside the enforced
-- decision and recorded, never acted on.
ALTER TABLE lists ADD COLUMN mode ENUM('enforce', 'shadow') NOT NULL
    DEFAULT 'enforce';

-- What decided a read, in short (rules/: list, entry, session, capacity),
-- and what the shadow lists would have decided.
ALTER TABLE plate_reads
	ADD COLUMN trace VARCHAR(255) NOT NULL DEFAULT '',
	ADD COLUMN shadow_action ENUM('none', 'open', 'deny', 'manual') NULL,
	ADD COLUMN shadow_reasons VARCHAR(128) NULL,
	ADD COLUMN session_id BIGINT UNSIGNED NULL;

-- The reserved share is part of the capacity.
ALTER TABLE sites ADD CONSTRAINT sites_reserved
    CHECK (capacity IS NULL OR reserved <= capacity);
