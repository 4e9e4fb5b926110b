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
 * Unit tests of the gate stream's pure part (api/api_gate_set.c): the
 * watchers a worker holds, a device key's lanes, the command message.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_gate.h"
#include "../../api/api_json.h"
#include "../../api/api_rbac.h"

/* Stand-ins for kore's connections: only their addresses count. */
static int conn[8];

struct seen {
	void  *conns[16];
	size_t n;
	int    remove; /* fn removes the watcher it is called for */
	struct api_gate_set *set;
};

static void
collect(struct api_gate_watcher *w, void *arg)
{
	struct seen *s = arg;

	s->conns[s->n++] = w->conn;
	if (s->remove)
		assert_int_equal(api_gate_set_remove(s->set, w->conn, NULL), 1);
}

static void
test_gate_set_bounds_each_lane_and_worker(void **state)
{
	struct api_gate_set set;
	int                 i;

	(void)state;
	api_gate_set_init(&set);
	/* Two per lane, five in all. */
	assert_int_equal(api_gate_set_add(&set, 1, 10, &conn[0], "a", 2, 5), 0);
	assert_int_equal(api_gate_set_add(&set, 1, 10, &conn[1], "b", 2, 5), 0);
	assert_int_equal(api_gate_set_add(&set, 1, 10, &conn[2], "c", 2, 5),
	    API_GATE_LANE_FULL);
	/* The same lane id of another tenant is another lane. */
	assert_int_equal(api_gate_set_add(&set, 2, 10, &conn[2], "c", 2, 5), 0);
	assert_int_equal(api_gate_set_add(&set, 1, 11, &conn[3], "d", 2, 5), 0);
	assert_int_equal(api_gate_set_add(&set, 1, 12, &conn[4], "e", 2, 5), 0);
	assert_int_equal(api_gate_set_add(&set, 1, 13, &conn[5], "f", 2, 5),
	    API_GATE_FULL);
	assert_int_equal(set.n, 5);
	assert_int_equal(api_gate_set_count(&set, 1, 10), 2);
	assert_int_equal(api_gate_set_count(&set, 2, 10), 1);
	assert_int_equal(api_gate_set_count(&set, 1, 13), 0);

	/* A watcher that leaves makes room on its lane. */
	assert_int_equal(api_gate_set_remove(&set, &conn[0], NULL), 1);
	assert_int_equal(api_gate_set_remove(&set, &conn[0], NULL), 0);
	assert_int_equal(api_gate_set_add(&set, 1, 10, &conn[6], "g", 2, 5), 0);
	for (i = 0; i < 8; i++)
		(void)api_gate_set_remove(&set, &conn[i], NULL);
	assert_int_equal(set.n, 0);
	assert_null(set.first);
	assert_null(set.last);
}

static void
test_gate_set_each_reaches_only_its_lane(void **state)
{
	struct api_gate_set     set;
	struct api_gate_watcher w;
	struct seen             s;

	(void)state;
	api_gate_set_init(&set);
	(void)api_gate_set_add(&set, 1, 10, &conn[0], "key:7", 32, 1024);
	(void)api_gate_set_add(&set, 1, 11, &conn[1], "user:3", 32, 1024);
	(void)api_gate_set_add(&set, 2, 10, &conn[2], "key:9", 32, 1024);
	(void)api_gate_set_add(&set, 1, 10, &conn[3], "key:8", 32, 1024);

	memset(&s, 0, sizeof(s));
	assert_int_equal(api_gate_set_each(&set, 1, 10, collect, &s), 2);
	assert_int_equal(s.n, 2);
	assert_ptr_equal(s.conns[0], &conn[0]);
	assert_ptr_equal(s.conns[1], &conn[3]);

	/* Tenant 0: every watcher (the pings). */
	memset(&s, 0, sizeof(s));
	assert_int_equal(api_gate_set_each(&set, 0, 0, collect, &s), 4);

	/* A callback may close (remove) the watcher it was called for. */
	memset(&s, 0, sizeof(s));
	s.remove = 1;
	s.set = &set;
	assert_int_equal(api_gate_set_each(&set, 0, 0, collect, &s), 4);
	assert_int_equal(set.n, 0);

	/* remove() hands back what the log needs; who is cut to fit. */
	(void)api_gate_set_add(&set, 5, 6, &conn[4],
	    "key:123456789012345678901234567890", 32, 1024);
	assert_int_equal(api_gate_set_remove(&set, &conn[4], &w), 1);
	assert_int_equal(w.tenant, 5);
	assert_int_equal(w.lane, 6);
	assert_int_equal(strlen(w.who), sizeof(w.who) - 1);
	api_gate_set_clear(&set);
}

