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
 * A tenant's retention (issue 6): GET and PUT /api/v1/retention.
 * Shortening a class takes effect at once and moves the expiry of its
 * stored records forward in the same transaction; lengthening one waits
 * for a second admin (four-eyes, api_audit.c's "retention.lengthen"),
 * unless the tenant has only one admin (bootstrap, audited so).  Stored
 * records keep their expiry when a class is lengthened.  Every change
 * and every request is audited.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_retention.h"
#include "api_util.h"

/* Per class at most: the setting, two expiries moved, the audit entry. */
#define STMTS (4 * CLASSES)

struct retention {
	int64_t            cur[CLASSES], want[CLASSES];
	int                given[CLASSES];
	int                bootstrap;
	char               pay[CLASSES][48];
	char               details[CLASSES][96];
	char               object[CLASSES][48];
	struct sql_param   p[CLASSES][12];
	struct sql_param   ap[CLASSES][6];
	struct app_db_stmt s[STMTS];
};

static const char q_hours[] =
    "SELECT GROUP_CONCAT(class, '=', hours) FROM retention "
    "WHERE tenant_id = ?";
static const char q_pending[] =
    "SELECT id, payload, DATE_FORMAT(requested_at, '%Y-%m-%dT%H:%i:%sZ'), "
    "requested_by FROM approvals WHERE tenant_id = ? AND "
    "action = 'retention.lengthen' AND status = 'pending' AND "
    "expires_at > UTC_TIMESTAMP(6) ORDER BY id";
static const char q_admins[] =
    "SELECT COUNT(*) FROM users WHERE tenant_id = ? AND role = 'admin' "
    "AND pending_approval = 0";
static const char q_set[] =
    "INSERT INTO retention (tenant_id, class, hours) VALUES (?, ?, ?) "
    "ON DUPLICATE KEY UPDATE hours = VALUES(hours)";
static const char q_file[] =
    "INSERT INTO approvals (tenant_id, action, object_id, payload, "
    "requested_by, expires_at) VALUES (?, 'retention.lengthen', ?, ?, ?, "
    "UTC_TIMESTAMP(6) + INTERVAL 1 DAY)";
/* A class made shorter: its stored records expire by the new rule. */
static const char q_reads_shorter[] =
    "UPDATE plate_reads SET expires_at = received_at + INTERVAL ? HOUR "
    "WHERE tenant_id = ? AND class = ? AND "
    "expires_at > received_at + INTERVAL ? HOUR";
static const char q_sessions_shorter[] =
    "UPDATE parking_sessions SET expires_at = exited_at + INTERVAL ? HOUR "
    "WHERE tenant_id = ? AND exited_at IS NOT NULL AND "
    "expires_at > exited_at + INTERVAL ? HOUR";
static const char q_events_shorter[] =
    "UPDATE events SET expires_at = at + INTERVAL ? HOUR "
    "WHERE tenant_id = ? AND expires_at > at + INTERVAL ? HOUR";
/* The queue keeps an item at least an hour (api_reads.c). */
static const char q_manual_shorter[] =
    "UPDATE manual_queue SET expires_at = created_at + INTERVAL "
    "GREATEST(?, 1) HOUR WHERE tenant_id = ? AND state = 'pending' AND "
    "expires_at > created_at + INTERVAL GREATEST(?, 1) HOUR";
/* A resolved item is an operator's action (api_ops.c). */
static const char q_operator_shorter[] =
    "UPDATE manual_queue SET expires_at = resolved_at + INTERVAL ? HOUR "
    "WHERE tenant_id = ? AND state <> 'pending' AND "
    "expires_at > resolved_at + INTERVAL ? HOUR";

/* The current hours into r->cur from q_hours' answer. */
static void
current(struct api_ctx *ctx, struct retention *r)
{
	struct sql_result *res = api_result(ctx);

	api_class_hours(res != NULL && sql_result_rows(res) == 1 &&
	            !sql_result_null(res, 0, 0) ?
	        sql_result_text(res, 0, 0, NULL) :
	        NULL,
	    r->cur);
}

/* The classes (with hours) and what waits for approval; res: q_pending. */
static void
send_retention(struct api_ctx *ctx, struct retention *r, int status)
{
	struct sql_result *res = api_result(ctx);
	struct kore_buf   *b = kore_buf_alloc(2048);
	const char        *pay;
	size_t             i, n, len, k = 0;
	int                c;

	kore_buf_append(b, "{\"classes\":{", 12);
	for (i = 0; i < CLASSES; i++) {
		kore_buf_appendf(b,
		    "%s\"%s\":{\"hours\":%" PRId64 ",\"default\":%" PRId64
		    ",\"minimum\":%" PRId64 ",\"holds\":",
		    i > 0 ? "," : "", api_classes[i].name, r->cur[i],
		    api_classes[i].hours, api_classes[i].min_hours);
		api_buf_str(b, api_classes[i].what);
		kore_buf_append(b, ",\"why\":", 7);
		api_buf_str(b, api_classes[i].why);
		kore_buf_append(b, "}", 1);
	}
	kore_buf_append(b, "},\"pending\":[", 13);
	n = res != NULL ? sql_result_rows(res) : 0;
	for (i = 0; i < n; i++) {
		pay = sql_result_text(res, i, 1, &len);
		len = strcspn(pay, "=");
		if ((c = api_class_find(pay, len)) < 0)
			continue;
		kore_buf_appendf(b,
		    "%s{\"approval\":\"%s\",\"class\":\"%s\","
		    "\"hours\":%s,\"requested_at\":\"%s\","
		    "\"requested_by\":\"%s\"}",
		    k++ > 0 ? "," : "", sql_result_text(res, i, 0, NULL),
		    api_classes[c].name, pay + len + (pay[len] == '='),
		    sql_result_text(res, i, 2, NULL),
		    sql_result_text(res, i, 3, NULL));
	}
	kore_buf_append(b, "]}", 2);
	api_buf_send(ctx, status, b);
}

int
api_retention_get(struct api_ctx *ctx)
{
	struct retention *r = api_priv(ctx, sizeof(*r));

	API_BEGIN(ctx);
	r->p[0][0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_hours, r->p[0], 1);
	current(ctx, r);
	API_SQL(ctx, q_pending, r->p[0], 1);
	send_retention(ctx, r, HTTP_STATUS_OK);
	API_END(ctx);
}

/*
 * The body, {"classes":{"<class>":{"hours":N},…}} (API.md), into
 * r->want and r->given; 0 when refused (answered, naming the field).
 */
static int
body(struct api_ctx *ctx, struct retention *r)
{
	static const char *const fields[] = { "classes", NULL };
	const struct api_jvalue *cls, *m, *h, *x;
	char                     field[80];
	int                      c;

	if (!api_body_fields(ctx, fields))
		return (0);
	if ((cls = api_json_get(ctx->json, "classes")) == NULL) {
		api_missing(ctx, "classes");
		return (0);
	}
	if (cls->type != API_JOBJECT || cls->child == NULL) {
		api_error(ctx->req, 400, "invalid_value", "classes",
		    "an object of at least one class, "
		    "{\"<class>\":{\"hours\":N}}");
		return (0);
	}
	for (m = cls->child; m != NULL; m = m->next) {
		c = api_class_find(m->key, m->keylen);
		(void)snprintf(field, sizeof(field), "classes.%.*s",
		    (int)(m->keylen < 40 ? m->keylen : 40), m->key);
		if (c < 0) {
			api_error(ctx->req, 400, "unknown_field", field,
			    "no such retention class");
			return (0);
		}
		if (m->type != API_JOBJECT) {
			api_error(ctx->req, 400, "invalid_type", field,
			    "must be an object, {\"hours\":N}");
			return (0);
		}
		for (x = m->child; x != NULL; x = x->next) {
			if (x->keylen != 5 || memcmp(x->key, "hours", 5) != 0) {
				(void)snprintf(field, sizeof(field),
				    "classes.%s.%.*s", api_classes[c].name,
				    (int)(x->keylen < 20 ? x->keylen : 20),
				    x->key);
				api_error(ctx->req, 400, "unknown_field", field,
				    "a class has only hours");
				return (0);
			}
		}
		(void)snprintf(field, sizeof(field), "classes.%s.hours",
		    api_classes[c].name);
		if ((h = api_json_get(m, "hours")) == NULL) {
			api_error(ctx->req, 400, "missing_field", field,
			    "required");
			return (0);
		}
		if (h->type != API_JNUMBER || !h->is_int || h->i < 0 ||
		    h->i > API_RETENTION_MAX_HOURS) {
			api_error(ctx->req, 400, "invalid_value", field,
			    "must be an integer from 0 to 87600");
			return (0);
		}
		if (h->i < api_classes[c].min_hours) {
			api_error(ctx->req, 422, "below_minimum", field,
			    "this class is kept at least its minimum hours");
			return (0);
		}
		r->given[c] = 1;
		r->want[c] = h->i;
	}

	return (1);
}

/* The statements that make class c shorter, from n; returns the next n. */
static size_t
shorter(struct api_ctx *ctx, struct retention *r, size_t c, size_t n)
{
	struct sql_param *p = r->p[c];

	p[0] = sql_p_int(r->want[c]);
	p[1] = sql_p_int(ctx->who.tenant);
	p[2] = sql_p_str(api_classes[c].name);
	p[3] = p[0];
	p[4] = p[0];
	p[5] = p[1];
	p[6] = p[0];
	switch (c) {
	case C_SESSION:
		api_stmt(&r->s[n++], q_sessions_shorter, &p[4], 3, 0);
		break;
	case C_MANUAL:
		api_stmt(&r->s[n++], q_reads_shorter, p, 4, 0);
		api_stmt(&r->s[n++], q_manual_shorter, &p[4], 3, 0);
		break;
	case C_VIOLATION:
		api_stmt(&r->s[n++], q_reads_shorter, p, 4, 0);
		api_stmt(&r->s[n++], q_events_shorter, &p[4], 3, 0);
		break;
	case C_OPERATOR:
		api_stmt(&r->s[n++], q_operator_shorter, &p[4], 3, 0);
		break;
	case C_NO_EFFECT:
	case C_OPENED:
	case C_DENIED:
	case C_HOTLIST:
		api_stmt(&r->s[n++], q_reads_shorter, p, 4, 0);
		break;
	default:
		/*
		 * The audit trail: the purge keeps it to the new hours.
		 * Camera health: no such records are stored yet.
		 */
		break;
	}

	return (n);
}

int
api_retention_put(struct api_ctx *ctx)
{
	struct retention *r = api_priv(ctx, sizeof(*r));
	struct sql_param *p;
	size_t            c, n = 0;
	const char       *action;

	API_BEGIN(ctx);
	if (!body(ctx, r))
		return (KORE_RESULT_OK);
	r->p[0][0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_hours, r->p[0], 1);
	current(ctx, r);
	API_SQL(ctx, q_admins, r->p[0], 1);
	/* Bootstrap: nobody else could approve. */
	r->bootstrap = api_admin_count(ctx) < 2;

	for (c = 0; c < CLASSES; c++) {
		if (!r->given[c] || r->want[c] == r->cur[c])
			continue;
		p = &r->p[c][8]; /* shorter() uses p[0..7) */
		(void)snprintf(r->object[c], sizeof(r->object[c]),
		    "retention:%s", api_classes[c].name);
		(void)snprintf(r->details[c], sizeof(r->details[c]),
		    "{\"class\":\"%s\",\"from\":%" PRId64 ",\"to\":%" PRId64
		    "%s}",
		    api_classes[c].name, r->cur[c], r->want[c],
		    r->want[c] > r->cur[c] && r->bootstrap ?
		        ",\"bootstrap\":true" :
		        "");
		if (r->want[c] > r->cur[c] && !r->bootstrap) {
			/* Longer: a second admin decides. */
			(void)snprintf(r->pay[c], sizeof(r->pay[c]),
			    "%s=%" PRId64, api_classes[c].name, r->want[c]);
			p[0] = sql_p_int(ctx->who.tenant);
			p[1] = sql_p_int((int64_t)c);
			p[2] = sql_p_str(r->pay[c]);
			p[3] = sql_p_int(ctx->who.user_id);
			api_stmt(&r->s[n++], q_file, p, 4, 0);
			action = "retention.request";
		} else {
			p[0] = sql_p_int(ctx->who.tenant);
			p[1] = sql_p_str(api_classes[c].name);
			p[2] = sql_p_int(r->want[c]);
			api_stmt(&r->s[n++], q_set, p, 3, 0);
			if (r->want[c] < r->cur[c])
				n = shorter(ctx, r, c, n);
			action = "retention.update";
		}
		api_audit_stmt(ctx, &r->s[n++], r->ap[c], action, r->object[c],
		    "success", r->details[c], 0);
	}
	if (n > 0)
		API_TX(ctx, r->s, n);
	r->p[0][0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_hours, r->p[0], 1);
	current(ctx, r);
	API_SQL(ctx, q_pending, r->p[0], 1);
	send_retention(ctx, r, HTTP_STATUS_OK);
	API_END(ctx);
}

/*
 * Per class: how many records are stored, the oldest one's age, and how
 * many are past their expiry by more than a minute (the purge runs every
 * 30 seconds: any such record is a failure, GET /health says so too).
 */
static const char q_report[] =
    "SELECT class, COUNT(*), TIMESTAMPDIFF(SECOND, MIN(t), "
    "UTC_TIMESTAMP(3)), SUM(expires_at < UTC_TIMESTAMP(3) - INTERVAL 1 "
    "MINUTE) FROM (SELECT class, received_at AS t, expires_at FROM "
    "plate_reads WHERE tenant_id = ? UNION ALL SELECT 'parking_session', "
    "exited_at, expires_at FROM parking_sessions WHERE tenant_id = ? AND "
    "open_token IS NULL AND expires_at IS NOT NULL UNION ALL SELECT "
    "'violation', at, expires_at FROM events WHERE tenant_id = ? UNION ALL "
    "SELECT IF(state = 'pending', 'manual_decision', 'operator_action'), "
    "created_at, expires_at FROM manual_queue WHERE tenant_id = ? "
    "UNION ALL SELECT 'audit_log', at, at + INTERVAL GREATEST(?, (SELECT "
    "min_hours FROM audit_policy WHERE id = 1)) HOUR FROM audit_log WHERE "
    "tenant_id = ?) x GROUP BY class";

int
api_retention_report(struct api_ctx *ctx)
{
	struct retention  *r = api_priv(ctx, sizeof(*r));
	struct sql_result *res;
	struct kore_buf   *b;
	const char        *name;
	size_t             i, k, n, len;
	int64_t            count[CLASSES], age[CLASSES], late[CLASSES], v;
	int64_t            overdue = 0;
	int                c;

	API_BEGIN(ctx);
	r->p[0][0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_hours, r->p[0], 1);
	current(ctx, r);
	for (k = 0; k < 6; k++)
		r->p[1][k] = sql_p_int(ctx->who.tenant);
	r->p[1][4] = sql_p_int(r->cur[C_AUDIT]);
	API_SQL(ctx, q_report, r->p[1], 6);
	res = api_result(ctx);
	for (i = 0; i < CLASSES; i++)
		count[i] = age[i] = late[i] = -1;
	n = res != NULL ? sql_result_rows(res) : 0;
	for (i = 0; i < n; i++) {
		name = sql_result_text(res, i, 0, &len);
		if ((c = api_class_find(name, len)) < 0)
			continue;
		count[c] = sql_result_int(res, i, 1, &v) == 0 ? v : 0;
		age[c] = sql_result_int(res, i, 2, &v) == 0 ? v : 0;
		late[c] = sql_result_int(res, i, 3, &v) == 0 ? v : 0;
		overdue += late[c];
	}
	b = kore_buf_alloc(1024);
	kore_buf_append(b, "{\"classes\":{", 12);
	for (i = 0; i < CLASSES; i++) {
		kore_buf_appendf(b, "%s\"%s\":{\"hours\":%" PRId64,
		    i > 0 ? "," : "", api_classes[i].name, r->cur[i]);
		if (count[i] < 0)
			kore_buf_appendf(b,
			    ",\"count\":0,\"oldest_age_seconds\":"
			    "null,\"overdue\":0}");
		else
			kore_buf_appendf(b,
			    ",\"count\":%" PRId64
			    ",\"oldest_age_seconds\":%" PRId64
			    ",\"overdue\":%" PRId64 "}",
			    count[i], age[i], late[i]);
	}
	kore_buf_appendf(b, "},\"overdue\":%" PRId64 ",\"ok\":%s}", overdue,
	    overdue == 0 ? "true" : "false");
	api_buf_send(ctx, HTTP_STATUS_OK, b);
	API_END(ctx);
}
