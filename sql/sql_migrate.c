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
 * Schema migrations: the numbered files of sql/schema/, embedded in the
 * module at build time, applied in order at start-up under a named lock
 * and recorded in schema_migrations so that each runs once.
 */

#include <stdio.h>
#include <string.h>

#include "sql.h"
#include "sql_internal.h"

static int migrate_locked(struct sql_conn *, const struct sql_migration *,
    size_t, unsigned int *);
static int recorded(struct sql_conn *, unsigned int, int *);

static const char q_lock[] = "SELECT GET_LOCK('torwart.migrate', ?)";
static const char q_unlock[] = "SELECT RELEASE_LOCK('torwart.migrate')";
static const char q_newest[] =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char q_recorded[] =
    "SELECT 1 FROM schema_migrations WHERE version = ?";
static const char q_record[] =
    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)";
static const char ddl_versions[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT UNSIGNED NOT NULL PRIMARY KEY,"
    " name VARCHAR(255) NOT NULL,"
    " applied_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6)"
    ") ENGINE=InnoDB";

unsigned int sql_migrate_lock_wait = 60;

int
sql_migrate(struct sql_conn *c, const struct sql_migration *m, size_t n,
    unsigned int *applied)
{
	struct sql_result *res;
	struct sql_param   p;
	char               err[SQL_ERRLEN];
	int64_t            got;
	int                ret;

	*applied = 0;
	p = sql_p_int(sql_migrate_lock_wait);
	if (sql_run(c, q_lock, &p, 1) == -1)
		return (-1);
	res = sql_take_result(c);
	got = 0;
	(void)sql_result_int(res, 0, 0, &got);
	sql_result_free(res);
	if (got != 1) {
		sql_seterr(c,
		    "migrate: lock torwart.migrate not granted in "
		    "%u s (another node migrating?)",
		    sql_migrate_lock_wait);
		return (-1);
	}

	ret = migrate_locked(c, m, n, applied);

	/* Keep the migration's error, not the unlock's. */
	(void)snprintf(err, sizeof(err), "%s", sql_errstr(c));
	if (sql_run(c, q_unlock, NULL, 0) == 0)
		sql_result_free(sql_take_result(c));
	if (ret == -1)
		sql_seterr(c, "%s", err);

	return (ret);
}

static int
migrate_locked(struct sql_conn *c, const struct sql_migration *m, size_t n,
    unsigned int *applied)
{
	struct sql_result *res;
	struct sql_param   p[2];
	int64_t            newest;
	size_t             i;
	int                done;

	if (sql_exec(c, ddl_versions) == -1)
		return (-1);

	if (sql_run(c, q_newest, NULL, 0) == -1)
		return (-1);
	res = sql_take_result(c);
	newest = 0;
	(void)sql_result_int(res, 0, 0, &newest);
	sql_result_free(res);
	if (n > 0 && newest > (int64_t)m[n - 1].version) {
		sql_seterr(c,
		    "migrate: the database is at schema version "
		    "%lld, newer than this build's %u; run a newer Torwart",
		    (long long)newest, m[n - 1].version);
		return (-1);
	}

	for (i = 0; i < n; i++) {
		if (recorded(c, m[i].version, &done) == -1)
			return (-1);
		if (done)
			continue;
		if (sql_exec(c, m[i].sql) == -1) {
			sql_seterr(c, "migrate: %s: %s", m[i].name,
			    sql_errstr(c));
			return (-1);
		}
		p[0] = sql_p_int(m[i].version);
		p[1] = sql_p_str(m[i].name);
		if (sql_run(c, q_record, p, 2) == -1) {
			sql_seterr(c, "migrate: %s: recording: %s", m[i].name,
			    sql_errstr(c));
			return (-1);
		}
		(*applied)++;
	}

	return (0);
}

static int
recorded(struct sql_conn *c, unsigned int version, int *done)
{
	struct sql_result *res;
	struct sql_param   p;

	p = sql_p_int(version);
	if (sql_run(c, q_recorded, &p, 1) == -1)
		return (-1);
	res = sql_take_result(c);
	*done = sql_result_rows(res) > 0;
	sql_result_free(res);

	return (0);
}
