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
 * insert-ceiling SOCKET USER DATABASE TABLE SECONDS CONNS ROWS: the raw
 * insert ceiling of make bench (shared/BENCH.md).  CONNS threads, each
 * with its own blocking connection over the unix socket SOCKET (no
 * password: unix_socket authentication), insert into TABLE, a copy of
 * plate_reads, with multi-row INSERTs of ROWS rows in autocommit (one
 * durable commit each) for SECONDS seconds.  Rows have the shapes the
 * stack writes: time-ordered 16-byte ids, 16-byte tokens, DATETIME(3)s.
 * Prints "ROWS_PER_SECOND TOTAL_ROWS STATEMENTS".
 *
 * A measuring tool, not product code: plain text statements, no
 * prepared statements.
 */

#include <sys/random.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>

struct worker {
	pthread_t thread;
	int       n;
	uint64_t  rows, stmts;
	int       failed;
	char      err[256];
	uint64_t  rng[2];
	char     *sql;
	size_t    cap;
};

static const char *sock, *user, *db, *table;
static double      deadline;
static long        nrows;

static double
now_s(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* xorshift128+: ids and tokens need to be distinct, not secret. */
static uint64_t
rnd(struct worker *w)
{
	uint64_t a = w->rng[0], b = w->rng[1];

	w->rng[0] = b;
	a ^= a << 23;
	w->rng[1] = a ^ b ^ (a >> 17) ^ (b >> 26);
	return (w->rng[1] + b);
}

static void
hex(char *out, const unsigned char *p, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t            i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

/* UTC wall time t (ms) as DATETIME(3) text. */
static void
sql_time(int64_t ms, char *out, size_t len)
{
	struct tm tm;
	time_t    t = (time_t)(ms / 1000);
	size_t    n;

	(void)gmtime_r(&t, &tm);
	n = strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm);
	(void)snprintf(out + n, len - n, ".%03d", (int)(ms % 1000));
}

/* One INSERT of nrows rows into w->sql; returns its length. */
static size_t
build(struct worker *w)
{
	struct timespec ts;
	unsigned char   id[16], token[16];
	char            idh[33], tokh[33], recv[32], capt[32], exp[32];
	uint64_t        r;
	int64_t         ms;
	size_t          len;
	long            i;
	int             n;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	sql_time(ms, recv, sizeof(recv));
	sql_time(ms - 1500, capt, sizeof(capt));
	sql_time(ms + 24 * 3600 * 1000LL, exp, sizeof(exp));

	len = (size_t)snprintf(w->sql, w->cap,
	    "INSERT INTO %s (id, received_at, tenant_id, site_id, lane_id, "
	    "source, kind, captured_at, token, key_version, epoch_mode, "
	    "epoch, code, adr_hazard, adr_un, country, plausible, "
	    "confidence, direction, action, reasons, class, expires_at) "
	    "VALUES ",
	    table);
	for (i = 0; i < nrows; i++) {
		/* 48 bits of milliseconds, 80 random bits, as the stack. */
		id[0] = (unsigned char)(ms >> 40);
		id[1] = (unsigned char)(ms >> 32);
		id[2] = (unsigned char)(ms >> 24);
		id[3] = (unsigned char)(ms >> 16);
		id[4] = (unsigned char)(ms >> 8);
		id[5] = (unsigned char)ms;
		r = rnd(w);
		memcpy(id + 6, &r, 8);
		r = rnd(w);
		memcpy(id + 14, &r, 2);
		r = rnd(w);
		memcpy(token, &r, 8);
		r = rnd(w);
		memcpy(token + 8, &r, 8);
		hex(idh, id, sizeof(id));
		hex(tokh, token, sizeof(token));
		n = snprintf(w->sql + len, w->cap - len,
		    "%s(X'%s', '%s', 1, 1, %d, 'key:%d', 'plate', '%s', "
		    "X'%s', 1, 'day', %" PRId64 ", NULL, NULL, NULL, 'D', 1, "
		    "0.900, 'in', 'none', 'no_rules', 'read_no_effect', '%s')",
		    i == 0 ? "" : ", ", idh, recv, (int)(i % 4) + 1,
		    (int)(i % 4) + 1, capt, tokh, ms / 86400000, exp);
		if (n < 0 || (size_t)n >= w->cap - len)
			return (0);
		len += (size_t)n;
	}

	return (len);
}

static void *
run(void *arg)
{
	struct worker *w = arg;
	MYSQL         *m;
	size_t         len;

	if ((m = mysql_init(NULL)) == NULL) {
		(void)snprintf(w->err, sizeof(w->err), "mysql_init failed");
		w->failed = 1;
		return (NULL);
	}
	if (mysql_real_connect(m, NULL, user, NULL, db, 0, sock, 0) == NULL ||
	    mysql_autocommit(m, 1) != 0) {
		(void)snprintf(w->err, sizeof(w->err), "%s", mysql_error(m));
		w->failed = 1;
		mysql_close(m);
		return (NULL);
	}
	while (now_s() < deadline) {
		if ((len = build(w)) == 0) {
			(void)snprintf(w->err, sizeof(w->err),
			    "statement too long");
			w->failed = 1;
			break;
		}
		if (mysql_real_query(m, w->sql, len) != 0) {
			(void)snprintf(w->err, sizeof(w->err), "%s",
			    mysql_error(m));
			w->failed = 1;
			break;
		}
		w->rows += mysql_affected_rows(m);
		w->stmts++;
	}
	mysql_close(m);

	return (NULL);
}

static long
arg_long(const char *s, long lo, long hi, const char *what)
{
	char *end;
	long  v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "insert-ceiling: bad %s: %s\n", what, s);
		exit(2);
	}
	return (v);
}

