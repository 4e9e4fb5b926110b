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
 * Data subject rights (issue 6): POST /api/v1/dsr/access and
 * POST /api/v1/dsr/erase, for the auditor role (the DPO).  The plate is
 * canonicalised, turned into every token its records may carry
 * (api_subject.c: every key version, every read epoch within the
 * longest retention), and wiped; the records are found
 * by those tokens only.  Access answers one portable JSON document of
 * every read, parking session, event, operator queue item and list
 * entry about the vehicle; erase deletes them all in one transaction
 * and reports the counts.  Both are audited without the plate.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "api_records.h"
#include "api_retention.h"
#include "api_subject.h"
#include "api_util.h"

/* What a subject's records are counted as, in the answer's order. */
static const char *const kinds[] = { "reads", "parking_sessions", "events",
	"manual_decisions", "list_entries" };
#define KINDS (sizeof(kinds) / sizeof(kinds[0]))

/* The largest document access answers, in records. */
#define ACCESS_MAX 100000

struct dsr {
	struct pseudo_plate        plate;
	struct api_subject         sub;
	int64_t                    tenant, hours, now;
	uint32_t                   versions, keyless;
	struct api_subject_version v[API_SUBJECT_VERSIONS_MAX];
	int                        done; /* tokens(): 1 made, -1 failed */
	int                        keep_lists;
	struct kore_buf           *doc; /* access: the answer, while audited */
	int64_t                    count[KINDS];
	char                       details[256];
	struct sql_param           p[20];
	struct sql_param           ap[6];
	struct app_db_stmt         s[16];
};

/* The tokens as a set for IN (…): a JSON array of hex strings. */
#define TOKENS(p)                                                              \
	"(SELECT UNHEX(j.t) FROM JSON_TABLE(" p ", '$[*]' COLUMNS (t "         \
	"CHAR(32) PATH '$')) AS j)"
#define READS_OF                                                               \
	"SELECT id FROM plate_reads WHERE tenant_id = ? AND token IN " TOKENS( \
	    "?")
#define SESSIONS_OF                                                                 \
	"SELECT id FROM parking_sessions WHERE tenant_id = ? AND token IN " TOKENS( \
	    "?")

/* The retentions, and each key version's master, newest first. */
static const char q_hours[] =
    "SELECT (SELECT GROUP_CONCAT(class, '=', hours) FROM retention "
    "WHERE tenant_id = ?), (SELECT GROUP_CONCAT(version, ':', master_id "
    "ORDER BY version DESC SEPARATOR ',') FROM tenant_keys "
    "WHERE tenant_id = ?)";

/*
 * Every record of the subject, one row each: its kind (an index into
 * kinds) and the record as a JSON object.  Parameters: tenant and reads
 * (reads); tenant and match (sessions); tenant, reads, tenant, match
 * (events); tenant, match, tenant, reads (queue); tenant, tenant, match
 * (list entries).
 */
/* clang-format off */
static const char q_access[] =
    "SELECT 0, " RECORD_READ " FROM plate_reads WHERE "
    "tenant_id = ? AND token IN " TOKENS("?") " "
    "UNION ALL SELECT 1, " RECORD_SESSION " FROM parking_sessions "
    "WHERE tenant_id = ? AND token IN " TOKENS("?") " "
    "UNION ALL SELECT 2, " RECORD_EVENT " FROM events WHERE "
    "tenant_id = ? AND (read_id IN (" READS_OF ") OR session_id IN ("
    SESSIONS_OF ")) "
    "UNION ALL SELECT 3, " RECORD_QUEUE " FROM manual_queue WHERE "
    "tenant_id = ? AND (token IN " TOKENS("?") " OR read_id IN ("
    READS_OF ")) "
    "UNION ALL SELECT 4, JSON_OBJECT('id', e.id, 'list', e.list_id, "
    "'list_name', l.name, 'list_kind', l.kind, 'country', e.country, "
    "'valid_from', " ISO("e.valid_from") ", 'valid_to', " ISO("e.valid_to")
    ", 'label', e.label, 'created_at', " ISO("e.created_at") ", "
    "'key_version', e.key_version) FROM list_entries e JOIN lists l ON "
    "l.id = e.list_id WHERE e.tenant_id = ? AND e.id IN (SELECT entry_id "
    "FROM list_tokens WHERE tenant_id = ? AND is_exact = 1 AND token IN "
    TOKENS("?") ") LIMIT 100001";
