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
 * Connections and prepared statements on Connector/C's non-blocking API.
 * One state machine runs a statement: connect when needed, prepare unless
 * cached, bind and execute, store and copy the rows.  Event loops drive it
 * with sql_run_start()/sql_run_cont(); sql_run() drives it with poll(2).
 */

#include <sys/types.h>

#include <mysql.h>
#include <errmsg.h>

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "sql_internal.h"

/* The SQL_WAIT_* bits go to and from Connector/C unchanged (C99 check). */
typedef char
    sql_wait_bits_are_mysql_wait_bits[SQL_WAIT_READ == MYSQL_WAIT_READ &&
                SQL_WAIT_WRITE == MYSQL_WAIT_WRITE &&
                SQL_WAIT_EXCEPT == MYSQL_WAIT_EXCEPT &&
                SQL_WAIT_TIMEOUT == MYSQL_WAIT_TIMEOUT ?
            1 :
            -1];

enum step {
	STEP_IDLE,
	STEP_CONNECT,
	STEP_PREPARE,
	STEP_EXECUTE,
	STEP_STORE,
};

struct cached {
	const char *query;
	MYSQL_STMT *stmt;
	uint64_t    used;
};

struct sql_conn {
	MYSQL *db;
	int    connected;

	char        *host;
	char        *socket;
	char        *user;
	char        *password;
	char        *database;
	unsigned int port;
	unsigned int timeout;
	unsigned int query_timeout;
	/* The statement in progress. */
	enum step               step;
	int                     in_call;
	const char             *query;
	const struct sql_param *params;
	size_t                  nparams;
	struct cached          *cur;
	MYSQL_BIND             *bind;
	size_t                  nbind;
	struct sql_result      *result;
	uint64_t                affected;
	uint64_t                insert_id;

	struct cached cache[SQL_STMT_CACHE];
	size_t        ncache;
	uint64_t      tick;

	unsigned int err_no;
	char         errstr[SQL_ERRLEN];
};

struct sql_result {
	size_t  rows;
	size_t  cols;
	char  **cells; /* rows * cols; NULL for SQL NULL */
	size_t *lens;
};

static int   step(struct sql_conn *, int);
static int   step_connect(struct sql_conn *, int);
static int   step_prepare(struct sql_conn *, int);
static int   step_execute(struct sql_conn *, int);
static int   step_store(struct sql_conn *, int);
static int   begin_statement(struct sql_conn *);
static int   bind_params(struct sql_conn *);
static int   fetch_rows(struct sql_conn *, MYSQL_STMT *);
static char *copy_cell(MYSQL_STMT *, MYSQL_BIND *, size_t, unsigned long);
static int   fail(struct sql_conn *, const char *, MYSQL_STMT *);
static void  evict(struct sql_conn *, struct cached *);
static void  seterr(struct sql_conn *, unsigned int, const char *, ...)
    __attribute__((format(printf, 3, 4)));
static int   conn_lost(unsigned int);
static char *dupstr(const char *, int *);

static const char empty[] = "";

int
sql_library_init(void)
{
	return (mysql_library_init(0, NULL, NULL) == 0 ? 0 : -1);
}

void
sql_library_end(void)
{
	mysql_library_end();
}

struct sql_conn *
sql_conn_new(const struct sql_config *cfg)
{
	struct sql_conn *c;
	int              bad = 0;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return (NULL);

	c->host = dupstr(cfg->host, &bad);
	c->socket = dupstr(cfg->socket, &bad);
	c->user = dupstr(cfg->user, &bad);
	c->password = dupstr(cfg->password, &bad);
	c->database = dupstr(cfg->database, &bad);
	c->port = cfg->port != 0 ? cfg->port : 3306;
	c->timeout = cfg->timeout != 0 ? cfg->timeout : 5;
	c->query_timeout =
	    cfg->query_timeout != 0 ? cfg->query_timeout : c->timeout;
	c->step = STEP_IDLE;

	if (bad) {
		sql_conn_free(c);
		return (NULL);
	}

	return (c);
}

