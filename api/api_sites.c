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
#include "../rules/rules_adr.h"
/*
 * A site's policy (issue 5): what it does with vehicles, its parking
 * sessions and tariff.  Integers first, in the order of q_site_policy;
 * a nullable one may be set to null (no limit).
 */
static const struct {
	const char *name; /* the JSON member and the column */
	int64_t     min, max;
	int         nullable;
} policy_ints[] = {
	{ "capacity", 0, 1000000, 1 },
	{ "reserved", 0, 1000000, 0 },
	{ "passback_reset_min", 1, 10080, 0 },
	{ "max_stay_min", 1, 525600, 1 },
	{ "grace_min", 0, 1440, 0 },
	{ "free_min", 0, 10080, 0 },
	{ "period_min", 1, 1440, 0 },
	{ "period_cents", 0, 100000, 0 },
	{ "daily_cap_cents", 0, 10000000, 1 },
};
#define POLICY_INTS   (sizeof(policy_ints) / sizeof(policy_ints[0]))
#define POLICY_ALL    (POLICY_INTS + 8)
#define POLICY_PARAMS (2 * POLICY_ALL + 3)

/* Every member of a policy; each is optional. */
#define POLICY_FIELDS                                                          \
	"capacity", "reserved", "passback_reset_min", "max_stay_min",          \
	    "grace_min", "free_min", "period_min", "period_cents",             \
	    "daily_cap_cents", "manual_below", "parking", "default_action",    \
	    "passback", "currency", "adr_forbidden", "adr_tunnel",             \
	    "unbooked_action"

struct policy {
	int     has[POLICY_ALL]; /* given; -1 for null */
	int64_t i[POLICY_INTS];
	double  manual_below;
	int     parking;
	char    default_action[8], passback[8], currency[4];
	char    adr_forbidden[65], adr_tunnel[2];
	char    unbooked_action[8]; /* "": null, no booking check */
};

struct sites {
	char               name[65];
	char               tz[65];
	int64_t            site, limit, cursor;
	struct policy      pol;
	struct sql_param   p[6];
	struct sql_param   pp[POLICY_PARAMS];
	struct sql_param   ap[6];
	struct app_db_stmt s[3];
	struct api_delete  del;
};

static const char q_site_create[] =
    "INSERT INTO sites (tenant_id, name, timezone) VALUES (?, ?, ?)";
/* Each column: (given, value); then the tenant and the site (0: new). */
static const char q_site_policy[] =
    "UPDATE sites SET capacity = IF(?, ?, capacity), "
    "reserved = IF(?, ?, reserved), "
    "passback_reset_min = IF(?, ?, passback_reset_min), "
    "max_stay_min = IF(?, ?, max_stay_min), "
    "grace_min = IF(?, ?, grace_min), free_min = IF(?, ?, free_min), "
    "period_min = IF(?, ?, period_min), "
    "period_cents = IF(?, ?, period_cents), "
    "daily_cap_cents = IF(?, ?, daily_cap_cents), "
    "manual_below = IF(?, ?, manual_below), parking = IF(?, ?, parking), "
    "default_action = IF(?, ?, default_action), "
    "passback = IF(?, ?, passback), currency = IF(?, ?, currency), "
    "adr_forbidden = IF(?, ?, adr_forbidden), "
    "adr_tunnel = IF(?, ?, adr_tunnel), "
    "unbooked_action = IF(?, NULLIF(?, ''), unbooked_action) "
    "WHERE tenant_id = ? AND id = IF(? = 0, LAST_INSERT_ID(), ?)";
#define SITE_COLS                                                              \
	"SELECT id, name, timezone, capacity, "                                \
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), manual_below, "        \
	"parking, reserved, default_action, passback, passback_reset_min, "    \
	"max_stay_min, grace_min, free_min, period_min, period_cents, "        \
	"daily_cap_cents, currency, adr_forbidden, adr_tunnel, "               \
	"unbooked_action FROM sites "
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
    "INSERT INTO lanes (tenant_id, site_id, name, direction, adr_forbidden, "
    "adr_tunnel) SELECT tenant_id, id, ?, ?, ?, ? FROM sites "
    "WHERE tenant_id = ? AND id = ?";
#define LANE_COLS                                                              \
	"SELECT id, site_id, name, direction, "                                \
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), adr_forbidden, "       \
	"adr_tunnel FROM lanes "
