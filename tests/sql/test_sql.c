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
 * sql/sql.c against a real MariaDB (tests/run-tests starts one and sets
 * APP_TEST_DB_SOCKET and APP_TEST_DB_USER).  The group setup creates a
 * database of its own and drops it at the end.
 */

#include <sys/types.h>

#include <poll.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../sql/sql.h"

static struct sql_conn *admin_conn(void);
static struct sql_conn *test_conn(void);
static int64_t          one_int(struct sql_conn *, const char *,
             const struct sql_param *, size_t);

static char dbname[64];

static struct sql_conn *
admin_conn(void)
{
	struct sql_config cfg;
	const char       *sock, *user;

	if ((sock = getenv("APP_TEST_DB_SOCKET")) == NULL ||
	    (user = getenv("APP_TEST_DB_USER")) == NULL)
		fail_msg("APP_TEST_DB_SOCKET/APP_TEST_DB_USER not set: run "
		         "through tests/run-tests");
	memset(&cfg, 0, sizeof(cfg));
	cfg.socket = sock;
	cfg.user = user;
	cfg.timeout = 5;

	return (sql_conn_new(&cfg));
}

static struct sql_conn *
test_conn(void)
{
	struct sql_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.socket = getenv("APP_TEST_DB_SOCKET");
	cfg.user = getenv("APP_TEST_DB_USER");
	cfg.database = dbname;
	cfg.timeout = 5;

	return (sql_conn_new(&cfg));
}

static int64_t
one_int(struct sql_conn *c, const char *q, const struct sql_param *p, size_t n)
{
	struct sql_result *r;
	int64_t            v = -1;

	if (sql_run(c, q, p, n) == -1)
		fail_msg("%s: %s", q, sql_errstr(c));
	r = sql_take_result(c);
	assert_int_equal(sql_result_int(r, 0, 0, &v), 0);
	sql_result_free(r);

	return (v);
}

static int
group_setup(void **state)
{
	struct sql_conn *c;
	char             q[128];
	int              rc;

	(void)state;
	(void)snprintf(dbname, sizeof(dbname), "app_test_sql_%ld",
	    (long)getpid());
	if (sql_library_init() == -1 || (c = admin_conn()) == NULL)
		return (-1);
	(void)snprintf(q, sizeof(q), "CREATE DATABASE %s", dbname);
	rc = sql_exec(c, q);
	if (rc == -1)
		fprintf(stderr, "setup: %s\n", sql_errstr(c));
	sql_conn_free(c);

	return (rc);
}

static int
group_teardown(void **state)
{
	struct sql_conn *c;
	char             q[128];

	(void)state;
	if ((c = admin_conn()) == NULL)
		return (-1);
	(void)snprintf(q, sizeof(q), "DROP DATABASE IF EXISTS %s", dbname);
	(void)sql_exec(c, q);
	sql_conn_free(c);
	sql_library_end();

	return (0);
}

/* Each test gets a connection and a fresh table t. */
static int
setup(void **state)
{
	struct sql_conn *c;

	if ((c = test_conn()) == NULL)
		return (-1);
	if (sql_exec(c,
	        "DROP TABLE IF EXISTS t; CREATE TABLE t ("
	        "id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) UNIQUE, "
	        "n BIGINT, d DOUBLE, b VARBINARY(64)) ENGINE=InnoDB") == -1) {
		fprintf(stderr, "setup: %s\n", sql_errstr(c));
		sql_conn_free(c);
		return (-1);
	}
	*state = c;

	return (0);
}

static int
teardown(void **state)
{
	sql_conn_free(*state);

	return (0);
}

static const char q_ins[] = "INSERT INTO t (name, n, d, b) VALUES (?, ?, ?, ?)";
static const char q_sel[] = "SELECT name, n, d, b FROM t WHERE id = ?";

