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
 * Each worker's database pool.  A handful of persistent connections run
 * queued statements on the worker's own epoll (kore_platform_event_*),
 * never blocking its event loop; the waiting request sleeps and is woken
 * when its statement ends.  An idle connection stays registered for reads,
 * so a server that restarts or goes away is noticed at once and the next
 * statement reconnects.
 */

#include <sys/types.h>
#include <sys/epoll.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "../api/api_retention.h"

/* Our event type for kore's loop; kore only calls evt.handle. */
#define APP_EVT_DB 100

struct dbconn {
	struct kore_event  evt; /* first: kore casts the event pointer */
	struct sql_conn   *sql;
	struct app_db_job *job;
	struct kore_timer *timer;
	int                reachable;
};

static void               dbconn_handle(void *, int);
static void               dbconn_timeout(void *, u_int64_t);
static void               dbconn_schedule(struct dbconn *, int);
static void               dbconn_finish(struct dbconn *, int);
static void               dbconn_step(struct dbconn *, int);
static int                job_start(struct dbconn *);
static void               job_collect(struct dbconn *);
static int                job_next(struct dbconn *);
static void               dbconn_dispatch(struct dbconn *);
static void               dbconn_reachable(struct dbconn *, int);
static int                job_retry(struct app_db_job *);
static void               dispatch_all(void);
static void               sweep(void *, u_int64_t);
static void               partitions(void *, u_int64_t);
static void               expired(void *, u_int64_t);
static void               background(const char *, struct sql_param *, size_t);
static void               expire(struct app_db_job *);
static struct app_db_job *job_alloc(struct http_request *,
    const struct app_db_stmt *, size_t, int);
static void               job_queue(struct app_db_job *);
static const char        *table_query(const struct app_db_table *, int);
static void               batch_flush(void);
static void               batch_finish(struct app_db_job *, int);
static void               batch_fail(struct app_db_job *, uint64_t);
static void               batch_free(struct app_db_job *);
static int                batch_stale(struct app_db_job *);

/* Which list a job is on. */
#define JOB_NOWHERE 0
#define JOB_QUEUE   1 /* queue: waits for a connection */
#define JOB_BATCHQ  2 /* batchq: waits for the next batch */

/*
 * Group commit: at most BATCH_INFLIGHT batches per worker are queued or
 * running; rows that arrive meanwhile wait in batchq for the next, which
 * takes up to BATCH_MAX_JOBS requests.  One batch in flight makes the
 * batches as large as the commit is slow, and costs a request arriving at
 * an idle worker nothing.
 */
#define BATCH_INFLIGHT 1
#define BATCH_MAX_JOBS 64

static TAILQ_HEAD(, app_db_job) queue = TAILQ_HEAD_INITIALIZER(queue);
static TAILQ_HEAD(, app_db_job) batchq = TAILQ_HEAD_INITIALIZER(batchq);
static int batches; /* batch jobs queued or running */

uint64_t                  app_db_epoch;
static struct dbconn     *pool;
static size_t             npool;
static struct kore_timer *sweeper;
static struct kore_timer *partitioner;
static struct kore_timer *expirer;

/*
 * What has outlived its retention, in bounded batches (sql/schema/013):
 * every worker asks each minute, one at a time works.
 */
static const char q_purge[] = "CALL purge_expired(?)";

/*
 * How often a worker asks for what has expired to be deleted, ms: a
 * record more than a minute past its expiry is a failure (GET /health).
 */
#define EXPIRE_INTERVAL (30 * 1000)

/* How often a worker makes the partitions ahead, ms. */
#define PARTITION_INTERVAL (3600 * 1000)

/* Where a job is: a transaction runs BEGIN, its statements, COMMIT. */
#define PHASE_BEGIN    0
#define PHASE_STMT     1
#define PHASE_COMMIT   2
#define PHASE_ROLLBACK 3

static const char q_begin[] = "START TRANSACTION";
static const char q_commit[] = "COMMIT";
static const char q_rollback[] = "ROLLBACK";

/* How often a deadlock's victim is run again (job_retry()). */
#define DEADLOCK_RETRIES 3

/* How often jobs are checked against their deadline, ms. */
#define SWEEP_INTERVAL 250

void
app_db_config(struct sql_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->host = app_config.db_host[0] != '\0' ? app_config.db_host : NULL;
	cfg->port = app_config.db_port;
	cfg->socket = app_config.db_socket;
	cfg->user = app_config.db_user;
	cfg->password = app_db_password;
	cfg->database = app_config.db_name;
	cfg->timeout = app_config.db_timeout;
}

