-- 007: time profiles of list entries (issue 5).
--
-- A profile says when an entry counts: weekly windows in the site's local
-- time and exception dates, kept in the compact normal form that
-- rules/rules_profile.c reads (rules_profile_parse(): "w12345@0700-1900;
-- x20261224;x20261231@0700-1200").  An entry may name one profile of its
-- tenant; a profile in use cannot be deleted (the API answers 409, the
-- foreign key refuses it too).

CREATE TABLE time_profiles (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	tenant_id BIGINT UNSIGNED NOT NULL,
	name VARCHAR(64) NOT NULL,
	spec VARCHAR(4096) NOT NULL,
	created_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
	UNIQUE KEY time_profiles_name (tenant_id, name),
	KEY time_profiles_tenant (tenant_id, id),
	-- Its name sorts after list_entries': InnoDB cascades a tenant's
	-- deletion in the order of the constraints' names, so the entries
	-- that use a profile are gone before the profile is.
	CONSTRAINT time_profiles_tenant_fk FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE list_entries
	ADD COLUMN profile_id BIGINT UNSIGNED NULL AFTER valid_to,
	ADD KEY list_entries_profile (profile_id),
	ADD CONSTRAINT list_entries_profile_fk FOREIGN KEY (profile_id)
	    REFERENCES time_profiles (id);
