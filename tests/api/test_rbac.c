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
 * Unit tests of the route table, the permission matrix and the audit
 * chain's hash (api/api_rbac.c, api/api_audit_chain.c).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_audit_chain.h"
#include "../../api/api_rbac.h"

/* Every route has a real permission, a known method and a sane path. */
static void
test_routes_declare_permissions(void **state)
{
	size_t i, j;

	(void)state;
	assert_true(api_nroutes > 20);
	for (i = 0; i < api_nroutes; i++) {
		const struct api_route_def *d = &api_route_defs[i];

		assert_non_null(api_method_name(d->method));
		assert_non_null(api_perm_name(d->perm));
		assert_int_equal(strncmp(d->path, "/api/v1/", 8), 0);
		/* Only login and the transparency notice are public. */
		if (d->perm == API_PERM_PUBLIC)
			assert_true(
			    strcmp(d->path, "/api/v1/auth/login") == 0 ||
			    (strcmp(d->path, "/api/v1/transparency") == 0 &&
			        d->method == API_GET));
		/*
		 * A cached key never searches (it does not know privacy
		 * mode) and only reads go in by one (their batch checks
		 * the configuration epoch before it commits).
		 */
		if (d->flags & API_R_CACHE) {
			assert_false(d->flags & (API_R_SEARCH | API_R_SESSION));
			assert_int_equal(d->perm, API_PERM_READS_INGEST);
		}
		for (j = i + 1; j < api_nroutes; j++)
			assert_false(d->method == api_route_defs[j].method &&
			    strcmp(d->path, api_route_defs[j].path) == 0);
	}
}

static void
test_route_match(void **state)
{
	int64_t id[API_ROUTE_IDS];
	int     methods;
	long    r;

	(void)state;
	r = api_route_match(API_GET, "/api/v1/users/42", id, &methods);
	assert_true(r >= 0);
	assert_int_equal(id[0], 42);
	assert_int_equal(id[1], 0);
	assert_string_equal(api_route_defs[r].handler, "api_users_get");
	r = api_route_match(API_DELETE, "/api/v1/apikeys/7", id, &methods);
	assert_string_equal(api_route_defs[r].handler, "api_keys_delete");
	r = api_route_match(API_POST, "/api/v1/approvals/3/approve", id,
	    &methods);
	assert_int_equal(id[0], 3);
	assert_string_equal(api_route_defs[r].handler, "api_approvals_approve");
	/* HEAD is GET without a body. */
	r = api_route_match(API_HEAD, "/api/v1/users", id, &methods);
	assert_string_equal(api_route_defs[r].handler, "api_users_list");

	/* A known path with another method: 405 with the methods. */
	assert_int_equal(api_route_match(API_PUT, "/api/v1/users/42", id,
	                     &methods),
	    -1);
	assert_int_equal(methods, API_GET | API_PATCH | API_DELETE);
	/* No such path: 404. */
	const char *bad[] = { "/api/v1/users/", "/api/v1/users/0",
		"/api/v1/users/x", "/api/v1/users/12a", "/api/v1/users/42/",
		"/api/v1/users/1234567890123456789", "/api/v1/user",
		"/api/v1/users/-1", "/api/v1/usersx", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(api_route_match(API_GET, bad[i], id, &methods),
		    -1);
		assert_int_equal(methods, 0);
	}
}

/* The matrix as the README states it; changing one needs the other. */
static void
test_matrix(void **state)
{
	static const struct {
		enum api_perm perm;
		const char   *roles; /* a letter per role: A O V S U I D */
	} want[] = {
		{ API_PERM_SELF, "AOVSUID" },
		{ API_PERM_USERS_READ, "A" },
		{ API_PERM_USERS_WRITE, "A" },
		{ API_PERM_TENANTS, "A" },
		{ API_PERM_KEYS, "AOVSUI" },
		{ API_PERM_AUDIT_READ, "AU" },
		{ API_PERM_APPROVALS, "A" },
		{ API_PERM_SETTINGS_READ, "AU" },
		{ API_PERM_SETTINGS_WRITE, "A" },
		{ API_PERM_CONFIG_READ, "AOVUI" },
		{ API_PERM_CONFIG_WRITE, "A" },
		{ API_PERM_READS_INGEST, "ID" },
		{ API_PERM_READS_SEARCH, "AOVU" },
		{ API_PERM_LISTS_READ, "AO" },
		{ API_PERM_LISTS_WRITE, "A" },
		{ API_PERM_OPERATIONS_READ, "AOV" },
		{ API_PERM_OPERATIONS_RESOLVE, "AO" },
		{ API_PERM_OCCUPANCY_READ, "AOVS" },
		{ API_PERM_DECISIONS_WATCH, "AOID" },
		{ API_PERM_GATE_COMMAND, "AO" },
		{ API_PERM_BOOKINGS_READ, "AOVI" },
		{ API_PERM_BOOKINGS_WRITE, "AOI" },
		{ API_PERM_DSR, "U" },
		{ API_PERM_EVIDENCE, "AU" },
	};
	static const char letters[] = "AOVSUID";
	size_t            i;
	int               r;

	(void)state;
	assert_int_equal(sizeof(want) / sizeof(want[0]), API_PERM_COUNT - 1);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		for (r = 0; r < API_ROLE_COUNT; r++)
			assert_int_equal(api_role_allows((enum api_role)r,
			                     want[i].perm),
			    strchr(want[i].roles, letters[r]) != NULL);
	}
	assert_false(api_role_allows(API_ROLE_COUNT, API_PERM_SELF));
	assert_false(api_role_allows(API_ROLE_ADMIN, API_PERM_COUNT));
}