void
app_db_init(void)
{
	struct sql_config cfg;
	size_t            i;

	app_db_config(&cfg);

	npool = app_config.db_pool;
	pool = kore_calloc(npool, sizeof(*pool));
	for (i = 0; i < npool; i++) {
		pool[i].evt.type = APP_EVT_DB;
		pool[i].evt.handle = dbconn_handle;
		pool[i].reachable = 1;
		if ((pool[i].sql = sql_conn_new(&cfg)) == NULL)
			fatalx("%s: out of memory", __func__);
	}
	sweeper = kore_timer_add(sweep, SWEEP_INTERVAL, NULL, 0);
	partitioner = kore_timer_add(partitions, PARTITION_INTERVAL, NULL, 0);
	expirer = kore_timer_add(expired, EXPIRE_INTERVAL, NULL, 0);
}

/*
 * Every worker asks; the procedure's named lock lets one work and the
 * others return at once, and each run only adds what is missing.
 */
static void
partitions(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;
	background(APP_SQL_PARTITIONS, NULL, 0);
	dispatch_all();
}

/* What has outlived its time, a bounded number of rows each. */
static void
expired(void *arg, u_int64_t now)
{
	struct sql_param p[1];

	(void)arg;
	(void)now;
	/* The audit trail's default retention: a tenant's setting wins. */
	p[0] = sql_p_int(api_classes[C_AUDIT].hours);
	background(q_purge, p, 1);
	dispatch_all();
}

/* Queue query (our own SQL) with params[0..n); nobody waits for it. */
static void
background(const char *query, struct sql_param *params, size_t n)
{
	struct app_db_stmt st;
	struct app_db_job *job;

	memset(&st, 0, sizeof(st));
	st.query = query;
	st.params = params;
	st.nparams = n;
	job = job_alloc(NULL, &st, 1, 0);
	job->orphan = 1; /* freed when it ends */
	job->background = 1;
	job_queue(job);
}

void
app_db_cleanup(void)
{
	size_t i;
	if (sweeper != NULL)
		kore_timer_remove(sweeper);
	if (partitioner != NULL)
		kore_timer_remove(partitioner);
	if (expirer != NULL)
		kore_timer_remove(expirer);
	sweeper = partitioner = expirer = NULL;
	for (i = 0; i < npool; i++) {
		if (pool[i].timer != NULL)
			kore_timer_remove(pool[i].timer);
		sql_conn_free(pool[i].sql);
	}
	kore_free(pool);
	pool = NULL;
	npool = 0;
}

/* Copy params[0..n) and the bytes they point at. */
static struct sql_param *
copy_params(const struct sql_param *params, size_t n)
{
	struct sql_param *out;
	size_t            i;
	void             *copy;

	if (n == 0)
		return (NULL);
	out = kore_calloc(n, sizeof(*out));
	for (i = 0; i < n; i++) {
		out[i] = params[i];
		out[i].s = NULL;
		if ((params[i].type == SQL_TEXT ||
		        params[i].type == SQL_BLOB) &&
		    params[i].len > 0) {
			copy = kore_malloc(params[i].len);
			memcpy(copy, params[i].s, params[i].len);
			out[i].s = copy;
		}
	}

	return (out);
}

static struct app_db_job *
job_alloc(struct http_request *req, const struct app_db_stmt *stmts, size_t n,
    int tx)
{
	struct app_db_job *job;
	size_t             i;

	job = kore_calloc(1, sizeof(*job));
	job->req = req;
	job->tx = tx;
	job->norow = -1;
	job->state = APP_DB_QUEUED;
	job->deadline = kore_time_ms() + app_config.db_timeout * 1000ULL;
	job->nstmts = n;
	job->stmts = kore_calloc(n, sizeof(*job->stmts));
	for (i = 0; i < n; i++) {
		job->stmts[i] = stmts[i];
		job->stmts[i].params =
		    copy_params(stmts[i].params, stmts[i].nparams);
	}

	return (job);
}

static void
job_queue(struct app_db_job *job)
{
	job->state = APP_DB_QUEUED;
	job->where = JOB_QUEUE;
	TAILQ_INSERT_TAIL(&queue, job, list);
}

static struct app_db_job *
job_new(struct http_request *req, const struct app_db_stmt *stmts, size_t n,
    int tx)
{
	struct app_db_job *job;

	job = job_alloc(req, stmts, n, tx);
	job_queue(job);
	http_request_sleep(req);
	dispatch_all();

	return (job);
}

struct app_db_job *
app_db_submit(struct http_request *req, const char *query,
    const struct sql_param *params, size_t nparams)
{
	struct app_db_stmt st;

	st.query = query;
	st.params = (struct sql_param *)(uintptr_t)params;
	st.nparams = nparams;
	st.flags = 0;

	return (job_new(req, &st, 1, 0));
}

