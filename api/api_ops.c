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
 * What the people at the gates work with (issue 5): the operator queue of
 * manual decisions and its audited resolution, the events (overstay,
 * anti-passback, hazardous arrivals) and a site's live occupancy.
 *
 * Resolving a manual decision of a parking site's vehicle "open" starts
 * its session (an entry) or ends it (an exit), in the same transaction
 * as the resolution and its audit entry, through parking_apply() like
 * every session change (sql/schema/009, api_reads.c).  An operator
 * overrides the capacity: a person at the gate has decided.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_gate.h"
#include "api_retention.h"
#include "api_util.h"
#include "../rules/rules.h"

#define NOTE_MAX 200

struct ops {
	int64_t            limit, cursor, site, lane;
	char               state[16], kind[16];
	char               action[8];
	char               details[6 * NOTE_MAX + 64];
	char               object[48];
	char               now[32], expires[32];
	unsigned char      token[16], read[16];
	struct sql_param   p[12];
	struct sql_param   pp[16]; /* parking_apply()'s */
	struct sql_param   ap[6];
	struct app_db_stmt s[3];
};

static const char q_manual_list[] =
    "SELECT id, site_id, lane_id, LOWER(HEX(read_id)), kind, direction, "
    "reasons, confidence, code, state, "
    "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), "
    "DATE_FORMAT(resolved_at, '%Y-%m-%dT%H:%i:%sZ'), resolved_by, "
    "DATE_FORMAT(expires_at, '%Y-%m-%dT%H:%i:%sZ') FROM manual_queue "
    "WHERE tenant_id = ? AND (? = '' OR state = ?) AND (? = 0 OR "
    "site_id = ?) AND id > ? ORDER BY id LIMIT ?";

/*
 * The item to resolve and, for a parking site's vehicle, what
 * parking_apply() needs: its token, its open session here, the site's
 * tariff, and how long a closed session is kept (the tenant's
 * parking_session hours; 24 by default, as api_reads.c has it).
 */
static const char q_manual_get[] =
    "SELECT m.state, m.direction, m.token IS NOT NULL AND s.parking = 1, "
    "m.site_id, p.id, TIMESTAMPDIFF(SECOND, '1970-01-01', p.entered_at), "
    "s.free_min, s.period_min, s.period_cents, "
    "COALESCE(s.daily_cap_cents, -1), m.lane_id, m.token, m.key_version, "
    "m.holder, m.read_id, COALESCE((SELECT hours FROM retention r WHERE "
    "r.tenant_id = m.tenant_id AND r.class = 'parking_session'), 24) "
    "FROM manual_queue m JOIN sites s ON s.id = m.site_id "
    "LEFT JOIN parking_sessions p ON p.site_id = m.site_id "
    "AND p.open_token = m.token WHERE m.tenant_id = ? AND m.id = ?";
/*
 * Resolved, the item records an operator's action: kept as long as the
 * tenant's operator_action retention says (the default in p[4]).
 */
static const char q_manual_set[] =
    "UPDATE manual_queue SET state = ?, resolved_at = UTC_TIMESTAMP(3), "
    "resolved_by = ?, expires_at = UTC_TIMESTAMP(3) + INTERVAL "
    "COALESCE((SELECT hours FROM retention r WHERE r.tenant_id = "
    "manual_queue.tenant_id AND r.class = 'operator_action'), ?) HOUR "
    "WHERE tenant_id = ? AND id = ? AND state = 'pending'";
/* The one way sessions change (sql/schema/009, api_reads.c). */
static const char q_parking_apply[] =
    "CALL parking_apply(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static const char q_events_list[] =
    "SELECT id, site_id, lane_id, kind, LOWER(HEX(read_id)), session_id, "
    "DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%sZ'), details, "
    "DATE_FORMAT(expires_at, '%Y-%m-%dT%H:%i:%sZ') FROM events "
    "WHERE tenant_id = ? AND (? = '' OR kind = ?) AND (? = 0 OR "
    "site_id = ?) AND id < ? ORDER BY id DESC LIMIT ?";

