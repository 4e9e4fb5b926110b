-- 008: dangerous goods restrictions per site and lane (issue 5).
--
-- adr_forbidden: ADR classes, divisions or class 1 codes a vehicle may
-- not bring ("1,2.1,7"; rules/rules_adr.h); adr_tunnel: the ADR tunnel
-- category (A..E) on the way to the site or lane.  A read of an orange
-- plate is denied when the site's or the lane's restriction forbids it.

ALTER TABLE sites
	ADD COLUMN adr_forbidden VARCHAR(64) NOT NULL DEFAULT '',
	ADD COLUMN adr_tunnel CHAR(1) NOT NULL DEFAULT '';
ALTER TABLE lanes
	ADD COLUMN adr_forbidden VARCHAR(64) NOT NULL DEFAULT '',
	ADD COLUMN adr_tunnel CHAR(1) NOT NULL DEFAULT '';