struct app_db_job *
app_db_submit_bg(const char *query, const struct sql_param *params,
    size_t nparams, void (*done)(struct app_db_job *, void *), void *arg)
{
	struct app_db_stmt st;
	struct app_db_job *job;

	st.query = query;
	st.params = (struct sql_param *)(uintptr_t)params;
	st.nparams = nparams;
	st.flags = 0;
	st.table = NULL;
	job = job_alloc(NULL, &st, 1, 0);
	job->done = done;
	job->done_arg = arg;
	job_queue(job);
	dispatch_all();

	return (job);
}

struct app_db_job *
app_db_submit_tx(struct http_request *req, const struct app_db_stmt *stmts,
    size_t n)
{
	return (job_new(req, stmts, n, 1));
}

int
app_db_finished(const struct app_db_job *job)
{
	return (job->state == APP_DB_DONE || job->state == APP_DB_FAILED);
}

void
app_db_job_free(struct app_db_job *job)
{
	size_t i, n;

	if (job == NULL)
		return;

	if (job->held) {
		/* The connection still reads its parameters. */
		job->req = NULL;
		job->orphan = 1;
		return;
	}
	if (job->where == JOB_QUEUE)
		TAILQ_REMOVE(&queue, job, list);
	else if (job->where == JOB_BATCHQ)
		TAILQ_REMOVE(&batchq, job, list);

	for (n = 0; n < job->nstmts; n++) {
		for (i = 0; i < job->stmts[n].nparams; i++) {
			if (job->stmts[n].params[i].s != NULL)
				kore_free((void *)(uintptr_t)job->stmts[n]
				              .params[i]
				              .s);
		}
		kore_free(job->stmts[n].params);
	}
	kore_free(job->stmts);
	sql_result_free(job->result);
	kore_free(job);
}

static void
dispatch_all(void)
{
	size_t i;
	batch_flush();
	for (i = 0; i < npool && !TAILQ_EMPTY(&queue); i++) {
		if (pool[i].job == NULL)
			dbconn_dispatch(&pool[i]);
	}
	/* A batch that failed at once (no connection) made room. */
	if (batches < BATCH_INFLIGHT && !TAILQ_EMPTY(&batchq))
		batch_flush();
}

/* Start queued jobs on an idle connection until one has to wait. */
static void
dbconn_dispatch(struct dbconn *c)
{
	struct app_db_job *job;

	while (c->job == NULL && (job = TAILQ_FIRST(&queue)) != NULL) {
		TAILQ_REMOVE(&queue, job, list);
		job->where = JOB_NOWHERE;
		job->state = APP_DB_RUNNING;
		job->held = 1;
		job->phase = job->tx ? PHASE_BEGIN : PHASE_STMT;
		job->cur = 0;
		c->job = job;
		dbconn_step(c, job_start(c));
	}
}

/* Start the statement c's job is at; returns as sql_run_start(). */
static int
job_start(struct dbconn *c)
{
	struct app_db_job  *job = c->job;
	struct app_db_stmt *st;

	switch (job->phase) {
	case PHASE_BEGIN:
		return (sql_run_start(c->sql, q_begin, NULL, 0));
	case PHASE_COMMIT:
		return (sql_run_start(c->sql, q_commit, NULL, 0));
	case PHASE_ROLLBACK:
		return (sql_run_start(c->sql, q_rollback, NULL, 0));
	default:
		st = &job->stmts[job->cur];
		return (
		    sql_run_start(c->sql, st->query, st->params, st->nparams));
	}
}

/* Keep what the statement that just ended produced. */
static void
job_collect(struct dbconn *c)
{
	struct app_db_job *job = c->job;
	struct sql_result *r;

	if ((r = sql_take_result(c->sql)) != NULL) {
		sql_result_free(job->result);
		job->result = r;
	}
	if (job->cur == 0)
		job->affected = sql_affected_rows(c->sql);
	if (job->insert_id == 0)
		job->insert_id = sql_insert_id(c->sql);
}

/*
 * A statement of c's job ended well: 1 when the job goes on with another
 * (phase and cur moved to it), 0 when the job is complete.
 */