/* clang-format on */
/*
 * Erasure, in one transaction: what refers to a read or session first,
 * each count kept in a session variable, the counts last.
 */
static const char q_erase_events[] =
    "DELETE FROM events WHERE tenant_id = ? AND (read_id IN (" READS_OF
    ") OR session_id IN (" SESSIONS_OF "))";
static const char q_erase_manual[] =
    "DELETE FROM manual_queue WHERE tenant_id = ? AND (token IN " TOKENS(
        "?") " OR read_id IN (" READS_OF "))";
static const char q_erase_sessions[] =
    "DELETE FROM parking_sessions WHERE tenant_id = ? AND token IN " TOKENS(
        "?");
static const char q_erase_reads[] =
    "DELETE FROM plate_reads WHERE tenant_id = ? AND token IN " TOKENS("?");
static const char q_erase_entries[] =
    "DELETE FROM list_entries WHERE tenant_id = ? AND id IN (SELECT "
    "entry_id FROM list_tokens WHERE tenant_id = ? AND is_exact = 1 AND "
    "token IN " TOKENS("?") ")";
static const char q_count_events[] = "SET @tw_dsr_ev = ROW_COUNT()";
static const char q_count_manual[] = "SET @tw_dsr_mq = ROW_COUNT()";
static const char q_count_sessions[] = "SET @tw_dsr_ps = ROW_COUNT()";
static const char q_count_reads[] = "SET @tw_dsr_pr = ROW_COUNT()";
static const char q_count_entries[] = "SET @tw_dsr_le = ROW_COUNT()";
static const char q_count_none[] = "SET @tw_dsr_le = 0";
static const char q_erase_audit[] =
    "INSERT INTO audit_log (tenant_id, actor, action, object, outcome, "
    "details) VALUES (?, ?, ?, ?, ?, CONCAT(?, '\"reads\":', @tw_dsr_pr, "
    "',\"parking_sessions\":', @tw_dsr_ps, ',\"events\":', @tw_dsr_ev, "
    "',\"manual_decisions\":', @tw_dsr_mq, ',\"list_entries\":', "
    "@tw_dsr_le, '}'))";
static const char q_erase_counts[] =
    "SELECT @tw_dsr_pr, @tw_dsr_ps, @tw_dsr_ev, @tw_dsr_mq, @tw_dsr_le";

static void
dsr_free(void *arg)
{
	struct dsr *d = arg;

	pseudo_plate_wipe(&d->plate);
	api_subject_free(&d->sub);
	if (d->doc != NULL) {
		explicit_bzero(d->doc->data, d->doc->offset);
		kore_buf_free(d->doc);
	}
}

/*
 * The tokens, on the event loop: about 40 HMACs a key version for the
 * default retentions, some 4,400 (a few milliseconds) for ten years;
 * too little to be worth a trip to a work thread.
 */
static void
tokens(struct dsr *d)
{
	d->done = api_subject_tokens(d->v, d->versions, d->tenant,
	              d->plate.skeleton, d->now, d->hours, &d->sub) == 0 ?
	    1 :
	    -1;
}

/*
 * The body: plate (required), country (optional), and for erase
 * keep_list_entries (optional: a documented hold keeps the subject's
 * list entries).  The plate is canonicalised and the body freed; 0 when
 * refused (answered, naming the field).
 */
