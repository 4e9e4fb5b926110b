-- 010: container booking lists (issue 5).
--
-- A terminal or logistics gate expects containers: a booking is an ISO
-- 6346 code (not personal data, kept in clear like a read's) expected at
-- a site, optionally within a time window.  A site that checks bookings
-- (unbooked_action set) opens for a booked container and does what
-- unbooked_action says for any other.

CREATE TABLE container_bookings (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	site_id BIGINT UNSIGNED NOT NULL,
	code CHAR(11) NOT NULL,
	window_from DATETIME NULL,
	window_to DATETIME NULL,
	label VARCHAR(128) NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	KEY bookings_code (tenant_id, site_id, code),
	KEY bookings_tenant (tenant_id, site_id, id),
	CONSTRAINT bookings_site_fk FOREIGN KEY (site_id)
	    REFERENCES sites (id) ON DELETE CASCADE,
	CONSTRAINT bookings_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE sites ADD COLUMN unbooked_action
    ENUM('none', 'open', 'deny', 'manual') NULL;
