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
 * Sealed evidence (issue 6): the tenant's disclosure key and the read
 * classes sealed to it (GET|PUT /api/v1/settings/evidence), and the
 * release of sealed reads (/api/v1/evidence/releases).
 *
 * Reads seal the plate (api_reads.c); the server cannot open a seal.  A
 * release names reads and a reference (the case), waits for a second
 * person's approval (action evidence.release, api_audit.c), and is then
 * downloaded by its requester as JSON lines that pseudo/torwart-open
 * opens with the private key.  Every step is audited; no plate is ever
 * in the server's hands here.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_retention.h"
#include "api_util.h"
#include "../pseudo/pseudo.h"

/* Reads one release may name. */
#define RELEASE_READS_MAX 100
/* read_ids: ["<32 hex>",…] of RELEASE_READS_MAX, VARCHAR(3600). */
#define READ_IDS_MAX      (2 + RELEASE_READS_MAX * 35)
#define REFERENCE_MAX     200

/* --- settings ------------------------------------------------------------ */

static const char q_settings[] =
    "SELECT evidence_key, evidence_kind, evidence_fingerprint, "
    "evidence_classes FROM tenant_settings WHERE tenant_id = ?";
static const char q_settings_set[] =
    "UPDATE tenant_settings SET evidence_key = ?, evidence_kind = ?, "
    "evidence_fingerprint = ?, evidence_classes = ?, "
    "updated_at = UTC_TIMESTAMP(6) WHERE tenant_id = ?";

struct settings {
	char   pem[PSEUDO_EVIDENCE_PEM_MAX + 1];
	size_t pemlen;
	int    has_key;
	char   classes[256];
	/* The work thread's answer. */
	int                loaded;
	const char        *why;
	char               kind[8];
	char               fp[PSEUDO_EVIDENCE_FP_HEX + 1];
	char               details[384];
	struct sql_param   p[5];
	struct sql_param   ap[6];
	struct app_db_stmt s[2];
};

static void
settings_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b, "{\"public_key\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"kind\":");
	api_buf_col(b, r, i, 1);
	kore_buf_appendf(b, ",\"fingerprint\":");
	api_buf_col(b, r, i, 2);
	kore_buf_appendf(b, ",\"classes\":");
	api_buf_list(b,
	    sql_result_null(r, i, 3) ? "" : sql_result_text(r, i, 3, NULL));
	kore_buf_append(b, "}", 1);
}

int
api_evidence_settings_get(struct api_ctx *ctx)
{
	struct settings *st = api_priv(ctx, sizeof(*st));

	API_BEGIN(ctx);
	st->p[0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_settings, st->p, 1);
	api_item_send(ctx, "tenant settings", settings_json);
	API_END(ctx);
}

/* The work thread: an RSA key's public check takes up to 160 ms. */
static void
key_check(void *arg)
{
	struct settings            *st = arg;
	struct pseudo_evidence_key *k;

	if (pseudo_evidence_key_load(st->pem, st->pemlen, &k, &st->why) == -1)
		return;
	(void)snprintf(st->kind, sizeof(st->kind), "%s",
	    pseudo_evidence_key_kind(k));
	(void)snprintf(st->fp, sizeof(st->fp), "%s",
	    pseudo_evidence_key_fingerprint(k));
	pseudo_evidence_key_free(k);
	st->loaded = 1;
}

