/*
 * Copyright (c) 2026 The Torwart authors
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */
/*
 * Roles, permissions and the route table: who may call what.  Pure C (no
 * kore), so the matrix and the table are unit tested on their own
 * (tests/api/test_rbac.c) and printed for the README by obj/torwart-routes.
 *
 * Every route is declared once, in API_ROUTES below, with the permission
 * it needs: the table has no other place, so a route cannot exist without
 * one.  api/api_dispatch.c expands the same list with the handlers.
 */

#ifndef API_RBAC_H
#define API_RBAC_H

#include <stddef.h>
#include <stdint.h>

enum api_role {
	API_ROLE_ADMIN,
	API_ROLE_OPERATOR,
	API_ROLE_VIEWER,
	API_ROLE_STATISTICS,
	API_ROLE_AUDITOR,
	API_ROLE_INTEGRATOR,
	API_ROLE_DEVICE,
	API_ROLE_COUNT
};

/*
 * Permissions.  API_PERM_PUBLIC needs no credentials; API_PERM_SELF any
 * valid credentials (a principal acting on itself); the rest are granted
 * to roles by the matrix in api_rbac.c.
 */
enum api_perm {
	API_PERM_PUBLIC,
	API_PERM_SELF,
	API_PERM_USERS_READ,
	API_PERM_USERS_WRITE,
	API_PERM_TENANTS,
	API_PERM_KEYS,
	API_PERM_AUDIT_READ,
	API_PERM_APPROVALS,
	API_PERM_SETTINGS_READ,
	API_PERM_SETTINGS_WRITE,
	API_PERM_CONFIG_READ,
	API_PERM_CONFIG_WRITE,
	API_PERM_READS_INGEST,
	API_PERM_READS_SEARCH,
	API_PERM_LISTS_READ,
	API_PERM_LISTS_WRITE,
	API_PERM_OPERATIONS_READ,
	API_PERM_OPERATIONS_RESOLVE,
	API_PERM_OCCUPANCY_READ,
	API_PERM_DECISIONS_WATCH,
	API_PERM_GATE_COMMAND,
	API_PERM_BOOKINGS_READ,
	API_PERM_BOOKINGS_WRITE,
	API_PERM_DSR,
	API_PERM_EVIDENCE,
	API_PERM_COUNT
};

/* Route flags. */
#define API_R_SESSION 0x01 /* a logged-in user only, not an API key */
#define API_R_SYSTEM  0x02 /* only principals of tenant 1 (the operator's) */
#define API_R_ANYTIME 0x04 /* also while a password change is required */
#define API_R_ENROL   0x08 /* also while TOTP enrolment is required */
#define API_R_SEARCH  0x10 /* searches reads: refused in privacy mode */
#define API_R_CACHE   0x20 /* a key may come from the worker's cache */
#define API_R_CSV     0x40 /* the body is text/csv, read by the handler */
#define API_R_RAW     0x80 /* a vendor's body (any type), read by the handler */

/* The system tenant: the operator of the installation (migration 002). */
#define API_SYSTEM_TENANT 1

/* Methods, as bits (the same values as kore's HTTP_METHOD_*: checked). */
#define API_GET    0x0001
#define API_POST   0x0002
#define API_PUT    0x0004
#define API_DELETE 0x0010
#define API_HEAD   0x0020
#define API_PATCH  0x0080

/*
 * R(method, path, permission, flags, handler).  A path segment "{id}"
 * matches a decimal id (1 to 18 digits).
 */
