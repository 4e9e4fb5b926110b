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
 * Allow and deny lists (/api/v1/lists) and their entries
 * (/api/v1/lists/{id}/entries).  An entry is stored as the match tokens
 * of its plate's skeleton and one-deletion neighbourhood (rules/ matches
 * reads against them) and the canonical plate sealed with a key derived
 * from the master key per tenant and key version, bound to the tenant and
 * list; the plaintext is wiped once sealed and tokenised.  Entries show
 * their plate, unsealed, only to roles with lists.read.  An entry may
 * name a time profile of its tenant (api_profiles.c) that says when it
 * counts.  Every change is audited, never with the plate.  CSV import
 * and export: api_lists_csv.c.
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
#include "api_import.h"
#include "api_util.h"

#define ENTRY_STMTS (4 + PSEUDO_NEIGHBOURS_MAX + 1)

struct lists {
	char    name[65];
	char    kind[8], fuzzy_action[8], mode[8];
	int64_t priority, site, limit, cursor;
	int     fuzzy, has_site;
	char    details[128];
	/* an entry */
	struct api_entry   e;
	int                has_profile;
	struct sql_param   p[12];
	struct sql_param   pp[2];
	struct sql_param   tp[1 + PSEUDO_NEIGHBOURS_MAX][3];
	struct sql_param   ap[6];
	struct app_db_stmt s[ENTRY_STMTS];
	struct api_delete  del;
};

static const char q_list_create[] =
    "INSERT INTO lists (tenant_id, name, kind, priority, fuzzy, "
    "fuzzy_action, site_id, mode) SELECT ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ? "
    "FROM DUAL "
    "WHERE ? = 0 OR EXISTS (SELECT 1 FROM sites WHERE id = ? AND "
    "tenant_id = ?)";
#define LIST_COLS                                                              \
	"SELECT id, name, kind, priority, fuzzy, fuzzy_action, site_id, "      \
	"(SELECT COUNT(*) FROM list_entries e WHERE e.list_id = lists.id), "   \
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), mode FROM lists "
static const char q_list_list[] =
    LIST_COLS "WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?";
static const char q_list_get[] = LIST_COLS "WHERE tenant_id = ? AND id = ?";
static const char q_list_delete[] =
    "DELETE FROM lists WHERE tenant_id = ? AND id = ?";

static const char q_entry_profile[] =
    "SELECT 1 FROM time_profiles WHERE tenant_id = ? AND id = ?";
static const char q_entry_create[] =
    "INSERT INTO list_entries (tenant_id, list_id, plate_sealed, country, "
    "key_version, valid_from, valid_to, profile_id, label) SELECT "
    "tenant_id, id, ?, NULLIF(?, ''), ?, NULLIF(?, ''), NULLIF(?, ''), "
    "NULLIF(?, 0), NULLIF(?, '') FROM lists WHERE tenant_id = ? AND id = ?";
static const char q_entry_setid[] = "SET @tw_id = LAST_INSERT_ID()";
static const char q_entry_token[] =
    "INSERT INTO list_tokens (tenant_id, token, entry_id, is_exact) "
    "VALUES (?, ?, @tw_id, ?)";
static const char q_entry_audit[] =
    "INSERT INTO audit_log (tenant_id, actor, action, object, outcome, "
    "details) VALUES (?, ?, ?, CONCAT(?, @tw_id), ?, ?)";
static const char q_entry_list[] =
    "SELECT id, plate_sealed, key_version, country, "
    "DATE_FORMAT(valid_from, '%Y-%m-%dT%H:%i:%sZ'), "
    "DATE_FORMAT(valid_to, '%Y-%m-%dT%H:%i:%sZ'), label, "
    "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), list_id, tenant_id, "
    "profile_id, " ENTRY_MASTER " FROM list_entries e "
    "WHERE tenant_id = ? AND list_id = ? AND id > ? ORDER BY id LIMIT ?";
static const char q_entry_delete[] =
    "DELETE FROM list_entries WHERE tenant_id = ? AND list_id = ? AND "
    "id = ?";

