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
 * A list's entries as CSV: POST /api/v1/lists/{id}/import (text/csv, all
 * or nothing) and GET /api/v1/lists/{id}/export (the plates unsealed).
 *
 * Import: the body (up to body_max) is parsed, checked, sealed and
 * tokenised on a work thread (api_import_parse(): thousands of HMACs and
 * AES-GCM seals must not stall the event loop), which also lays out the
 * transaction: multi-row INSERTs of up to 256 entries, each followed by
 * one INSERT of their tokens (a JSON array read with JSON_TABLE), which
 * name their entry as LAST_INSERT_ID() + k * @@auto_increment_increment:
 * a multi-row INSERT ... VALUES gets consecutive ids in every
 * innodb_autoinc_lock_mode, and a guard statement checks it and rolls
 * back if not.  One bad line and nothing is stored.
 *
 * Export: the rows are read at once and written as CSV on a work thread; the
 * audit entry (the count, never a plate) is committed before a byte of
 * plaintext is sent.  Plaintext copies are wiped: the body, the parsed
 * records, the CSV written.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "api_csv.h"
#include "api_import.h"
#include "api_util.h"

/* Entries per INSERT: 2^0 .. 2^8. */
#define ENTRY_CHUNKS 9
#define ENTRY_PARAMS 9
#define GUARD_PARAMS 4
#define TOKEN_PARAMS 2
/* A token in JSON, at most: ,[255,"<32 hex>",1] */
#define TOKEN_JSON   48

/* A time profile of the tenant per import, at most. */
#define PROFILES_MAX 10000

/* An import's transaction may take this many times db_timeout. */
#define IMPORT_TIMEOUTS 6

struct list_import {
	int64_t               tenant, list;
	uint32_t              version, master;
	char                 *csv; /* the body (malloc), wiped on the thread */
	size_t                csvlen;
	struct api_entry_keys keys;
	struct api_profile_name *profiles; /* malloc */
	size_t                   nprofiles;
	struct api_entry        *entries; /* api_import_parse()'s */
	size_t                   n;
	struct api_import_err    err;
	int                      rc;
	struct app_db_stmt      *s; /* the transaction (calloc) */
	size_t                   ns;
	struct sql_param        *params; /* all its parameters (calloc) */
	char                    *json; /* the tokens (malloc) */
	size_t                   jsonlen;
	struct sql_param         lp[2];
	struct sql_param         ap[6];
	char                     details[96];
	char                     object[32];
};

struct list_export {
	int64_t            tenant, list;
	struct sql_result *rows; /* the last statement's, borrowed */
	char              *csv; /* malloc; plaintext, wiped */
	size_t             len, cap;
	size_t             count;
	int                rc;
	struct sql_param   p[2];
	struct sql_param   ap[6];
	struct app_db_stmt s[1];
	char               details[96];
	char               disposition[64];
};

static const char q_list_lock[] =
    "SELECT 1 FROM lists WHERE tenant_id = ? AND id = ? LOCK IN SHARE MODE";
static const char q_list_exists[] =
    "SELECT id FROM lists WHERE tenant_id = ? AND id = ?";
static const char q_profiles[] =
    "SELECT id, name FROM time_profiles WHERE tenant_id = ? ORDER BY id "
    "LIMIT 10000";
static const char q_entries_insert[] =
    "INSERT INTO list_entries (tenant_id, list_id, plate_sealed, country, "
    "key_version, valid_from, valid_to, profile_id, label) VALUES ";
static const char q_entries_row[] =
    "(?, ?, ?, NULLIF(?, ''), ?, NULLIF(?, ''), NULLIF(?, ''), "
    "NULLIF(?, 0), NULLIF(?, ''))";
static const char q_first[] = "SET @tw_first = LAST_INSERT_ID()";
static const char q_guard[] =
    "SELECT 1 FROM list_entries WHERE tenant_id = ? AND list_id = ? AND "
    "id BETWEEN @tw_first AND @tw_first + ? * @@auto_increment_increment "
    "HAVING COUNT(*) = ?";
/*
 * A chunk's tokens in one parameter, so that the statements' parameters
 * (which app_db copies on the event loop) stay few: a JSON array of
 * [k, token in hex, is_exact], k the entry's place in its chunk.
 */