/* "classes": read classes, each once, as "a,b" in st->classes. */
static int
take_classes(struct api_ctx *ctx, struct settings *st)
{
	const struct api_jvalue *v, *e;
	unsigned int             seen = 0;
	size_t                   i, len = 0;
	char                     field[32];
	int                      c;

	if ((v = api_json_get(ctx->json, "classes")) == NULL) {
		api_missing(ctx, "classes");
		return (0);
	}
	if (v->type != API_JARRAY) {
		api_error(ctx->req, 400, "invalid_type", "classes",
		    "an array of read classes");
		return (0);
	}
	for (e = v->child, i = 0; e != NULL; e = e->next, i++) {
		(void)snprintf(field, sizeof(field), "classes[%zu]", i);
		c = e->type == API_JSTRING ? api_class_find(e->str, e->len) :
		                             -1;
		if (c < API_READ_CLASS_FIRST || c > API_READ_CLASS_LAST) {
			api_error(ctx->req, 400, "invalid_value", field,
			    "a class of reads: read_no_effect, read_opened, "
			    "read_denied, hotlist_hit, manual_decision or "
			    "violation");
			return (0);
		}
		if (seen & (1u << c)) {
			api_error(ctx->req, 400, "invalid_value", field,
			    "each class once");
			return (0);
		}
		seen |= 1u << c;
		len += (size_t)snprintf(st->classes + len,
		    sizeof(st->classes) - len, "%s%s", len > 0 ? "," : "",
		    api_classes[c].name);
	}

	return (1);
}

/*
 * PUT {"public_key": PEM or null, "classes": [...]}: both replaced.  A
 * key is checked on a work thread (422 invalid_key naming what is wrong
 * with it); classes without a key are 422 key_required.  Audited with
 * the key's kind and fingerprint and the classes.
 */
int
api_evidence_settings_put(struct api_ctx *ctx)
{
	static const char *const names[] = { "public_key", "classes", NULL };
	struct settings         *st = api_priv(ctx, sizeof(*st));
	const struct api_jvalue *v;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, names) || !take_classes(ctx, st))
		return (KORE_RESULT_OK);
	if ((v = api_json_get(ctx->json, "public_key")) == NULL) {
		api_missing(ctx, "public_key");
		return (KORE_RESULT_OK);
	}
	if (v->type == API_JSTRING) {
		if (v->len > PSEUDO_EVIDENCE_PEM_MAX) {
			api_error(ctx->req, 400, "too_long", "public_key",
			    "a PEM public key of at most 16384 bytes");
			return (KORE_RESULT_OK);
		}
		memcpy(st->pem, v->str, v->len);
		st->pemlen = v->len;
		st->has_key = 1;
	} else if (v->type != API_JNULL) {
		api_error(ctx->req, 400, "invalid_type", "public_key",
		    "a PEM public key (string) or null");
		return (KORE_RESULT_OK);
	}
	if (!st->has_key && st->classes[0] != '\0') {
		api_error(ctx->req, 422, "key_required", "public_key",
		    "classes are sealed to a public key: give one");
		return (KORE_RESULT_OK);
	}
	if (st->has_key) {
		api_work_start(ctx, key_check);
		API_WAIT(ctx);
		if (!st->loaded) {
			api_error(ctx->req, 422, "invalid_key", "public_key",
			    st->why != NULL ? st->why : "not a usable key");
			return (KORE_RESULT_OK);
		}
	}

	st->p[0] = st->has_key ? sql_p_text(st->pem, st->pemlen) : sql_p_null();
	st->p[1] = st->has_key ? sql_p_str(st->kind) : sql_p_null();
	st->p[2] = st->has_key ? sql_p_str(st->fp) : sql_p_null();
	st->p[3] =
	    st->classes[0] != '\0' ? sql_p_str(st->classes) : sql_p_null();
	st->p[4] = sql_p_int(ctx->who.tenant);
	api_stmt(&st->s[0], q_settings_set, st->p, 5, APP_DB_NEED_ROW);
	(void)snprintf(st->details, sizeof(st->details),
	    "{\"kind\":\"%s\",\"fingerprint\":\"%s\",\"classes\":\"%s\"}",
	    st->has_key ? st->kind : "", st->has_key ? st->fp : "",
	    st->classes);
	api_audit_stmt(ctx, &st->s[1], st->ap, "settings.evidence",
	    "settings:evidence", "success", st->details, 0);
	API_TX(ctx, st->s, 2);
	if (ctx->job->norow != -1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no settings for this tenant");
		return (KORE_RESULT_OK);
	}
	st->p[0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_settings, st->p, 1);
	api_item_send(ctx, "tenant settings", settings_json);
	API_END(ctx);
}