static int
body(struct api_ctx *ctx, struct dsr *d, int erase)
{
	static const char *const access_fields[] = { "plate", "country", NULL };
	static const char *const erase_fields[] = { "plate", "country",
		"keep_list_entries", NULL };
	const struct api_jvalue *v;
	const char              *s, *why;
	char                     country[PSEUDO_COUNTRY_MAX + 1] = "";
	int                      bad = 0;

	if (!api_body_fields(ctx, erase ? erase_fields : access_fields))
		return (0);
	if ((v = api_json_get(ctx->json, "country")) != NULL &&
	    v->type != API_JNULL &&
	    (v->type != API_JSTRING ||
	        pseudo_country(v->str, v->len, country) == -1)) {
		api_error(ctx->req, 400, "invalid_value", "country",
		    "a vehicle registration code (D, NL, GB) or an ISO 3166 "
		    "code");
		return (0);
	}
	if (erase) {
		(void)api_bool(ctx, "keep_list_entries", &d->keep_lists, &bad);
		if (bad)
			return (0);
	}
	if ((s = api_str_req(ctx, "plate", PSEUDO_PLATE_IN_MAX)) == NULL)
		return (0);
	if (pseudo_plate_canon(s, strlen(s), country, &d->plate, &why) == -1) {
		api_error(ctx->req, 400, "invalid_value", "plate", why);
		return (0);
	}
	/* The body held the plate: gone now. */
	api_json_free(ctx->body);
	ctx->body = NULL;
	ctx->json = NULL;

	return (1);
}

/*
 * The key versions to search, from "version:master,…" (newest first):
 * up to API_SUBJECT_VERSIONS_MAX of them whose master key is in the
 * keyring.  A version whose master's file is gone cannot be searched:
 * counted in keyless (its records can no longer be tied to anyone).
 */
static void
versions(struct dsr *d, const char *list)
{
	const char   *s = list;
	char         *end;
	unsigned long v, m;

	d->versions = 0;
	d->keyless = 0;
	while (*s != '\0' && d->versions < API_SUBJECT_VERSIONS_MAX) {
		v = strtoul(s, &end, 10);
		if (*end != ':')
			break;
		m = strtoul(end + 1, &end, 10);
		if (v >= 1 && v <= UINT32_MAX && m <= UINT32_MAX &&
		    app_master_key((uint32_t)m) != NULL) {
			d->v[d->versions].version = (uint32_t)v;
			d->v[d->versions].master = app_master_key((uint32_t)m);
			d->versions++;
		} else {
			d->keyless++;
		}
		if (*end != ',')
			break;
		s = end + 1;
	}
}

/*
 * The tenant's key versions and the longest retention of any class whose
 * records carry a token (the audit log and camera health carry none).
 */
static void
window(struct api_ctx *ctx, struct dsr *d)
{
	struct sql_result *res = api_result(ctx);
	int64_t            h[CLASSES];
	size_t             c;

	api_class_hours(res != NULL && sql_result_rows(res) == 1 &&
	            !sql_result_null(res, 0, 0) ?
	        sql_result_text(res, 0, 0, NULL) :
	        NULL,
	    h);
	d->hours = 0;
	for (c = 0; c < CLASSES; c++)
		if (c != C_AUDIT && c != C_HEALTH && h[c] > d->hours)
			d->hours = h[c];
	versions(d,
	    res != NULL && sql_result_rows(res) == 1 ?
	        sql_result_text(res, 0, 1, NULL) :
	        "");
	d->tenant = ctx->who.tenant;
	d->now = (int64_t)time(NULL);
}

/* 0 (answered) when the tokens could not be made. */
static int
made(struct api_ctx *ctx, struct dsr *d)
{
	if (d->done == 1)
		return (1);
	api_error(ctx->req, 500, "internal", NULL, "cannot compute the tokens");
	return (0);
}

/* What was searched: for the document and the audit entry. */
static void
searched(struct kore_buf *b, struct dsr *d)
{
	char since[32];

	api_time_rfc3339((time_t)(d->now - d->hours * 3600 - 86400), since,
	    sizeof(since));
	kore_buf_appendf(b,
	    "\"searched\":{\"key_versions\":%" PRIu32 ",\"since\":\"%s\","
	    "\"read_tokens\":%zu,\"match_tokens\":%zu",
	    d->versions, since, d->sub.nreads, d->sub.nmatch);
	/* Versions whose master key is gone: their records cannot be found. */
	if (d->keyless > 0)
		kore_buf_appendf(b, ",\"key_versions_without_key\":%" PRIu32,
		    d->keyless);
	kore_buf_appendf(b, "}");
}

