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
 * What kore/ offers api/: the application configuration and the worker's
 * database pool.  Only kore/ and api/ include this header.
 */

#ifndef APP_H
#define APP_H

#include <sys/queue.h>

#include <stdint.h>

#include "app_config.h"
#include "../pseudo/pseudo.h"
#include "../sql/sql.h"

struct http_request;

enum app_db_state {
	APP_DB_QUEUED,
	APP_DB_RUNNING,
	APP_DB_DONE,
	APP_DB_FAILED,
};

/*
 * One statement a request waits for.  Made by app_db_submit(), freed by
 * app_db_job_free(); the fields below the line are the outcome, valid once
 * state is APP_DB_DONE or APP_DB_FAILED.
 */
/*
 * One statement of a transaction (app_db_submit_tx()).  With
 * APP_DB_NEED_ROW, a statement that matches no row ends the transaction:
 * it is rolled back and the job is done with norow set to its index.
 */
#define APP_DB_NEED_ROW 0x01
/* The batch's check of config_epoch (app_db.c puts it first). */
#define APP_DB_EPOCH    0x02
/* A batch's statement that owns the bytes of its parameters (app_db.c). */
#define APP_DB_OWNED    0x04

struct app_db_table;

struct app_db_stmt {
	const char                *query;
	struct sql_param          *params; /* deep copy inside a job */
	size_t                     nparams;
	int                        flags;
	const struct app_db_table *table; /* a batched row's, else NULL */
};

/*
 * A table whose rows are inserted in batches (group commit): the rows of
 * the requests that arrive while a batch commits are inserted together,
 * as multi-row INSERTs in one transaction, by the next one.  insert is
 * "INSERT INTO t (a, b) VALUES ", row "(?, ?)" with nparams markers.
 * Tables are written in the order of their order field, so that
 * concurrent batches take their locks in the same order.  Define one as a
 * static variable with APP_DB_TABLE(); app_db.c builds its statements.
 */
#define APP_DB_CHUNKS 6 /* statements of 1, 2, 4, … 32 rows */

struct app_db_table {
	const char *insert;
	const char *row;
	size_t      nparams;
	int         order;
	int         call; /* a procedure: one row a statement */
	const char *many; /* a call: its form for a batch's rows, or NULL */
	char       *q[APP_DB_CHUNKS];
};

#define APP_DB_TABLE(ins, row, n, order)                                       \
	{                                                                      \
		ins, row, n, order, 0, NULL,                                   \
		{                                                              \
			NULL                                                   \
		}                                                              \
	}

/*
 * A procedure called once per row, "CALL p" and "(?, ?)", in a batch like
 * a table's rows: after every table of a lower order, the calls of one
 * batch ordered by their first parameter (an integer: the row they lock
 * first), so that concurrent batches lock in the same order.  A SIGNAL
 * (1644) counts as a row's error: the batch's requests are run again
 * one by one and only the one at fault sees it.
 */
#define APP_DB_CALL(call, row, n, order)                                       \
	{                                                                      \
		call, row, n, order, 1, NULL,                                  \
		{                                                              \
			NULL                                                   \
		}                                                              \
	}

/*
 * A call whose rows, when a batch has two or more, go to the procedure
 * many ("CALL p_many(?)") in one statement, as one JSON array of rows in
 * their batch order: [[p0, p1, …], …], integers and doubles as numbers,
 * NULL as null, text as strings, blobs as strings of hex digits (UNHEX()
 * them).  One round trip instead of one a row, while the first call's
 * locks are held.  Alone (the request run by itself after a row error),
 * a row is called as APP_DB_CALL's.
 */
#define APP_DB_CALL_MANY(call, row, n, order, many)                            \
	{                                                                      \
		call, row, n, order, 1, many,                                  \
		{                                                              \
			NULL                                                   \
		}                                                              \
	}