/* --- releases ------------------------------------------------------------ */

/* The named reads that are the tenant's, sealed and not expired. */
static const char q_sealed[] =
    "SELECT LOWER(HEX(r.id)) FROM JSON_TABLE(?, '$[*]' COLUMNS "
    "(t CHAR(32) PATH '$')) j JOIN plate_reads r ON r.id = UNHEX(j.t) "
    "WHERE r.tenant_id = ? AND r.sealed IS NOT NULL AND "
    "r.expires_at > UTC_TIMESTAMP(3)";
static const char q_release_add[] =
    "INSERT INTO evidence_releases (id, tenant_id, requested_by, "
    "reference, read_ids, read_count) VALUES (?, ?, ?, ?, ?, ?)";
static const char q_approval_add[] =
    "INSERT INTO approvals (tenant_id, action, object_id, requested_by, "
    "expires_at) VALUES (?, 'evidence.release', ?, ?, "
    "UTC_TIMESTAMP(6) + INTERVAL 1 DAY)";
static const char q_releases[] =
    "SELECT id, reference, read_count, requested_by, "
    "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), "
    "IF(approved_at IS NULL, 'pending', IF(expires_at > UTC_TIMESTAMP(6), "
    "'approved', 'expired')), "
    "DATE_FORMAT(expires_at, '%Y-%m-%dT%H:%i:%sZ'), downloads "
    "FROM evidence_releases WHERE tenant_id = ? AND (? = 0 OR id < ?) "
    "ORDER BY id DESC LIMIT ?";
static const char q_release[] =
    "SELECT requested_by, approved_at IS NOT NULL, "
    "COALESCE(expires_at > UTC_TIMESTAMP(6), 0), read_ids "
    "FROM evidence_releases WHERE tenant_id = ? AND id = ?";
static const char q_release_reads[] =
    "SELECT LOWER(HEX(r.id)), r.sealed, "
    "DATE_FORMAT(r.captured_at, '%Y-%m-%dT%H:%i:%s.%fZ'), r.site_id, "
    "r.lane_id, r.country, r.class, r.direction, r.action "
    "FROM JSON_TABLE(?, '$[*]' COLUMNS (t CHAR(32) PATH '$')) j "
    "JOIN plate_reads r ON r.id = UNHEX(j.t) "
    "WHERE r.tenant_id = ? AND r.sealed IS NOT NULL "
    "ORDER BY r.captured_at, r.id";
static const char q_downloaded[] =
    "UPDATE evidence_releases SET downloads = downloads + 1 "
    "WHERE tenant_id = ? AND id = ? AND approved_at IS NOT NULL AND "
    "expires_at > UTC_TIMESTAMP(6)";

struct release {
	char               ids[RELEASE_READS_MAX][33];
	size_t             n;
	char               json[READ_IDS_MAX + 1];
	char               reference[REFERENCE_MAX + 1];
	int64_t            id, limit, cursor, records;
	struct kore_buf   *out; /* the export, until sent */
	char               object[48];
	char               details[128];
	struct sql_param   p[6];
	struct sql_param   q[3]; /* q_approval_add's */
	struct sql_param   ap[6];
	struct app_db_stmt s[3];
};

static void
release_free(void *arg)
{
	struct release *rl = arg;

	if (rl->out != NULL)
		kore_buf_free(rl->out);
	rl->out = NULL;
}