static void
test_sql_roundtrip_binds_hostile_text(void **state)
{
	struct sql_conn           *c = *state;
	struct sql_result         *r;
	struct sql_param           p[4];
	static const char          evil[] = "O'Brien\"; DROP TABLE t; --\\";
	static const unsigned char blob[] = { 0x00, 0xff, 0x27, 0x00, 0x5c };
	const char                *s;
	size_t                     len;
	int64_t                    v;

	p[0] = sql_p_str(evil);
	p[1] = sql_p_int(-9007199254740993LL);
	p[2].type = SQL_DOUBLE;
	p[2].d = 0.25;
	p[3].type = SQL_BLOB;
	p[3].s = blob;
	p[3].len = sizeof(blob);
	assert_int_equal(sql_run(c, q_ins, p, 4), 0);
	assert_int_equal(sql_affected_rows(c), 1);
	assert_true(sql_insert_id(c) >= 1);

	p[0] = sql_p_int((int64_t)sql_insert_id(c));
	assert_int_equal(sql_run(c, q_sel, p, 1), 0);
	r = sql_take_result(c);
	assert_non_null(r);
	assert_int_equal(sql_result_rows(r), 1);
	assert_int_equal(sql_result_cols(r), 4);
	assert_string_equal(sql_result_text(r, 0, 0, NULL), evil);
	assert_int_equal(sql_result_int(r, 0, 1, &v), 0);
	assert_true(v == -9007199254740993LL);
	assert_string_equal(sql_result_text(r, 0, 2, NULL), "0.25");
	s = sql_result_text(r, 0, 3, &len);
	assert_int_equal(len, sizeof(blob));
	assert_memory_equal(s, blob, sizeof(blob));
	sql_result_free(r);

	/* A value longer than one fetch buffer arrives whole. */
	assert_int_equal(sql_run(c, "SELECT REPEAT('ab', 3000)", NULL, 0), 0);
	r = sql_take_result(c);
	s = sql_result_text(r, 0, 0, &len);
	assert_int_equal(len, 6000);
	assert_int_equal(strspn(s, "ab"), 6000);
	assert_int_equal(memcmp(s + 5998, "ab", 3), 0);
	sql_result_free(r);

	/* The table is still there: the text was data, not SQL. */
	assert_int_equal(one_int(c, "SELECT COUNT(*) FROM t", NULL, 0), 1);
}

static void
test_sql_null_and_out_of_range(void **state)
{
	struct sql_conn   *c = *state;
	struct sql_result *r;
	struct sql_param   p[4];
	size_t             len = 99;
	int64_t            v;

	p[0] = sql_p_str("nulls");
	p[1] = sql_p_null();
	p[2] = sql_p_null();
	p[3] = sql_p_null();
	assert_int_equal(sql_run(c, q_ins, p, 4), 0);
	p[0] = sql_p_int((int64_t)sql_insert_id(c));
	assert_int_equal(sql_run(c, q_sel, p, 1), 0);
	r = sql_take_result(c);
	assert_false(sql_result_null(r, 0, 0));
	assert_true(sql_result_null(r, 0, 1));
	assert_int_equal(sql_result_int(r, 0, 1, &v), -1);
	assert_string_equal(sql_result_text(r, 0, 1, &len), "");
	assert_int_equal(len, 0);
	/* Out of range reads as NULL, never past the rows. */
	assert_true(sql_result_null(r, 1, 0));
	assert_true(sql_result_null(r, 0, 4));
	assert_int_equal(sql_result_int(r, 5, 5, &v), -1);
	assert_int_equal(sql_result_int(r, 0, 0, &v), -1);
	sql_result_free(r);

	/* No result set for a statement without rows. */
	assert_int_equal(sql_run(c, "DELETE FROM t", NULL, 0), 0);
	assert_null(sql_take_result(c));
	assert_int_equal(sql_result_rows(NULL), 0);
}

