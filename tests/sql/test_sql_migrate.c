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
 * sql/sql_migrate.c against a real MariaDB: the embedded migrations apply
 * once, a second run applies nothing, a failing migration names its file
 * and is not recorded, and a newer database is refused.
 */

#include <sys/types.h>

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
#include "../../sql/sql_internal.h"

static struct sql_conn *conn(const char *);
static int64_t          count(struct sql_conn *, const char *);

static char dbname[64];

static struct sql_conn *
conn(const char *db)
{
	struct sql_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.socket = getenv("APP_TEST_DB_SOCKET");
	cfg.user = getenv("APP_TEST_DB_USER");
	cfg.database = db;
	cfg.timeout = 5;
	if (cfg.socket == NULL || cfg.user == NULL)
		fail_msg("APP_TEST_DB_SOCKET/APP_TEST_DB_USER not set: run "
		         "through tests/run-tests");

	return (sql_conn_new(&cfg));
}

static int64_t
count(struct sql_conn *c, const char *q)
{
	struct sql_result *r;
	int64_t            v = -1;

	if (sql_run(c, q, NULL, 0) == -1)
		fail_msg("%s: %s", q, sql_errstr(c));
	r = sql_take_result(c);
	(void)sql_result_int(r, 0, 0, &v);
	sql_result_free(r);

	return (v);
}

/* Each test gets an empty database of its own. */
static int
setup(void **state)
{
	struct sql_conn *c;
	char             q[160];
	static int       n;

	(void)snprintf(dbname, sizeof(dbname), "app_test_mig_%ld_%d",
	    (long)getpid(), n++);
	if ((c = conn(NULL)) == NULL)
		return (-1);
	(void)snprintf(q, sizeof(q), "CREATE DATABASE %s", dbname);
	if (sql_exec(c, q) == -1) {
		sql_conn_free(c);
		return (-1);
	}
	sql_conn_free(c);
	if ((c = conn(dbname)) == NULL)
		return (-1);
	*state = c;

	return (0);
}

static int
teardown(void **state)
{
	struct sql_conn *c = *state;
	char             q[160];

	(void)snprintf(q, sizeof(q), "DROP DATABASE %s", dbname);
	(void)sql_exec(c, q);
	sql_conn_free(c);

	return (0);
}

static void
test_migrate_embedded_applies_once(void **state)
{
	struct sql_conn *c = *state;
	unsigned int     applied;

	assert_true(sql_nmigrations >= 1);
	assert_int_equal(sql_migrate(c, sql_migrations, sql_nmigrations,
	                     &applied),
	    0);
	assert_int_equal(applied, sql_nmigrations);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM schema_migrations"),
	    (int64_t)sql_nmigrations);
	assert_int_equal(count(c,
	                     "SELECT COUNT(*) FROM app_meta WHERE "
	                     "name = 'installed_at'"),
	    1);

	/* Twice is safe: nothing runs again. */
	assert_int_equal(sql_migrate(c, sql_migrations, sql_nmigrations,
	                     &applied),
	    0);
	assert_int_equal(applied, 0);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM schema_migrations"),
	    (int64_t)sql_nmigrations);
}

static void
test_migrate_embedded_are_numbered_in_order(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sql_nmigrations; i++) {
		assert_true(sql_migrations[i].version >= 1);
		if (i > 0)
			assert_true(sql_migrations[i].version >
			    sql_migrations[i - 1].version);
		assert_non_null(strstr(sql_migrations[i].name, ".sql"));
		assert_true(strlen(sql_migrations[i].sql) > 0);
	}
}

static void
test_migrate_failure_names_file_and_error(void **state)
{
	struct sql_conn                  *c = *state;
	unsigned int                      applied;
	static const struct sql_migration m[] = {
		{ 1, "001_ok.sql", "CREATE TABLE a (x INT)" },
		{ 2, "002_bad.sql",
		    "CREATE TABLE b (x INT); "
		    "INSERT INTO b (nosuch) VALUES (1)" },
		{ 3, "003_never.sql", "CREATE TABLE c (x INT)" },
	};

	assert_int_equal(sql_migrate(c, m, 3, &applied), -1);
	assert_int_equal(applied, 1);
	assert_non_null(strstr(sql_errstr(c), "002_bad.sql"));
	assert_non_null(strstr(sql_errstr(c), "Unknown column 'nosuch'"));
	/* 001 is recorded, 002 is not, 003 never ran. */
	assert_int_equal(count(c, "SELECT COUNT(*) FROM schema_migrations"), 1);
	assert_int_equal(
	    count(c,
	        "SELECT COUNT(*) FROM information_schema."
	        "tables WHERE table_schema = DATABASE() AND table_name = 'c'"),
	    0);
	/* The lock was released: another migration can take it. */
	assert_int_equal(count(c, "SELECT IS_FREE_LOCK('torwart.migrate')"), 1);
}

static void
test_migrate_refuses_newer_database(void **state)
{
	struct sql_conn                  *c = *state;
	unsigned int                      applied;
	static const struct sql_migration m[] = {
		{ 1, "001_a.sql", "CREATE TABLE a (x INT)" },
		{ 2, "002_b.sql", "CREATE TABLE b (x INT)" },
	};

	assert_int_equal(sql_migrate(c, m, 2, &applied), 0);
	assert_int_equal(applied, 2);
	assert_int_equal(sql_migrate(c, m, 1, &applied), -1);
	assert_non_null(strstr(sql_errstr(c), "schema version 2, newer"));
}

static void
test_migrate_holds_the_named_lock(void **state)
{
	struct sql_conn                  *c = *state, *other;
	unsigned int                      applied;
	static const struct sql_migration m[] = {
		{ 1, "001_a.sql", "CREATE TABLE a (x INT)" },
	};

	/* Another node is migrating: this one waits, gives up, runs nothing. */
	assert_non_null(other = conn(dbname));
	assert_int_equal(count(other, "SELECT GET_LOCK('torwart.migrate', 0)"),
	    1);
	sql_migrate_lock_wait = 1;
	assert_int_equal(sql_migrate(c, m, 1, &applied), -1);
	assert_non_null(strstr(sql_errstr(c),
	    "lock torwart.migrate not "
	    "granted"));
	assert_int_equal(applied, 0);
	assert_int_equal(
	    count(c,
	        "SELECT COUNT(*) FROM information_schema."
	        "tables WHERE table_schema = DATABASE() AND table_name = 'a'"),
	    0);

	/* Once that node is done, this one migrates. */
	sql_conn_free(other);
	assert_int_equal(sql_migrate(c, m, 1, &applied), 0);
	assert_int_equal(applied, 1);
	sql_migrate_lock_wait = 60;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_migrate_embedded_applies_once, setup, teardown),
		cmocka_unit_test(test_migrate_embedded_are_numbered_in_order),
		cmocka_unit_test_setup_teardown(
		    test_migrate_failure_names_file_and_error, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_migrate_refuses_newer_database, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_migrate_holds_the_named_lock, setup, teardown),
	};

	if (sql_library_init() == -1)
		return (1);

	return (cmocka_run_group_tests_name("sql_migrate", tests, NULL, NULL));
}