static int
job_next(struct dbconn *c)
{
	struct app_db_job *job = c->job;

	if (job->state != APP_DB_RUNNING || job->orphan) {
		/* Answered (deadline) or abandoned: drop it, roll back. */
		sql_result_free(sql_take_result(c->sql));
		if (job->tx && job->phase != PHASE_COMMIT) {
			/* Deliberate: not an outage to log. */
			sql_disconnect(c->sql);
			job->dropped = 1;
		}
		return (0);
	}

	switch (job->phase) {
	case PHASE_BEGIN:
		/* A transaction of no statements commits at once. */
		job->phase = job->nstmts > 0 ? PHASE_STMT : PHASE_COMMIT;
		return (1);
	case PHASE_STMT:
		job_collect(c);
		if ((job->stmts[job->cur].flags & APP_DB_EPOCH) &&
		    batch_stale(job)) {
			job->phase = PHASE_ROLLBACK;
			return (1);
		}
		if ((job->stmts[job->cur].flags & APP_DB_NEED_ROW) &&
		    sql_affected_rows(c->sql) == 0) {
			job->norow = (long)job->cur;
			if (!job->tx)
				return (0);
			job->phase = PHASE_ROLLBACK;
			return (1);
		}
		if (!job->tx)
			return (0);
		if (++job->cur < job->nstmts)
			return (1);
		job->phase = PHASE_COMMIT;
		return (1);
	default:
		return (0);
	}
}

/* Drive c's job on from status, until it waits or is complete. */
static void
dbconn_step(struct dbconn *c, int status)
{
	for (;;) {
		if (status > 0) {
			dbconn_schedule(c, status);
			return;
		}
		if (status < 0 || !job_next(c)) {
			dbconn_finish(c, status);
			return;
		}
		status = job_start(c);
	}
}

static void
dbconn_schedule(struct dbconn *c, int status)
{
	int events = 0;

	if (status & SQL_WAIT_READ)
		events |= EPOLLIN;
	if (status & SQL_WAIT_WRITE)
		events |= EPOLLOUT;
	/*
	 * SQL_WAIT_EXCEPT (out-of-band data) is not asked for: kore reports
	 * no flag for EPOLLPRI, and Connector/C never needs it on our
	 * sockets.  An fd of -1 cannot happen while waiting; never hand it
	 * to epoll, whose failure is fatal in kore.
	 */
	if (events != 0 && sql_fd(c->sql) != -1)
		kore_platform_event_schedule(sql_fd(c->sql), events, 0, c);
	if (status & SQL_WAIT_TIMEOUT) {
		c->timer = kore_timer_add(dbconn_timeout,
		    sql_timeout_ms(c->sql), c, KORE_TIMER_ONESHOT);
	}
}

/* The running job ended (status 0 done, -1 failed): hand it back. */
static void
dbconn_finish(struct dbconn *c, int status)
{
	struct app_db_job *job = c->job;

	c->job = NULL;
	job->held = 0;
	if ((status == 0 || !job->tx) && !job->dropped)
		dbconn_reachable(c, sql_connected(c->sql));

	if (status < 0 && job->tx && sql_connected(c->sql)) {
		/* Closing the connection rolls the transaction back. */
		job->sqlerrno = sql_errno(c->sql);
		(void)snprintf(job->errstr, sizeof(job->errstr), "%s",
		    sql_errstr(c->sql));
		sql_disconnect(c->sql);
	} else if (status < 0) {
		job->sqlerrno = sql_errno(c->sql);
		(void)snprintf(job->errstr, sizeof(job->errstr), "%s",
		    sql_errstr(c->sql));
		job->unavailable = !sql_connected(c->sql);
	}
	if (status < 0 && job_retry(job)) {
		if (sql_connected(c->sql))
			kore_platform_event_schedule(sql_fd(c->sql),
			    EPOLLIN | EPOLLRDHUP, 0, c);
		return;
	}
	if (job->members != NULL) {
		batch_finish(job, status);
	} else if (job->orphan) {
		/* A background job's SQL is our own: its error names no data.
		 */
		if (status < 0 && job->background)
			kore_log(LOG_WARNING, "database: %s: %s",
			    job->stmts[0].query, job->errstr);
		/* The request went away: nobody waits. */
		sql_result_free(sql_take_result(c->sql));
		app_db_job_free(job);
	} else if (job->state != APP_DB_RUNNING) {
		/* Its deadline passed and it was answered: drop the outcome. */
		sql_result_free(sql_take_result(c->sql));
	} else {
		job->state = status == 0 ? APP_DB_DONE : APP_DB_FAILED;
		if (job->done != NULL)
			job->done(job, job->done_arg);
		else if (job->req != NULL)
			http_request_wakeup(job->req);
	}

	/* Watch the idle connection: the server closing it is a read. */
	if (sql_connected(c->sql))
		kore_platform_event_schedule(sql_fd(c->sql),
		    EPOLLIN | EPOLLRDHUP, 0, c);
}