/* clang-format off */
#define API_ROUTES(R)							\
	R(POST, "/api/v1/auth/login", PUBLIC, 0, api_auth_login)	\
	R(POST, "/api/v1/auth/logout", SELF,				\
	    API_R_SESSION | API_R_ANYTIME | API_R_ENROL, api_auth_logout) \
	R(POST, "/api/v1/auth/password", SELF,				\
	    API_R_SESSION | API_R_ANYTIME | API_R_ENROL, api_auth_password) \
	R(GET, "/api/v1/auth/me", SELF, API_R_ANYTIME | API_R_ENROL,	\
	    api_auth_me)						\
	R(POST, "/api/v1/auth/totp", SELF, API_R_SESSION | API_R_ENROL,	\
	    api_totp_begin)						\
	R(POST, "/api/v1/auth/totp/confirm", SELF,			\
	    API_R_SESSION | API_R_ENROL, api_totp_confirm)		\
	R(GET, "/api/v1/users", USERS_READ, 0, api_users_list)		\
	R(POST, "/api/v1/users", USERS_WRITE, 0, api_users_create)	\
	R(GET, "/api/v1/users/{id}", USERS_READ, 0, api_users_get)	\
	R(PATCH, "/api/v1/users/{id}", USERS_WRITE, 0, api_users_update) \
	R(DELETE, "/api/v1/users/{id}", USERS_WRITE, 0, api_users_delete) \
	R(GET, "/api/v1/tenants", TENANTS, API_R_SYSTEM, api_tenants_list) \
	R(POST, "/api/v1/tenants", TENANTS, API_R_SYSTEM,		\
	    api_tenants_create)						\
	R(GET, "/api/v1/tenants/{id}", TENANTS, API_R_SYSTEM,		\
	    api_tenants_get)						\
	R(PATCH, "/api/v1/tenants/{id}", TENANTS, API_R_SYSTEM,	\
	    api_tenants_update)						\
	R(DELETE, "/api/v1/tenants/{id}", TENANTS, API_R_SYSTEM,	\
	    api_tenants_delete)						\
	R(GET, "/api/v1/tenants/{id}/export", TENANTS,			\
	    API_R_SYSTEM | API_R_SESSION, api_tenants_export)		\
	R(GET, "/api/v1/tenants/{id}/records", TENANTS,		\
	    API_R_SYSTEM | API_R_SESSION, api_tenants_records)		\
	R(GET, "/api/v1/apikeys", KEYS, 0, api_keys_list)		\
	R(POST, "/api/v1/apikeys", KEYS, API_R_SESSION, api_keys_create) \
	R(GET, "/api/v1/apikeys/{id}", KEYS, 0, api_keys_get)		\
	R(DELETE, "/api/v1/apikeys/{id}", KEYS, 0, api_keys_delete)	\
	R(GET, "/api/v1/audit", AUDIT_READ, 0, api_audit_list)		\
	R(GET, "/api/v1/audit/verify", AUDIT_READ, 0, api_audit_verify) \
	R(GET, "/api/v1/approvals", APPROVALS, 0, api_approvals_list)	\
	R(POST, "/api/v1/approvals/{id}/approve", APPROVALS,		\
	    API_R_SESSION, api_approvals_approve)			\
	R(POST, "/api/v1/approvals/{id}/reject", APPROVALS,		\
	    API_R_SESSION, api_approvals_reject)			\
	R(GET, "/api/v1/retention", SETTINGS_READ, 0,			\
	    api_retention_get)						\
	R(PUT, "/api/v1/retention", SETTINGS_WRITE, API_R_SESSION,	\
	    api_retention_put)						\
	R(GET, "/api/v1/retention/report", SETTINGS_READ, 0,		\
	    api_retention_report)					\
	R(POST, "/api/v1/dsr/access", DSR, API_R_SESSION,		\
	    api_dsr_access)						\
	R(POST, "/api/v1/dsr/erase", DSR, API_R_SESSION, api_dsr_erase) \
	R(GET, "/api/v1/transparency", PUBLIC, 0, api_transparency)	\
	R(GET, "/api/v1/settings/transparency", SETTINGS_READ, 0,	\
	    api_transparency_get)					\
	R(PUT, "/api/v1/settings/transparency", SETTINGS_WRITE, 0,	\
	    api_transparency_put)					\
	R(GET, "/api/v1/settings/evidence", SETTINGS_READ, 0,		\
	    api_evidence_settings_get)					\
	R(PUT, "/api/v1/settings/evidence", SETTINGS_WRITE,		\
	    API_R_SESSION, api_evidence_settings_put)			\
	R(GET, "/api/v1/evidence/releases", EVIDENCE, API_R_SESSION,	\
	    api_evidence_release_list)					\
	R(POST, "/api/v1/evidence/releases", EVIDENCE, API_R_SESSION,	\
	    api_evidence_release_create)				\
	R(GET, "/api/v1/evidence/releases/{id}", EVIDENCE,		\
	    API_R_SESSION, api_evidence_release_get)			\
	R(POST, "/api/v1/settings/keys/rotate", SETTINGS_WRITE,	\
	    API_R_SESSION, api_keys_rotate)				\
	R(GET, "/api/v1/settings/privacy", SETTINGS_READ, 0,		\
	    api_privacy_get)						\
	R(PUT, "/api/v1/settings/privacy", SETTINGS_WRITE, 0,		\
	    api_privacy_put)						\
	R(GET, "/api/v1/sites", CONFIG_READ, 0, api_sites_list)	\
	R(POST, "/api/v1/sites", CONFIG_WRITE, 0, api_sites_create)	\
	R(GET, "/api/v1/sites/{id}", CONFIG_READ, 0, api_sites_get)	\
	R(PATCH, "/api/v1/sites/{id}", CONFIG_WRITE, 0,		\
	    api_sites_update)						\
	R(DELETE, "/api/v1/sites/{id}", CONFIG_WRITE, 0,		\
	    api_sites_delete)						\
	R(GET, "/api/v1/sites/{id}/occupancy", OCCUPANCY_READ, 0,	\
	    api_sites_occupancy)					\
	R(GET, "/api/v1/lanes", CONFIG_READ, 0, api_lanes_list)	\
	R(POST, "/api/v1/lanes", CONFIG_WRITE, 0, api_lanes_create)	\
	R(GET, "/api/v1/lanes/{id}", CONFIG_READ, 0, api_lanes_get)	\
	R(DELETE, "/api/v1/lanes/{id}", CONFIG_WRITE, 0,		\
	    api_lanes_delete)						\
	R(GET, "/api/v1/lanes/{id}/decisions", DECISIONS_WATCH, 0,	\
	    api_gate_watch)						\
	R(POST, "/api/v1/lanes/{id}/open", GATE_COMMAND, 0,		\
	    api_gate_open)						\
	R(POST, "/api/v1/reads", READS_INGEST, API_R_CACHE,		\
	    api_reads_create)						\
	R(POST, "/api/v1/ingest/openalpr", READS_INGEST,		\
	    API_R_CACHE | API_R_RAW, api_ingest_openalpr)		\
	R(POST, "/api/v1/ingest/platerecognizer", READS_INGEST,	\
	    API_R_CACHE | API_R_RAW, api_ingest_platerecognizer)	\
	R(POST, "/api/v1/ingest/axis", READS_INGEST,			\
	    API_R_CACHE | API_R_RAW, api_ingest_axis)			\
	R(POST, "/api/v1/ingest/hikvision", READS_INGEST,		\
	    API_R_CACHE | API_R_RAW, api_ingest_hikvision)		\
	R(POST, "/api/v1/ingest/vaxtor", READS_INGEST,			\
	    API_R_CACHE | API_R_RAW, api_ingest_vaxtor)			\
	R(POST, "/api/v1/ingest/dahua", READS_INGEST,			\
	    API_R_CACHE | API_R_RAW, api_ingest_dahua)			\
	R(POST, "/api/v1/ingest/genetec", READS_INGEST,		\
	    API_R_CACHE | API_R_RAW, api_ingest_genetec)		\
	R(POST, "/api/v1/ocr", READS_INGEST, API_R_CACHE | API_R_RAW,	\
	    api_ocr)							\
	R(GET, "/api/v1/reads", READS_SEARCH, API_R_SEARCH,		\
	    api_reads_list)						\
	R(GET, "/api/v1/lists", LISTS_READ, 0, api_lists_list)	\
	R(POST, "/api/v1/lists", LISTS_WRITE, 0, api_lists_create)	\
	R(GET, "/api/v1/lists/{id}", LISTS_READ, 0, api_lists_get)	\
	R(DELETE, "/api/v1/lists/{id}", LISTS_WRITE, 0,		\
	    api_lists_delete)						\
	R(GET, "/api/v1/lists/{id}/entries", LISTS_READ, 0,		\
	    api_list_entries_list)					\
	R(POST, "/api/v1/lists/{id}/entries", LISTS_WRITE, 0,		\
	    api_list_entries_create)					\
	R(DELETE, "/api/v1/lists/{id}/entries/{id}", LISTS_WRITE, 0,	\
	    api_list_entries_delete)					\
	R(GET, "/api/v1/manual", OPERATIONS_READ, 0, api_manual_list)	\
	R(POST, "/api/v1/manual/{id}/resolve", OPERATIONS_RESOLVE, 0,	\
	    api_manual_resolve)						\
	R(GET, "/api/v1/events", OPERATIONS_READ, 0, api_events_list)	\
	R(GET, "/api/v1/sites/{id}/bookings", BOOKINGS_READ, 0,	\
	    api_bookings_list)						\
	R(POST, "/api/v1/sites/{id}/bookings", BOOKINGS_WRITE, 0,	\
	    api_bookings_create)					\
	R(DELETE, "/api/v1/sites/{id}/bookings/{id}", BOOKINGS_WRITE, 0, \
	    api_bookings_delete)					\
	R(POST, "/api/v1/lists/{id}/import", LISTS_WRITE, API_R_CSV,	\
	    api_lists_import)						\
	R(GET, "/api/v1/lists/{id}/export", LISTS_READ, 0,		\
	    api_lists_export)						\
	R(GET, "/api/v1/profiles", LISTS_READ, 0, api_profiles_list)	\
	R(POST, "/api/v1/profiles", LISTS_WRITE, 0, api_profiles_create) \
	R(GET, "/api/v1/profiles/{id}", LISTS_READ, 0, api_profiles_get) \
	R(DELETE, "/api/v1/profiles/{id}", LISTS_WRITE, 0,		\
	    api_profiles_delete)