int
api_lists_create(struct api_ctx *ctx)
{
	static const char *const fields[] = { "name", "kind", "priority",
		"fuzzy", "fuzzy_action", "site", "mode", NULL };
	struct lists            *a = api_priv(ctx, sizeof(*a));
	const char              *s;
	struct kore_buf         *b;
	int                      bad = 0;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	if ((s = api_name_req(ctx)) == NULL)
		return (KORE_RESULT_OK);
	(void)snprintf(a->name, sizeof(a->name), "%s", s);
	if ((s = api_str_req(ctx, "kind", 8)) == NULL)
		return (KORE_RESULT_OK);
	if (strcmp(s, "allow") != 0 && strcmp(s, "deny") != 0) {
		api_error(ctx->req, 400, "invalid_value", "kind",
		    "allow or deny");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(a->kind, sizeof(a->kind), "%s", s);
	(void)api_int(ctx, "priority", -1000, 1000, &a->priority, &bad);
	(void)api_bool(ctx, "fuzzy", &a->fuzzy, &bad);
	(void)snprintf(a->fuzzy_action, sizeof(a->fuzzy_action), "manual");
	if ((s = api_str(ctx, "fuzzy_action", 8, &bad)) != NULL) {
		if (strcmp(s, "open") != 0 && strcmp(s, "manual") != 0) {
			api_error(ctx->req, 400, "invalid_value",
			    "fuzzy_action", "open or manual");
			return (KORE_RESULT_OK);
		}
		(void)snprintf(a->fuzzy_action, sizeof(a->fuzzy_action), "%s",
		    s);
	}
	(void)api_int(ctx, "site", 1, INT64_MAX, &a->site, &bad);
	if (bad)
		return (KORE_RESULT_OK);
	/* A shadow list is decided beside the enforced one, never acted on. */
	(void)snprintf(a->mode, sizeof(a->mode), "enforce");
	if ((s = api_str(ctx, "mode", 8, &bad)) != NULL) {
		if (strcmp(s, "enforce") != 0 && strcmp(s, "shadow") != 0) {
			api_error(ctx->req, 400, "invalid_value", "mode",
			    "enforce or shadow");
			return (KORE_RESULT_OK);
		}
		(void)snprintf(a->mode, sizeof(a->mode), "%s", s);
	}
	if (bad)
		return (KORE_RESULT_OK);

	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_str(a->name);
	a->p[2] = sql_p_str(a->kind);
	a->p[3] = sql_p_int(a->priority);
	a->p[4] = sql_p_int(a->fuzzy);
	a->p[5] = sql_p_str(a->fuzzy_action);
	a->p[6] = sql_p_int(a->site);
	a->p[7] = sql_p_str(a->mode);
	a->p[8] = sql_p_int(a->site);
	a->p[9] = sql_p_int(a->site);
	a->p[10] = sql_p_int(ctx->who.tenant);
	api_stmt(&a->s[0], q_list_create, a->p, 11, APP_DB_NEED_ROW);
	api_audit_stmt(ctx, &a->s[1], a->ap, "list.create", "list:", "success",
	    NULL, 1);
	API_TX(ctx, a->s, 2);
	if (ctx->job->norow != -1) {
		api_error(ctx->req, 422, "unknown_site", "site",
		    "no such site");
		return (KORE_RESULT_OK);
	}
	b = kore_buf_alloc(64);
	kore_buf_appendf(b, "{\"id\":\"%" PRIu64 "\"}", ctx->job->insert_id);
	api_buf_send(ctx, HTTP_STATUS_CREATED, b);
	API_END(ctx);
}

static void
list_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"name\":");
	api_buf_col(b, r, i, 1);
	kore_buf_appendf(b, ",\"kind\":");
	api_buf_col(b, r, i, 2);
	kore_buf_appendf(b,
	    ",\"priority\":%s,\"fuzzy\":", sql_result_text(r, i, 3, NULL));
	api_buf_bool(b, r, i, 4);
	kore_buf_appendf(b, ",\"fuzzy_action\":");
	api_buf_col(b, r, i, 5);
	kore_buf_appendf(b, ",\"site\":");
	api_buf_col(b, r, i, 6);
	kore_buf_appendf(b,
	    ",\"entries\":%s,\"created_at\":", sql_result_text(r, i, 7, NULL));
	api_buf_col(b, r, i, 8);
	kore_buf_appendf(b, ",\"mode\":");
	api_buf_col(b, r, i, 9);
	kore_buf_appendf(b, "}");
}

int
api_lists_list(struct api_ctx *ctx)
{
	struct lists *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &a->limit, &a->cursor))
		return (KORE_RESULT_OK);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(a->cursor);
	a->p[2] = sql_p_int(a->limit);
	API_SQL(ctx, q_list_list, a->p, 3);
	api_list_send(ctx, a->limit, list_json);
	API_END(ctx);
}

int
api_lists_get(struct api_ctx *ctx)
{
	struct lists *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_list_get, a->p, 2);
	api_item_send(ctx, "list", list_json);
	API_END(ctx);
}

int
api_lists_delete(struct api_ctx *ctx)
{
	struct lists *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	api_delete_start(ctx, &a->del, q_list_delete, 1, "list", "list.delete");
	API_WAIT(ctx);
	api_delete_done(ctx, "list");
	API_END(ctx);
}