/*
 * A request's statement or transaction that InnoDB chose as a deadlock's
 * victim (1213: rolled back, "try restarting transaction") is queued
 * again, first, up to DEADLOCK_RETRIES times while its deadline holds:
 * two logins of one user at once deadlock on the user's row and the
 * audit chain's head.  Rows of the group commit are not: a read decides
 * again on the state that moved (api_reads.c).
 */
static int
job_retry(struct app_db_job *job)
{
	if (job->sqlerrno != 1213 || job->batched || job->members != NULL ||
	    job->orphan || job->state != APP_DB_RUNNING ||
	    job->retries >= DEADLOCK_RETRIES || kore_time_ms() >= job->deadline)
		return (0);
	job->retries++;
	sql_result_free(job->result);
	job->result = NULL;
	job->affected = 0;
	job->insert_id = 0;
	job->norow = -1;
	job->sqlerrno = 0;
	job->errstr[0] = '\0';
	job->where = JOB_QUEUE;
	TAILQ_INSERT_HEAD(&queue, job, list);

	return (1);
}

/* Log a change of reachability once per connection, not per request. */
static void
dbconn_reachable(struct dbconn *c, int up)
{
	if (up == c->reachable)
		return;
	c->reachable = up;
	if (up)
		kore_log(LOG_NOTICE, "database: connected again");
	else
		kore_log(LOG_ERR, "database: unreachable: %s",
		    sql_errstr(c->sql));
}

static void
dbconn_handle(void *arg, int err)
{
	struct dbconn *c = arg;
	int            ready = 0;

	if (c->evt.flags & KORE_EVENT_READ)
		ready |= SQL_WAIT_READ;
	if (c->evt.flags & KORE_EVENT_WRITE)
		ready |= SQL_WAIT_WRITE;
	c->evt.flags = 0;
	/* Hang-up or error: let the client library read and report it. */
	if (err)
		ready |= SQL_WAIT_READ;

	if (c->job == NULL) {
		/* Nothing asked: the server closed an idle connection. */
		sql_disconnect(c->sql);
		return;
	}

	if (c->timer != NULL) {
		kore_timer_remove(c->timer);
		c->timer = NULL;
	}

	dbconn_step(c, sql_run_cont(c->sql, ready));
	dispatch_all();
}

static void
dbconn_timeout(void *arg, u_int64_t now)
{
	struct dbconn *c = arg;

	(void)now;
	/* kore frees a one-shot timer after this callback. */
	c->timer = NULL;
	if (c->job == NULL)
		return;

	dbconn_step(c, sql_run_cont(c->sql, SQL_WAIT_TIMEOUT));
	dispatch_all();
}

/*
 * A job that has not finished db_timeout after it was submitted fails:
 * a database that hangs makes requests fail in bounded time, not one
 * db_timeout per job ahead of them, nor connect plus read timeouts.  A
 * queued job leaves the queue; a running one is answered now and its
 * connection finishes unheard (dbconn_finish()).
 */
static void
sweep(void *arg, u_int64_t now)
{
	struct app_db_job *job, *next;
	size_t             i;

	(void)arg;
	for (job = TAILQ_FIRST(&batchq); job != NULL; job = next) {
		next = TAILQ_NEXT(job, list);
		if (job->deadline <= now) {
			TAILQ_REMOVE(&batchq, job, list);
			job->where = JOB_NOWHERE;
			expire(job);
		}
	}
	for (job = TAILQ_FIRST(&queue); job != NULL; job = next) {
		next = TAILQ_NEXT(job, list);
		/* A batch's requests expire one by one, each its own time. */
		if (job->members != NULL)
			batch_fail(job, now);
		if (job->deadline <= now) {
			TAILQ_REMOVE(&queue, job, list);
			job->where = JOB_NOWHERE;
			if (job->members != NULL)
				batch_free(job); /* never started */
			else
				expire(job);
		}
	}
	for (i = 0; i < npool; i++) {
		job = pool[i].job;
		if (job == NULL || job->state != APP_DB_RUNNING)
			continue;
		if (job->members != NULL)
			batch_fail(job, now);
		if (job->deadline <= now)
			expire(job);
	}
	dispatch_all();
}

static void
expire(struct app_db_job *job)
{
	if (job->orphan && !job->held && job->where == JOB_NOWHERE) {
		app_db_job_free(job); /* a background job: nobody waits */
		return;
	}
	job->state = APP_DB_FAILED;
	job->unavailable = 1;
	(void)snprintf(job->errstr, sizeof(job->errstr),
	    "the database did not answer within db_timeout");
	if (job->done != NULL)
		job->done(job, job->done_arg);
	else if (job->req != NULL)
		http_request_wakeup(job->req);
}

/* --- group commit ------------------------------------------------------- */