/* clang-format on */

/* A route without its handler (api_rbac.c's view of API_ROUTES). */
struct api_route_def {
	int           method; /* one API_* method bit */
	const char   *path;
	enum api_perm perm;
	int           flags;
	const char   *handler; /* the handler's name */
};

extern const struct api_route_def api_route_defs[];
extern const size_t               api_nroutes;

/* Role and permission names ("admin", "users.read"); NULL when out of range. */
const char *api_role_name(enum api_role);
const char *api_perm_name(enum api_perm);
const char *api_method_name(int);

/* The role called name[0..len), or -1. */
int api_role_parse(const char *, size_t);

/* 1 when role has perm (API_PERM_PUBLIC and API_PERM_SELF: every role). */
int api_role_allows(enum api_role, enum api_perm);

/*
 * 1 when role a may hand out role b (an API key): admin any role, every
 * role itself, integrator also device.
 */
int api_role_covers(enum api_role, enum api_role);

/*
 * Match method and path against the table: returns the route's index with
 * ids[0..API_ROUTE_IDS) set from the path's "{id}" segments in order (0
 * for those it has not), or -1 with *methods the mask of methods the path
 * has (0: no such path: 404; else 405).
 */
#define API_ROUTE_IDS 2
long api_route_match(int, const char *, int64_t *, int *);

#endif /* API_RBAC_H */