int
api_dsr_access(struct api_ctx *ctx)
{
	struct dsr        *d = api_priv(ctx, sizeof(*d));
	struct sql_result *res;
	struct kore_buf   *b;
	const char        *doc;
	char               at[32];
	size_t             i, k, n, len, first;
	int64_t            kind;

	API_BEGIN(ctx);
	ctx->privfree = dsr_free;
	if (!body(ctx, d, 0))
		return (KORE_RESULT_OK);
	d->p[0] = sql_p_int(ctx->who.tenant);
	d->p[1] = d->p[0];
	API_SQL(ctx, q_hours, d->p, 2);
	window(ctx, d);
	tokens(d);
	if (!made(ctx, d))
		return (KORE_RESULT_OK);
	d->p[0] = sql_p_int(ctx->who.tenant);
	d->p[1] = sql_p_str(d->sub.reads);
	d->p[2] = d->p[0];
	d->p[3] = sql_p_str(d->sub.match);
	d->p[4] = d->p[0];
	d->p[5] = d->p[0];
	d->p[6] = d->p[1];
	d->p[7] = d->p[0];
	d->p[8] = d->p[3];
	d->p[9] = d->p[0];
	d->p[10] = d->p[3];
	d->p[11] = d->p[0];
	d->p[12] = d->p[1];
	d->p[13] = d->p[0];
	d->p[14] = d->p[0];
	d->p[15] = d->p[3];
	API_SQL(ctx, q_access, d->p, 16);
	res = api_result(ctx);
	n = res != NULL ? sql_result_rows(res) : 0;
	if (n > ACCESS_MAX) {
		api_error(ctx->req, 413, "too_many_records", "plate",
		    "more than 100000 records: ask the operator for an export");
		return (KORE_RESULT_OK);
	}
	for (i = 0; i < n; i++)
		if (sql_result_int(res, i, 0, &kind) == 0 && kind >= 0 &&
		    (size_t)kind < KINDS)
			d->count[kind]++;
	(void)snprintf(d->details, sizeof(d->details),
	    "{\"reads\":%" PRId64 ",\"parking_sessions\":%" PRId64
	    ",\"events\":%" PRId64 ",\"manual_decisions\":%" PRId64
	    ",\"list_entries\":%" PRId64 "}",
	    d->count[0], d->count[1], d->count[2], d->count[3], d->count[4]);

	/* The document, then the audit entry (without the plate). */
	b = kore_buf_alloc(4096); /* grows with the records */
	api_time_rfc3339(time(NULL), at, sizeof(at));
	kore_buf_appendf(b,
	    "{\"subject\":{\"plate\":\"%s\",\"country\":", d->plate.canon);
	if (d->plate.country[0] != '\0')
		kore_buf_appendf(b, "\"%s\"", d->plate.country);
	else
		kore_buf_append(b, "null", 4);
	kore_buf_appendf(b, "},\"tenant\":%" PRId64 ",\"generated_at\":\"%s\",",
	    ctx->who.tenant, at);
	searched(b, d);
	kore_buf_append(b, ",\"records\":{", 12);
	for (k = 0; k < KINDS; k++) {
		kore_buf_appendf(b, "%s\"%s\":[", k > 0 ? "," : "", kinds[k]);
		first = 1;
		for (i = 0; i < n; i++) {
			if (sql_result_int(res, i, 0, &kind) != 0 ||
			    (size_t)kind != k)
				continue;
			doc = sql_result_text(res, i, 1, &len);
			if (!first)
				kore_buf_append(b, ",", 1);
			kore_buf_append(b, doc, len);
			first = 0;
		}
		kore_buf_append(b, "]", 1);
	}
	kore_buf_appendf(b, "},\"counts\":%s}", d->details);
	pseudo_plate_wipe(&d->plate);
	d->doc = b;
	api_audit_stmt(ctx, &d->s[0], d->ap, "dsr.access", "dsr", "success",
	    d->details, 0);
	API_TX(ctx, d->s, 1);
	b = d->doc;
	d->doc = NULL;
	api_buf_send(ctx, HTTP_STATUS_OK, b);
	API_END(ctx);
}