static const char q_occupancy[] =
    "SELECT s.id, st.occupancy, st.holders, s.capacity, s.reserved, "
    "s.parking FROM sites s JOIN site_state st ON st.site_id = s.id "
    "WHERE s.tenant_id = ? AND s.id = ?";

/* A word of [a-z_] from the query into out ("" when absent); 0 when bad. */
static int
query_word(struct api_ctx *ctx, const char *name, const char *const *ok,
    char *out, size_t len)
{
	size_t i;
	int    n;

	if ((n = api_query(ctx, name, out, len)) == 0) {
		out[0] = '\0';
		return (1);
	}
	for (i = 0; n == 1 && ok[i] != NULL; i++) {
		if (strcmp(out, ok[i]) == 0)
			return (1);
	}
	api_error(ctx->req, 400, "invalid_value", name, "not a known value");

	return (0);
}

/* ?site= (0 when absent); 0 when bad (answered). */
static int
query_site(struct api_ctx *ctx, int64_t *site)
{
	char v[24];
	int  n;

	*site = 0;
	if ((n = api_query(ctx, "site", v, sizeof(v))) == 0)
		return (1);
	if (n == 1 && v[0] >= '1' && v[0] <= '9' && strlen(v) <= 18 &&
	    strspn(v, "0123456789") == strlen(v)) {
		*site = strtoll(v, NULL, 10);
		return (1);
	}
	api_error(ctx->req, 400, "invalid_value", "site", "a site id");

	return (0);
}

static void
str_or_null(struct kore_buf *b, struct sql_result *r, size_t i, size_t c)
{
	if (sql_result_null(r, i, c))
		kore_buf_appendf(b, "null");
	else
		api_buf_col(b, r, i, c);
}

static void
manual_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"site\":");
	api_buf_col(b, r, i, 1);
	kore_buf_appendf(b, ",\"lane\":");
	api_buf_col(b, r, i, 2);
	kore_buf_appendf(b, ",\"read_id\":");
	api_buf_col(b, r, i, 3);
	kore_buf_appendf(b, ",\"kind\":");
	api_buf_col(b, r, i, 4);
	kore_buf_appendf(b, ",\"direction\":");
	api_buf_col(b, r, i, 5);
	kore_buf_appendf(b, ",\"reasons\":");
	api_buf_list(b, sql_result_text(r, i, 6, NULL));
	kore_buf_appendf(b,
	    ",\"confidence\":%s,\"code\":", sql_result_text(r, i, 7, NULL));
	str_or_null(b, r, i, 8);
	kore_buf_appendf(b, ",\"state\":");
	api_buf_col(b, r, i, 9);
	kore_buf_appendf(b, ",\"created_at\":");
	api_buf_col(b, r, i, 10);
	kore_buf_appendf(b, ",\"resolved_at\":");
	str_or_null(b, r, i, 11);
	kore_buf_appendf(b, ",\"resolved_by\":");
	str_or_null(b, r, i, 12);
	kore_buf_appendf(b, ",\"expires_at\":");
	api_buf_col(b, r, i, 13);
	kore_buf_appendf(b, "}");
}

/* GET /api/v1/manual?state=pending&site=: the queue, oldest first. */
int
api_manual_list(struct api_ctx *ctx)
{
	static const char *const states[] = { "pending", "open", "deny", NULL };
	struct ops              *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &a->limit, &a->cursor) ||
	    !query_word(ctx, "state", states, a->state, sizeof(a->state)) ||
	    !query_site(ctx, &a->site))
		return (KORE_RESULT_OK);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = a->p[2] = sql_p_str(a->state);
	a->p[3] = a->p[4] = sql_p_int(a->site);
	a->p[5] = sql_p_int(a->cursor);
	a->p[6] = sql_p_int(a->limit);
	API_SQL(ctx, q_manual_list, a->p, 7);
	api_list_send(ctx, a->limit, manual_json);
	API_END(ctx);
}

/*
 * parking_apply()'s parameters for an opened vehicle of q_manual_get's
 * row r: an entry opens a session (superseding an open one: the vehicle
 * was counted), an exit closes its session with the amount due.  A person
 * decided: no free space is asserted.  0 when there is nothing to do (an
 * exit without a session).
 */