static const char q_lane_list[] =
    LANE_COLS "WHERE tenant_id = ? AND (? = 0 OR site_id = ?) AND id > ? "
              "ORDER BY id LIMIT ?";
static const char q_lane_get[] = LANE_COLS "WHERE tenant_id = ? AND id = ?";
static const char q_lane_delete[] =
    "DELETE FROM lanes WHERE tenant_id = ? AND id = ?";

/* One of words (NULL-terminated) into out; 0 when bad (answered). */
static int
policy_word(struct api_ctx *ctx, const char *name, const char *const *words,
    const char *msg, char *out, size_t len, int *has)
{
	const char *s;
	size_t      i;
	int         bad = 0;

	if ((s = api_str(ctx, name, 16, &bad)) == NULL)
		return (!bad);
	for (i = 0; words[i] != NULL; i++) {
		if (strcmp(s, words[i]) == 0) {
			(void)snprintf(out, len, "%s", s);
			*has = 1;
			return (1);
		}
	}
	api_error(ctx->req, 400, "invalid_value", name, msg);

	return (0);
}

/*
 * "adr_forbidden" (ADR classes a vehicle may not bring, "1,2.1,7") and
 * "adr_tunnel" (the ADR tunnel category on the way, "" or A..E) of the
 * body; 0 when one is bad (answered).
 */
static int
adr_parse(struct api_ctx *ctx, char *forbidden, char *tunnel, int *has_f,
    int *has_t)
{
	const char *s;
	int         bad = 0;

	if ((s = api_str(ctx, "adr_forbidden", 64, &bad)) != NULL) {
		if (rules_adr_restriction_valid(s, NULL) == -1) {
			api_error(ctx->req, 400, "invalid_value",
			    "adr_forbidden",
			    "ADR classes, divisions or class 1 codes: 1,2.1,7");
			return (0);
		}
		(void)snprintf(forbidden, 65, "%s", s);
		*has_f = 1;
	}
	if (bad)
		return (0);
	if ((s = api_str(ctx, "adr_tunnel", 1, &bad)) != NULL) {
		if (rules_adr_restriction_valid(NULL, s) == -1) {
			api_error(ctx->req, 400, "invalid_value", "adr_tunnel",
			    "an ADR tunnel category A to E, or empty");
			return (0);
		}
		(void)snprintf(tunnel, 2, "%s", s);
		*has_t = 1;
	}

	return (!bad);
}