static void
test_gate_lanes_contain(void **state)
{
	static const struct {
		const char *lanes;
		int64_t     lane;
		int         want;
	} cases[] = {
		{ "", 1, 0 },
		{ "1", 1, 1 },
		{ "1,2,3", 3, 1 },
		{ "1,2,3", 2, 1 },
		{ "12,3", 1, 0 },
		{ "12,3", 2, 0 },
		{ "12,3", 12, 1 },
		{ "1,2", 12, 0 },
		{ "x,1", 1, 0 },
		{ "1,,2", 2, 0 },
		{ "-1", 1, 0 },
		{ "1234567890123456789", 1234567890123456789LL, 0 },
		{ "123456789012345678", 123456789012345678LL, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(api_gate_lanes_contain(cases[i].lanes,
		                     cases[i].lane),
		    cases[i].want);
}

/* The command is one valid JSON object, every string escaped. */
static void
test_gate_command_json(void **state)
{
	const struct api_jvalue *root, *v;
	struct api_jdoc         *doc;
	char                     buf[2048], small[16];
	const char              *reason = "B\"ad\\ </script>\n\x01 ü";
	size_t                   n;

	(void)state;
	n = api_gate_command_json(buf, sizeof(buf), "open", 42, "user:3",
	    "2026-11-22T10:15:00Z", NULL);
	assert_string_equal(buf,
	    "{\"type\":\"command\",\"command\":\"open\",\"lane\":\"42\","
	    "\"by\":\"user:3\",\"at\":\"2026-11-22T10:15:00Z\","
	    "\"reason\":null}");
	assert_int_equal(n, strlen(buf));

	n = api_gate_command_json(buf, sizeof(buf), "open", 42, "key:7",
	    "2026-11-22T10:15:00Z", reason);
	assert_int_equal(n, strlen(buf));
	assert_null(strchr(buf, '\n'));
	assert_null(strstr(buf, "</script>"));
	doc = api_json_parse(buf, n, NULL);
	assert_non_null(doc);
	root = api_json_root(doc);
	assert_non_null(v = api_json_get(root, "reason"));
	assert_string_equal(v->str, reason);
	assert_non_null(v = api_json_get(root, "lane"));
	assert_string_equal(v->str, "42");
	assert_non_null(v = api_json_get(root, "by"));
	assert_string_equal(v->str, "key:7");
	api_json_free(doc);

	/* Cut like snprintf: the length it needs, NUL-terminated. */
	assert_int_equal(api_gate_command_json(small, sizeof(small), "open", 42,
	                     "key:7", "2026-11-22T10:15:00Z", reason),
	    n);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, buf, sizeof(small) - 1);
	assert_int_equal(api_gate_command_json(NULL, 0, "open", 42, "key:7",
	                     "2026-11-22T10:15:00Z", reason),
	    n);
}

/* Devices watch; only admins and operators command a gate. */
static void
test_gate_permissions(void **state)
{
	int64_t id[API_ROUTE_IDS];
	int     methods;
	long    r;

	(void)state;
	r = api_route_match(API_GET, "/api/v1/lanes/7/decisions", id, &methods);
	assert_true(r >= 0);
	assert_int_equal(id[0], 7);
	assert_string_equal(api_route_defs[r].handler, "api_gate_watch");
	assert_int_equal(api_route_defs[r].perm, API_PERM_DECISIONS_WATCH);
	r = api_route_match(API_POST, "/api/v1/lanes/7/open", id, &methods);
	assert_true(r >= 0);
	assert_string_equal(api_route_defs[r].handler, "api_gate_open");
	assert_int_equal(api_route_defs[r].perm, API_PERM_GATE_COMMAND);
	assert_false(api_role_allows(API_ROLE_DEVICE, API_PERM_GATE_COMMAND));
	assert_true(api_role_allows(API_ROLE_DEVICE, API_PERM_DECISIONS_WATCH));
	assert_false(
	    api_role_allows(API_ROLE_VIEWER, API_PERM_DECISIONS_WATCH));
	assert_string_equal(api_perm_name(API_PERM_DECISIONS_WATCH),
	    "decisions.watch");
	assert_string_equal(api_perm_name(API_PERM_GATE_COMMAND),
	    "gate.command");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_set_bounds_each_lane_and_worker),
		cmocka_unit_test(test_gate_set_each_reaches_only_its_lane),
		cmocka_unit_test(test_gate_lanes_contain),
		cmocka_unit_test(test_gate_command_json),
		cmocka_unit_test(test_gate_permissions),
	};

	return (cmocka_run_group_tests_name("gate", tests, NULL, NULL));
}