struct app_db_job *
app_db_submit_rows(struct http_request *req, const struct app_db_stmt *rows,
    size_t n, uint64_t epoch)
{
	struct app_db_job *job;
	size_t             i;

	/* A transaction of its own, should its batch fail. */
	job = job_alloc(req, rows, n, 1);
	job->epoch = epoch;
	for (i = 0; i < n; i++)
		job->stmts[i].query = table_query(rows[i].table, 0);
	job->batched = 1;
	job->where = JOB_BATCHQ;
	TAILQ_INSERT_TAIL(&batchq, job, list);
	http_request_sleep(req);
	dispatch_all();

	return (job);
}

/*
 * The statement inserting 2^k rows into t, made on first use and kept for
 * the worker's life: the statement cache knows it by this pointer.
 */
static const char *
table_query(const struct app_db_table *t, int k)
{
	struct app_db_table *w = (struct app_db_table *)(uintptr_t)t;
	size_t               rows = (size_t)1 << k, ilen, rlen, i, off;
	char                *q;

	if (t->q[k] != NULL)
		return (t->q[k]);
	ilen = strlen(t->insert);
	rlen = strlen(t->row);
	q = kore_malloc(ilen + rows * (rlen + 2) + 1);
	memcpy(q, t->insert, ilen);
	off = ilen;
	for (i = 0; i < rows; i++) {
		if (i > 0) {
			memcpy(q + off, ", ", 2);
			off += 2;
		}
		memcpy(q + off, t->row, rlen);
		off += rlen;
	}
	q[off] = '\0';
	w->q[k] = q;

	return (q);
}

/* One row of a batch: its table and its (member-owned) parameters. */
struct batch_row {
	const struct app_db_table *table;
	const struct sql_param    *params;
};

/* 1 when row a goes after row b: table order, then a call's first key. */
static int
row_after(const struct batch_row *a, const struct batch_row *b)
{
	if (a->table->order != b->table->order)
		return (a->table->order > b->table->order);

	return (a->table->call && a->table == b->table &&
	    a->params[0].type == SQL_INT && b->params[0].type == SQL_INT &&
	    a->params[0].i > b->params[0].i);
}

/* Order rows by their table's order (calls by key), stable (insertion). */
static void
rows_sort(struct batch_row *r, size_t n)
{
	struct batch_row tmp;
	size_t           i, j;

	for (i = 1; i < n; i++) {
		tmp = r[i];
		for (j = i; j > 0 && row_after(&r[j - 1], &tmp); j--)
			r[j] = r[j - 1];
		r[j] = tmp;
	}
}

/* Parameter p as a JSON value (APP_DB_CALL_MANY). */
static void
param_json(struct kore_buf *b, const struct sql_param *p)
{
	const unsigned char *s = (const unsigned char *)p->s;
	size_t               i;

	switch (p->type) {
	case SQL_INT:
		kore_buf_appendf(b, "%" PRId64, p->i);
		break;
	case SQL_DOUBLE:
		kore_buf_appendf(b, "%.17g", p->d);
		break;
	case SQL_TEXT:
		kore_buf_append(b, "\"", 1);
		for (i = 0; i < p->len; i++) {
			if (s[i] == '"' || s[i] == '\\' || s[i] < 0x20)
				kore_buf_appendf(b, "\\u%04x", s[i]);
			else
				kore_buf_append(b, &s[i], 1);
		}
		kore_buf_append(b, "\"", 1);
		break;
	case SQL_BLOB:
		kore_buf_append(b, "\"", 1);
		for (i = 0; i < p->len; i++)
			kore_buf_appendf(b, "%02x", s[i]);
		kore_buf_append(b, "\"", 1);
		break;
	default:
		kore_buf_append(b, "null", 4);
		break;
	}
}

/* rows[0..n) of a call table as the one statement of its many form. */
static void
call_many(const struct batch_row *rows, size_t n, struct app_db_stmt *out)
{
	const struct app_db_table *t = rows[0].table;
	struct kore_buf           *b = kore_buf_alloc(64 * n * t->nparams);
	size_t                     r, i, len;
	u_int8_t                  *json;

	kore_buf_append(b, "[", 1);
	for (r = 0; r < n; r++) {
		kore_buf_append(b, r > 0 ? ",[" : "[", r > 0 ? 2 : 1);
		for (i = 0; i < t->nparams; i++) {
			if (i > 0)
				kore_buf_append(b, ",", 1);
			param_json(b, &rows[r].params[i]);
		}
		kore_buf_append(b, "]", 1);
	}
	kore_buf_append(b, "]", 1);
	json = kore_buf_release(b, &len);
	out->query = t->many;
	out->params = kore_calloc(1, sizeof(struct sql_param));
	out->params[0] = sql_p_text((const char *)json, len);
	out->nparams = 1;
	out->flags = APP_DB_OWNED;
	out->table = t;
}