static void
test_sql_many_rows(void **state)
{
	struct sql_conn   *c = *state;
	struct sql_result *r;
	struct sql_param   p[4];
	char               name[32];
	int64_t            i, v;

	for (i = 0; i < 300; i++) {
		(void)snprintf(name, sizeof(name), "row%03d", (int)i);
		p[0] = sql_p_str(name);
		p[1] = sql_p_int(i * 7);
		p[2] = sql_p_null();
		p[3] = sql_p_null();
		assert_int_equal(sql_run(c, q_ins, p, 4), 0);
	}
	assert_int_equal(sql_run(c, "SELECT name, n FROM t ORDER BY n", NULL,
	                     0),
	    0);
	r = sql_take_result(c);
	assert_int_equal(sql_result_rows(r), 300);
	for (i = 0; i < 300; i++) {
		(void)snprintf(name, sizeof(name), "row%03d", (int)i);
		assert_string_equal(sql_result_text(r, (size_t)i, 0, NULL),
		    name);
		assert_int_equal(sql_result_int(r, (size_t)i, 1, &v), 0);
		assert_true(v == i * 7);
	}
	sql_result_free(r);
}

static void
test_sql_rejects_wrong_parameter_count(void **state)
{
	struct sql_conn *c = *state;
	struct sql_param p = sql_p_int(1);

	assert_int_equal(sql_run(c, q_ins, &p, 1), -1);
	assert_non_null(strstr(sql_errstr(c), "takes 4 parameters, got 1"));
	/* Still connected and usable. */
	assert_true(sql_connected(c));
	assert_int_equal(one_int(c, "SELECT 41 + 1", NULL, 0), 42);
}

static void
test_sql_server_error_keeps_connection(void **state)
{
	struct sql_conn *c = *state;
	struct sql_param p[4];

	p[0] = sql_p_str("dup");
	p[1] = sql_p_null();
	p[2] = sql_p_null();
	p[3] = sql_p_null();
	assert_int_equal(sql_run(c, q_ins, p, 4), 0);
	assert_int_equal(sql_run(c, q_ins, p, 4), -1);
	assert_int_equal(sql_errno(c), 1062);
	assert_non_null(strstr(sql_errstr(c), "execute: Duplicate entry"));
	assert_true(sql_connected(c));

	/* The cached statement works again after its error. */
	p[0] = sql_p_str("dup2");
	assert_int_equal(sql_run(c, q_ins, p, 4), 0);

	/* A statement that cannot be prepared says so. */
	assert_int_equal(sql_run(c, "SELECT nope FROM t", NULL, 0), -1);
	assert_non_null(strstr(sql_errstr(c), "prepare: Unknown column"));
	assert_true(sql_connected(c));
}

/* More statements than the cache holds: evicted ones prepare again. */
static void
test_sql_statement_cache_evicts(void **state)
{
	struct sql_conn *c = *state;
	static char      q[SQL_STMT_CACHE + 8][40];
	int              i, round;

	for (i = 0; i < SQL_STMT_CACHE + 8; i++)
		(void)snprintf(q[i], sizeof(q[i]), "SELECT %d + 0", i);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < SQL_STMT_CACHE + 8; i++)
			assert_int_equal(one_int(c, q[i], NULL, 0), i);
	}
	/* Evicted statements were closed on the server, not leaked. */
	assert_true(
	    one_int(c,
	        "SELECT VARIABLE_VALUE FROM information_schema."
	        "global_status WHERE VARIABLE_NAME = 'PREPARED_STMT_COUNT'",
	        NULL, 0) <= SQL_STMT_CACHE);
}

/* The non-blocking calls, driven by hand: start, then wait and continue. */
static void
test_sql_nonblocking_start_reports_waits(void **state)
{
	struct sql_conn   *c = *state;
	struct sql_result *r;
	struct pollfd      pfd;
	int                status, waits = 0;
	int64_t            v;

	sql_disconnect(c);
	status = sql_run_start(c, "SELECT SLEEP(0.2) + 7", NULL, 0);
	assert_true(status > 0);
	assert_true(sql_fd(c) >= 0);
	/* Another statement cannot start while one runs. */
	assert_int_equal(sql_run_start(c, "SELECT 1", NULL, 0), -1);
	while (status > 0) {
		waits++;
		pfd.fd = sql_fd(c);
		pfd.events = (status & SQL_WAIT_READ ? POLLIN : 0) |
		    (status & SQL_WAIT_WRITE ? POLLOUT : 0);
		assert_int_equal(poll(&pfd, 1, 5000), 1);
		status = sql_run_cont(c,
		    (pfd.revents & POLLIN ? SQL_WAIT_READ : 0) |
		        (pfd.revents & POLLOUT ? SQL_WAIT_WRITE : 0));
	}
	assert_int_equal(status, 0);
	assert_true(waits >= 2);
	r = sql_take_result(c);
	assert_int_equal(sql_result_int(r, 0, 0, &v), 0);
	assert_int_equal(v, 7);
	sql_result_free(r);
	/* Nothing to continue once it finished. */
	assert_int_equal(sql_run_cont(c, SQL_WAIT_READ), -1);
}