static const char q_tokens[] =
    "INSERT INTO list_tokens (tenant_id, token, entry_id, is_exact) "
    "SELECT ?, UNHEX(j.tok), @tw_first + j.k * @@auto_increment_increment, "
    "j.ex FROM JSON_TABLE(?, '$[*]' COLUMNS (k INT PATH '$[0]', "
    "tok CHAR(32) PATH '$[1]', ex TINYINT PATH '$[2]')) AS j";
static const char q_export[] =
    "SELECT e.plate_sealed, e.key_version, e.country, "
    "DATE_FORMAT(e.valid_from, '%Y-%m-%dT%H:%i:%sZ'), "
    "DATE_FORMAT(e.valid_to, '%Y-%m-%dT%H:%i:%sZ'), p.name, e.label, " ENTRY_MASTER
    " FROM list_entries e LEFT JOIN time_profiles p ON p.id = e.profile_id "
    "WHERE e.tenant_id = ? AND e.list_id = ? ORDER BY e.id";

/* The multi-row statements, made on first use, kept for the worker's life. */
static char *entries_q[ENTRY_CHUNKS];

static const char *chunk_query(char **, int, const char *, const char *);
static int         csv_body_ok(struct api_ctx *);
static void        import_task(void *);
static int         import_stmts(struct list_import *, int);
static void        import_free(void *);
static void        export_task(void *);
static int         export_put(struct list_export *, const char *);
static void        export_free(void *);

/* INSERT head followed by 2^k rows, made once. */
static const char *
chunk_query(char **cache, int k, const char *head, const char *row)
{
	size_t rows = (size_t)1 << k, hlen, rlen, i, off;
	char  *q;

	if (cache[k] != NULL)
		return (cache[k]);
	hlen = strlen(head);
	rlen = strlen(row);
	q = kore_malloc(hlen + rows * (rlen + 2) + 1);
	memcpy(q, head, hlen);
	off = hlen;
	for (i = 0; i < rows; i++) {
		if (i > 0) {
			memcpy(q + off, ", ", 2);
			off += 2;
		}
		memcpy(q + off, row, rlen);
		off += rlen;
	}
	q[off] = '\0';
	cache[k] = q;

	return (q);
}

/* Content-Type text/csv, with no charset but UTF-8.  Else 415. */
static int
csv_body_ok(struct api_ctx *ctx)
{
	const char *ct, *cs;

	if (http_request_header(ctx->req, "content-type", &ct) &&
	    strncasecmp(ct, "text/csv", 8) == 0 &&
	    (ct[8] == '\0' || ct[8] == ';' || ct[8] == ' ')) {
		if ((cs = strstr(ct + 8, "charset=")) == NULL ||
		    strncasecmp(cs + 8, "utf-8", 5) == 0 ||
		    strncasecmp(cs + 8, "\"utf-8\"", 7) == 0)
			return (1);
	}
	api_error(ctx->req, 415, "unsupported_media_type", NULL,
	    "the body must be text/csv in UTF-8");

	return (0);
}

/*
 * The transaction's statements for im->entries[0..n): with fill 0 only
 * counted (im->ns set), with fill 1 written into im->s and im->params.
 * Returns the number of parameters.  Slot 0 is the list's lock, the last
 * one the audit entry (both filled by the handler).
 */
