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
 * The database module: the only code that talks to MariaDB.  Everything a
 * caller sees is our own types; <mysql.h> stays inside sql/.
 *
 * A connection runs one prepared statement at a time.  The statement runs
 * as a state machine on a non-blocking socket: sql_run_start() and
 * sql_run_cont() return which events to wait for, so the caller can drive
 * it from any event loop (kore's epoll in kore/app_db.c).  sql_run() drives
 * the same machine with poll(2) for code that may block (start-up,
 * command-line tools, tests).
 */

#ifndef SQL_H
#define SQL_H

#include <stddef.h>
#include <stdint.h>

/* Events a running statement waits for (a bit mask; 0 means finished). */
#define SQL_WAIT_READ    0x01
#define SQL_WAIT_WRITE   0x02
#define SQL_WAIT_EXCEPT  0x04
#define SQL_WAIT_TIMEOUT 0x08

/* The largest number of statements a connection keeps prepared. */
#define SQL_STMT_CACHE 64

struct sql_conn;
struct sql_result;

/* Where and as whom to connect.  Strings are copied by sql_conn_new(). */
struct sql_config {
	const char  *host; /* NULL: use socket */
	unsigned int port; /* with host; 0 means 3306 */
	const char  *socket; /* unix socket path, when host is NULL */
	const char  *user;
	const char  *password;
	const char  *database;
	unsigned int timeout; /* connect timeout, seconds (0: 5) */
	unsigned int query_timeout; /* read/write, seconds (0: timeout) */
};

enum sql_type {
	SQL_NULL,
	SQL_INT, /* int64_t in i */
	SQL_DOUBLE, /* double in d */
	SQL_TEXT, /* s[0..len), not NUL-terminated; bound as a string */
	SQL_BLOB, /* s[0..len), bound as binary */
};

/* One statement parameter.  Use the SQL_P_* helpers to fill it. */
struct sql_param {
	enum sql_type type;
	int64_t       i;
	double        d;
	const void   *s;
	size_t        len;
};

/*
 * Library set-up: sql_library_init() once before any thread exists
 * (returns 0, or -1 when the client library cannot start), and
 * sql_library_end() at the very end.
 */
int  sql_library_init(void);
void sql_library_end(void);

/*
 * Create a connection object for cfg; nothing is connected yet (the first
 * statement connects, and so does sql_connect()).  Returns NULL when out of
 * memory.  Free with sql_conn_free(), which closes the connection and wipes
 * the copy of the password.  A connection belongs to one thread.
 */
struct sql_conn *sql_conn_new(const struct sql_config *);
void             sql_conn_free(struct sql_conn *);

/*
 * Connect now, blocking.  Returns 0, or -1 with sql_errstr() set.  Not
 * needed before sql_run*(): a disconnected connection connects first.
 */
int sql_connect(struct sql_conn *);

/*
 * Close the connection (and forget its prepared statements).  The next
 * statement reconnects.  Used when the server went away while idle.
 */
void sql_disconnect(struct sql_conn *);

/* 1 while connected, else 0. */
int sql_connected(const struct sql_conn *);

/*
 * The socket of a connected (or connecting) connection, for an event loop;
 * -1 when there is none.  It changes on every reconnect.
 */
int sql_fd(const struct sql_conn *);

/*
 * Start the prepared statement query with params[0..nparams).  query is
 * also the cache key: pass the same string for the same statement.  query
 * and params must stay valid until the statement has finished.
 *
 * Returns a mask of SQL_WAIT_* when the caller must wait for the socket
 * (and, with SQL_WAIT_TIMEOUT, for sql_timeout_ms()) and then call
 * sql_run_cont() with the events that happened; 0 when the statement has
 * finished; -1 on failure with sql_errstr() set.  A failure of the
 * connection itself (server gone, timeout) also closes it, so the next
 * statement reconnects.
 */
int sql_run_start(struct sql_conn *, const char *, const struct sql_param *,
    size_t);
int sql_run_cont(struct sql_conn *, int);

/* sql_run_start() and its continuations, blocking in poll(2). */
int sql_run(struct sql_conn *, const char *, const struct sql_param *, size_t);

/* How long to wait when SQL_WAIT_TIMEOUT is set, in milliseconds. */
unsigned int sql_timeout_ms(const struct sql_conn *);

/*
 * After a finished statement: rows matched (an UPDATE that matched a row
 * counts it even when the values were already so), the AUTO_INCREMENT id it
 * made, and its rows.  sql_take_result() hands the rows to the caller (free
 * with sql_result_free()); NULL when the statement returned no result set.
 */
uint64_t           sql_affected_rows(const struct sql_conn *);
uint64_t           sql_insert_id(const struct sql_conn *);
struct sql_result *sql_take_result(struct sql_conn *);

/*
 * Run trusted SQL text of one or more statements (migrations, tests),
 * blocking.  Never pass input from outside: use sql_run() with parameters.
 * Returns 0, or -1 with sql_errstr() set.
 */
int sql_exec(struct sql_conn *, const char *);

/*
 * The last failure: a static-lifetime string inside the connection
 * ("execute: Table 'x' doesn't exist (1146)"), and the server's or
 * client's error number (0 when none).
 */
const char  *sql_errstr(const struct sql_conn *);
unsigned int sql_errno(const struct sql_conn *);

/*
 * Result rows.  Every value arrives as text (numbers in decimal); NULL is
 * told apart by sql_result_null().  sql_result_text() returns a
 * NUL-terminated string owned by the result, "" for NULL, and its length in
 * *len when len is not NULL.  sql_result_int() parses the value as a
 * decimal integer: returns 0 and sets *v, or -1 when it is NULL or not an
 * integer.  Rows and columns count from 0; out of range is NULL/-1.
 */
size_t      sql_result_rows(const struct sql_result *);
size_t      sql_result_cols(const struct sql_result *);
int         sql_result_null(const struct sql_result *, size_t, size_t);
const char *sql_result_text(const struct sql_result *, size_t, size_t,
    size_t *);
int  sql_result_int(const struct sql_result *, size_t, size_t, int64_t *);
void sql_result_free(struct sql_result *);

/* Parameter helpers. */
struct sql_param sql_p_int(int64_t);
struct sql_param sql_p_text(const char *, size_t);
struct sql_param sql_p_blob(const void *, size_t);
struct sql_param sql_p_str(const char *);
struct sql_param sql_p_null(void);

/*
 * Schema migrations (sql_migrate.c).  Each is one numbered SQL file of
 * sql/schema/, embedded at build time (obj/schema.c) as sql_migrations[].
 */
struct sql_migration {
	unsigned int version;
	const char  *name; /* file name, e.g. "001_meta.sql" */
	const char  *sql;
};

extern const struct sql_migration sql_migrations[];
extern const size_t               sql_nmigrations;

/*
 * Apply every migration of m[0..n) that the database has not recorded in
 * schema_migrations, in order, each recorded once it has run.  Holds the
 * named lock "torwart.migrate" for the whole run, so nodes that start
 * together apply each migration once.  Refuses a database whose recorded
 * version is newer than the newest migration of this build.  *applied is
 * the number applied now.  Returns 0, or -1 with sql_errstr() naming the
 * file and the database's error.  Blocking: start-up only.
 */
int sql_migrate(struct sql_conn *, const struct sql_migration *, size_t,
    unsigned int *);

#endif /* SQL_H */