/* The policy members of the body; 0 when one is bad (answered). */
static int
policy_parse(struct api_ctx *ctx, struct policy *pol)
{
	static const char *const actions[] = { "none", "open", "deny", "manual",
		NULL };
	static const char *const passbacks[] = { "off", "soft", "hard", NULL };
	const struct api_jvalue *v;
	size_t                   i;
	int                      bad = 0;

	memset(pol, 0, sizeof(*pol));
	for (i = 0; i < POLICY_INTS; i++) {
		v = api_json_get(ctx->json, policy_ints[i].name);
		if (v != NULL && v->type == API_JNULL &&
		    policy_ints[i].nullable) {
			pol->has[i] = -1;
			continue;
		}
		pol->has[i] = api_int(ctx, policy_ints[i].name,
		    policy_ints[i].min, policy_ints[i].max, &pol->i[i], &bad);
		if (bad)
			return (0);
	}
	if ((v = api_json_get(ctx->json, "manual_below")) != NULL) {
		if (v->type != API_JNUMBER || !(v->d >= 0 && v->d <= 1)) {
			api_error(ctx->req, 400, "invalid_value",
			    "manual_below", "a confidence from 0 to 1");
			return (0);
		}
		pol->manual_below = v->d;
		pol->has[POLICY_INTS] = 1;
	}
	pol->has[POLICY_INTS + 1] =
	    api_bool(ctx, "parking", &pol->parking, &bad);
	if (bad ||
	    !policy_word(ctx, "default_action", actions,
	        "none, open, deny or manual", pol->default_action,
	        sizeof(pol->default_action), &pol->has[POLICY_INTS + 2]) ||
	    !policy_word(ctx, "passback", passbacks, "off, soft or hard",
	        pol->passback, sizeof(pol->passback),
	        &pol->has[POLICY_INTS + 3]))
		return (0);
	if ((v = api_json_get(ctx->json, "currency")) != NULL) {
		if (v->type != API_JSTRING || v->len != 3 ||
		    strspn(v->str, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3) {
			api_error(ctx->req, 400, "invalid_value", "currency",
			    "an ISO 4217 code like EUR");
			return (0);
		}
		(void)snprintf(pol->currency, sizeof(pol->currency), "%s",
		    v->str);
		pol->has[POLICY_INTS + 4] = 1;
	}

	/* Container bookings are checked when set; null: not checked. */
	if ((v = api_json_get(ctx->json, "unbooked_action")) != NULL &&
	    v->type == API_JNULL)
		pol->has[POLICY_INTS + 7] = -1;
	else if (!policy_word(ctx, "unbooked_action", actions,
	             "none, open, deny, manual, or null: no booking check",
	             pol->unbooked_action, sizeof(pol->unbooked_action),
	             &pol->has[POLICY_INTS + 7]))
		return (0);

	return (adr_parse(ctx, pol->adr_forbidden, pol->adr_tunnel,
	    &pol->has[POLICY_INTS + 5], &pol->has[POLICY_INTS + 6]));
}

/* q_site_policy's parameters for site (0: the one just inserted). */
static void
policy_params(struct api_ctx *ctx, struct sites *a, int64_t site)
{
	struct policy    *pol = &a->pol;
	struct sql_param *p = a->pp;
	size_t            i, n = 0;

	for (i = 0; i < POLICY_INTS; i++) {
		p[n++] = sql_p_int(pol->has[i] != 0);
		p[n++] =
		    pol->has[i] == -1 ? sql_p_null() : sql_p_int(pol->i[i]);
	}
	p[n++] = sql_p_int(pol->has[POLICY_INTS]);
	memset(&p[n], 0, sizeof(p[n]));
	p[n].type = SQL_DOUBLE;
	p[n++].d = pol->manual_below;
	p[n++] = sql_p_int(pol->has[POLICY_INTS + 1]);
	p[n++] = sql_p_int(pol->parking);
	p[n++] = sql_p_int(pol->has[POLICY_INTS + 2]);
	p[n++] = sql_p_str(pol->default_action);
	p[n++] = sql_p_int(pol->has[POLICY_INTS + 3]);
	p[n++] = sql_p_str(pol->passback);
	p[n++] = sql_p_int(pol->has[POLICY_INTS + 4]);
	p[n++] = sql_p_str(pol->currency);
	p[n++] = sql_p_int(pol->has[POLICY_INTS + 5]);
	p[n++] = sql_p_str(pol->adr_forbidden);
	p[n++] = sql_p_int(pol->has[POLICY_INTS + 6]);
	p[n++] = sql_p_str(pol->adr_tunnel);
	p[n++] = sql_p_int(pol->has[POLICY_INTS + 7] != 0);
	p[n++] = sql_p_str(pol->unbooked_action);
	p[n++] = sql_p_int(ctx->who.tenant);
	p[n++] = sql_p_int(site);
	p[n++] = sql_p_int(site);
}

/* The transaction failed: the reserved share above capacity is a 422. */
static int
policy_failed(struct api_ctx *ctx)
{
	if (ctx->job->state != APP_DB_DONE && ctx->job->sqlerrno == 4025) {
		api_error(ctx->req, 422, "invalid_value", "reserved",
		    "the reserved share must not exceed the capacity");
		return (1);
	}

	return (api_sql_failed(ctx));
}

int
api_sites_create(struct api_ctx *ctx)
{
	static const char *const fields[] = { "name", "timezone", POLICY_FIELDS,
		NULL };
	struct sites            *a = api_priv(ctx, sizeof(*a));
	const char              *s;
	struct kore_buf         *b;

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
	if (!policy_parse(ctx, &a->pol))
		return (KORE_RESULT_OK);

	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_str(a->name);
	a->p[2] = sql_p_str(a->tz);
	api_stmt(&a->s[0], q_site_create, a->p, 3, 0);
	/* Before the audit entry, whose insert moves LAST_INSERT_ID(). */
	policy_params(ctx, a, 0);
	api_stmt(&a->s[1], q_site_policy, a->pp, POLICY_PARAMS, 0);
	api_audit_stmt(ctx, &a->s[2], a->ap, "site.create", "site:", "success",
	    NULL, 1);
	api_tx_start(ctx, a->s, 3);
	API_WAIT(ctx);
	if (policy_failed(ctx))
		return (KORE_RESULT_OK);

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
	kore_buf_appendf(b, ",\"parking\":");
	api_buf_bool(b, r, i, 6);
	kore_buf_appendf(b, ",\"reserved\":%s,\"default_action\":",
	    sql_result_text(r, i, 7, NULL));
	api_buf_col(b, r, i, 8);
	kore_buf_appendf(b, ",\"passback\":");
	api_buf_col(b, r, i, 9);
	kore_buf_appendf(b,
	    ",\"passback_reset_min\":%s,\"max_stay_min\":%s,"
	    "\"grace_min\":%s,\"tariff\":{\"free_min\":%s,\"period_min\":%s,"
	    "\"period_cents\":%s,\"daily_cap_cents\":%s,\"currency\":",
	    sql_result_text(r, i, 10, NULL),
	    sql_result_null(r, i, 11) ? "null" :
	                                sql_result_text(r, i, 11, NULL),
	    sql_result_text(r, i, 12, NULL), sql_result_text(r, i, 13, NULL),
	    sql_result_text(r, i, 14, NULL), sql_result_text(r, i, 15, NULL),
	    sql_result_null(r, i, 16) ? "null" :
	                                sql_result_text(r, i, 16, NULL));
	api_buf_col(b, r, i, 17);
	kore_buf_appendf(b, "},\"adr_forbidden\":");
	api_buf_col(b, r, i, 18);
	kore_buf_appendf(b, ",\"adr_tunnel\":");
	api_buf_col(b, r, i, 19);
	kore_buf_appendf(b, ",\"unbooked_action\":");
	if (sql_result_null(r, i, 20))
		kore_buf_appendf(b, "null");
	else
		api_buf_col(b, r, i, 20);
	kore_buf_appendf(b, "}");
}

/*
 * PATCH /api/v1/sites/{id}: change the policy (any of its members),
 * audited with the names of the members changed.
 */
int
api_sites_update(struct api_ctx *ctx)
{
	static const char *const fields[] = { POLICY_FIELDS, NULL };
	struct sites            *a = api_priv(ctx, sizeof(*a));
	char                     details[400];
	size_t                   i, off;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields) || !policy_parse(ctx, &a->pol))
		return (KORE_RESULT_OK);
	off = (size_t)snprintf(details, sizeof(details), "{\"changed\":[");
	for (i = 0; fields[i] != NULL && off < sizeof(details); i++) {
		if (a->pol.has[i] != 0)
			off += (size_t)snprintf(details + off,
			    sizeof(details) - off, "%s\"%s\"",
			    details[off - 1] == '[' ? "" : ",", fields[i]);
	}
	if (off < sizeof(details))
		(void)snprintf(details + off, sizeof(details) - off, "]}");
	policy_params(ctx, a, ctx->id);
	api_stmt(&a->s[0], q_site_policy, a->pp, POLICY_PARAMS,
	    APP_DB_NEED_ROW);
	(void)snprintf(a->name, sizeof(a->name), "site:%" PRId64, ctx->id);
	api_audit_stmt(ctx, &a->s[1], a->ap, "site.update", a->name, "success",
	    details, 0);
	api_tx_start(ctx, a->s, 2);
	API_WAIT(ctx);
	if (policy_failed(ctx))
		return (KORE_RESULT_OK);
	if (ctx->job->norow >= 0) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such site");
		return (KORE_RESULT_OK);
	}
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_site_get, a->p, 2);
	api_item_send(ctx, "site", site_json);
	API_END(ctx);
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
		"adr_forbidden", "adr_tunnel", NULL };
	int                      has_f = 0, has_t = 0;
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
	if (!adr_parse(ctx, a->pol.adr_forbidden, a->pol.adr_tunnel, &has_f,
	        &has_t))
		return (KORE_RESULT_OK);

	a->p[0] = sql_p_str(a->name);
	a->p[1] = sql_p_str(a->tz);
	a->p[2] = sql_p_str(a->pol.adr_forbidden);
	a->p[3] = sql_p_str(a->pol.adr_tunnel);
	a->p[4] = sql_p_int(ctx->who.tenant);
	a->p[5] = sql_p_int(a->site);
	api_stmt(&a->s[0], q_lane_create, a->p, 6, APP_DB_NEED_ROW);
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
	kore_buf_appendf(b, ",\"adr_forbidden\":");
	api_buf_col(b, r, i, 5);
	kore_buf_appendf(b, ",\"adr_tunnel\":");
	api_buf_col(b, r, i, 6);
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