int
main(int argc, char **argv)
{
	struct worker *w;
	double         start, secs;
	uint64_t       rows = 0, stmts = 0;
	long           i, conns;
	int            failed = 0;

	if (argc != 8) {
		fprintf(stderr,
		    "usage: insert-ceiling socket user database "
		    "table seconds conns rows\n");
		return (2);
	}
	sock = argv[1];
	user = argv[2];
	db = argv[3];
	table = argv[4];
	secs = (double)arg_long(argv[5], 1, 3600, "seconds");
	conns = arg_long(argv[6], 1, 256, "connections");
	nrows = arg_long(argv[7], 1, 10000, "rows");

	if (mysql_library_init(0, NULL, NULL) != 0 ||
	    (w = calloc((size_t)conns, sizeof(*w))) == NULL) {
		fprintf(stderr, "insert-ceiling: out of memory\n");
		return (1);
	}
	start = now_s();
	deadline = start + secs;
	for (i = 0; i < conns; i++) {
		w[i].n = (int)i;
		w[i].cap = 512 + (size_t)nrows * 400;
		if ((w[i].sql = malloc(w[i].cap)) == NULL ||
		    getrandom(w[i].rng, sizeof(w[i].rng), 0) !=
		        (ssize_t)sizeof(w[i].rng)) {
			fprintf(stderr, "insert-ceiling: set-up failed\n");
			return (1);
		}
		w[i].rng[0] |= 1;
		if (pthread_create(&w[i].thread, NULL, run, &w[i]) != 0) {
			fprintf(stderr, "insert-ceiling: pthread_create\n");
			return (1);
		}
	}
	for (i = 0; i < conns; i++) {
		(void)pthread_join(w[i].thread, NULL);
		rows += w[i].rows;
		stmts += w[i].stmts;
		if (w[i].failed) {
			fprintf(stderr, "insert-ceiling: connection %ld: %s\n",
			    i, w[i].err);
			failed = 1;
		}
		free(w[i].sql);
	}
	secs = now_s() - start;
	free(w);
	mysql_library_end();
	if (failed)
		return (1);
	printf("%.0f %" PRIu64 " %" PRIu64 "\n", (double)rows / secs, rows,
	    stmts);

	return (0);
}
