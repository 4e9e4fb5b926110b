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
 * Key rotation (issue 6): POST /api/v1/settings/keys/rotate moves the
 * tenant to its next key version.  Every list entry is unsealed and
 * sealed and tokenised again under the new version (api_rekey.c, on a
 * work thread), and one transaction stores all of it with the new
 * version: reads decide on the old tokens until it commits and on the
 * new ones from then on (config_epoch moves with it, so no worker's
 * cache outlives it), so lists match throughout.  Stored reads and
 * sessions keep the version they were made with until they expire;
 * open parking sessions are found under the previous version too
 * (api_reads.c), and data subject requests search every version.  An
 * entry made meanwhile under the old version is refused by the schema
 * (015); the rotation then answers 409 and is simply asked again.
 *
 * The entries are opened under the master their version was made under
 * (tenant_keys) and made again under the current one, which the schema
 * records for the new version (017); a server still running with a
 * retired master (an old node) is refused, so no version is filed under
 * a master that did not make it.  A master key's own rotation happens at
 * start (kore/app_keyring.c), with the same statements.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_rekey.h"
#include "api_util.h"

struct rotate {
	int64_t              tenant;
	uint32_t             from, to, from_master;
	struct api_rekey_in *in;
	size_t               n, bad;
	int                  done;
	struct api_rekey     out;
	struct app_db_stmt  *s;
	struct sql_param    *p;
	struct sql_param     ap[6];
	char                 details[128];
};

static const char q_version[] =
    "SELECT ts.key_version, COALESCE(k.master_id, 0) FROM tenant_settings "
    "ts LEFT JOIN tenant_keys k ON k.tenant_id = ts.tenant_id AND "
    "k.version = ts.key_version WHERE ts.tenant_id = ?";
static const char q_entries[] = API_REKEY_SQL_ENTRIES;
/* The transaction: the version first (its row lock serialises). */
static const char q_bump[] = API_REKEY_SQL_BUMP;
/* This worker's current master is the database's (not an old node's). */
static const char q_current[] =
    "SELECT 1 FROM master_keys WHERE id = ? AND retired_at IS NULL";
static const char q_same[] =
    "SELECT 1 FROM list_entries WHERE tenant_id = ? HAVING COUNT(*) = ?";
static const char q_drop_tokens[] = API_REKEY_SQL_DROP_TOKENS;
static const char q_reseal[] = API_REKEY_SQL_RESEAL;
static const char q_tokens[] = API_REKEY_SQL_TOKENS;

static void
rekey_task(void *arg)
{
	struct rotate *r = arg;

	r->done = api_rekey(app_master_key(r->from_master), &app_keys.master,
	              r->tenant, r->to, r->in, r->n, &r->out, &r->bad) == 0 ?
	    1 :
	    -1;
}

static void
rotate_free(void *arg)
{
	struct rotate *r = arg;

	api_rekey_free(&r->out);
	kore_free(r->in);
	kore_free(r->s);
	kore_free(r->p);
}