/* A connection the server killed fails once, then reconnects. */
static void
test_sql_reconnects_after_kill(void **state)
{
	struct sql_conn *c = *state, *admin;
	struct sql_param p;
	int64_t          id, id2;

	id = one_int(c, "SELECT CONNECTION_ID()", NULL, 0);
	assert_non_null(admin = admin_conn());
	p = sql_p_int(id);
	assert_int_equal(sql_run(admin, "KILL CONNECTION ?", &p, 1), 0);
	sql_conn_free(admin);

	assert_int_equal(sql_run(c, "SELECT CONNECTION_ID()", NULL, 0), -1);
	assert_false(sql_connected(c));
	assert_int_equal(sql_fd(c), -1);

	id2 = one_int(c, "SELECT CONNECTION_ID()", NULL, 0);
	assert_true(id2 != id);
	assert_true(sql_connected(c));
}

static void
test_sql_connect_failure_is_reported(void **state)
{
	struct sql_config cfg;
	struct sql_conn  *c;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.socket = "/nonexistent/torwart.sock";
	cfg.user = "x";
	cfg.timeout = 1;
	assert_non_null(c = sql_conn_new(&cfg));
	assert_int_equal(sql_run(c, "SELECT 1", NULL, 0), -1);
	assert_non_null(strstr(sql_errstr(c), "connect: "));
	assert_int_equal(sql_errno(c), 2002);
	assert_false(sql_connected(c));
	sql_conn_free(c);
	sql_conn_free(NULL);
}

static void
test_sql_exec_runs_scripts_and_reports_errors(void **state)
{
	struct sql_conn *c = *state;

	assert_int_equal(sql_exec(c,
	                     "INSERT INTO t (name) VALUES ('a'); "
	                     "INSERT INTO t (name) VALUES ('b'); SELECT 1"),
	    0);
	assert_int_equal(one_int(c, "SELECT COUNT(*) FROM t", NULL, 0), 2);
	/* An error in the second statement is reported; the first ran. */
	assert_int_equal(sql_exec(c,
	                     "INSERT INTO t (name) VALUES ('c'); "
	                     "INSERT INTO nosuch VALUES (1)"),
	    -1);
	assert_non_null(strstr(sql_errstr(c), "exec: "));
	assert_non_null(strstr(sql_errstr(c), "nosuch"));
	assert_int_equal(one_int(c, "SELECT COUNT(*) FROM t", NULL, 0), 3);
}

static void
test_sql_times_are_utc(void **state)
{
	struct sql_conn *c = *state;

	assert_int_equal(one_int(c,
	                     "SELECT TIMESTAMPDIFF(SECOND, "
	                     "UTC_TIMESTAMP(), NOW())",
	                     NULL, 0),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_sql_roundtrip_binds_hostile_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sql_null_and_out_of_range,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sql_many_rows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_sql_rejects_wrong_parameter_count, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sql_server_error_keeps_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sql_statement_cache_evicts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sql_nonblocking_start_reports_waits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sql_reconnects_after_kill,
		    setup, teardown),
		cmocka_unit_test(test_sql_connect_failure_is_reported),
		cmocka_unit_test_setup_teardown(
		    test_sql_exec_runs_scripts_and_reports_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sql_times_are_utc, setup,
		    teardown),
	};

	return (cmocka_run_group_tests_name("sql", tests, group_setup,
	    group_teardown));
}