void
sql_conn_free(struct sql_conn *c)
{
	if (c == NULL)
		return;

	sql_disconnect(c);
	sql_result_free(c->result);
	free(c->bind);
	free(c->host);
	free(c->socket);
	free(c->user);
	if (c->password != NULL) {
		explicit_bzero(c->password, strlen(c->password));
		free(c->password);
	}
	free(c->database);
	free(c);
}

void
sql_disconnect(struct sql_conn *c)
{
	size_t i;

	if (c->db != NULL) {
		/*
		 * mysql_close() detaches the statements first, so closing
		 * them afterwards only frees memory and sends nothing to a
		 * server that may be gone.
		 */
		mysql_close(c->db);
		c->db = NULL;
	}
	for (i = 0; i < c->ncache; i++)
		mysql_stmt_close(c->cache[i].stmt);
	c->ncache = 0;
	c->connected = 0;
	c->step = STEP_IDLE;
	c->in_call = 0;
	c->cur = NULL;
}

int
sql_connected(const struct sql_conn *c)
{
	return (c->connected);
}

int
sql_fd(const struct sql_conn *c)
{
	if (c->db == NULL)
		return (-1);
	return ((int)mysql_get_socket(c->db));
}

unsigned int
sql_timeout_ms(const struct sql_conn *c)
{
	if (c->db == NULL)
		return (0);
	return (mysql_get_timeout_value_ms(c->db));
}

const char *
sql_errstr(const struct sql_conn *c)
{
	return (c->errstr);
}

unsigned int
sql_errno(const struct sql_conn *c)
{
	return (c->err_no);
}

uint64_t
sql_affected_rows(const struct sql_conn *c)
{
	return (c->affected);
}

uint64_t
sql_insert_id(const struct sql_conn *c)
{
	return (c->insert_id);
}

struct sql_result *
sql_take_result(struct sql_conn *c)
{
	struct sql_result *r;

	r = c->result;
	c->result = NULL;

	return (r);
}

int
sql_connect(struct sql_conn *c)
{
	return (sql_run(c, NULL, NULL, 0));
}

int
sql_run_start(struct sql_conn *c, const char *query,
    const struct sql_param *params, size_t nparams)
{
	if (c->step != STEP_IDLE) {
		seterr(c, 0, "start: a statement is already running");
		return (-1);
	}

	sql_result_free(c->result);
	c->result = NULL;
	c->query = query;
	c->params = params;
	c->nparams = nparams;
	c->affected = 0;
	c->insert_id = 0;
	c->err_no = 0;
	c->errstr[0] = '\0';
	c->in_call = 0;

	if (!c->connected)
		c->step = STEP_CONNECT;
	else if (query == NULL)
		return (0);
	else if (begin_statement(c) == -1)
		return (-1);

	return (step(c, 0));
}

int
sql_run_cont(struct sql_conn *c, int ready)
{
	if (c->step == STEP_IDLE || !c->in_call) {
		seterr(c, 0, "cont: no statement is waiting");
		return (-1);
	}

	return (step(c, ready));
}

int
sql_run(struct sql_conn *c, const char *query, const struct sql_param *params,
    size_t nparams)
{
	struct pollfd pfd;
	int           status, n, timeo;

	status = sql_run_start(c, query, params, nparams);
	while (status > 0) {
		pfd.fd = sql_fd(c);
		pfd.events = 0;
		pfd.revents = 0;
		if (status & SQL_WAIT_READ)
			pfd.events |= POLLIN;
		if (status & SQL_WAIT_WRITE)
			pfd.events |= POLLOUT;
		if (status & SQL_WAIT_EXCEPT)
			pfd.events |= POLLPRI;
		timeo = -1;
		if (status & SQL_WAIT_TIMEOUT)
			timeo = (int)sql_timeout_ms(c);

		if ((n = poll(&pfd, 1, timeo)) == -1) {
			if (errno == EINTR)
				continue;
			seterr(c, 0, "poll: %s", strerror(errno));
			sql_disconnect(c);
			return (-1);
		}

		status = 0;
		if (n == 0)
			status |= SQL_WAIT_TIMEOUT;
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
			status |= SQL_WAIT_READ;
		if (pfd.revents & POLLOUT)
			status |= SQL_WAIT_WRITE;
		if (pfd.revents & POLLPRI)
			status |= SQL_WAIT_EXCEPT;
		status = sql_run_cont(c, status);
	}

	return (status);
}