static int
session_params(struct api_ctx *ctx, struct ops *a, struct sql_result *r,
    int entry)
{
	struct rules_tariff t;
	struct sql_param   *p = a->pp;
	const char         *v;
	size_t              len;
	int64_t             session = 0, entered = 0, hours = 24, kv = 0;
	int64_t             holder = 0, id;
	time_t              now = time(NULL);

	if (!sql_result_null(r, 0, 4))
		(void)sql_result_int(r, 0, 4, &session);
	if (!entry && session == 0)
		return (0);
	(void)sql_result_int(r, 0, 5, &entered);
	(void)sql_result_int(r, 0, 6, &t.free_s);
	(void)sql_result_int(r, 0, 7, &t.period_s);
	(void)sql_result_int(r, 0, 8, &t.period_cents);
	(void)sql_result_int(r, 0, 9, &t.daily_cap_cents);
	t.free_s *= 60;
	t.period_s *= 60;
	(void)sql_result_int(r, 0, 12, &kv);
	(void)sql_result_int(r, 0, 13, &holder);
	(void)sql_result_int(r, 0, 15, &hours);
	v = sql_result_text(r, 0, 11, &len);
	memcpy(a->token, v, len == sizeof(a->token) ? len : 0);
	v = sql_result_text(r, 0, 14, &len);
	memcpy(a->read, v, len == sizeof(a->read) ? len : 0);
	api_time_sql(now, a->now, sizeof(a->now));
	api_time_sql(now + hours * 3600, a->expires, sizeof(a->expires));
	id = 0;
	if (entry && pseudo_random(&id, sizeof(id)) == -1)
		return (-1);

	p[0] = sql_p_int(a->site);
	p[1] = sql_p_int(0);
	p[2] = sql_p_int(-1);
	p[3] = sql_p_int(holder);
	p[4] = sql_p_int(0);
	p[5] = session != 0 ? sql_p_int(session) : sql_p_null();
	p[6] = sql_p_str(entry ? "superseded" : "closed");
	p[7] = entry ? sql_p_null() :
	               sql_p_int(rules_tariff_amount(&t, now - entered));
	p[8] = sql_p_int(0);
	p[9] = sql_p_str(a->now);
	p[10] = sql_p_blob(a->read, sizeof(a->read));
	p[11] = sql_p_str(a->expires);
	p[12] =
	    entry ? sql_p_int((int64_t)((uint64_t)id >> 2) + 1) : sql_p_null();
	p[13] = sql_p_int(ctx->who.tenant);
	p[14] = sql_p_blob(a->token, sizeof(a->token));
	p[15] = sql_p_int(kv);

	return (1);
}

/* The gate command of a manual decision resolved "open". */
static void
command(struct api_ctx *ctx, struct ops *a)
{
	char   msg[API_GATE_MSG_MAX], at[40], why[48];
	size_t n;

	api_time_rfc3339(time(NULL), at, sizeof(at));
	(void)snprintf(why, sizeof(why), "manual:%" PRId64, ctx->id);
	n = api_gate_command_json(msg, sizeof(msg), "open", a->lane,
	    ctx->who.actor, at, why);
	if (n < sizeof(msg))
		api_gate_publish(ctx->who.tenant, a->lane, msg, n);
}

/*
 * POST /api/v1/manual/{id}/resolve {"action":"open"|"deny","note"?}: a
 * person decides a pending manual decision, audited with the note.
 */
