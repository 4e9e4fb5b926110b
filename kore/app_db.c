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

#include <stdio.h>
#include <string.h>

#include "app.h"

/* Our event type for kore's loop; kore only calls evt.handle. */
#define APP_EVT_DB 100

struct dbconn {
	struct kore_event  evt; /* first: kore casts the event pointer */
	struct sql_conn   *sql;
	struct app_db_job *job;
	struct kore_timer *timer;
	int                reachable;
};

static void dbconn_handle(void *, int);
static void dbconn_timeout(void *, u_int64_t);
static void dbconn_schedule(struct dbconn *, int);
static void dbconn_finish(struct dbconn *, int);
static void dbconn_dispatch(struct dbconn *);
static void dbconn_reachable(struct dbconn *, int);
static void dispatch_all(void);
static void sweep(void *, u_int64_t);
static void expire(struct app_db_job *);

static TAILQ_HEAD(, app_db_job) queue = TAILQ_HEAD_INITIALIZER(queue);
static struct dbconn     *pool;
static size_t             npool;
static struct kore_timer *sweeper;

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
}

void
app_db_cleanup(void)
{
	size_t i;
	if (sweeper != NULL)
		kore_timer_remove(sweeper);
	sweeper = NULL;
	for (i = 0; i < npool; i++) {
		if (pool[i].timer != NULL)
			kore_timer_remove(pool[i].timer);
		sql_conn_free(pool[i].sql);
	}
	kore_free(pool);
	pool = NULL;
	npool = 0;
}

struct app_db_job *
app_db_submit(struct http_request *req, const char *query,
    const struct sql_param *params, size_t nparams)
{
	struct app_db_job *job;
	size_t             i;
	void              *copy;

	job = kore_calloc(1, sizeof(*job));
	job->req = req;
	job->query = query;
	job->state = APP_DB_QUEUED;
	job->deadline = kore_time_ms() + app_config.db_timeout * 1000ULL;
	job->nparams = nparams;
	if (nparams > 0) {
		job->params = kore_calloc(nparams, sizeof(*params));
		for (i = 0; i < nparams; i++) {
			job->params[i] = params[i];
			if ((params[i].type == SQL_TEXT ||
			        params[i].type == SQL_BLOB) &&
			    params[i].len > 0) {
				copy = kore_malloc(params[i].len);
				memcpy(copy, params[i].s, params[i].len);
				job->params[i].s = copy;
			} else {
				job->params[i].s = NULL;
			}
		}
	}

	TAILQ_INSERT_TAIL(&queue, job, list);
	http_request_sleep(req);
	dispatch_all();

	return (job);
}

int
app_db_finished(const struct app_db_job *job)
{
	return (job->state == APP_DB_DONE || job->state == APP_DB_FAILED);
}

void
app_db_job_free(struct app_db_job *job)
{
	size_t i;

	if (job == NULL)
		return;

	if (job->held) {
		/* The connection still reads its parameters. */
		job->req = NULL;
		job->orphan = 1;
		return;
	}
	if (job->state == APP_DB_QUEUED)
		TAILQ_REMOVE(&queue, job, list);

	for (i = 0; i < job->nparams; i++) {
		if (job->params[i].s != NULL)
			kore_free((void *)(uintptr_t)job->params[i].s);
	}
	kore_free(job->params);
	sql_result_free(job->result);
	kore_free(job);
}

static void
dispatch_all(void)
{
	size_t i;

	for (i = 0; i < npool && !TAILQ_EMPTY(&queue); i++) {
		if (pool[i].job == NULL)
			dbconn_dispatch(&pool[i]);
	}
}

/* Start queued jobs on an idle connection until one has to wait. */
static void
dbconn_dispatch(struct dbconn *c)
{
	struct app_db_job *job;
	int                status;

	while (c->job == NULL && (job = TAILQ_FIRST(&queue)) != NULL) {
		TAILQ_REMOVE(&queue, job, list);
		job->state = APP_DB_RUNNING;
		job->held = 1;
		c->job = job;
		status = sql_run_start(c->sql, job->query, job->params,
		    job->nparams);
		if (status > 0)
			dbconn_schedule(c, status);
		else
			dbconn_finish(c, status);
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
	dbconn_reachable(c, sql_connected(c->sql));

	if (job->orphan) {
		/* The request went away: nobody waits. */
		sql_result_free(sql_take_result(c->sql));
		app_db_job_free(job);
	} else if (job->state != APP_DB_RUNNING) {
		/* Its deadline passed and it was answered: drop the outcome. */
		sql_result_free(sql_take_result(c->sql));
	} else {
		if (status == 0) {
			job->state = APP_DB_DONE;
			job->result = sql_take_result(c->sql);
			job->affected = sql_affected_rows(c->sql);
			job->insert_id = sql_insert_id(c->sql);
		} else {
			job->state = APP_DB_FAILED;
			job->unavailable = !sql_connected(c->sql);
			(void)snprintf(job->errstr, sizeof(job->errstr), "%s",
			    sql_errstr(c->sql));
		}
		if (job->req != NULL)
			http_request_wakeup(job->req);
	}

	/* Watch the idle connection: the server closing it is a read. */
	if (sql_connected(c->sql))
		kore_platform_event_schedule(sql_fd(c->sql),
		    EPOLLIN | EPOLLRDHUP, 0, c);
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

	ready = sql_run_cont(c->sql, ready);
	if (ready > 0) {
		dbconn_schedule(c, ready);
		return;
	}
	dbconn_finish(c, ready);
	dbconn_dispatch(c);
}

static void
dbconn_timeout(void *arg, u_int64_t now)
{
	struct dbconn *c = arg;
	int            status;

	(void)now;
	/* kore frees a one-shot timer after this callback. */
	c->timer = NULL;
	if (c->job == NULL)
		return;

	status = sql_run_cont(c->sql, SQL_WAIT_TIMEOUT);
	if (status > 0) {
		dbconn_schedule(c, status);
		return;
	}
	dbconn_finish(c, status);
	dbconn_dispatch(c);
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
	for (job = TAILQ_FIRST(&queue); job != NULL; job = next) {
		next = TAILQ_NEXT(job, list);
		if (job->deadline <= now) {
			TAILQ_REMOVE(&queue, job, list);
			expire(job);
		}
	}
	for (i = 0; i < npool; i++) {
		job = pool[i].job;
		if (job != NULL && job->state == APP_DB_RUNNING &&
		    job->deadline <= now)
			expire(job);
	}
}

static void
expire(struct app_db_job *job)
{
	job->state = APP_DB_FAILED;
	job->unavailable = 1;
	(void)snprintf(job->errstr, sizeof(job->errstr),
	    "the database did not answer within db_timeout");
	if (job->req != NULL)
		http_request_wakeup(job->req);
}