struct app_db_job {
	TAILQ_ENTRY(app_db_job) list;
	struct http_request *req; /* NULL once the request has gone */
	struct app_db_stmt  *stmts;
	size_t               nstmts;
	size_t               cur; /* the statement running */
	int                  tx; /* 0: one statement; 1: a transaction */
	int                  phase; /* of a transaction, app_db.c */
	int                  dropped; /* rolled back by closing, on purpose */
	int                  held; /* a connection is running it */
	int                  orphan; /* its request has gone */
	int                  batched; /* rows only: may join a batch */
	int                  background; /* nobody's request: logs failures */
	int                  where; /* JOB_* of app_db.c: which queue */
	struct app_db_job  **members; /* a batch's jobs */
	size_t               nmembers;
	uint64_t             deadline; /* kore_time_ms() it must end by */
	uint64_t             epoch; /* rows: the config epoch they hold to */
	int                  stale; /* failed: config_epoch moved on */
	int                  retries; /* run again after a deadlock */
	/* app_db_submit_bg(): called when it has finished, instead of req. */
	void (*done)(struct app_db_job *, void *);
	void *done_arg;

	enum app_db_state  state;
	struct sql_result *result; /* owned by the job */
	uint64_t           affected; /* of the first statement */
	uint64_t           insert_id; /* the first one a statement made */
	long               norow; /* -1, or the APP_DB_NEED_ROW that missed */
	int                unavailable; /* failed: database unreachable */
	unsigned int       sqlerrno; /* failed: the server's error number */
	char               errstr[256];
};

/*
 * Queue the prepared statement query (a string constant: it is the
 * statement cache's key) with params[0..nparams), which are copied, and
 * put req to sleep; req is woken when the job has finished.  The handler
 * then returns KORE_RESULT_RETRY and looks at the job when called again. *
 * Never fails: a database that cannot be reached fails the job, and so
 * does one that has not finished db_timeout after it was submitted (the
 * connection then finishes or times out on its own, unheard).
 */
struct app_db_job *app_db_submit(struct http_request *, const char *,
    const struct sql_param *, size_t);

/*
 * Queue query (a string constant) with params[0..nparams), copied, for
 * nobody's request: done(job, arg) is called from the event loop once it
 * has finished (done or failed, its deadline too) and must free the job
 * with app_db_job_free().  done must not submit other jobs.
 */
struct app_db_job *app_db_submit_bg(const char *, const struct sql_param *,
    size_t, void (*)(struct app_db_job *, void *), void *);

/*
 * Run stmts[0..n) (queries and parameters copied) in one transaction on
 * one connection: all or nothing.  result is the last result set any of
 * them returned.  A failure rolls everything back and fails the job.
 */
struct app_db_job *app_db_submit_tx(struct http_request *,
    const struct app_db_stmt *, size_t);

/*
 * Insert rows[0..n) (each: table set, params copied, query NULL; n may be
 * 0) with group commit: the rows join the worker's next batch, one transaction
 * with the rows of every request that arrived meanwhile; the request is
 * woken once that transaction has committed (or failed).  A batch that
 * fails on a statement (a duplicate key, say) is not the others' fault:
 * each of its requests' rows is then run again in a transaction of its
 * own, so only the request at fault sees the error.
 */
struct app_db_job *app_db_submit_rows(struct http_request *,
    const struct app_db_stmt *, size_t, uint64_t);

/*
 * With epoch (not 0), the rows were decided with cached configuration
 * of that config_epoch: their batch reads config_epoch first, and when it
 * has moved on the batch is rolled back, such requests fail with stale
 * set (the others go on in the next batch), and app_db_epoch has the new
 * value.  A request whose configuration was just read (epoch 0 or the
 * current one) is not affected.  So nothing is ever committed on the
 * word of a configuration that a committed change has made old.
 */
#define APP_SQL_EPOCH "SELECT v FROM config_epoch WHERE id = 1"
extern uint64_t app_db_epoch; /* the newest this worker has seen */

/* 1 when the job has finished (done or failed), else 0. */
int app_db_finished(const struct app_db_job *);

/*
 * Release a job: at once unless a connection still runs it; then it is
 * detached from its request and freed when its statement ends.  NULL is
 * ignored.  Call it from the request's onfree so a client that goes away
 * leaves nothing behind.
 */
