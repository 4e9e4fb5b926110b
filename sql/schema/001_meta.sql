-- 001: installation facts that outlive any one version of the code.
-- name/value pairs; no personal data belongs here.
CREATE TABLE IF NOT EXISTS app_meta (
	name VARCHAR(64) NOT NULL PRIMARY KEY,
	value VARCHAR(255) NOT NULL,
	updated_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT IGNORE INTO app_meta (name, value)
VALUES ('installed_at', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%dT%H:%i:%sZ'));