/* "reads": 1..100 distinct read ids (32 hex digits), as JSON in rl. */
static int
take_reads(struct api_ctx *ctx, struct release *rl)
{
	const struct api_jvalue *v, *e;
	size_t                   i, k, len;
	char                     field[32];

	if ((v = api_json_get(ctx->json, "reads")) == NULL) {
		api_missing(ctx, "reads");
		return (0);
	}
	if (v->type != API_JARRAY || v->count == 0 ||
	    v->count > RELEASE_READS_MAX) {
		api_error(ctx->req, 400, "invalid_value", "reads",
		    "an array of 1 to 100 read ids");
		return (0);
	}
	len = (size_t)snprintf(rl->json, sizeof(rl->json), "[");
	for (e = v->child, i = 0; e != NULL; e = e->next, i++) {
		(void)snprintf(field, sizeof(field), "reads[%zu]", i);
		if (e->type != API_JSTRING || e->len != 32) {
			api_error(ctx->req, 400, "invalid_value", field,
			    "a read id: 32 hex digits");
			return (0);
		}
		for (k = 0; k < 32; k++) {
			if (!isxdigit((unsigned char)e->str[k])) {
				api_error(ctx->req, 400, "invalid_value", field,
				    "a read id: 32 hex digits");
				return (0);
			}
			rl->ids[i][k] = (char)tolower((unsigned char)e->str[k]);
		}
		rl->ids[i][32] = '\0';
		for (k = 0; k < i; k++) {
			if (strcmp(rl->ids[k], rl->ids[i]) == 0) {
				api_error(ctx->req, 400, "invalid_value", field,
				    "each read once");
				return (0);
			}
		}
		len += (size_t)snprintf(rl->json + len, sizeof(rl->json) - len,
		    "%s\"%s\"", i > 0 ? "," : "", rl->ids[i]);
	}
	rl->n = i;
	(void)snprintf(rl->json + len, sizeof(rl->json) - len, "]");

	return (1);
}

/* The first named read q_sealed did not find, or -1. */
static long
first_unsealed(struct api_ctx *ctx, struct release *rl)
{
	struct sql_result *r = api_result(ctx);
	size_t             i, j, rows = r != NULL ? sql_result_rows(r) : 0;

	for (i = 0; i < rl->n; i++) {
		for (j = 0; j < rows; j++) {
			if (strcmp(sql_result_text(r, j, 0, NULL),
			        rl->ids[i]) == 0)
				break;
		}
		if (j == rows)
			return ((long)i);
	}

	return (-1);
}

/*
 * POST {"reads": [...], "reference": "..."}: every read must be the
 * tenant's, sealed and not expired (422 not_sealed naming the first that
 * is not).  The release and its approval are made together; 202.
 */
int
api_evidence_release_create(struct api_ctx *ctx)
{
	static const char *const names[] = { "reads", "reference", NULL };
	struct release          *rl = api_priv(ctx, sizeof(*rl));
	const char              *s;
	char                     field[32];
	long                     bad;
	size_t                   i;
	uint64_t                 rnd;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, names) || !take_reads(ctx, rl))
		return (KORE_RESULT_OK);
	if ((s = api_str_req(ctx, "reference", REFERENCE_MAX)) == NULL)
		return (KORE_RESULT_OK);
	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			break;
	}
	if (i == 0 || s[i] != '\0') {
		api_error(ctx->req, 400, "invalid_value", "reference",
		    "the case it is for: 1 to 200 bytes, no control "
		    "characters");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(rl->reference, sizeof(rl->reference), "%s", s);

	rl->p[0] = sql_p_str(rl->json);
	rl->p[1] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_sealed, rl->p, 2);
	if ((bad = first_unsealed(ctx, rl)) >= 0) {
		(void)snprintf(field, sizeof(field), "reads[%ld]", bad);
		api_error(ctx->req, 422, "not_sealed", field,
		    "no sealed evidence for this read: unknown, expired, or "
		    "its class is not sealed");
		return (KORE_RESULT_OK);
	}

	if (pseudo_random(&rnd, sizeof(rnd)) == -1) {
		api_error(ctx->req, 500, "internal", NULL,
		    "no randomness for the release's id");
		return (KORE_RESULT_OK);
	}
	/* 50 bits: a path's {id} takes up to 18 digits. */
	rl->id = (int64_t)(rnd >> 14) + 1;
	rl->p[0] = sql_p_int(rl->id);
	rl->p[1] = sql_p_int(ctx->who.tenant);
	rl->p[2] = sql_p_int(ctx->who.user_id);
	rl->p[3] = sql_p_str(rl->reference);
	rl->p[4] = sql_p_str(rl->json);
	rl->p[5] = sql_p_int((int64_t)rl->n);
	api_stmt(&rl->s[0], q_release_add, rl->p, 6, 0);
	rl->q[0] = sql_p_int(ctx->who.tenant);
	rl->q[1] = sql_p_int(rl->id);
	rl->q[2] = sql_p_int(ctx->who.user_id);
	api_stmt(&rl->s[1], q_approval_add, rl->q, 3, 0);
	(void)snprintf(rl->object, sizeof(rl->object),
	    "evidence_release:%" PRId64, rl->id);
	(void)snprintf(rl->details, sizeof(rl->details), "{\"reads\":%zu}",
	    rl->n);
	api_audit_stmt(ctx, &rl->s[2], rl->ap, "evidence.request", rl->object,
	    "success", rl->details, 0);
	API_TX(ctx, rl->s, 3);
	rl->out = kore_buf_alloc(128);
	kore_buf_appendf(rl->out,
	    "{\"id\":\"%" PRId64 "\",\"status\":\"pending\",\"reads\":%zu}",
	    rl->id, rl->n);
	api_buf_send(ctx, 202, rl->out);
	rl->out = NULL;
	API_END(ctx);
}