int
api_dsr_erase(struct api_ctx *ctx)
{
	struct dsr        *d = api_priv(ctx, sizeof(*d));
	struct sql_result *res;
	struct kore_buf   *b;
	struct sql_param  *p = d->p;
	size_t             k, n = 0;
	int64_t            v;

	API_BEGIN(ctx);
	ctx->privfree = dsr_free;
	if (!body(ctx, d, 1))
		return (KORE_RESULT_OK);
	d->p[0] = sql_p_int(ctx->who.tenant);
	d->p[1] = d->p[0];
	API_SQL(ctx, q_hours, d->p, 2);
	window(ctx, d);
	tokens(d);
	if (!made(ctx, d))
		return (KORE_RESULT_OK);
	pseudo_plate_wipe(&d->plate);
	p[0] = sql_p_int(ctx->who.tenant);
	p[1] = sql_p_str(d->sub.reads);
	p[2] = sql_p_str(d->sub.match);
	/* events: tenant, tenant, reads, tenant, match */
	p[3] = p[0];
	p[4] = p[0];
	p[5] = p[1];
	p[6] = p[0];
	p[7] = p[2];
	api_stmt(&d->s[n++], q_erase_events, &p[3], 5, 0);
	api_stmt(&d->s[n++], q_count_events, NULL, 0, 0);
	/* the queue: tenant, match, tenant, reads */
	p[8] = p[0];
	p[9] = p[2];
	p[10] = p[0];
	p[11] = p[1];
	api_stmt(&d->s[n++], q_erase_manual, &p[8], 4, 0);
	api_stmt(&d->s[n++], q_count_manual, NULL, 0, 0);
	api_stmt(&d->s[n++], q_erase_sessions, &p[8], 2, 0);
	api_stmt(&d->s[n++], q_count_sessions, NULL, 0, 0);
	api_stmt(&d->s[n++], q_erase_reads, &p[10], 2, 0);
	api_stmt(&d->s[n++], q_count_reads, NULL, 0, 0);
	if (d->keep_lists) {
		api_stmt(&d->s[n++], q_count_none, NULL, 0, 0);
	} else {
		/* list entries: tenant, tenant, match */
		p[12] = p[0];
		p[13] = p[0];
		p[14] = p[2];
		api_stmt(&d->s[n++], q_erase_entries, &p[12], 3, 0);
		api_stmt(&d->s[n++], q_count_entries, NULL, 0, 0);
	}
	(void)snprintf(d->details, sizeof(d->details),
	    "{\"list_entries_kept\":%s,", d->keep_lists ? "true" : "false");
	api_audit_stmt(ctx, &d->s[n], d->ap, "dsr.erase", "dsr", "success",
	    d->details, 0);
	d->s[n++].query = q_erase_audit;
	api_stmt(&d->s[n++], q_erase_counts, NULL, 0, 0);
	API_TX(ctx, d->s, n);

	res = api_result(ctx);
	b = kore_buf_alloc(512);
	kore_buf_append(b, "{\"erased\":{", 11);
	for (k = 0; k < KINDS; k++) {
		v = 0;
		if (res != NULL && sql_result_rows(res) == 1 &&
		    sql_result_int(res, 0, k, &v) != 0)
			v = 0;
		kore_buf_appendf(b, "%s\"%s\":%" PRId64, k > 0 ? "," : "",
		    kinds[k], v);
	}
	kore_buf_appendf(b, "},\"list_entries_kept\":%s,",
	    d->keep_lists ? "true" : "false");
	searched(b, d);
	kore_buf_append(b, "}", 1);
	api_buf_send(ctx, HTTP_STATUS_OK, b);
	API_END(ctx);
}