/*
 * Statements for rows[0..n) (sorted): per table, multi-row INSERTs of 32,
 * 16, … 1 rows, so a batch of any size needs few prepared statements.
 * Their parameters are shallow copies: the bytes stay the members'.
 */
static size_t
batch_stmts(struct batch_row *rows, size_t n, struct app_db_stmt *out)
{
	const struct app_db_table *t;
	size_t                     i = 0, end, chunk, r, ns = 0, np;
	int                        k;

	while (i < n) {
		t = rows[i].table;
		for (end = i; end < n && rows[end].table == t; end++)
			;
		if (t->many != NULL && end - i >= 2) {
			call_many(rows + i, end - i, &out[ns++]);
			i = end;
			continue;
		}
		for (k = t->call ? 0 : APP_DB_CHUNKS - 1; k >= 0; k--) {
			chunk = (size_t)1 << k;
			while (end - i >= chunk) {
				np = chunk * t->nparams;
				out[ns].query = table_query(t, k);
				out[ns].params =
				    kore_calloc(np, sizeof(struct sql_param));
				out[ns].nparams = np;
				out[ns].flags = 0;
				out[ns].table = t;
				for (r = 0; r < chunk; r++)
					memcpy(&out[ns].params[r * t->nparams],
					    rows[i + r].params,
					    t->nparams *
					        sizeof(struct sql_param));
				ns++;
				i += chunk;
			}
		}
	}

	return (ns);
}

/* Start the next batches from batchq, as many as may be in flight. */
static void
batch_flush(void)
{
	struct app_db_job *b, *m;
	struct batch_row  *rows;
	size_t             n, nrows, i, r;

	while (batches < BATCH_INFLIGHT && !TAILQ_EMPTY(&batchq)) {
		b = kore_calloc(1, sizeof(*b));
		b->tx = 1;
		b->norow = -1;
		b->members = kore_calloc(BATCH_MAX_JOBS, sizeof(*b->members));
		nrows = 0;
		for (n = 0;
		     n < BATCH_MAX_JOBS && (m = TAILQ_FIRST(&batchq)) != NULL;
		     n++) {
			TAILQ_REMOVE(&batchq, m, list);
			m->where = JOB_NOWHERE;
			m->state = APP_DB_RUNNING;
			m->held = 1;
			b->members[n] = m;
			nrows += m->nstmts;
		}
		b->nmembers = n;
		/* The batch is given up only when all its requests are. */
		for (i = 0; i < n; i++) {
			if (b->members[i]->deadline > b->deadline)
				b->deadline = b->members[i]->deadline;
		}
		rows = kore_calloc(nrows + 1, sizeof(*rows));
		for (i = 0, r = 0; i < n; i++) {
			m = b->members[i];
			for (size_t j = 0; j < m->nstmts; j++, r++) {
				rows[r].table = m->stmts[j].table;
				rows[r].params = m->stmts[j].params;
			}
		}
		rows_sort(rows, nrows);
		/* The epoch check, then at most a statement per row. */
		b->stmts = kore_calloc(nrows + 1, sizeof(*b->stmts));
		for (i = 0; i < n; i++) {
			if (b->members[i]->epoch != 0) {
				b->stmts[0].query = APP_SQL_EPOCH;
				b->stmts[0].flags = APP_DB_EPOCH;
				b->nstmts = 1;
				break;
			}
		}
		b->nstmts += batch_stmts(rows, nrows, b->stmts + b->nstmts);
		kore_free(rows);

		batches++;
		job_queue(b);
	}
}

/*
 * The requests of batch b whose deadline is past now fail now; they stay
 * held (the batch's statements point at their parameters) until it ends.
 */
static void
batch_fail(struct app_db_job *b, uint64_t now)
{
	struct app_db_job *m;
	size_t             i;

	for (i = 0; i < b->nmembers; i++) {
		m = b->members[i];
		if (m->orphan || m->state != APP_DB_RUNNING ||
		    m->deadline > now)
			continue;
		expire(m);
	}
}

static void
batch_free(struct app_db_job *b)
{
	struct app_db_job *m;
	size_t             i;

	for (i = 0; i < b->nmembers; i++) {
		m = b->members[i];
		m->held = 0;
		if (m->orphan)
			app_db_job_free(m);
	}
	for (i = 0; i < b->nstmts; i++) {
		if (b->stmts[i].flags & APP_DB_OWNED)
			kore_free((void *)(uintptr_t)b->stmts[i].params[0].s);
		kore_free(b->stmts[i].params);
	}
	kore_free(b->stmts);
	kore_free(b->members);
	sql_result_free(b->result);
	kore_free(b);
	batches--;
}