int
api_manual_resolve(struct api_ctx *ctx)
{
	static const char *const fields[] = { "action", "note", NULL };
	struct ops              *a = api_priv(ctx, sizeof(*a));
	struct sql_result       *r;
	struct kore_buf         *b;
	const char              *s;
	char                     esc[6 * NOTE_MAX + 8];
	size_t                   n = 0;
	int                      bad = 0, stateful, entry, apply = 0;
	int64_t                  v;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields) ||
	    (s = api_str_req(ctx, "action", 8)) == NULL)
		return (KORE_RESULT_OK);
	if (strcmp(s, "open") != 0 && strcmp(s, "deny") != 0) {
		api_error(ctx->req, 400, "invalid_value", "action",
		    "open or deny");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(a->action, sizeof(a->action), "%s", s);
	s = api_str(ctx, "note", NOTE_MAX, &bad);
	if (bad)
		return (KORE_RESULT_OK);
	(void)api_json_escape(esc, sizeof(esc), s != NULL ? s : "",
	    s != NULL ? strlen(s) : 0);
	(void)snprintf(a->details, sizeof(a->details),
	    "{\"action\":\"%s\",\"note\":%s}", a->action, esc);

	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_manual_get, a->p, 2);
	r = api_result(ctx);
	if (r == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such manual decision");
		return (KORE_RESULT_OK);
	}
	if (strcmp(sql_result_text(r, 0, 0, NULL), "pending") != 0) {
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "resolved", NULL,
		    "this manual decision was resolved already");
		return (KORE_RESULT_OK);
	}
	stateful = sql_result_int(r, 0, 2, &v) == 0 && v == 1 &&
	    strcmp(a->action, "open") == 0 &&
	    strcmp(sql_result_text(r, 0, 1, NULL), "unknown") != 0;
	entry = strcmp(sql_result_text(r, 0, 1, NULL), "in") == 0;
	(void)sql_result_int(r, 0, 3, &a->site);
	(void)sql_result_int(r, 0, 10, &a->lane);
	if (stateful && (apply = session_params(ctx, a, r, entry)) == -1) {
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot make a session id");
		return (KORE_RESULT_OK);
	}

	a->p[0] = sql_p_str(a->action);
	a->p[1] = sql_p_str(ctx->who.actor);
	a->p[2] = sql_p_int(api_classes[C_OPERATOR].hours);
	a->p[3] = sql_p_int(ctx->who.tenant);
	a->p[4] = sql_p_int(ctx->id);
	api_stmt(&a->s[n++], q_manual_set, a->p, 5, APP_DB_NEED_ROW);
	if (apply)
		api_stmt(&a->s[n++], q_parking_apply, a->pp, 16, 0);
	(void)snprintf(a->object, sizeof(a->object), "manual:%" PRId64,
	    ctx->id);
	api_audit_stmt(ctx, &a->s[n++], a->ap, "manual.resolve", a->object,
	    "success", a->details, 0);
	api_tx_start(ctx, a->s, n);
	API_WAIT(ctx);
	/*
	 * 1644: parking_apply() found the session closed meanwhile; 1062:
	 * the vehicle came in meanwhile.
	 */
	if (ctx->job->state != APP_DB_DONE && ctx->job->sqlerrno != 1644 &&
	    ctx->job->sqlerrno != 1062 && api_sql_failed(ctx))
		return (KORE_RESULT_OK);
	if (ctx->job->state != APP_DB_DONE || ctx->job->norow >= 0) {
		/* Resolved meanwhile, or the session moved: look again. */
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "resolved", NULL,
		    "this manual decision changed meanwhile; look again");
		return (KORE_RESULT_OK);
	}
	/* A person opened: the lane's gate controllers act on it. */
	if (strcmp(a->action, "open") == 0)
		command(ctx, a);
	b = kore_buf_alloc(128);
	kore_buf_appendf(b, "{\"id\":\"%" PRId64 "\",\"state\":\"%s\"}",
	    ctx->id, a->action);
	api_buf_send(ctx, HTTP_STATUS_OK, b);
	API_END(ctx);
}

static void
event_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"site\":");
	api_buf_col(b, r, i, 1);
	kore_buf_appendf(b, ",\"lane\":");
	str_or_null(b, r, i, 2);
	kore_buf_appendf(b, ",\"kind\":");
	api_buf_col(b, r, i, 3);
	kore_buf_appendf(b, ",\"read_id\":");
	str_or_null(b, r, i, 4);
	kore_buf_appendf(b, ",\"session_id\":");
	str_or_null(b, r, i, 5);
	kore_buf_appendf(b, ",\"at\":");
	api_buf_col(b, r, i, 6);
	kore_buf_appendf(b, ",\"details\":");
	api_buf_col(b, r, i, 7);
	kore_buf_appendf(b, ",\"expires_at\":");
	api_buf_col(b, r, i, 8);
	kore_buf_appendf(b, "}");
}