int
api_keys_rotate(struct api_ctx *ctx)
{
	struct rotate     *r = api_priv(ctx, sizeof(*r));
	struct sql_result *res;
	struct kore_buf   *b;
	size_t             i, k, n, ns;
	int64_t            v;

	API_BEGIN(ctx);
	ctx->privfree = rotate_free;
	if (ctx->json != NULL && ctx->json->child != NULL) {
		api_error(ctx->req, 400, "unknown_field", NULL,
		    "the rotation takes no members");
		return (KORE_RESULT_OK);
	}
	r->tenant = ctx->who.tenant;
	r->ap[0] = sql_p_int(r->tenant);
	API_SQL(ctx, q_version, r->ap, 1);
	res = api_result(ctx);
	if (res == NULL || sql_result_rows(res) != 1 ||
	    sql_result_int(res, 0, 0, &v) != 0 || v < 1 || v >= 65535) {
		api_error(ctx->req, 409, "no_settings", NULL,
		    "this tenant has no key version to rotate");
		return (KORE_RESULT_OK);
	}
	r->from = (uint32_t)v;
	if (sql_result_int(res, 0, 1, &v) != 0 || v < 0 || v > UINT32_MAX)
		v = 0;
	r->from_master = (uint32_t)v;
	r->to = r->from + 1;
	API_SQL(ctx, q_entries, r->ap, 1);
	res = api_result(ctx);
	r->n = res != NULL ? sql_result_rows(res) : 0;
	if (r->n > API_REKEY_MAX) {
		api_error(ctx->req, 413, "too_many_entries", NULL,
		    "more than 400000 list entries: rotate with fewer");
		return (KORE_RESULT_OK);
	}
	/* The thread reads the rows in place: nothing is submitted meanwhile.
	 */
	r->in = kore_calloc(r->n + 1, sizeof(*r->in));
	for (i = 0; i < r->n; i++) {
		(void)sql_result_int(res, i, 0, &r->in[i].id);
		(void)sql_result_int(res, i, 1, &r->in[i].list);
		(void)sql_result_int(res, i, 2, &v);
		r->in[i].version = (uint32_t)v;
		r->in[i].sealed = (const unsigned char *)sql_result_text(res, i,
		    3, &r->in[i].sealedlen);
		r->in[i].country = sql_result_text(res, i, 4, NULL);
	}
	api_work_start(ctx, rekey_task);
	API_WAIT(ctx);
	if (r->done != 1) {
		api_error(ctx->req, 500, "internal", NULL,
		    r->bad < r->n ? "a list entry would not unseal" :
		                    "cannot re-key the list entries");
		return (KORE_RESULT_OK);
	}

	/* version, 2 guards, tokens, 2 a chunk, audit */
	ns = 5 + 2 * r->out.nchunks;
	r->s = kore_calloc(ns, sizeof(*r->s));
	r->p = kore_calloc(8 + 4 * r->out.nchunks, sizeof(*r->p));
	r->p[0] = sql_p_int(r->to);
	r->p[1] = sql_p_int(r->tenant);
	r->p[2] = sql_p_int(r->from);
	r->p[3] = sql_p_int(r->tenant);
	r->p[4] = sql_p_int((int64_t)r->n);
	r->p[5] = sql_p_int(app_keys.master_id);
	n = 0;
	api_stmt(&r->s[n++], q_bump, r->p, 3, APP_DB_NEED_ROW);
	api_stmt(&r->s[n++], q_current, &r->p[5], 1, APP_DB_NEED_ROW);
	api_stmt(&r->s[n++], q_same, &r->p[3], 2, APP_DB_NEED_ROW);
	api_stmt(&r->s[n++], q_drop_tokens, &r->p[3], 1, 0);
	for (k = 0; k < r->out.nchunks; k++) {
		r->p[8 + 4 * k] = sql_p_str(r->out.sealed[k]);
		r->p[9 + 4 * k] = sql_p_int(r->to);
		r->p[10 + 4 * k] = sql_p_int(r->tenant);
		api_stmt(&r->s[n++], q_reseal, &r->p[8 + 4 * k], 3, 0);
		r->p[11 + 4 * k] = sql_p_str(r->out.tokens[k]);
		/* tenant, tokens: p[10] and p[11] side by side */
		api_stmt(&r->s[n++], q_tokens, &r->p[10 + 4 * k], 2, 0);
	}
	(void)snprintf(r->details, sizeof(r->details),
	    "{\"from\":%" PRIu32 ",\"to\":%" PRIu32 ",\"entries\":%zu,"
	    "\"tokens\":%zu}",
	    r->from, r->to, r->n, r->out.ntokens);
	api_audit_stmt(ctx, &r->s[n++], r->ap, "keys.rotate", "keys", "success",
	    r->details, 0);
	API_TX(ctx, r->s, n);
	if (ctx->job->norow == 1) {
		api_error(ctx->req, 503, "master_key_changed", NULL,
		    "this server runs with a master key that is not the "
		    "current one: restart it with the current keyring");
		return (KORE_RESULT_OK);
	}
	if (ctx->job->norow != -1) {
		api_error(ctx->req, 409, "changed", NULL,
		    "the key version or the list entries changed meanwhile: "
		    "rotate again");
		return (KORE_RESULT_OK);
	}
	b = kore_buf_alloc(128);
	kore_buf_appendf(b,
	    "{\"key_version\":%" PRIu32 ",\"previous\":%" PRIu32
	    ",\"entries\":%zu}",
	    r->to, r->from, r->n);
	api_buf_send(ctx, HTTP_STATUS_OK, b);
	API_END(ctx);
}