/*
 * The epoch check of batch b has its row: 1 (roll back) when a request
 * of the batch holds to an older configuration.
 */
static int
batch_stale(struct app_db_job *b)
{
	struct app_db_job *m;
	int64_t            v;
	size_t             i;

	/* No answer to trust: every cached decision is checked again. */
	if (b->result == NULL || sql_result_int(b->result, 0, 0, &v) == -1 ||
	    v <= 0)
		v = 0;
	b->epoch = (uint64_t)v;
	if (b->epoch > app_db_epoch)
		app_db_epoch = b->epoch;
	for (i = 0; i < b->nmembers; i++) {
		m = b->members[i];
		if (!m->orphan && m->state == APP_DB_RUNNING && m->epoch != 0 &&
		    m->epoch != b->epoch)
			b->stale = 1;
	}

	return (b->stale);
}

/*
 * 1 when the server refused a statement for what one row holds (so the
 * other requests of its batch may well succeed alone): a duplicate key, a
 * value out of range or too long, a bad date, a foreign key, a deadlock or
 * lock wait.  Not for a lost connection, a refused login or a server that
 * shuts down: those fail every request of the batch.
 */
static int
row_error(unsigned int e)
{
	switch (e) {
	case 1048: /* ER_BAD_NULL_ERROR */
	case 1062: /* ER_DUP_ENTRY */
	case 1644: /* ER_SIGNAL_EXCEPTION: a procedure's assertion */
	case 1205: /* ER_LOCK_WAIT_TIMEOUT */
	case 1213: /* ER_LOCK_DEADLOCK */
	case 1264: /* ER_WARN_DATA_OUT_OF_RANGE */
	case 1292: /* ER_TRUNCATED_WRONG_VALUE */
	case 1366: /* ER_TRUNCATED_WRONG_VALUE_FOR_FIELD */
	case 1406: /* ER_DATA_TOO_LONG */
	case 1451: /* ER_ROW_IS_REFERENCED_2 */
	case 1452: /* ER_NO_REFERENCED_ROW_2 */
	case 1526: /* ER_NO_PARTITION_FOR_GIVEN_VALUE */
		return (1);
	default:
		return (0);
	}
}

/*
 * The batch b ended (status 0 committed, -1 failed).  Its requests learn
 * the outcome; when a statement failed on the server (a duplicate key of
 * one request, say), each request's rows run again on their own, so one
 * request's conflict does not fail the others.
 */
static void
batch_finish(struct app_db_job *b, int status)
{
	struct app_db_job *m;
	size_t             i;
	int                retry;
	retry = status < 0 && b->state == APP_DB_RUNNING && b->nmembers > 1 &&
	    row_error(b->sqlerrno);
	sql_result_free(b->result);
	b->result = NULL;
	/* Stale: the others wait for the next batch, in their order. */
	for (i = b->nmembers; b->stale && status == 0 && i-- > 0;) {
		m = b->members[i];
		if (m->orphan || m->state != APP_DB_RUNNING ||
		    (m->epoch != 0 && m->epoch != b->epoch))
			continue;
		m->held = 0;
		m->state = APP_DB_QUEUED;
		m->where = JOB_BATCHQ;
		TAILQ_INSERT_HEAD(&batchq, m, list);
	}
	for (i = 0; i < b->nmembers; i++) {
		m = b->members[i];
		if (m->orphan || m->state != APP_DB_RUNNING)
			continue; /* gone, requeued, or failed at the deadline
			           */
		if (b->stale && status == 0) {
			m->stale = 1;
			m->state = APP_DB_FAILED;
			(void)snprintf(m->errstr, sizeof(m->errstr),
			    "the configuration changed");
			if (m->req != NULL)
				http_request_wakeup(m->req);
			continue;
		}
		if (retry && m->nstmts == 0) {
			/* Nothing of its own: the epoch check passed. */
			m->state = APP_DB_DONE;
			if (m->req != NULL)
				http_request_wakeup(m->req);
			continue;
		}
		if (retry) {
			m->held = 0;
			job_queue(m);
			continue;
		}
		m->state = status == 0 ? APP_DB_DONE : APP_DB_FAILED;
		m->sqlerrno = b->sqlerrno;
		m->unavailable = status < 0 && !row_error(b->sqlerrno);
		(void)snprintf(m->errstr, sizeof(m->errstr), "%s", b->errstr);
		if (m->req != NULL)
			http_request_wakeup(m->req);
	}
	batch_free(b);
}