/* GET /api/v1/events?kind=&site=: newest first. */
int
api_events_list(struct api_ctx *ctx)
{
	static const char *const kinds[] = { "overstay", "passback", "hazard",
		NULL };
	struct ops              *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &a->limit, &a->cursor) ||
	    !query_word(ctx, "kind", kinds, a->kind, sizeof(a->kind)) ||
	    !query_site(ctx, &a->site))
		return (KORE_RESULT_OK);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = a->p[2] = sql_p_str(a->kind);
	a->p[3] = a->p[4] = sql_p_int(a->site);
	a->p[5] = sql_p_int(a->cursor > 0 ? a->cursor : INT64_MAX);
	a->p[6] = sql_p_int(a->limit);
	API_SQL(ctx, q_events_list, a->p, 7);
	api_list_send(ctx, a->limit, event_json);
	API_END(ctx);
}

static void
occupancy_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	int64_t occ = 0, holders = 0, cap = -1, res = 0;

	(void)sql_result_int(r, i, 1, &occ);
	(void)sql_result_int(r, i, 2, &holders);
	if (!sql_result_null(r, i, 3))
		(void)sql_result_int(r, i, 3, &cap);
	(void)sql_result_int(r, i, 4, &res);
	kore_buf_appendf(b, "{\"site\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b,
	    ",\"parking\":%s,\"occupancy\":%" PRId64 ",\"holders\":%" PRId64,
	    strcmp(sql_result_text(r, i, 5, NULL), "1") == 0 ? "true" : "false",
	    occ, holders);
	if (cap < 0) {
		kore_buf_appendf(b, ",\"capacity\":null,\"free\":null}");
		return;
	}
	kore_buf_appendf(b,
	    ",\"capacity\":%" PRId64 ",\"reserved\":%" PRId64
	    ",\"free\":%" PRId64 ",\"free_unreserved\":%" PRId64 "}",
	    cap, res, cap - occ > 0 ? cap - occ : 0,
	    cap - res - (occ - holders) > 0 ? cap - res - (occ - holders) : 0);
}

/* GET /api/v1/sites/{id}/occupancy: counts only, no vehicle. */
int
api_sites_occupancy(struct api_ctx *ctx)
{
	struct ops *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_occupancy, a->p, 2);
	api_item_send(ctx, "site", occupancy_json);
	API_END(ctx);
}

/* --- container bookings --------------------------------------------------- */

#define LABEL_MAX 128

struct bookings {
	int64_t            limit, cursor, from, to;
	char               code[12], wfrom[32], wto[32], label[LABEL_MAX + 1];
	struct sql_param   p[8];
	struct sql_param   ap[6];
	struct app_db_stmt s[2];
	struct api_delete  del;
};

/* The site must be the caller's tenant's: else no row, a 404. */
static const char q_booking_create[] =
    "INSERT INTO container_bookings (tenant_id, site_id, code, window_from, "
    "window_to, label) SELECT tenant_id, id, ?, NULLIF(?, ''), "
    "NULLIF(?, ''), NULLIF(?, '') FROM sites WHERE tenant_id = ? AND id = ?";
static const char q_booking_list[] =
    "SELECT id, code, DATE_FORMAT(window_from, '%Y-%m-%dT%H:%i:%sZ'), "
    "DATE_FORMAT(window_to, '%Y-%m-%dT%H:%i:%sZ'), label, "
    "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM container_bookings "
    "WHERE tenant_id = ? AND site_id = ? AND id > ? ORDER BY id LIMIT ?";
static const char q_booking_delete[] =
    "DELETE FROM container_bookings WHERE tenant_id = ? AND site_id = ? "
    "AND id = ?";

/* An optional RFC 3339 member into out (DATETIME, UTC); 0 when bad. */
static int
booking_time(struct api_ctx *ctx, const char *name, int64_t *t, char *out,
    size_t len)
{
	const char *s;
	int         bad = 0;

	out[0] = '\0';
	*t = 0;
	if ((s = api_str(ctx, name, 40, &bad)) == NULL)
		return (!bad);
	if (api_parse_rfc3339_ms(s, t, NULL) == -1) {
		api_error(ctx->req, 400, "invalid_value", name,
		    "an RFC 3339 time with offset");
		return (0);
	}
	api_time_sql((time_t)*t, out, len);

	return (1);
}