/*
 * Advance the statement from its current step as far as it goes without
 * waiting.  ready is 0 when a step is entered, else the events that woke
 * it.  Returns a wait mask, 0 when finished, -1 on failure.
 */
static int
step(struct sql_conn *c, int ready)
{
	int rc;

	for (;;) {
		switch (c->step) {
		case STEP_CONNECT:
			rc = step_connect(c, ready);
			break;
		case STEP_PREPARE:
			rc = step_prepare(c, ready);
			break;
		case STEP_EXECUTE:
			rc = step_execute(c, ready);
			break;
		case STEP_STORE:
			rc = step_store(c, ready);
			break;
		case STEP_IDLE:
		default:
			return (0);
		}
		if (rc != 0)
			return (rc);
		ready = 0;
	}
}

static int
step_connect(struct sql_conn *c, int ready)
{
	MYSQL       *ret;
	int          status;
	unsigned int timeo, proto;
	my_bool      off = 0;

	if (!c->in_call) {
		if ((c->db = mysql_init(NULL)) == NULL) {
			seterr(c, 0, "connect: out of memory");
			c->step = STEP_IDLE;
			return (-1);
		}
		mysql_options(c->db, MYSQL_OPT_NONBLOCK, 0);
		timeo = c->timeout;
		mysql_options(c->db, MYSQL_OPT_CONNECT_TIMEOUT, &timeo);
		timeo = c->query_timeout;
		mysql_options(c->db, MYSQL_OPT_READ_TIMEOUT, &timeo);
		mysql_options(c->db, MYSQL_OPT_WRITE_TIMEOUT, &timeo);
		mysql_options(c->db, MYSQL_OPT_RECONNECT, &off);
		/*
		 * Connector/C reads the host "localhost" as "the default unix
		 * socket": a configured host means TCP, always.
		 */
		proto = c->host != NULL ? MYSQL_PROTOCOL_TCP :
		                          MYSQL_PROTOCOL_SOCKET;
		mysql_options(c->db, MYSQL_OPT_PROTOCOL, &proto);
		mysql_options(c->db, MYSQL_SET_CHARSET_NAME, "utf8mb4");
		/* Times are stored in UTC, whatever the server's zone. */
		mysql_options(c->db, MYSQL_INIT_COMMAND,
		    "SET time_zone = '+00:00'");
		status = mysql_real_connect_start(&ret, c->db, c->host, c->user,
		    c->password, c->database, c->host != NULL ? c->port : 0,
		    c->host == NULL ? c->socket : NULL, CLIENT_FOUND_ROWS);
	} else {
		status = mysql_real_connect_cont(&ret, c->db, ready);
	}

	if (status != 0) {
		c->in_call = 1;
		return (status);
	}
	c->in_call = 0;

	if (ret == NULL)
		return (fail(c, "connect", NULL));

	c->connected = 1;
	if (c->query == NULL) {
		c->step = STEP_IDLE;
		return (0);
	}

	return (begin_statement(c));
}

