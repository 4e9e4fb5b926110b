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
 * A customer's data for the operator of the installation (issue 6): what
 * a system admin hands back when a contract ends (GDPR Art. 28(3)(g)),
 * before DELETE /api/v1/tenants/{id} erases it.
 *
 * GET /api/v1/tenants/{id}/export is one JSON document: the tenant, its
 * settings and retention, sites, lanes, lists with every entry's plate
 * unsealed (on a work thread), time profiles, bookings, users and API
 * keys without any secret, and the count of each kind of record.  The
 * records themselves (pseudonymous: no plate, no token) are paged from
 * GET /api/v1/tenants/{id}/records?kind=&cursor=&limit=.  Both are
 * audited (in the system tenant's trail) before a byte is sent.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_import.h"
#include "api_json.h"
#include "api_records.h"
#include "api_util.h"
#include "../pseudo/pseudo.h"

/* clang-format off */
#define ARRAY_OF(obj, from)						\
	"(SELECT COALESCE(JSON_ARRAYAGG(" obj "), JSON_ARRAY()) FROM "	\
	from ")"
#define COUNT_OF(t)							\
	"(SELECT COUNT(*) FROM " t " WHERE tenant_id = t.id)"

/* The document but for the list entries; ? is the tenant six times. */
static const char q_doc[] =
    "SELECT JSON_OBJECT('format', 'torwart-tenant-export/1', "
    "'exported_at', " ISO("UTC_TIMESTAMP()") ", "
    "'tenant', JSON_OBJECT('id', t.id, 'name', t.name, 'created_at', "
    ISO("t.created_at") "), "
    "'settings', (SELECT JSON_OBJECT('read_epoch', s.read_epoch, "
    "'key_version', s.key_version, 'privacy_until', "
    ISO("s.privacy_until") ", 'controller_name', s.controller_name, "
    "'controller_address', s.controller_address, 'controller_email', "
    "s.controller_email, 'dpo_email', s.dpo_email, 'recipients', "
    "s.recipients, 'purposes', s.purposes, 'evidence_public_key', "
    "s.evidence_key, 'evidence_fingerprint', s.evidence_fingerprint, "
    "'evidence_classes', s.evidence_classes) FROM tenant_settings s "
    "WHERE s.tenant_id = t.id), "
    "'retention', (SELECT COALESCE(JSON_OBJECTAGG(class, hours), "
    "JSON_OBJECT()) FROM retention WHERE tenant_id = t.id), "
    "'sites', " ARRAY_OF("JSON_OBJECT('id', id, 'name', name, "
    "'timezone', timezone, 'capacity', capacity, 'reserved', reserved, "
    "'parking', parking = 1, 'default_action', default_action, "
    "'manual_below', manual_below, 'passback', passback, "
    "'passback_reset_min', passback_reset_min, 'max_stay_min', "
    "max_stay_min, 'grace_min', grace_min, 'free_min', free_min, "
    "'period_min', period_min, 'period_cents', period_cents, "
    "'daily_cap_cents', daily_cap_cents, 'currency', currency, "
    "'adr_forbidden', adr_forbidden, 'adr_tunnel', adr_tunnel, "
    "'unbooked_action', unbooked_action, 'created_at', "
    ISO("created_at") ")", "sites WHERE tenant_id = t.id") ", "
    "'lanes', " ARRAY_OF("JSON_OBJECT('id', id, 'site', site_id, "
    "'name', name, 'direction', direction, 'adr_forbidden', "
    "adr_forbidden, 'adr_tunnel', adr_tunnel)",
    "lanes WHERE tenant_id = t.id") ", "
    "'lists', " ARRAY_OF("JSON_OBJECT('id', id, 'name', name, 'kind', "
    "kind, 'priority', priority, 'fuzzy', fuzzy, 'fuzzy_action', "
    "fuzzy_action, 'site', site_id, 'mode', mode, 'created_at', "
    ISO("created_at") ")", "lists WHERE tenant_id = t.id") ", "
    "'time_profiles', " ARRAY_OF("JSON_OBJECT('id', id, 'name', name, "
    "'spec', JSON_EXTRACT(spec, '$'))",
    "time_profiles WHERE tenant_id = t.id") ", "
    "'bookings', " ARRAY_OF("JSON_OBJECT('id', id, 'site', site_id, "
    "'code', code, 'window_from', " ISO("window_from") ", 'window_to', "
    ISO("window_to") ", 'label', label)",
    "container_bookings WHERE tenant_id = t.id") ", "
    "'users', " ARRAY_OF("JSON_OBJECT('id', id, 'username', username, "
    "'role', role, 'totp', totp_secret IS NOT NULL, 'created_at', "
    ISO("created_at") ")", "users WHERE tenant_id = t.id") ", "
    "'api_keys', " ARRAY_OF("JSON_OBJECT('id', id, 'name', name, "
    "'role', role, 'lanes', lanes, 'networks', networks, 'created_at', "
    ISO("created_at") ", 'expires_at', " ISO("expires_at") ", "
    "'revoked_at', " ISO("revoked_at") ")",
    "api_keys WHERE tenant_id = t.id") ", "
    "'counts', JSON_OBJECT('reads', " COUNT_OF("plate_reads") ", "
    "'parking_sessions', " COUNT_OF("parking_sessions") ", "
    "'events', " COUNT_OF("events") ", "
    "'manual_decisions', " COUNT_OF("manual_queue") ", "
    "'list_entries', " COUNT_OF("list_entries") ")) "
    "FROM tenants t WHERE t.id = ?";
/* clang-format on */

static const char q_entries[] =
    "SELECT list_id, id, plate_sealed, key_version, country, "
    "DATE_FORMAT(valid_from, '%Y-%m-%dT%H:%i:%sZ'), "
    "DATE_FORMAT(valid_to, '%Y-%m-%dT%H:%i:%sZ'), profile_id, label, " ENTRY_MASTER
    " FROM list_entries e WHERE tenant_id = ? "
    "ORDER BY list_id, id";

/* A JSON text the work thread writes (malloc: not kore's pools). */
struct text {
	char  *data;
	size_t len, cap;
	int    failed;
};

struct texport {
	int64_t            tenant;
	struct sql_result *rows; /* q_entries', read in place by the thread */
	struct text        entries; /* "[...]" */
	int64_t            count, unsealable;
	struct kore_buf   *out;
	char               object[48];
	char               details[96];
	struct sql_param   p[4];
	struct sql_param   ap[6];
	struct app_db_stmt s[1];
};

static void
put(struct text *t, const char *s, size_t n)
{
	char  *p;
	size_t cap;

	if (t->failed)
		return;
	if (t->len + n + 1 > t->cap) {
		cap = t->cap == 0 ? 4096 : t->cap;
		while (cap < t->len + n + 1)
			cap *= 2;
		if ((p = realloc(t->data, cap)) == NULL) {
			t->failed = 1;
			return;
		}
		t->data = p;
		t->cap = cap;
	}
	memcpy(t->data + t->len, s, n);
	t->len += n;
	t->data[t->len] = '\0';
}

static void
put_s(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

/* A column as a JSON string, or null. */
static void
put_col(struct text *t, struct sql_result *r, size_t i, size_t c)
{
	char        esc[6 * 256 + 3];
	const char *v;
	size_t      len;

	if (sql_result_null(r, i, c)) {
		put_s(t, "null");
		return;
	}
	v = sql_result_text(r, i, c, &len);
	if (len > 256) {
		t->failed = 1;
		return;
	}
	len = api_json_escape(esc, sizeof(esc), v, len);
	if (len >= sizeof(esc)) {
		t->failed = 1;
		return;
	}
	put(t, esc, len);
}

static void
texport_free(void *arg)
{
	struct texport *x = arg;

	if (x->entries.data != NULL)
		explicit_bzero(x->entries.data, x->entries.cap);
	free(x->entries.data);
	x->entries.data = NULL;
	if (x->out != NULL) {
		explicit_bzero(x->out->data, x->out->offset);
		kore_buf_free(x->out);
	}
	x->out = NULL;
}

/* The work thread: every entry unsealed with its list's version's keys. */
static void
unseal_entries(void *arg)
{
	struct texport       *x = arg;
	struct api_entry_keys k;
	struct text          *t = &x->entries;
	char                  plate[PSEUDO_PLATE_MAX + 1], num[48];
	const char           *sealed;
	int64_t               list, version, master, have_list = 0, have_v = 0;
	size_t                i, len, rows;

	memset(&k, 0, sizeof(k));
	rows = x->rows != NULL ? sql_result_rows(x->rows) : 0;
	put_s(t, "[");
	for (i = 0; i < rows && !t->failed; i++) {
		if (sql_result_int(x->rows, i, 0, &list) == -1 ||
		    sql_result_int(x->rows, i, 3, &version) == -1 ||
		    version < 1 || version > UINT32_MAX) {
			t->failed = 1;
			break;
		}
		if (list != have_list || version != have_v) {
			api_entry_keys_wipe(&k);
			if (sql_result_int(x->rows, i, 9, &master) == -1)
				master = 0;
			if (api_entry_keys(app_master_key((uint32_t)master),
			        x->tenant, (uint32_t)version, list, &k) == -1) {
				t->failed = 1;
				break;
			}
			have_list = list;
			have_v = version;
		}
		(void)snprintf(num, sizeof(num),
		    "%s{\"list\":\"%" PRId64 "\",\"id\":\"", i > 0 ? "," : "",
		    list);
		put_s(t, num);
		put_s(t, sql_result_text(x->rows, i, 1, NULL));
		/* A damaged entry is named, not a reason to export nothing. */
		sealed = sql_result_text(x->rows, i, 2, &len);
		if (api_entry_unseal(&k, sealed, len, plate, sizeof(plate)) ==
		    -1) {
			put_s(t,
			    "\",\"plate\":null,\"error\":\"cannot be "
			    "unsealed\"");
			x->unsealable++;
		} else {
			put_s(t, "\",\"plate\":\"");
			put_s(t, plate); /* [A-Z0-9] */
			put_s(t, "\"");
		}
		put_s(t, ",\"country\":");
		put_col(t, x->rows, i, 4);
		put_s(t, ",\"valid_from\":");
		put_col(t, x->rows, i, 5);
		put_s(t, ",\"valid_to\":");
		put_col(t, x->rows, i, 6);
		put_s(t, ",\"time_profile\":");
		put_col(t, x->rows, i, 7);
		put_s(t, ",\"label\":");
		put_col(t, x->rows, i, 8);
		put_s(t, "}");
		x->count++;
	}
	put_s(t, "]");
	explicit_bzero(plate, sizeof(plate));
	api_entry_keys_wipe(&k);
}

int
api_tenants_export(struct api_ctx *ctx)
{
	struct texport    *x = api_priv(ctx, sizeof(*x));
	struct sql_result *r;
	const char        *doc;
	size_t             len;

	API_BEGIN(ctx);
	ctx->privfree = texport_free;
	x->tenant = ctx->id;
	x->p[0] = sql_p_int(x->tenant);
	API_SQL(ctx, q_entries, x->p, 1);
	/* The thread reads the rows in place: nothing is submitted meanwhile.
	 */
	x->rows = api_result(ctx);
	api_work_start(ctx, unseal_entries);
	API_WAIT(ctx);
	x->rows = NULL;
	if (x->entries.failed) {
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot unseal the list entries");
		return (KORE_RESULT_OK);
	}

	x->p[0] = sql_p_int(x->tenant);
	API_SQL(ctx, q_doc, x->p, 1);
	r = api_result(ctx);
	if (r == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such tenant");
		return (KORE_RESULT_OK);
	}
	doc = sql_result_text(r, 0, 0, &len);
	if (len < 2 || doc[len - 1] != '}') {
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot write the export");
		return (KORE_RESULT_OK);
	}
	x->out = kore_buf_alloc(len + x->entries.len + 32);
	kore_buf_append(x->out, doc, len - 1);
	kore_buf_appendf(x->out, ",\"list_entries\":");
	kore_buf_append(x->out, x->entries.data, x->entries.len);
	kore_buf_append(x->out, "}", 1);

	(void)snprintf(x->object, sizeof(x->object), "tenant:%" PRId64,
	    x->tenant);
	(void)snprintf(x->details, sizeof(x->details),
	    "{\"list_entries\":%" PRId64 ",\"unsealable\":%" PRId64 "}",
	    x->count, x->unsealable);
	api_audit_stmt(ctx, &x->s[0], x->ap, "tenant.export", x->object,
	    "success", x->details, 0);
	API_TX(ctx, x->s, 1);
	http_response_header(ctx->req, "content-type", "application/json");
	http_response_header(ctx->req, "cache-control", "no-store");
	http_response(ctx->req, HTTP_STATUS_OK, x->out->data, x->out->offset);
	API_END(ctx);
}

/* --- records ------------------------------------------------------------- */

#define RECORDS_DEFAULT 1000
#define RECORDS_MAX     10000

/* clang-format off */
/* Per kind: id as text (the cursor), the record; tenant, cursor, limit. */
static const struct {
	const char *kind;
	const char *query;
} record_kinds[] = {
	{ "reads", "SELECT LOWER(HEX(id)), " RECORD_READ " FROM plate_reads "
	    "WHERE tenant_id = ? AND id > UNHEX(?) ORDER BY id LIMIT ?" },
	{ "parking_sessions", "SELECT id, " RECORD_SESSION " FROM "
	    "parking_sessions WHERE tenant_id = ? AND id > CAST(? AS "
	    "UNSIGNED) ORDER BY id LIMIT ?" },
	{ "events", "SELECT id, " RECORD_EVENT " FROM events WHERE "
	    "tenant_id = ? AND id > CAST(? AS UNSIGNED) ORDER BY id LIMIT ?" },
	{ "manual_decisions", "SELECT id, " RECORD_QUEUE " FROM "
	    "manual_queue WHERE tenant_id = ? AND id > CAST(? AS UNSIGNED) "
	    "ORDER BY id LIMIT ?" },
};
/* clang-format on */

struct records {
	int                kind;
	int64_t            limit;
	char               cursor[40];
	char               object[48];
	char               details[96];
	struct kore_buf   *out;
	struct sql_param   p[3];
	struct sql_param   ap[6];
	struct app_db_stmt s[1];
};

static void
records_free(void *arg)
{
	struct records *rc = arg;

	if (rc->out != NULL)
		kore_buf_free(rc->out);
	rc->out = NULL;
}

/* ?cursor=: the last id of the page before (hex for reads), or none. */
static int
take_cursor(struct api_ctx *ctx, struct records *rc)
{
	size_t i, len;
	int    q;

	q = api_query(ctx, "cursor", rc->cursor, sizeof(rc->cursor));
	if (q == 0) {
		(void)snprintf(rc->cursor, sizeof(rc->cursor), "%s",
		    rc->kind == 0 ? "" : "0");
		return (1);
	}
	len = strlen(rc->cursor);
	for (i = 0; q == 1 && i < len; i++) {
		if (rc->kind == 0 ?
		        !((rc->cursor[i] >= '0' && rc->cursor[i] <= '9') ||
		            (rc->cursor[i] >= 'a' && rc->cursor[i] <= 'f')) :
		        !(rc->cursor[i] >= '0' && rc->cursor[i] <= '9'))
			q = -1;
	}
	if (q != 1 || len == 0 || (rc->kind == 0 ? len != 32 : len > 18)) {
		api_error(ctx->req, 400, "invalid_value", "cursor",
		    "a next_cursor this route answered");
		return (0);
	}

	return (1);
}

int
api_tenants_records(struct api_ctx *ctx)
{
	struct records    *rc = api_priv(ctx, sizeof(*rc));
	struct sql_result *r;
	const char        *v;
	char               kind[24], num[24];
	size_t             i, len, rows;
	int64_t            n;
	int                q;

	API_BEGIN(ctx);
	ctx->privfree = records_free;
	rc->kind = -1;
	if ((q = api_query(ctx, "kind", kind, sizeof(kind))) == 1) {
		for (i = 0; i < sizeof(record_kinds) / sizeof(record_kinds[0]);
		     i++) {
			if (strcmp(kind, record_kinds[i].kind) == 0)
				rc->kind = (int)i;
		}
	}
	if (rc->kind < 0) {
		api_error(ctx->req, 400, "invalid_value", "kind",
		    "reads, parking_sessions, events or manual_decisions");
		return (KORE_RESULT_OK);
	}
	rc->limit = RECORDS_DEFAULT;
	if ((q = api_query(ctx, "limit", num, sizeof(num))) != 0) {
		n = q == 1 ? strtoll(num, NULL, 10) : 0;
		if (q != 1 || n < 1 || n > RECORDS_MAX ||
		    strspn(num, "0123456789") != strlen(num)) {
			api_error(ctx->req, 400, "invalid_value", "limit",
			    "1 to 10000");
			return (KORE_RESULT_OK);
		}
		rc->limit = n;
	}
	if (!take_cursor(ctx, rc))
		return (KORE_RESULT_OK);
	/* Reads' ids start above 00…0: the first page's cursor. */
	if (rc->kind == 0 && rc->cursor[0] == '\0')
		(void)snprintf(rc->cursor, sizeof(rc->cursor), "%032d", 0);

	rc->p[0] = sql_p_int(ctx->id);
	rc->p[1] = sql_p_str(rc->cursor);
	rc->p[2] = sql_p_int(rc->limit);
	API_SQL(ctx, record_kinds[rc->kind].query, rc->p, 3);
	r = api_result(ctx);
	rows = r != NULL ? sql_result_rows(r) : 0;
	rc->out = kore_buf_alloc(1024 + 512 * rows);
	kore_buf_appendf(rc->out,
	    "{\"tenant\":\"%" PRId64 "\",\"kind\":\"%s\","
	    "\"items\":[",
	    ctx->id, record_kinds[rc->kind].kind);
	for (i = 0; i < rows; i++) {
		v = sql_result_text(r, i, 1, &len);
		if (i > 0)
			kore_buf_append(rc->out, ",", 1);
		kore_buf_append(rc->out, v, len);
	}
	kore_buf_appendf(rc->out, "],\"next_cursor\":");
	if (rows > 0 && (int64_t)rows == rc->limit)
		kore_buf_appendf(rc->out, "\"%s\"}",
		    sql_result_text(r, rows - 1, 0, NULL));
	else
		kore_buf_appendf(rc->out, "null}");

	(void)snprintf(rc->object, sizeof(rc->object), "tenant:%" PRId64,
	    ctx->id);
	(void)snprintf(rc->details, sizeof(rc->details),
	    "{\"kind\":\"%s\",\"records\":%zu}", record_kinds[rc->kind].kind,
	    rows);
	api_audit_stmt(ctx, &rc->s[0], rc->ap, "tenant.records", rc->object,
	    "success", rc->details, 0);
	API_TX(ctx, rc->s, 1);
	api_buf_send(ctx, HTTP_STATUS_OK, rc->out);
	rc->out = NULL;
	API_END(ctx);
}