/*
 * POST /api/v1/sites/{id}/bookings {"code","from"?,"to"?,"label"?}: a
 * container expected at the site (within the window), audited.
 */
int
api_bookings_create(struct api_ctx *ctx)
{
	static const char *const fields[] = { "code", "from", "to", "label",
		NULL };
	struct bookings         *a = api_priv(ctx, sizeof(*a));
	struct kore_buf         *b;
	const char              *s, *why;
	int                      ok, bad = 0;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields) ||
	    (s = api_str_req(ctx, "code", 16)) == NULL)
		return (KORE_RESULT_OK);
	if (pseudo_container_canon(s, strlen(s), a->code, &ok, &why) == -1) {
		api_error(ctx->req, 400, "invalid_value", "code",
		    "an ISO 6346 container code like CSQU3054383");
		return (KORE_RESULT_OK);
	}
	if (!ok) {
		api_error(ctx->req, 422, "check_digit", "code",
		    "the check digit is wrong");
		return (KORE_RESULT_OK);
	}
	if (!booking_time(ctx, "from", &a->from, a->wfrom, sizeof(a->wfrom)) ||
	    !booking_time(ctx, "to", &a->to, a->wto, sizeof(a->wto)))
		return (KORE_RESULT_OK);
	if (a->wfrom[0] != '\0' && a->wto[0] != '\0' && a->to <= a->from) {
		api_error(ctx->req, 422, "invalid_value", "to",
		    "the window must end after it begins");
		return (KORE_RESULT_OK);
	}
	s = api_str(ctx, "label", LABEL_MAX, &bad);
	if (bad)
		return (KORE_RESULT_OK);
	(void)snprintf(a->label, sizeof(a->label), "%s", s != NULL ? s : "");

	a->p[0] = sql_p_str(a->code);
	a->p[1] = sql_p_str(a->wfrom);
	a->p[2] = sql_p_str(a->wto);
	a->p[3] = sql_p_str(a->label);
	a->p[4] = sql_p_int(ctx->who.tenant);
	a->p[5] = sql_p_int(ctx->id);
	api_stmt(&a->s[0], q_booking_create, a->p, 6, APP_DB_NEED_ROW);
	api_audit_stmt(ctx, &a->s[1], a->ap, "booking.create",
	    "booking:", "success", NULL, 1);
	API_TX(ctx, a->s, 2);
	if (ctx->job->norow != -1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such site");
		return (KORE_RESULT_OK);
	}
	b = kore_buf_alloc(64);
	kore_buf_appendf(b, "{\"id\":\"%" PRIu64 "\"}", ctx->job->insert_id);
	api_buf_send(ctx, HTTP_STATUS_CREATED, b);
	API_END(ctx);
}

static void
booking_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"code\":");
	api_buf_col(b, r, i, 1);
	kore_buf_appendf(b, ",\"from\":");
	str_or_null(b, r, i, 2);
	kore_buf_appendf(b, ",\"to\":");
	str_or_null(b, r, i, 3);
	kore_buf_appendf(b, ",\"label\":");
	str_or_null(b, r, i, 4);
	kore_buf_appendf(b, ",\"created_at\":");
	api_buf_col(b, r, i, 5);
	kore_buf_appendf(b, "}");
}

/* GET /api/v1/sites/{id}/bookings: oldest first. */
int
api_bookings_list(struct api_ctx *ctx)
{
	struct bookings *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &a->limit, &a->cursor))
		return (KORE_RESULT_OK);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	a->p[2] = sql_p_int(a->cursor);
	a->p[3] = sql_p_int(a->limit);
	API_SQL(ctx, q_booking_list, a->p, 4);
	api_list_send(ctx, a->limit, booking_json);
	API_END(ctx);
}

/* DELETE /api/v1/sites/{id}/bookings/{id}, audited. */
int
api_bookings_delete(struct api_ctx *ctx)
{
	struct bookings *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	api_delete_start(ctx, &a->del, q_booking_delete, 2, "booking",
	    "booking.delete");
	API_WAIT(ctx);
	api_delete_done(ctx, "booking");
	API_END(ctx);
}
