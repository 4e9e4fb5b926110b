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
 * Time profiles (/api/v1/profiles): when a list entry counts, as weekly
 * windows in the site's local time and exception dates (semantics in
 * rules/rules_profile.h).  A profile is stored in rules/' normal form
 * and shown as JSON; it cannot be changed, only made and deleted, and
 * not deleted while an entry uses it (409 in_use).  Every change is
 * audited.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_profile.h"
#include "api_util.h"

struct profiles {
	char                 name[65];
	struct rules_profile prof;
	char                 spec[RULES_PROFILE_TEXT_MAX];
	int64_t              limit, cursor;
	struct sql_param     p[4];
	struct sql_param     ap[6];
	struct app_db_stmt   s[2];
	struct api_delete    del;
};

static const char q_profile_create[] =
    "INSERT INTO time_profiles (tenant_id, name, spec) VALUES (?, ?, ?)";
#define PROFILE_COLS                                                           \
	"SELECT id, name, spec, (SELECT COUNT(*) FROM list_entries e "         \
	"WHERE e.profile_id = time_profiles.id), "                             \
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM time_profiles "
static const char q_profile_list[] =
    PROFILE_COLS "WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?";
static const char q_profile_get[] =
    PROFILE_COLS "WHERE tenant_id = ? AND id = ?";
static const char q_profile_used[] =
    "SELECT COUNT(*) FROM list_entries WHERE tenant_id = ? AND "
    "profile_id = ?";
static const char q_profile_delete[] =
    "DELETE FROM time_profiles WHERE tenant_id = ? AND id = ? AND NOT "
    "EXISTS (SELECT 1 FROM list_entries WHERE profile_id = "
    "time_profiles.id)";

int
api_profiles_create(struct api_ctx *ctx)
{
	static const char *const fields[] = { "name", "windows", "exceptions",
		NULL };
	struct profiles         *a = api_priv(ctx, sizeof(*a));
	struct api_profile_err   err;
	const char              *s;
	struct kore_buf         *b;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields) || (s = api_name_req(ctx)) == NULL)
		return (KORE_RESULT_OK);
	(void)snprintf(a->name, sizeof(a->name), "%s", s);
	if (api_profile_from_json(ctx->json, &a->prof, &err) == -1) {
		api_error(ctx->req, err.status, err.code, err.field,
		    err.message);
		return (KORE_RESULT_OK);
	}
	if (rules_profile_format(&a->prof, a->spec, sizeof(a->spec)) == -1) {
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot store the profile");
		return (KORE_RESULT_OK);
	}

	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_str(a->name);
	a->p[2] = sql_p_str(a->spec);
	api_stmt(&a->s[0], q_profile_create, a->p, 3, 0);
	api_audit_stmt(ctx, &a->s[1], a->ap, "profile.create",
	    "profile:", "success", NULL, 1);
	API_TX(ctx, a->s, 2);

	b = kore_buf_alloc(64);
	kore_buf_appendf(b, "{\"id\":\"%" PRIu64 "\"}", ctx->job->insert_id);
	api_buf_send(ctx, HTTP_STATUS_CREATED, b);
	API_END(ctx);
}

static void
profile_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	struct rules_profile p;
	const char          *spec, *why;
	char                *json;
	size_t               len;

	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"name\":");
	api_buf_col(b, r, i, 1);
	spec = sql_result_text(r, i, 2, &len);
	if (rules_profile_parse(spec, len, &p, &why) == 0) {
		json = kore_malloc(API_PROFILE_JSON_MAX);
		len = api_profile_json(&p, json, API_PROFILE_JSON_MAX);
		if (len < API_PROFILE_JSON_MAX)
			kore_buf_appendf(b, ",%s", json);
		kore_free(json);
	}
	kore_buf_appendf(b,
	    ",\"entries\":%s,\"created_at\":", sql_result_text(r, i, 3, NULL));
	api_buf_col(b, r, i, 4);
	kore_buf_appendf(b, "}");
}

int
api_profiles_list(struct api_ctx *ctx)
{
	struct profiles *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &a->limit, &a->cursor))
		return (KORE_RESULT_OK);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(a->cursor);
	a->p[2] = sql_p_int(a->limit);
	API_SQL(ctx, q_profile_list, a->p, 3);
	api_list_send(ctx, a->limit, profile_json);
	API_END(ctx);
}

int
api_profiles_get(struct api_ctx *ctx)
{
	struct profiles *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_profile_get, a->p, 2);
	api_item_send(ctx, "time profile", profile_json);
	API_END(ctx);
}

int
api_profiles_delete(struct api_ctx *ctx)
{
	struct profiles *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_profile_used, a->p, 2);
	if (api_admin_count(ctx) > 0) {
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "in_use", NULL,
		    "list entries use the profile: delete them first");
		return (KORE_RESULT_OK);
	}
	api_delete_start(ctx, &a->del, q_profile_delete, 1, "profile",
	    "profile.delete");
	API_WAIT(ctx);
	api_delete_done(ctx, "time profile");
	API_END(ctx);
}