static void
test_role_names_and_covers(void **state)
{
	int r;

	(void)state;
	for (r = 0; r < API_ROLE_COUNT; r++) {
		const char *n = api_role_name((enum api_role)r);
		assert_int_equal(api_role_parse(n, strlen(n)), r);
		/* Everyone covers themselves; admin covers everyone. */
		assert_true(
		    api_role_covers((enum api_role)r, (enum api_role)r));
		assert_true(api_role_covers(API_ROLE_ADMIN, (enum api_role)r));
	}
	assert_int_equal(api_role_parse("Admin", 5), -1);
	assert_int_equal(api_role_parse("admi", 4), -1);
	assert_int_equal(api_role_parse("adminx", 6), -1);
	assert_false(api_role_covers(API_ROLE_OPERATOR, API_ROLE_ADMIN));
	assert_false(api_role_covers(API_ROLE_VIEWER, API_ROLE_AUDITOR));
	/* Equal permissions today do not make roles interchangeable. */
	assert_false(api_role_covers(API_ROLE_VIEWER, API_ROLE_OPERATOR));
	assert_false(api_role_covers(API_ROLE_VIEWER, API_ROLE_DEVICE));
	assert_false(api_role_covers(API_ROLE_AUDITOR, API_ROLE_VIEWER));
	assert_true(api_role_covers(API_ROLE_INTEGRATOR, API_ROLE_DEVICE));
	assert_false(api_role_covers(API_ROLE_INTEGRATOR, API_ROLE_OPERATOR));
	assert_false(api_role_covers(API_ROLE_DEVICE, API_ROLE_VIEWER));
}

/* Known answers computed with Python's hashlib from the definition. */
static void
test_audit_hash(void **state)
{
	static const unsigned char want1[] = { 0xe5, 0x3e, 0x75, 0xb9, 0xf2,
		0xd3, 0x29, 0xf7, 0x9f, 0x20, 0x55, 0xa5, 0xdd, 0x2e, 0xc4,
		0x09, 0x45, 0xe1, 0xc7, 0xb4, 0x75, 0x63, 0x7e, 0xe7, 0x70,
		0xab, 0x0c, 0x92, 0x96, 0x4b, 0xaf, 0x50 };
	static const unsigned char want2[] = { 0xf6, 0x64, 0xfd, 0x17, 0xa6,
		0xc4, 0x82, 0xd3, 0xef, 0xb4, 0xfc, 0xf3, 0xf2, 0x32, 0x4e,
		0xef, 0x45, 0x23, 0x38, 0xc8, 0xfc, 0x64, 0x70, 0x26, 0xc6,
		0x93, 0x1b, 0x3f, 0x19, 0x6f, 0x88, 0x6c };
	const char   *e1[] = { "1", "2026-11-22 10:00:00.000000", "system",
		  "user.create", "user:1", "success", "{}" };
	const char   *e2[] = { "12", "2026-11-22 10:00:00.000001", "user:3",
		  "auth.login", "user:3", "failure",
		  "{\"reason\":\"wrong_password\"}" };
	unsigned char zero[API_AUDIT_HASH_LEN] = { 0 };
	unsigned char h1[API_AUDIT_HASH_LEN], h2[API_AUDIT_HASH_LEN];

	(void)state;
	assert_int_equal(api_audit_hash(zero, e1, h1), 0);
	assert_memory_equal(h1, want1, sizeof(want1));
	assert_int_equal(api_audit_hash(h1, e2, h2), 0);
	assert_memory_equal(h2, want2, sizeof(want2));

	/* Moving a byte between fields changes the hash (length prefixes). */
	e1[2] = "syste";
	e1[3] = "muser.create";
	assert_int_equal(api_audit_hash(zero, e1, h2), 0);
	assert_memory_not_equal(h2, want1, sizeof(want1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_declare_permissions),
		cmocka_unit_test(test_route_match),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_role_names_and_covers),
		cmocka_unit_test(test_audit_hash),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
