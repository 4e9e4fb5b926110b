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
 * Sites and lanes (/api/v1/sites, /api/v1/lanes): where reads come from.
 * A site has a name, an IANA time zone (the site's time profiles and
 * local times use it) and an optional capacity; a lane belongs to a site
 * and has a direction (in, out or both).  Every change is audited.  A
 * site with lanes cannot be deleted; a deleted lane refuses reads at
 * once, while stored reads keep its id.
 */

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_local.h"
#include "api_util.h"

struct sites {
	char               name[65];
	char               tz[65];
	int64_t            capacity, site, limit, cursor;
	double             manual_below;
	int                has_capacity;
	struct sql_param   p[6];
	struct sql_param   ap[6];
	struct app_db_stmt s[3];
	struct api_delete  del;
};

static const char q_site_create[] =
    "INSERT INTO sites (tenant_id, name, timezone, capacity, manual_below) "
    "VALUES (?, ?, ?, ?, ?)";
#define SITE_COLS                                                              \
	"SELECT id, name, timezone, capacity, "                                \
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), manual_below "         \
	"FROM sites "
static const char q_site_list[] =
    SITE_COLS "WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?";
static const char q_site_get[] = SITE_COLS "WHERE tenant_id = ? AND id = ?";
static const char q_site_lanes[] =
    "SELECT COUNT(*) FROM lanes WHERE tenant_id = ? AND site_id = ?";
static const char q_site_delete[] =
    "DELETE FROM sites WHERE tenant_id = ? AND id = ? AND NOT EXISTS "
    "(SELECT 1 FROM lanes WHERE site_id = sites.id)";

/* The site must be the caller's tenant's: else no row, a 422. */
static const char q_lane_create[] =
    "INSERT INTO lanes (tenant_id, site_id, name, direction) "
    "SELECT tenant_id, id, ?, ? FROM sites WHERE tenant_id = ? AND id = ?";
#define LANE_COLS                                                              \
	"SELECT id, site_id, name, direction, "                                \
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM lanes "
static const char q_lane_list[] =
    LANE_COLS "WHERE tenant_id = ? AND (? = 0 OR site_id = ?) AND id > ? "
              "ORDER BY id LIMIT ?";
static const char q_lane_get[] = LANE_COLS "WHERE tenant_id = ? AND id = ?";
static const char q_lane_delete[] =
    "DELETE FROM lanes WHERE tenant_id = ? AND id = ?";

int
api_sites_create(struct api_ctx *ctx)
{
	static const char *const fields[] = { "name", "timezone", "capacity",
		"manual_below", NULL };
	struct sites            *a = api_priv(ctx, sizeof(*a));
	const struct api_jvalue *v;
	const char              *s;
	struct kore_buf         *b;
	int                      bad = 0;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields) || (s = api_name_req(ctx)) == NULL)
		return (KORE_RESULT_OK);
	(void)snprintf(a->name, sizeof(a->name), "%s", s);
	if ((s = api_str_req(ctx, "timezone", 64)) == NULL)
		return (KORE_RESULT_OK);
	if (!api_local_zone_ok(s)) {
		api_error(ctx->req, 400, "invalid_value", "timezone",
		    "an IANA time zone like Europe/Berlin");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(a->tz, sizeof(a->tz), "%s", s);
	a->has_capacity =
	    api_int(ctx, "capacity", 0, 1000000, &a->capacity, &bad);
	if (bad)
		return (KORE_RESULT_OK);
	a->manual_below = 0.5;
	if ((v = api_json_get(ctx->json, "manual_below")) != NULL) {
		if (v->type != API_JNUMBER || !(v->d >= 0 && v->d <= 1)) {
			api_error(ctx->req, 400, "invalid_value",
			    "manual_below", "a confidence from 0 to 1");
			return (KORE_RESULT_OK);
		}
		a->manual_below = v->d;
	}

	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_str(a->name);
	a->p[2] = sql_p_str(a->tz);
	a->p[3] = a->has_capacity ? sql_p_int(a->capacity) : sql_p_null();
	memset(&a->p[4], 0, sizeof(a->p[4]));
	a->p[4].type = SQL_DOUBLE;
	a->p[4].d = a->manual_below;
	api_stmt(&a->s[0], q_site_create, a->p, 5, 0);
	api_audit_stmt(ctx, &a->s[1], a->ap, "site.create", "site:", "success",
	    NULL, 1);
	API_TX(ctx, a->s, 2);

	b = kore_buf_alloc(64);
	kore_buf_appendf(b, "{\"id\":\"%" PRIu64 "\"}", ctx->job->insert_id);
	api_buf_send(ctx, HTTP_STATUS_CREATED, b);
	API_END(ctx);
}

static void
site_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"name\":");
	api_buf_col(b, r, i, 1);
	kore_buf_appendf(b, ",\"timezone\":");
	api_buf_col(b, r, i, 2);
	kore_buf_appendf(b, ",\"capacity\":%s",
	    sql_result_null(r, i, 3) ? "null" : sql_result_text(r, i, 3, NULL));
	kore_buf_appendf(b, ",\"manual_below\":%s,\"created_at\":",
	    sql_result_text(r, i, 5, NULL));
	api_buf_col(b, r, i, 4);
	kore_buf_appendf(b, "}");
}