/* Find the statement in the cache, or make room for it and prepare it. */
static int
begin_statement(struct sql_conn *c)
{
	struct cached *e, *lru;
	size_t         i;
	c->tick++;
	lru = NULL;
	/* Callers pass the same string: its address first, then its text. */
	for (i = 0; i < c->ncache; i++) {
		if (c->cache[i].query == c->query)
			break;
	}
	for (i = i < c->ncache ? i : 0; i < c->ncache; i++) {
		e = &c->cache[i];
		if (e->query == c->query || strcmp(e->query, c->query) == 0) {
			e->used = c->tick;
			c->cur = e;
			c->step = STEP_EXECUTE;
			return (0);
		}
	}
	for (i = 0; i < c->ncache; i++) {
		e = &c->cache[i];
		if (lru == NULL || e->used < lru->used)
			lru = e;
	}

	if (c->ncache == SQL_STMT_CACHE)
		evict(c, lru);

	e = &c->cache[c->ncache];
	if ((e->stmt = mysql_stmt_init(c->db)) == NULL) {
		seterr(c, 0, "prepare: out of memory");
		c->step = STEP_IDLE;
		return (-1);
	}
	e->query = c->query;
	e->used = c->tick;
	c->ncache++;
	c->cur = e;
	c->step = STEP_PREPARE;

	return (0);
}

static int
step_prepare(struct sql_conn *c, int ready)
{
	int status, ret;

	if (!c->in_call)
		status = mysql_stmt_prepare_start(&ret, c->cur->stmt, c->query,
		    strlen(c->query));
	else
		status = mysql_stmt_prepare_cont(&ret, c->cur->stmt, ready);

	if (status != 0) {
		c->in_call = 1;
		return (status);
	}
	c->in_call = 0;

	if (ret != 0)
		return (fail(c, "prepare", c->cur->stmt));

	c->step = STEP_EXECUTE;
	return (0);
}

static int
step_execute(struct sql_conn *c, int ready)
{
	MYSQL_STMT *stmt = c->cur->stmt;
	int         status, ret;

	if (!c->in_call) {
		if (bind_params(c) == -1)
			return (fail(c, "bind", stmt));
		status = mysql_stmt_execute_start(&ret, stmt);
	} else {
		status = mysql_stmt_execute_cont(&ret, stmt, ready);
	}

	if (status != 0) {
		c->in_call = 1;
		return (status);
	}
	c->in_call = 0;

	if (ret != 0)
		return (fail(c, "execute", stmt));

	if (mysql_stmt_field_count(stmt) > 0) {
		c->step = STEP_STORE;
		return (0);
	}

	c->affected = mysql_stmt_affected_rows(stmt);
	c->insert_id = mysql_stmt_insert_id(stmt);
	c->step = STEP_IDLE;

	return (0);
}

static int
step_store(struct sql_conn *c, int ready)
{
	MYSQL_STMT *stmt = c->cur->stmt;
	int         status, ret;

	if (!c->in_call)
		status = mysql_stmt_store_result_start(&ret, stmt);
	else
		status = mysql_stmt_store_result_cont(&ret, stmt, ready);

	if (status != 0) {
		c->in_call = 1;
		return (status);
	}
	c->in_call = 0;

	if (ret != 0)
		return (fail(c, "store", stmt));

	/* The rows are in client memory now: fetching does no I/O. */
	if (fetch_rows(c, stmt) == -1) {
		if (mysql_stmt_errno(stmt) == 0)
			seterr(c, 0, "fetch: out of memory");
		mysql_stmt_free_result(stmt);
		return (fail(c, "fetch", stmt));
	}
	mysql_stmt_free_result(stmt);

	c->affected = mysql_stmt_affected_rows(stmt);
	c->step = STEP_IDLE;

	return (0);
}