static void
release_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b,
	    "{\"id\":\"%s\",\"reference\":", sql_result_text(r, i, 0, NULL));
	api_buf_str(b, sql_result_text(r, i, 1, NULL));
	kore_buf_appendf(b,
	    ",\"reads\":%s,\"requested_by\":\"%s\",\"created_at\":\"%s\","
	    "\"status\":\"%s\",\"expires_at\":",
	    sql_result_text(r, i, 2, NULL), sql_result_text(r, i, 3, NULL),
	    sql_result_text(r, i, 4, NULL), sql_result_text(r, i, 5, NULL));
	api_buf_col(b, r, i, 6);
	kore_buf_appendf(b, ",\"downloads\":%s}",
	    sql_result_text(r, i, 7, NULL));
}

int
api_evidence_release_list(struct api_ctx *ctx)
{
	struct release *rl = api_priv(ctx, sizeof(*rl));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &rl->limit, &rl->cursor))
		return (KORE_RESULT_OK);
	rl->p[0] = sql_p_int(ctx->who.tenant);
	rl->p[1] = sql_p_int(rl->cursor);
	rl->p[2] = rl->p[1];
	rl->p[3] = sql_p_int(rl->limit);
	API_SQL(ctx, q_releases, rl->p, 4);
	api_list_send(ctx, rl->limit, release_json);
	API_END(ctx);
}

/* One JSON line of the export: what torwart-open reads, and context. */
static int
export_line(struct api_ctx *ctx, struct kore_buf *b, struct sql_result *r,
    size_t i)
{
	const char *sealed;
	char       *b64s = NULL, *b64a = NULL, aad[64];
	size_t      len, aadlen;
	int         ok;

	sealed = sql_result_text(r, i, 1, &len);
	aadlen = api_evidence_aad(ctx->who.tenant,
	    sql_result_text(r, i, 0, NULL), aad, sizeof(aad));
	ok = aadlen > 0 &&
	    kore_base64_encode(sealed, len, &b64s) == KORE_RESULT_OK &&
	    kore_base64_encode(aad, aadlen, &b64a) == KORE_RESULT_OK;
	if (ok) {
		kore_buf_appendf(b,
		    "{\"record\":\"%s\",\"tenant\":%" PRId64 ",\"aad\":\"%s\","
		    "\"sealed\":\"%s\",\"captured_at\":\"%s\",\"site\":\"%s\","
		    "\"lane\":\"%s\",\"country\":",
		    sql_result_text(r, i, 0, NULL), ctx->who.tenant, b64a, b64s,
		    sql_result_text(r, i, 2, NULL),
		    sql_result_text(r, i, 3, NULL),
		    sql_result_text(r, i, 4, NULL));
		api_buf_col(b, r, i, 5);
		kore_buf_appendf(b,
		    ",\"class\":\"%s\",\"direction\":\"%s\","
		    "\"action\":\"%s\"}\n",
		    sql_result_text(r, i, 6, NULL),
		    sql_result_text(r, i, 7, NULL),
		    sql_result_text(r, i, 8, NULL));
	}
	kore_free(b64s);
	kore_free(b64a);

	return (ok);
}