int
api_sites_list(struct api_ctx *ctx)
{
	struct sites *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &a->limit, &a->cursor))
		return (KORE_RESULT_OK);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(a->cursor);
	a->p[2] = sql_p_int(a->limit);
	API_SQL(ctx, q_site_list, a->p, 3);
	api_list_send(ctx, a->limit, site_json);
	API_END(ctx);
}

int
api_sites_get(struct api_ctx *ctx)
{
	struct sites *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_site_get, a->p, 2);
	api_item_send(ctx, "site", site_json);
	API_END(ctx);
}

int
api_sites_delete(struct api_ctx *ctx)
{
	struct sites *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_site_lanes, a->p, 2);
	if (api_admin_count(ctx) > 0) {
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "in_use", NULL,
		    "the site has lanes: delete them first");
		return (KORE_RESULT_OK);
	}
	api_delete_start(ctx, &a->del, q_site_delete, 1, "site", "site.delete");
	API_WAIT(ctx);
	api_delete_done(ctx, "site");
	API_END(ctx);
}

int
api_lanes_create(struct api_ctx *ctx)
{
	static const char *const fields[] = { "site", "name", "direction",
		NULL };
	struct sites            *a = api_priv(ctx, sizeof(*a));
	const struct api_jvalue *v;
	const char              *s;
	struct kore_buf         *b;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	if ((v = api_json_get(ctx->json, "site")) == NULL) {
		api_missing(ctx, "site");
		return (KORE_RESULT_OK);
	}
	if (v->type == API_JNUMBER && v->is_int && v->i > 0)
		a->site = v->i;
	else if (v->type == API_JSTRING && v->len > 0 && v->len <= 18 &&
	    strspn(v->str, "0123456789") == v->len && v->str[0] != '0')
		a->site = (int64_t)strtoll(v->str, NULL, 10);
	else {
		api_error(ctx->req, 400, "invalid_value", "site",
		    "a site id (a positive integer)");
		return (KORE_RESULT_OK);
	}
	if ((s = api_name_req(ctx)) == NULL)
		return (KORE_RESULT_OK);
	(void)snprintf(a->name, sizeof(a->name), "%s", s);
	if ((s = api_str_req(ctx, "direction", 8)) == NULL)
		return (KORE_RESULT_OK);
	if (strcmp(s, "in") != 0 && strcmp(s, "out") != 0 &&
	    strcmp(s, "both") != 0) {
		api_error(ctx->req, 400, "invalid_value", "direction",
		    "in, out or both");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(a->tz, sizeof(a->tz), "%s", s);

	a->p[0] = sql_p_str(a->name);
	a->p[1] = sql_p_str(a->tz);
	a->p[2] = sql_p_int(ctx->who.tenant);
	a->p[3] = sql_p_int(a->site);
	api_stmt(&a->s[0], q_lane_create, a->p, 4, APP_DB_NEED_ROW);
	api_audit_stmt(ctx, &a->s[1], a->ap, "lane.create", "lane:", "success",
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
lane_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"site\":");
	api_buf_col(b, r, i, 1);
	kore_buf_appendf(b, ",\"name\":");
	api_buf_col(b, r, i, 2);
	kore_buf_appendf(b, ",\"direction\":");
	api_buf_col(b, r, i, 3);
	kore_buf_appendf(b, ",\"created_at\":");
	api_buf_col(b, r, i, 4);
	kore_buf_appendf(b, "}");
}

int
api_lanes_list(struct api_ctx *ctx)
{
	struct sites *a = api_priv(ctx, sizeof(*a));
	char          site[24];

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &a->limit, &a->cursor))
		return (KORE_RESULT_OK);
	a->site = 0;
	if (api_query(ctx, "site", site, sizeof(site))) {
		if (site[0] == '\0' || site[0] == '0' ||
		    strspn(site, "0123456789") != strlen(site) ||
		    strlen(site) > 18) {
			api_error(ctx->req, 400, "invalid_value", "site",
			    "a site id");
			return (KORE_RESULT_OK);
		}
		a->site = (int64_t)strtoll(site, NULL, 10);
	}
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(a->site);
	a->p[2] = sql_p_int(a->site);
	a->p[3] = sql_p_int(a->cursor);
	a->p[4] = sql_p_int(a->limit);
	API_SQL(ctx, q_lane_list, a->p, 5);
	api_list_send(ctx, a->limit, lane_json);
	API_END(ctx);
}

int
api_lanes_get(struct api_ctx *ctx)
{
	struct sites *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_lane_get, a->p, 2);
	api_item_send(ctx, "lane", lane_json);
	API_END(ctx);
}

int
api_lanes_delete(struct api_ctx *ctx)
{
	struct sites *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	api_delete_start(ctx, &a->del, q_lane_delete, 1, "lane", "lane.delete");
	API_WAIT(ctx);
	api_delete_done(ctx, "lane");
	API_END(ctx);
}