static int
bind_params(struct sql_conn *c)
{
	const struct sql_param *p;
	MYSQL_BIND             *b;
	size_t                  i;

	if (mysql_stmt_param_count(c->cur->stmt) != c->nparams) {
		seterr(c, 0, "bind: statement takes %lu parameters, got %zu",
		    mysql_stmt_param_count(c->cur->stmt), c->nparams);
		return (-1);
	}
	if (c->nparams == 0)
		return (0);

	if (c->nbind < c->nparams) {
		free(c->bind);
		if ((c->bind = calloc(c->nparams, sizeof(*c->bind))) == NULL) {
			c->nbind = 0;
			seterr(c, 0, "bind: out of memory");
			return (-1);
		}
		c->nbind = c->nparams;
	}

	memset(c->bind, 0, c->nparams * sizeof(*c->bind));
	for (i = 0; i < c->nparams; i++) {
		p = &c->params[i];
		b = &c->bind[i];
		/*
		 * MYSQL_BIND.buffer is not const-correct; the library only
		 * reads input parameters.
		 */
		switch (p->type) {
		case SQL_NULL:
			b->buffer_type = MYSQL_TYPE_NULL;
			break;
		case SQL_INT:
			b->buffer_type = MYSQL_TYPE_LONGLONG;
			b->buffer = (void *)(uintptr_t)&p->i;
			break;
		case SQL_DOUBLE:
			b->buffer_type = MYSQL_TYPE_DOUBLE;
			b->buffer = (void *)(uintptr_t)&p->d;
			break;
		case SQL_TEXT:
		case SQL_BLOB:
			b->buffer_type = p->type == SQL_TEXT ?
			    MYSQL_TYPE_STRING :
			    MYSQL_TYPE_BLOB;
			b->buffer =
			    (void *)(uintptr_t)(p->s != NULL ? p->s : empty);
			b->buffer_length = p->len;
			break;
		default:
			seterr(c, 0, "bind: parameter %zu has no type", i);
			return (-1);
		}
	}

	if (mysql_stmt_bind_param(c->cur->stmt, c->bind) != 0) {
		seterr(c, mysql_stmt_errno(c->cur->stmt), "bind: %s",
		    mysql_stmt_error(c->cur->stmt));
		return (-1);
	}

	return (0);
}

/* Values up to this many bytes arrive in one fetch; longer ones in two. */
#define FETCH_INLINE 64

/*
 * One fetched value of len bytes as a NUL-terminated copy: from the bound
 * buffer when it fitted, else fetched again whole.  NULL on failure.
 */
static char *
copy_cell(MYSQL_STMT *stmt, MYSQL_BIND *b, size_t col, unsigned long len)
{
	MYSQL_BIND one;
	char      *cell;

	if ((cell = malloc(len + 1)) == NULL)
		return (NULL);
	cell[len] = '\0';
	if (len <= FETCH_INLINE) {
		memcpy(cell, b->buffer, len);
		return (cell);
	}

	memset(&one, 0, sizeof(one));
	one.buffer_type = MYSQL_TYPE_STRING;
	one.buffer = cell;
	one.buffer_length = len;
	if (mysql_stmt_fetch_column(stmt, &one, (unsigned int)col, 0) != 0) {
		free(cell);
		return (NULL);
	}

	return (cell);
}

/* Copy every stored row of stmt into c->result, all values as text. */
static int
fetch_rows(struct sql_conn *c, MYSQL_STMT *stmt)
{
	struct sql_result *r;
	MYSQL_BIND        *b = NULL;
	unsigned long     *lens = NULL;
	my_bool           *nulls = NULL, *errs = NULL;
	char              *inl = NULL;
	size_t             row, col, at;
	int                rc, ret = -1;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return (-1);
	r->cols = mysql_stmt_field_count(stmt);
	r->rows = (size_t)mysql_stmt_num_rows(stmt);

	if ((b = calloc(r->cols, sizeof(*b))) == NULL ||
	    (lens = calloc(r->cols, sizeof(*lens))) == NULL ||
	    (nulls = calloc(r->cols, sizeof(*nulls))) == NULL ||
	    (errs = calloc(r->cols, sizeof(*errs))) == NULL ||
	    (inl = calloc(r->cols, FETCH_INLINE)) == NULL)
		goto done;
	if (r->rows > 0 &&
	    ((r->cells = calloc(r->rows * r->cols, sizeof(char *))) == NULL ||
	        (r->lens = calloc(r->rows * r->cols, sizeof(size_t))) == NULL))
		goto done;

	/*
	 * Every column as a string into a small buffer.  A length-only
	 * fetch (buffer_length 0) misreports numbers the library converts,
	 * so only values longer than the buffer are fetched again.
	 */
	for (col = 0; col < r->cols; col++) {
		b[col].buffer_type = MYSQL_TYPE_STRING;
		b[col].buffer = inl + col * FETCH_INLINE;
		b[col].buffer_length = FETCH_INLINE;
		b[col].length = &lens[col];
		b[col].is_null = &nulls[col];
		b[col].error = &errs[col];
	}
	if (mysql_stmt_bind_result(stmt, b) != 0)
		goto done;

	for (row = 0; row < r->rows; row++) {
		rc = mysql_stmt_fetch(stmt);
		if (rc == MYSQL_NO_DATA)
			break;
		if (rc != 0 && rc != MYSQL_DATA_TRUNCATED)
			goto done;
		for (col = 0; col < r->cols; col++) {
			if (nulls[col])
				continue;
			at = row * r->cols + col;
			if ((r->cells[at] = copy_cell(stmt, &b[col], col,
			         lens[col])) == NULL)
				goto done;
			r->lens[at] = lens[col];
		}
	}
	r->rows = row;
	ret = 0;

done:
	free(b);
	free(lens);
	free(nulls);
	free(errs);
	free(inl);
	if (ret == 0)
		c->result = r;
	else
		sql_result_free(r);

	return (ret);
}