static int
import_stmts(struct list_import *im, int fill)
{
	static const char   hex[] = "0123456789abcdef";
	struct app_db_stmt *st;
	struct sql_param   *p = im->params;
	struct api_entry   *e;
	size_t              i = 0, chunk, j, t, b, np = 0, ns = 1, jo = 0, j0;
	char               *js = im->json;
	int                 k, n;

	while (i < im->n) {
		for (k = ENTRY_CHUNKS - 1; ((size_t)1 << k) > im->n - i; k--)
			;
		chunk = (size_t)1 << k;
		if (!fill) {
			np +=
			    chunk * ENTRY_PARAMS + GUARD_PARAMS + TOKEN_PARAMS;
			ns += 4;
			for (j = 0; j < chunk; j++)
				jo += 2 + im->entries[i + j].ntok * TOKEN_JSON;
			i += chunk;
			continue;
		}
		st = &im->s[ns++];
		st->query = entries_q[k];
		st->params = p + np;
		st->nparams = chunk * ENTRY_PARAMS;
		for (j = 0; j < chunk; j++) {
			e = &im->entries[i + j];
			p[np++] = sql_p_int(im->tenant);
			p[np++] = sql_p_int(im->list);
			p[np++] = sql_p_blob(e->sealed, e->sealedlen);
			p[np++] = sql_p_str(e->country);
			p[np++] = sql_p_int(im->version);
			p[np++] = sql_p_str(e->from);
			p[np++] = sql_p_str(e->to);
			p[np++] = sql_p_int(e->profile);
			p[np++] = sql_p_str(e->label);
		}
		im->s[ns++].query = q_first;
		st = &im->s[ns++];
		st->query = q_guard;
		st->params = p + np;
		st->nparams = GUARD_PARAMS;
		st->flags = APP_DB_NEED_ROW;
		p[np++] = sql_p_int(im->tenant);
		p[np++] = sql_p_int(im->list);
		p[np++] = sql_p_int((int64_t)chunk - 1);
		p[np++] = sql_p_int((int64_t)chunk);

		/* The chunk's tokens: [[k,"hex",exact],…], k its entry. */
		j0 = jo;
		js[jo++] = '[';
		for (j = 0; j < chunk; j++) {
			e = &im->entries[i + j];
			for (t = 0; t < e->ntok; t++) {
				n = snprintf(js + jo, TOKEN_JSON, "%s[%zu,\"",
				    jo > j0 + 1 ? "," : "", j);
				jo += (size_t)n;
				for (b = 0; b < PSEUDO_TOKEN_LEN; b++) {
					js[jo++] = hex[e->tok[t][b] >> 4];
					js[jo++] = hex[e->tok[t][b] & 15];
				}
				n = snprintf(js + jo, TOKEN_JSON, "\",%d]",
				    t == 0);
				jo += (size_t)n;
			}
		}
		js[jo++] = ']';
		st = &im->s[ns++];
		st->query = q_tokens;
		st->params = p + np;
		st->nparams = TOKEN_PARAMS;
		p[np++] = sql_p_int(im->tenant);
		p[np++] = sql_p_text(js + j0, jo - j0);
		i += chunk;
	}
	im->ns = ns + 1;
	im->jsonlen = jo;

	return ((int)np);
}

/* The work thread: parse, check, seal, tokenise; lay out the statements. */
static void
import_task(void *arg)
{
	struct list_import *im = arg;
	int                 np;

	im->rc = api_import_parse(im->csv, im->csvlen, &im->keys, im->profiles,
	    im->nprofiles, &im->entries, &im->n, &im->err);
	explicit_bzero(im->csv, im->csvlen);
	free(im->csv);
	im->csv = NULL;
	api_entry_keys_wipe(&im->keys);
	if (im->rc == -1)
		return;

	np = import_stmts(im, 0);
	im->s = calloc(im->ns, sizeof(*im->s));
	im->params = calloc((size_t)np + 1, sizeof(*im->params));
	im->json = malloc(im->jsonlen + TOKEN_JSON);
	if (im->s == NULL || im->params == NULL || im->json == NULL) {
		im->rc = -1;
		im->err.status = 500;
		(void)snprintf(im->err.code, sizeof(im->err.code), "internal");
		(void)snprintf(im->err.message, sizeof(im->err.message),
		    "out of memory");
		return;
	}
	(void)import_stmts(im, 1);
}

static void
import_free(void *arg)
{
	struct list_import *im = arg;

	if (im->csv != NULL) {
		explicit_bzero(im->csv, im->csvlen);
		free(im->csv);
		im->csv = NULL;
	}
	api_import_free(im->entries, im->n);
	im->entries = NULL;
	free(im->profiles);
	im->profiles = NULL;
	free(im->s);
	im->s = NULL;
	free(im->params);
	im->params = NULL;
	free(im->json);
	im->json = NULL;
}