/* An optional RFC 3339 member into DATETIME text ("" when absent). */
static int
take_time(struct api_ctx *ctx, const char *name, char *out, size_t len,
    time_t *t)
{
	const char *s;
	int         bad = 0;

	out[0] = '\0';
	*t = 0;
	if ((s = api_str(ctx, name, 64, &bad)) == NULL)
		return (!bad);
	if (api_parse_rfc3339(s, t) == -1) {
		api_error(ctx->req, 400, "invalid_value", name,
		    "an RFC 3339 time with offset");
		return (0);
	}
	api_time_sql(*t, out, len);

	return (1);
}

/*
 * The plate: canonical, sealed, tokenised (exact and neighbourhood) under
 * the tenant's keys of the current version; the plaintext wiped.
 */
static int
take_plate(struct api_ctx *ctx, struct lists *a, const char *text)
{
	struct api_entry_keys k;
	const char           *why;
	int                   rc;

	if (api_entry_keys(app_master_key(ctx->who.key_master), ctx->who.tenant,
	        ctx->who.key_version, ctx->id, &k) == -1) {
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot seal the entry");
		return (0);
	}
	rc = api_entry_plate(&k, text, strlen(text), a->e.country, &a->e, &why);
	api_entry_keys_wipe(&k);
	if (rc == 1)
		api_error(ctx->req, 400, "invalid_value", "plate", why);
	else if (rc == -1)
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot seal the entry");

	return (rc == 0);
}

/* The optional member time_profile: a profile id, number or string. */
static int
take_profile(struct api_ctx *ctx, int64_t *id)
{
	const struct api_jvalue *v;

	*id = 0;
	if ((v = api_json_get(ctx->json, "time_profile")) == NULL ||
	    v->type == API_JNULL)
		return (1);
	if (v->type == API_JNUMBER && v->is_int && v->i > 0)
		*id = v->i;
	else if (v->type == API_JSTRING && v->len > 0 && v->len <= 18 &&
	    strspn(v->str, "0123456789") == v->len && v->str[0] != '0')
		*id = (int64_t)strtoll(v->str, NULL, 10);
	else {
		api_error(ctx->req, 400, "invalid_value", "time_profile",
		    "a time profile id (a positive integer)");
		return (0);
	}

	return (1);
}

int
api_list_entries_create(struct api_ctx *ctx)
{
	static const char *const fields[] = { "plate", "country", "valid_from",
		"valid_to", "time_profile", "label", NULL };
	struct lists            *a = api_priv(ctx, sizeof(*a));
	const struct api_jvalue *v;
	const char              *s;
	struct kore_buf         *b;
	time_t                   from, to;
	size_t                   n = 0, i;
	int                      bad = 0;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	if ((v = api_json_get(ctx->json, "country")) != NULL &&
	    (v->type != API_JSTRING ||
	        pseudo_country(v->str, v->len, a->e.country) == -1)) {
		api_error(ctx->req, 400, "invalid_value", "country",
		    "a vehicle registration code (D, NL, GB) or an ISO 3166 "
		    "code");
		return (KORE_RESULT_OK);
	}
	if (!take_time(ctx, "valid_from", a->e.from, sizeof(a->e.from),
	        &from) ||
	    !take_time(ctx, "valid_to", a->e.to, sizeof(a->e.to), &to) ||
	    !take_profile(ctx, &a->e.profile))
		return (KORE_RESULT_OK);
	if (from != 0 && to != 0 && to <= from) {
		api_error(ctx->req, 400, "invalid_value", "valid_to",
		    "after valid_from");
		return (KORE_RESULT_OK);
	}
	a->e.label[0] = '\0';
	if ((s = api_str(ctx, "label", API_LABEL_MAX, &bad)) != NULL)
		(void)snprintf(a->e.label, sizeof(a->e.label), "%s", s);
	if (bad ||
	    (s = api_str_req(ctx, "plate", PSEUDO_PLATE_IN_MAX)) == NULL ||
	    !take_plate(ctx, a, s))
		return (KORE_RESULT_OK);
	/* The body held the plate: gone now. */
	api_json_free(ctx->body);
	ctx->body = NULL;
	ctx->json = NULL;

	/* The profile must be the tenant's: else no row, a 422. */
	a->has_profile = a->e.profile != 0;
	if (a->has_profile) {
		a->pp[0] = sql_p_int(ctx->who.tenant);
		a->pp[1] = sql_p_int(a->e.profile);
		api_stmt(&a->s[n++], q_entry_profile, a->pp, 2,
		    APP_DB_NEED_ROW);
	}
	a->p[0] = sql_p_blob(a->e.sealed, a->e.sealedlen);
	a->p[1] = sql_p_str(a->e.country);
	a->p[2] = sql_p_int(ctx->who.key_version);
	a->p[3] = sql_p_str(a->e.from);
	a->p[4] = sql_p_str(a->e.to);
	a->p[5] = sql_p_int(a->e.profile);
	a->p[6] = sql_p_str(a->e.label);
	a->p[7] = sql_p_int(ctx->who.tenant);
	a->p[8] = sql_p_int(ctx->id);
	api_stmt(&a->s[n++], q_entry_create, a->p, 9, APP_DB_NEED_ROW);
	api_stmt(&a->s[n++], q_entry_setid, NULL, 0, 0);
	for (i = 0; i < a->e.ntok; i++) {
		a->tp[i][0] = sql_p_int(ctx->who.tenant);
		a->tp[i][1] = sql_p_blob(a->e.tok[i], PSEUDO_TOKEN_LEN);
		a->tp[i][2] = sql_p_int(i == 0);
		api_stmt(&a->s[n++], q_entry_token, a->tp[i], 3, 0);
	}
	(void)snprintf(a->details, sizeof(a->details), "{\"list\":%" PRId64 "}",
	    ctx->id);
	api_audit_stmt(ctx, &a->s[n], a->ap, "list.entry.create",
	    "list_entry:", "success", a->details, 0);
	a->s[n++].query = q_entry_audit;
	API_TX(ctx, a->s, n);
	if (ctx->job->norow == 0 && a->has_profile) {
		api_error(ctx->req, 422, "unknown_profile", "time_profile",
		    "no such time profile");
		return (KORE_RESULT_OK);
	}
	if (ctx->job->norow != -1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such list");
		return (KORE_RESULT_OK);
	}
	b = kore_buf_alloc(64);
	kore_buf_appendf(b, "{\"id\":\"%" PRIu64 "\"}", ctx->job->insert_id);
	api_buf_send(ctx, HTTP_STATUS_CREATED, b);
	API_END(ctx);
}