void app_db_job_free(struct app_db_job *);

/*
 * Fill cfg for a connection as torwart.conf says (db_timeout for connect
 * and queries); the strings point into app_config and app_db_password.
 */
void app_db_config(struct sql_config *);

/* Worker start and end: build and tear down the pool (kore/app.c). */
void app_db_init(void);
void app_db_cleanup(void);

/*
 * The worker's own threads for CPU work (app_work.c), in place of kore's
 * tasks.  app_work_submit() runs fn(arg) on a thread and wakes req when
 * it has ended; until app_work_finished(), arg belongs to the thread.
 * app_work_free() frees a finished job.  app_work_abandon() is for a
 * request going away: a finished job is freed and release(rarg) called
 * at once, else both happen on the loop once the thread is done.
 */
struct app_work;

void             app_work_init(void);
struct app_work *app_work_submit(struct http_request *, void (*)(void *),
    void *);
int              app_work_finished(const struct app_work *);
void             app_work_free(struct app_work *);
void             app_work_abandon(struct app_work *, void (*)(void *), void *);

/*
 * The keyring (kore/app_keyring.c): the current master key and the
 * retired ones still kept in keys/retired/, each with the id the
 * database knows it by (master_keys) and the keys derived from it that
 * check what was made under it: API key hashes and TOTP secrets.
 */
#define APP_MASTERS_MAX 8

struct app_master {
	uint32_t          id; /* master_keys.id; 0 when the database has none */
	char              fingerprint[PSEUDO_KEY_FP_LEN + 1];
	char              path[PATH_MAX];
	struct pseudo_key key;
	struct pseudo_key apikey;
	struct pseudo_key totp;
};

/*
 * Keys derived from the current master key in the parent (kore/app.c),
 * one per purpose: keyed hashes of session tokens, of API key secrets and
 * of devices' read ids (idempotency), and the sealing of TOTP secrets.
 * The master key itself stays too: the tokens of plates use keys per
 * tenant, purpose and version (pseudo_key_derive()), made when needed,
 * from the master that version was made under (app_master_key()).
 */
struct app_keys {
	struct pseudo_key master;
	uint32_t          master_id; /* the current master's id */
	struct pseudo_key session;
	struct pseudo_key apikey;
	struct pseudo_key totp;
	struct pseudo_key idem;
	struct app_master ring[APP_MASTERS_MAX]; /* [0]: the current one */
	size_t            nring;
};

/*
 * The keyring.  In the parent: app_keyring_load() reads the retired keys
 * beside key_file (the current one is ring[0] already) before the
 * workers exist; app_keyring_sync() then matches them with the database,
 * records a new current master, moves every tenant still on another
 * master to a new key version under it, seals TOTP secrets again and
 * reports what each retired master is still needed for.  Both return 0,
 * or -1 with err set (the start is refused).
 *
 * In the workers: the master of id (NULL when it is not in the keyring,
 * its file gone), and its key alone.
 */
struct sql_conn;
int app_keyring_load(const char *, char *, size_t);
int app_keyring_sync(struct sql_conn *, struct sql_conn *, char *, size_t);
const struct app_master *app_master(uint32_t);
const struct pseudo_key *app_master_key(uint32_t);

/*
 * The audit entry of a user made by the system (first start); parameter:
 * the user's id.  The trigger audit_log_chain fills in at and the hashes.
 */
#define APP_SQL_AUDIT_SYSTEM                                                   \
	"INSERT INTO audit_log (tenant_id, actor, action, object, outcome, "   \
	"details) VALUES (1, 'system', 'user.create', CONCAT('user:', ?), "    \
	"'success', '{\"role\":\"admin\",\"initial\":true}')"

/*
 * Make plate_reads' day partitions a week ahead (sql/schema/003): at
 * start and every hour.  pmax catches reads beyond them, so a missed run
 * never refuses a read.
 */
#define APP_SQL_PARTITIONS "CALL plate_reads_partitions(7)"

extern struct app_keys   app_keys;
extern struct app_config app_config;
extern char              app_db_password[256];

#endif /* APP_H */