/*
 * A step failed: record why, drop a statement that may be in a bad state,
 * and close the connection when the connection itself is the problem.
 */
static int
fail(struct sql_conn *c, const char *what, MYSQL_STMT *stmt)
{
	unsigned int no;

	if (c->errstr[0] == '\0') {
		if (stmt != NULL && mysql_stmt_errno(stmt) != 0) {
			no = mysql_stmt_errno(stmt);
			seterr(c, no, "%s: %s (%u)", what,
			    mysql_stmt_error(stmt), no);
		} else if (c->db != NULL) {
			no = mysql_errno(c->db);
			seterr(c, no, "%s: %s (%u)", what, mysql_error(c->db),
			    no);
		} else {
			seterr(c, 0, "%s: failed", what);
		}
	}

	if (!c->connected || conn_lost(c->err_no)) {
		/* Closes the statements too, without talking to the server. */
		sql_disconnect(c);
		return (-1);
	}

	/*
	 * A statement that failed to prepare, or that the server no longer
	 * knows, is prepared afresh next time; one that merely failed (a
	 * duplicate key) stays cached and usable.
	 */
	if (c->cur != NULL &&
	    (c->step == STEP_PREPARE || c->err_no == 1243 || c->err_no == 1615))
		evict(c, c->cur);
	c->cur = NULL;
	c->step = STEP_IDLE;
	c->in_call = 0;

	return (-1);
}

static void
evict(struct sql_conn *c, struct cached *e)
{
	mysql_stmt_close(e->stmt);
	c->ncache--;
	if (e != &c->cache[c->ncache])
		*e = c->cache[c->ncache];
	memset(&c->cache[c->ncache], 0, sizeof(c->cache[0]));
}

/*
 * Errors that mean the connection is gone or out of step, so it is
 * closed and the next statement reconnects.  Other client errors (a bad
 * bind type) are the caller's and keep the connection; 1243
 * ER_UNKNOWN_STMT_HANDLER and 1615 ER_NEED_REPREPARE only end the
 * statement (see fail()).
 */
static int
conn_lost(unsigned int no)
{
	switch (no) {
	case CR_SOCKET_CREATE_ERROR:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_IPSOCK_ERROR:
	case CR_UNKNOWN_HOST:
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_HANDSHAKE_ERR:
	case CR_SERVER_LOST:
	case CR_COMMANDS_OUT_OF_SYNC:
	case CR_SERVER_LOST_EXTENDED:
	case 1053: /* ER_SERVER_SHUTDOWN */
	case 1927: /* ER_CONNECTION_KILLED */
	case 4031: /* ER_CLIENT_INTERACTION_TIMEOUT */
		return (1);
	default:
		return (0);
	}
}