int
api_lists_import(struct api_ctx *ctx)
{
	struct list_import *im = api_priv(ctx, sizeof(*im));
	struct sql_result  *r;
	struct kore_buf    *b;
	size_t              i, rows;
	int                 k;

	API_BEGIN(ctx);
	ctx->privfree = import_free;
	if (!csv_body_ok(ctx))
		return (KORE_RESULT_OK);
	im->tenant = ctx->who.tenant;
	im->list = ctx->id;
	im->version = ctx->who.key_version;
	im->master = ctx->who.key_master;
	im->lp[0] = sql_p_int(im->tenant);
	im->lp[1] = sql_p_int(im->list);
	API_SQL(ctx, q_list_exists, im->lp, 2);
	if ((r = api_result(ctx)) == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such list");
		return (KORE_RESULT_OK);
	}
	API_SQL(ctx, q_profiles, im->lp, 1);
	r = api_result(ctx);
	rows = r != NULL ? sql_result_rows(r) : 0;
	if ((im->profiles = calloc(rows + 1, sizeof(*im->profiles))) == NULL)
		fatalx("%s: out of memory", __func__);
	for (i = 0; i < rows && i < PROFILES_MAX; i++) {
		(void)sql_result_int(r, i, 0, &im->profiles[i].id);
		(void)snprintf(im->profiles[i].name,
		    sizeof(im->profiles[i].name), "%s",
		    sql_result_text(r, i, 1, NULL));
	}
	im->nprofiles = i;
	if (api_entry_keys(app_master_key(im->master), im->tenant, im->version,
	        im->list, &im->keys) == -1) {
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot seal the entries");
		return (KORE_RESULT_OK);
	}
	if (!api_body_take(ctx, app_config.body_max, &im->csv, &im->csvlen))
		return (KORE_RESULT_OK);
	/* The statements' text exists before the thread refers to it. */
	for (k = 0; k < ENTRY_CHUNKS; k++)
		(void)chunk_query(entries_q, k, q_entries_insert,
		    q_entries_row);

	api_work_start(ctx, import_task);
	API_WAIT(ctx);
	if (im->rc == -1) {
		if (im->err.status == 500)
			kore_log(LOG_ERR, "%s: %s", __func__, im->err.message);
		api_error(ctx->req, im->err.status, im->err.code,
		    im->err.column[0] != '\0' ? im->err.column : NULL,
		    im->err.message);
		return (KORE_RESULT_OK);
	}

	/* The list stays while its entries go in. */
	api_stmt(&im->s[0], q_list_lock, im->lp, 2, APP_DB_NEED_ROW);
	(void)snprintf(im->details, sizeof(im->details),
	    "{\"list\":%" PRId64 ",\"imported\":%zu}", im->list, im->n);
	(void)snprintf(im->object, sizeof(im->object), "list:%" PRId64,
	    im->list);
	api_audit_stmt(ctx, &im->s[im->ns - 1], im->ap, "list.import",
	    im->object, "success", im->details, 0);
	api_tx_start(ctx, im->s, im->ns);
	ctx->job->deadline =
	    kore_time_ms() + IMPORT_TIMEOUTS * app_config.db_timeout * 1000ULL;
	/* The job has its copies: ours go now. */
	import_free(im);
	API_WAIT(ctx);
	if (api_sql_failed(ctx))
		return (KORE_RESULT_OK);
	if (ctx->job->norow == 0) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such list");
		return (KORE_RESULT_OK);
	}
	if (ctx->job->norow != -1) {
		kore_log(LOG_ERR,
		    "%s: list %" PRId64 ": entry ids were not "
		    "consecutive; rolled back",
		    __func__, im->list);
		api_error(ctx->req, HTTP_STATUS_SERVICE_UNAVAILABLE,
		    "unavailable", NULL, "the import collided; try again");
		return (KORE_RESULT_OK);
	}
	b = kore_buf_alloc(64);
	kore_buf_appendf(b, "{\"imported\":%zu}", im->n);
	api_buf_send(ctx, HTTP_STATUS_CREATED, b);
	API_END(ctx);
}

/* --- export ----------------------------------------------------------- */

/* Append s to the CSV (growing it); 0 when out of memory. */
static int
export_put(struct list_export *ex, const char *s)
{
	size_t len = strlen(s), cap;
	char  *n;

	if (ex->len + len + 1 > ex->cap) {
		cap = ex->cap * 2 > ex->len + len + 1 ? ex->cap * 2 :
		                                        ex->len + len + 1024;
		/* Not realloc(): the old buffer holds plates to wipe. */
		if ((n = malloc(cap)) == NULL)
			return (0);
		if (ex->csv != NULL) {
			memcpy(n, ex->csv, ex->len);
			explicit_bzero(ex->csv, ex->cap);
			free(ex->csv);
		}
		ex->csv = n;
		ex->cap = cap;
	}
	memcpy(ex->csv + ex->len, s, len);
	ex->len += len;
	ex->csv[ex->len] = '\0';

	return (1);
}