/*
 * GET …/releases/{id}: the approved release's sealed reads as JSON lines
 * (application/x-ndjson), for its requester only, until it expires.
 * Reads that expired or were erased since the request are left out.  The
 * download is counted and audited before a byte is sent.
 */
int
api_evidence_release_get(struct api_ctx *ctx)
{
	struct release    *rl = api_priv(ctx, sizeof(*rl));
	struct sql_result *r;
	int64_t            who = 0;
	size_t             i, rows;

	API_BEGIN(ctx);
	ctx->privfree = release_free;
	rl->p[0] = sql_p_int(ctx->who.tenant);
	rl->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_release, rl->p, 2);
	r = api_result(ctx);
	if (r == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such release");
		return (KORE_RESULT_OK);
	}
	(void)sql_result_int(r, 0, 0, &who);
	if (who != ctx->who.user_id) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "not_requester",
		    NULL, "only who requested a release downloads it");
		return (KORE_RESULT_OK);
	}
	if (sql_result_text(r, 0, 1, NULL)[0] != '1') {
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "not_approved", NULL,
		    "a second person has not approved this release yet");
		return (KORE_RESULT_OK);
	}
	if (sql_result_text(r, 0, 2, NULL)[0] != '1') {
		api_error(ctx->req, 410, "expired", NULL,
		    "this release has expired (7 days after its approval)");
		return (KORE_RESULT_OK);
	}
	/* Copied: the result goes with the next statement. */
	(void)snprintf(rl->json, sizeof(rl->json), "%s",
	    sql_result_text(r, 0, 3, NULL));

	rl->p[0] = sql_p_str(rl->json);
	rl->p[1] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_release_reads, rl->p, 2);
	r = api_result(ctx);
	rows = r != NULL ? sql_result_rows(r) : 0;
	rl->out = kore_buf_alloc(512 * (rows + 1));
	for (i = 0; i < rows; i++) {
		if (!export_line(ctx, rl->out, r, i)) {
			api_error(ctx->req, 500, "internal", NULL,
			    "cannot write the export");
			return (KORE_RESULT_OK);
		}
	}
	rl->records = (int64_t)rows;

	rl->p[0] = sql_p_int(ctx->who.tenant);
	rl->p[1] = sql_p_int(ctx->id);
	api_stmt(&rl->s[0], q_downloaded, rl->p, 2, APP_DB_NEED_ROW);
	(void)snprintf(rl->object, sizeof(rl->object),
	    "evidence_release:%" PRId64, ctx->id);
	(void)snprintf(rl->details, sizeof(rl->details),
	    "{\"records\":%" PRId64 "}", rl->records);
	api_audit_stmt(ctx, &rl->s[1], rl->ap, "evidence.download", rl->object,
	    "success", rl->details, 0);
	API_TX(ctx, rl->s, 2);
	if (ctx->job->norow != -1) {
		api_error(ctx->req, 410, "expired", NULL,
		    "this release expired meanwhile");
		return (KORE_RESULT_OK);
	}
	http_response_header(ctx->req, "content-type", "application/x-ndjson");
	http_response_header(ctx->req, "cache-control", "no-store");
	http_response(ctx->req, HTTP_STATUS_OK, rl->out->data, rl->out->offset);
	API_END(ctx);
}