static void
seterr(struct sql_conn *c, unsigned int no, const char *fmt, ...)
{
	va_list ap;

	c->err_no = no;
	va_start(ap, fmt);
	(void)vsnprintf(c->errstr, sizeof(c->errstr), fmt, ap);
	va_end(ap);
}

void
sql_seterr(struct sql_conn *c, const char *fmt, ...)
{
	char    tmp[SQL_ERRLEN];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	memcpy(c->errstr, tmp, sizeof(tmp));
}

static char *
dupstr(const char *s, int *bad)
{
	char *d;

	if (s == NULL)
		return (NULL);
	if ((d = strdup(s)) == NULL)
		*bad = 1;

	return (d);
}

int
sql_exec(struct sql_conn *c, const char *text)
{
	MYSQL_RES *res;
	int        rc, ret = -1;

	if (!c->connected && sql_connect(c) == -1)
		return (-1);

	c->err_no = 0;
	c->errstr[0] = '\0';
	if (mysql_set_server_option(c->db, MYSQL_OPTION_MULTI_STATEMENTS_ON) !=
	    0)
		goto done;
	if (mysql_real_query(c->db, text, strlen(text)) != 0)
		goto done;

	do {
		if ((res = mysql_store_result(c->db)) != NULL)
			mysql_free_result(res);
		else if (mysql_field_count(c->db) != 0)
			goto done;
		if ((rc = mysql_next_result(c->db)) > 0)
			goto done;
	} while (rc == 0);

	if (mysql_set_server_option(c->db, MYSQL_OPTION_MULTI_STATEMENTS_OFF) !=
	    0)
		goto done;
	ret = 0;

done:
	if (ret == -1) {
		c->cur = NULL;
		(void)fail(c, "exec", NULL);
	}

	return (ret);
}

size_t
sql_result_rows(const struct sql_result *r)
{
	return (r != NULL ? r->rows : 0);
}

size_t
sql_result_cols(const struct sql_result *r)
{
	return (r != NULL ? r->cols : 0);
}

int
sql_result_null(const struct sql_result *r, size_t row, size_t col)
{
	if (r == NULL || row >= r->rows || col >= r->cols)
		return (1);
	return (r->cells[row * r->cols + col] == NULL);
}

const char *
sql_result_text(const struct sql_result *r, size_t row, size_t col, size_t *len)
{
	size_t at;

	if (len != NULL)
		*len = 0;
	if (sql_result_null(r, row, col))
		return (empty);

	at = row * r->cols + col;
	if (len != NULL)
		*len = r->lens[at];

	return (r->cells[at]);
}

int
sql_result_int(const struct sql_result *r, size_t row, size_t col, int64_t *v)
{
	const char *s;
	char       *end;
	long long   n;

	if (sql_result_null(r, row, col))
		return (-1);

	s = sql_result_text(r, row, col, NULL);
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return (-1);
	*v = n;

	return (0);
}

void
sql_result_free(struct sql_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (r->cells != NULL) {
		for (i = 0; i < r->rows * r->cols; i++)
			free(r->cells[i]);
	}
	free(r->cells);
	free(r->lens);
	free(r);
}

struct sql_param
sql_p_int(int64_t v)
{
	struct sql_param p;

	memset(&p, 0, sizeof(p));
	p.type = SQL_INT;
	p.i = v;

	return (p);
}

static struct sql_param
p_bytes(enum sql_type type, const void *s, size_t len)
{
	struct sql_param p;

	memset(&p, 0, sizeof(p));
	p.type = type;
	p.s = s;
	p.len = len;

	return (p);
}

struct sql_param
sql_p_text(const char *s, size_t len)
{
	return (p_bytes(SQL_TEXT, s, len));
}

struct sql_param
sql_p_blob(const void *s, size_t len)
{
	return (p_bytes(SQL_BLOB, s, len));
}

struct sql_param
sql_p_str(const char *s)
{
	return (sql_p_text(s, strlen(s)));
}

struct sql_param
sql_p_null(void)
{
	struct sql_param p;

	memset(&p, 0, sizeof(p));
	p.type = SQL_NULL;

	return (p);
}