/* The work thread: every row unsealed and written as a CSV line. */
static void
export_task(void *arg)
{
	struct list_export   *ex = arg;
	struct api_entry_keys k;
	char                  plate[PSEUDO_PLATE_MAX + 1], field[512];
	const char           *sealed, *v;
	size_t                i, c, len, rows;
	int64_t               version, master, have = -1;
	int                   ok = 1;

	memset(&k, 0, sizeof(k));
	rows = ex->rows != NULL ? sql_result_rows(ex->rows) : 0;
	ok = export_put(ex, API_IMPORT_HEADER "\r\n");
	for (i = 0; i < rows && ok; i++) {
		if (sql_result_int(ex->rows, i, 1, &version) == -1 ||
		    version < 1 || version > UINT32_MAX) {
			ok = 0;
			break;
		}
		if (version != have) {
			api_entry_keys_wipe(&k);
			if (sql_result_int(ex->rows, i, 7, &master) == -1)
				master = 0;
			if (api_entry_keys(app_master_key((uint32_t)master),
			        ex->tenant, (uint32_t)version, ex->list,
			        &k) == -1) {
				ok = 0;
				break;
			}
			have = version;
		}
		sealed = sql_result_text(ex->rows, i, 0, &len);
		if (api_entry_unseal(&k, sealed, len, plate, sizeof(plate)) ==
		    -1) {
			ok = 0;
			break;
		}
		(void)api_csv_quote(field, sizeof(field), plate);
		ok = export_put(ex, field);
		/* country, valid_from, valid_to, time profile, label */
		for (c = 2; c <= 6 && ok; c++) {
			v = sql_result_text(ex->rows, i, c, NULL);
			if (api_csv_quote(field, sizeof(field), v) >=
			    sizeof(field)) {
				ok = 0;
				break;
			}
			ok = export_put(ex, ",") && export_put(ex, field);
		}
		ok = ok && export_put(ex, "\r\n");
		ex->count++;
	}
	explicit_bzero(plate, sizeof(plate));
	explicit_bzero(field, sizeof(field));
	api_entry_keys_wipe(&k);
	ex->rc = ok ? 0 : -1;
}

static void
export_free(void *arg)
{
	struct list_export *ex = arg;

	if (ex->csv != NULL) {
		explicit_bzero(ex->csv, ex->cap);
		free(ex->csv);
	}
	ex->csv = NULL;
	ex->len = ex->cap = 0;
}

int
api_lists_export(struct api_ctx *ctx)
{
	struct list_export *ex = api_priv(ctx, sizeof(*ex));
	struct sql_result  *r;

	API_BEGIN(ctx);
	ctx->privfree = export_free;
	ex->tenant = ctx->who.tenant;
	ex->list = ctx->id;
	ex->p[0] = sql_p_int(ex->tenant);
	ex->p[1] = sql_p_int(ex->list);
	API_SQL(ctx, q_list_exists, ex->p, 2);
	if ((r = api_result(ctx)) == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such list");
		return (KORE_RESULT_OK);
	}
	API_SQL(ctx, q_export, ex->p, 2);
	ex->rows = api_result(ctx);
	api_work_start(ctx, export_task);
	API_WAIT(ctx);
	ex->rows = NULL;
	if (ex->rc == -1) {
		kore_log(LOG_ERR,
		    "%s: list %" PRId64 ": cannot unseal or "
		    "write an entry",
		    __func__, ex->list);
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot export the entries");
		return (KORE_RESULT_OK);
	}

	/* Who saw how many plates is on record before they are sent. */
	(void)snprintf(ex->details, sizeof(ex->details),
	    "{\"list\":%" PRId64 ",\"exported\":%zu}", ex->list, ex->count);
	(void)snprintf(ex->disposition, sizeof(ex->disposition),
	    "list:%" PRId64, ex->list);
	api_audit_stmt(ctx, &ex->s[0], ex->ap, "list.export", ex->disposition,
	    "success", ex->details, 0);
	API_TX(ctx, ex->s, 1);

	(void)snprintf(ex->disposition, sizeof(ex->disposition),
	    "attachment; filename=\"list-%" PRId64 ".csv\"", ex->list);
	http_response_header(ctx->req, "content-type",
	    "text/csv; charset=utf-8");
	http_response_header(ctx->req, "content-disposition", ex->disposition);
	http_response_header(ctx->req, "cache-control", "no-store");
	http_response(ctx->req, HTTP_STATUS_OK, ex->csv, ex->len);
	export_free(ex);
	API_END(ctx);
}