/* An entry with its plate unsealed (then wiped). */
static void
entry_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	struct api_entry_keys k;
	char                  plate[PSEUDO_PLATE_MAX + 1];
	const char           *sealed;
	size_t                len;
	int64_t               version = 1, list = 0, tenant = 0, master = 0;

	(void)sql_result_int(r, i, 2, &version);
	(void)sql_result_int(r, i, 11, &master);
	(void)sql_result_int(r, i, 8, &list);
	(void)sql_result_int(r, i, 9, &tenant);
	sealed = sql_result_text(r, i, 1, &len);
	plate[0] = '\0';
	if (api_entry_keys(app_master_key((uint32_t)master), tenant,
	        (uint32_t)version, list, &k) == 0)
		(void)api_entry_unseal(&k, sealed, len, plate, sizeof(plate));
	api_entry_keys_wipe(&k);

	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"plate\":");
	if (plate[0] != '\0')
		api_buf_str(b, plate);
	else
		kore_buf_appendf(b, "null");
	explicit_bzero(plate, sizeof(plate));
	kore_buf_appendf(b, ",\"country\":");
	api_buf_col(b, r, i, 3);
	kore_buf_appendf(b, ",\"valid_from\":");
	api_buf_col(b, r, i, 4);
	kore_buf_appendf(b, ",\"valid_to\":");
	api_buf_col(b, r, i, 5);
	kore_buf_appendf(b, ",\"time_profile\":");
	api_buf_col(b, r, i, 10);
	kore_buf_appendf(b, ",\"label\":");
	api_buf_col(b, r, i, 6);
	kore_buf_appendf(b, ",\"key_version\":%s,\"created_at\":",
	    sql_result_text(r, i, 2, NULL));
	api_buf_col(b, r, i, 7);
	kore_buf_appendf(b, "}");
}

int
api_list_entries_list(struct api_ctx *ctx)
{
	struct lists *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &a->limit, &a->cursor))
		return (KORE_RESULT_OK);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_list_get, a->p, 2);
	if (api_result(ctx) == NULL || sql_result_rows(api_result(ctx)) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such list");
		return (KORE_RESULT_OK);
	}
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	a->p[2] = sql_p_int(a->cursor);
	a->p[3] = sql_p_int(a->limit);
	API_SQL(ctx, q_entry_list, a->p, 4);
	api_list_send(ctx, a->limit, entry_json);
	API_END(ctx);
}

int
api_list_entries_delete(struct api_ctx *ctx)
{
	struct lists *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	api_delete_start(ctx, &a->del, q_entry_delete, 2, "list_entry",
	    "list.entry.delete");
	API_WAIT(ctx);
	api_delete_done(ctx, "list entry");
	API_END(ctx);
}
