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
 * The audit trail (GET /api/v1/audit, /audit/verify), four-eyes
 * approvals (/api/v1/approvals) and privacy mode
 * (/api/v1/settings/privacy).
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "api_audit_chain.h"
#include "api_util.h"

#define VERIFY_BATCH 500

struct audit {
	int64_t                       limit, cursor, after, checked, broken;
	unsigned char                 prev[API_AUDIT_HASH_LEN];
	unsigned char                 head[API_AUDIT_HASH_LEN];
	int                           have_head, reached;
	char                          action[65];
	const char                   *reason;
	int                           done, have_action;
	char                          object[32];
	char                          details[128];
	char                          details2[64];
	int64_t                       object_id, requested_by;
	const struct approval_action *act;
	char                          payload[256];
	struct sql_param              p[16];
	struct sql_param              ap[12];
	struct app_db_stmt            s[5];
};

static const char q_list[] =
    "SELECT id, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s.%fZ'), actor, action, "
    "object, outcome, details FROM audit_log WHERE tenant_id = ? "
    "AND (? = 0 OR id < ?) AND (? = '' OR action = ?) "
    "ORDER BY id DESC LIMIT ?";
static const char q_anchor[] =
    "SELECT COALESCE((SELECT last_hash FROM audit_anchor WHERE "
    "tenant_id = ?), UNHEX(REPEAT('00', 32))), COALESCE((SELECT last_id "
    "FROM audit_anchor WHERE tenant_id = ?), 0)";
static const char q_chain[] =
    "SELECT id, tenant_id, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f'), actor, "
    "action, object, outcome, details, prev_hash, hash FROM audit_log "
    "WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?";
static const char q_head[] =
    "SELECT last_hash FROM audit_head WHERE tenant_id = ?";

static void
audit_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"at\":");
	api_buf_col(b, r, i, 1);
	kore_buf_appendf(b, ",\"actor\":");
	api_buf_col(b, r, i, 2);
	kore_buf_appendf(b, ",\"action\":");
	api_buf_col(b, r, i, 3);
	kore_buf_appendf(b, ",\"object\":");
	api_buf_col(b, r, i, 4);
	kore_buf_appendf(b, ",\"outcome\":");
	api_buf_col(b, r, i, 5);
	/* details is JSON this server wrote. */
	kore_buf_appendf(b, ",\"details\":%s}", sql_result_text(r, i, 6, NULL));
}

int
api_audit_list(struct api_ctx *ctx)
{
	struct audit *a = api_priv(ctx, sizeof(*a));
	int           n;

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &a->limit, &a->cursor))
		return (KORE_RESULT_OK);
	if ((n = api_query(ctx, "action", a->action, sizeof(a->action))) ==
	        -1 ||
	    (n == 1 &&
	        strspn(a->action, "abcdefghijklmnopqrstuvwxyz._") !=
	            strlen(a->action))) {
		api_error(ctx->req, 400, "invalid_value", "action",
		    "an action name like auth.login");
		return (KORE_RESULT_OK);
	}
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(a->cursor);
	a->p[2] = a->p[1];
	a->p[3] = sql_p_str(a->action);
	a->p[4] = a->p[3];
	a->p[5] = sql_p_int(a->limit);
	API_SQL(ctx, q_list, a->p, 6);
	api_list_send(ctx, a->limit, audit_json);
	API_END(ctx);
}

/*
 * Walk the tenant's chain from its anchor in batches, recomputing every
 * hash; the newest entry must be the head.  Names the first broken link.
 */
int
api_audit_verify(struct api_ctx *ctx)
{
	struct audit      *a = api_priv(ctx, sizeof(*a));
	struct sql_result *r;
	struct kore_buf   *b;
	const char        *f[API_AUDIT_FIELDS], *h;
	unsigned char      want[API_AUDIT_HASH_LEN];
	size_t             i, n, len;
	int                c;

	API_BEGIN(ctx);
	/*
	 * The head first: entries appended while we walk are not ours to
	 * judge, and the walk stops at the head it saw.
	 */
	a->p[0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_head, a->p, 1);
	r = api_result(ctx);
	if (r != NULL && sql_result_rows(r) == 1) {
		h = sql_result_text(r, 0, 0, &len);
		if (len == sizeof(a->head)) {
			memcpy(a->head, h, len);
			a->have_head = 1;
		}
	}
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = a->p[0];
	API_SQL(ctx, q_anchor, a->p, 2);
	r = api_result(ctx);
	h = sql_result_text(r, 0, 0, &len);
	if (len != sizeof(a->prev)) {
		api_error(ctx->req, 500, "internal", NULL, "bad anchor");
		return (KORE_RESULT_OK);
	}
	memcpy(a->prev, h, len);
	(void)sql_result_int(r, 0, 1, &a->after);

	while (!a->done) {
		a->p[0] = sql_p_int(ctx->who.tenant);
		a->p[1] = sql_p_int(a->after);
		a->p[2] = sql_p_int(VERIFY_BATCH);
		API_SQL(ctx, q_chain, a->p, 3);
		r = api_result(ctx);
		n = r != NULL ? sql_result_rows(r) : 0;
		for (i = 0; i < n && a->reason == NULL && !a->done; i++) {
			(void)sql_result_int(r, i, 0, &a->after);
			h = sql_result_text(r, i, 8, &len);
			if (len != sizeof(a->prev) ||
			    memcmp(h, a->prev, len) != 0) {
				a->reason = "prev_hash_mismatch";
				break;
			}
			for (c = 0; c < API_AUDIT_FIELDS; c++)
				f[c] =
				    sql_result_text(r, i, (size_t)c + 1, NULL);
			h = sql_result_text(r, i, 9, &len);
			if (api_audit_hash(a->prev, f, want) == -1 ||
			    len != sizeof(want) ||
			    memcmp(h, want, sizeof(want)) != 0) {
				a->reason = "hash_mismatch";
				break;
			}
			memcpy(a->prev, want, sizeof(want));
			a->checked++;
			if (a->have_head &&
			    memcmp(want, a->head, sizeof(want)) == 0)
				a->reached = a->done = 1;
		}
		if (a->reason != NULL) {
			a->broken = a->after;
			a->done = 1;
		} else if (n < VERIFY_BATCH) {
			a->done = 1;
		}
	}

	/* Entries cut off the end leave the head unreached. */
	if (a->reason == NULL && a->have_head && !a->reached) {
		a->reason = "head_mismatch";
		a->broken = a->after;
	} else if (a->reason == NULL && !a->have_head && a->checked > 0) {
		a->reason = "head_missing";
	}

	b = kore_buf_alloc(256);
	if (a->reason == NULL)
		kore_buf_appendf(b, "{\"ok\":true,\"entries\":%" PRId64 "}",
		    a->checked);
	else
		kore_buf_appendf(b,
		    "{\"ok\":false,\"entries_verified\":%" PRId64 ","
		    "\"broken_at\":\"%" PRId64 "\",\"reason\":\"%s\"}",
		    a->checked, a->broken, a->reason);
	api_buf_send(ctx, HTTP_STATUS_OK, b);
	API_END(ctx);
}

/* --- four-eyes ----------------------------------------------------------- */

/*
 * What an approval does when approved (up to three statements, all or
 * nothing) and when rejected (one, or none).  A statement's parameters
 * are (tenant, object id), preceded by the request's payload when its
 * query starts with PAYLOAD.  Later features add rows here.
 */
#define PAYLOAD "/*payload*/ "
#define REVOKE_KEYS                                                            \
	"UPDATE api_keys SET revoked_at = UTC_TIMESTAMP(6) WHERE "             \
	"tenant_id = ? AND created_by = ? AND revoked_at IS NULL"
#define END_SESSIONS "DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?"

struct approval_action {
	const char *name;
	const char *approve[3];
	const char *reject;
};

static const struct approval_action actions[] = {
	{ "user.create_admin",
	    { "UPDATE users SET pending_approval = 0 WHERE tenant_id = ? AND "
	      "id = ? AND pending_approval = 1" },
	    "DELETE FROM users WHERE tenant_id = ? AND id = ? AND "
	    "pending_approval = 1" },
	{ "user.role_admin",
	    { "UPDATE users SET role = 'admin', updated_at = UTC_TIMESTAMP(6) "
	      "WHERE tenant_id = ? AND id = ?" },
	    NULL },
	{ "user.demote_admin",
	    { PAYLOAD "UPDATE users SET role = ?, updated_at = "
	              "UTC_TIMESTAMP(6) WHERE tenant_id = ? AND id = ? AND "
	              "role = 'admin'",
	        REVOKE_KEYS, END_SESSIONS },
	    NULL },
	{ "user.delete_admin",
	    { REVOKE_KEYS, "DELETE FROM users WHERE tenant_id = ? AND id = ?" },
	    NULL },
	{ "user.reset_admin_password",
	    { PAYLOAD "UPDATE users SET password_hash = ?, "
	              "must_change_password = 1, failed_count = 0, "
	              "locked_until = NULL WHERE tenant_id = ? AND id = ?",
	        END_SESSIONS },
	    NULL },
	{ "user.reset_admin_totp",
	    { "UPDATE users SET totp_secret = NULL, totp_pending = NULL, "
	      "totp_master = NULL, "
	      "totp_last_counter = NULL WHERE tenant_id = ? AND id = ?",
	        END_SESSIONS },
	    NULL },
	/* The payload is "class=hours" (api_retention.c). */
	{ "retention.lengthen",
	    { PAYLOAD "INSERT INTO retention (tenant_id, class, hours) "
	              "SELECT x.t, SUBSTRING_INDEX(x.p, '=', 1), "
	              "CAST(SUBSTRING_INDEX(x.p, '=', -1) AS UNSIGNED) FROM "
	              "(SELECT ? AS p, ? AS t, ? AS o) x "
	              "ON DUPLICATE KEY UPDATE hours = VALUES(hours)" },
	    NULL },
	/* Sealed evidence (api_evidence.c): downloadable for 7 days. */
	{ "evidence.release",
	    { "UPDATE evidence_releases SET approved_at = UTC_TIMESTAMP(6), "
	      "expires_at = UTC_TIMESTAMP(6) + INTERVAL 7 DAY "
	      "WHERE tenant_id = ? AND id = ? AND approved_at IS NULL" },
	    "DELETE FROM evidence_releases WHERE tenant_id = ? AND id = ?" },
	{ "apikey.create_admin",
	    { "UPDATE api_keys SET pending_approval = 0 WHERE tenant_id = ? AND "
	      "id = ? AND pending_approval = 1 AND revoked_at IS NULL" },
	    "UPDATE api_keys SET revoked_at = UTC_TIMESTAMP(6) WHERE "
	    "tenant_id = ? AND id = ? AND revoked_at IS NULL" },
};

static const char q_approvals[] =
    "SELECT id, action, object_id, requested_by, "
    "DATE_FORMAT(requested_at, '%Y-%m-%dT%H:%i:%sZ'), "
    "DATE_FORMAT(expires_at, '%Y-%m-%dT%H:%i:%sZ'), "
    "IF(status = 'pending' AND expires_at <= UTC_TIMESTAMP(6), 'expired', "
    "status), decided_by FROM approvals WHERE tenant_id = ? AND "
    "(? = 0 OR id < ?) ORDER BY id DESC LIMIT ?";
static const char q_approval[] =
    "SELECT action, object_id, requested_by, status, "
    "expires_at > UTC_TIMESTAMP(6), payload FROM approvals "
    "WHERE tenant_id = ? AND id = ?";
/* The payload (a password hash, say) is not kept once decided. */
static const char q_decide[] =
    "UPDATE approvals SET status = ?, decided_by = ?, payload = '', "
    "decided_at = UTC_TIMESTAMP(6) WHERE tenant_id = ? AND id = ? AND "
    "status = 'pending' AND expires_at > UTC_TIMESTAMP(6)";

static void
approval_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	static const char *const names[] = { "id", "action", "object",
		"requested_by", "requested_at", "expires_at", "status",
		"decided_by" };
	size_t                   c;

	for (c = 0; c < sizeof(names) / sizeof(names[0]); c++) {
		kore_buf_appendf(b, "%s\"%s\":", c ? "," : "{", names[c]);
		api_buf_col(b, r, i, c);
	}
	kore_buf_appendf(b, "}");
}

int
api_approvals_list(struct api_ctx *ctx)
{
	struct audit *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &a->limit, &a->cursor))
		return (KORE_RESULT_OK);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(a->cursor);
	a->p[2] = a->p[1];
	a->p[3] = sql_p_int(a->limit);
	API_SQL(ctx, q_approvals, a->p, 4);
	api_list_send(ctx, a->limit, approval_json);
	API_END(ctx);
}

static int
decide(struct api_ctx *ctx, int approve)
{
	struct audit      *a = api_priv(ctx, sizeof(*a));
	struct sql_result *r;
	const char        *s;
	size_t             i, n = 0;
	int                with;

	API_BEGIN(ctx);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_approval, a->p, 2);
	if ((r = api_result(ctx)) == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such approval");
		return (KORE_RESULT_OK);
	}
	s = sql_result_text(r, 0, 0, NULL);
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (strcmp(actions[i].name, s) == 0)
			a->act = &actions[i];
	}
	(void)sql_result_int(r, 0, 1, &a->object_id);
	(void)sql_result_int(r, 0, 2, &a->requested_by);
	(void)snprintf(a->payload, sizeof(a->payload), "%s",
	    sql_result_text(r, 0, 5, NULL));
	if (strcmp(sql_result_text(r, 0, 3, NULL), "pending") != 0) {
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "approval_closed",
		    NULL, "this request was decided already");
		return (KORE_RESULT_OK);
	}
	if (sql_result_text(r, 0, 4, NULL)[0] != '1') {
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "approval_expired",
		    NULL, "this request expired (24 hours)");
		return (KORE_RESULT_OK);
	}
	if (a->requested_by == ctx->who.user_id) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "same_requester",
		    NULL, "a second admin must decide your own request");
		return (KORE_RESULT_OK);
	}
	if (a->act == NULL) {
		api_error(ctx->req, 500, "internal", NULL,
		    "unknown approval action");
		return (KORE_RESULT_OK);
	}

	a->p[0] = sql_p_str(approve ? "approved" : "rejected");
	a->p[1] = sql_p_int(ctx->who.user_id);
	a->p[2] = sql_p_int(ctx->who.tenant);
	a->p[3] = sql_p_int(ctx->id);
	api_stmt(&a->s[n++], q_decide, a->p, 4, APP_DB_NEED_ROW);
	for (i = 0; i < 3; i++) {
		s = approve ? a->act->approve[i] :
		              (i == 0 ? a->act->reject : NULL);
		if (s == NULL)
			break;
		a->p[4 + 3 * i] = sql_p_str(a->payload);
		a->p[5 + 3 * i] = sql_p_int(ctx->who.tenant);
		a->p[6 + 3 * i] = sql_p_int(a->object_id);
		with = strncmp(s, PAYLOAD, strlen(PAYLOAD)) == 0;
		/* The object must still be there to approve its change. */
		api_stmt(&a->s[n++], s, &a->p[4 + 3 * i + (with ? 0 : 1)],
		    with ? 3 : 2, approve && i == 0 ? APP_DB_NEED_ROW : 0);
	}
	(void)snprintf(a->object, sizeof(a->object), "approval:%" PRId64,
	    ctx->id);
	(void)snprintf(a->details, sizeof(a->details),
	    "{\"action\":\"%s\",\"object_id\":\"%" PRId64 "\"}", a->act->name,
	    a->object_id);
	api_audit_stmt(ctx, &a->s[n++], a->ap,
	    approve ? "approval.approve" : "approval.reject", a->object,
	    "success", a->details, 0);
	API_TX(ctx, a->s, n);
	if (ctx->job->norow != -1) {
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "approval_closed",
		    NULL,
		    "the request or its object changed meanwhile; nothing "
		    "was done");
		return (KORE_RESULT_OK);
	}
	s = approve ? "{\"status\":\"approved\"}" : "{\"status\":\"rejected\"}";
	api_json_response(ctx->req, HTTP_STATUS_OK, s, strlen(s));
	API_END(ctx);
}

int
api_approvals_approve(struct api_ctx *ctx)
{
	return (decide(ctx, 1));
}

int
api_approvals_reject(struct api_ctx *ctx)
{
	return (decide(ctx, 0));
}

/* --- privacy mode -------------------------------------------------------- */

static const char q_privacy[] =
    "SELECT COALESCE(privacy_until > UTC_TIMESTAMP(6), 0), "
    "IF(privacy_until > UTC_TIMESTAMP(6) AND privacy_until < "
    "'9999-01-01', DATE_FORMAT(privacy_until, '%Y-%m-%dT%H:%i:%sZ'), "
    "NULL), COALESCE(s.read_epoch, 'day'), COALESCE(s.key_version, 1) "
    "FROM tenants t LEFT JOIN tenant_settings s ON "
    "s.tenant_id = t.id WHERE t.id = ?";
static const char q_privacy_set[] =
    "INSERT INTO tenant_settings (tenant_id, privacy_until) VALUES (?, "
    "CASE WHEN ? = 0 THEN NULL WHEN ? = 0 THEN '9999-12-31 00:00:00' "
    "ELSE UTC_TIMESTAMP(6) + INTERVAL ? HOUR END) ON DUPLICATE KEY UPDATE "
    "privacy_until = VALUES(privacy_until), updated_at = UTC_TIMESTAMP(6)";
static const char q_epoch_set[] =
    "INSERT INTO tenant_settings (tenant_id, read_epoch) VALUES (?, ?) "
    "ON DUPLICATE KEY UPDATE read_epoch = VALUES(read_epoch), "
    "updated_at = UTC_TIMESTAMP(6)";

/* The settings as GET shows them, from q_privacy's row. */
static void
privacy_send(struct api_ctx *ctx)
{
	struct sql_result *r = api_result(ctx);
	struct kore_buf   *b;

	if (r == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such tenant");
		return;
	}
	b = kore_buf_alloc(160);
	kore_buf_appendf(b, "{\"privacy_mode\":");
	api_buf_bool(b, r, 0, 0);
	kore_buf_appendf(b, ",\"until\":");
	api_buf_col(b, r, 0, 1);
	kore_buf_appendf(b, ",\"read_epoch\":");
	api_buf_col(b, r, 0, 2);
	kore_buf_appendf(b, ",\"key_version\":%s}",
	    sql_result_text(r, 0, 3, NULL));
	api_buf_send(ctx, HTTP_STATUS_OK, b);
}

int
api_privacy_get(struct api_ctx *ctx)
{
	struct audit *a = api_priv(ctx, sizeof(*a));

	API_BEGIN(ctx);
	a->p[0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_privacy, a->p, 1);
	privacy_send(ctx);
	API_END(ctx);
}

/*
 * PUT {"privacy_mode"?: true|false, "hours"?: 1..24, "read_epoch"?:
 * "none"|"day"|"week"|"month"}, at least one of privacy_mode and
 * read_epoch.  Privacy mode: on for hours, or until lifted without
 * hours; off lifts it; searches of reads answer 403 privacy_mode
 * meanwhile, ingest and decisions go on.  read_epoch: how often the key
 * of stored reads' tokens changes (from the next read on).  Answers as
 * GET does.
 */
int
api_privacy_put(struct api_ctx *ctx)
{
	static const char *const fields[] = { "privacy_mode", "hours",
		"read_epoch", NULL };
	struct audit            *a = api_priv(ctx, sizeof(*a));
	const char              *e;
	int                      bad = 0, on = 0, has_mode, n = 0;
	int64_t                  hours = 0;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	has_mode = api_bool(ctx, "privacy_mode", &on, &bad);
	(void)api_int(ctx, "hours", 1, 24, &hours, &bad);
	e = api_str(ctx, "read_epoch", 16, &bad);
	if (bad)
		return (KORE_RESULT_OK);
	if (!has_mode && e == NULL) {
		api_missing(ctx, "privacy_mode");
		return (KORE_RESULT_OK);
	}
	if (!on && hours != 0) {
		api_error(ctx->req, 400, "invalid_value", "hours",
		    "only with privacy_mode true");
		return (KORE_RESULT_OK);
	}
	if (e != NULL && pseudo_epoch_parse(e) == -1) {
		api_error(ctx->req, 400, "invalid_value", "read_epoch",
		    "one of none, day, week, month");
		return (KORE_RESULT_OK);
	}
	if (has_mode) {
		a->p[0] = sql_p_int(ctx->who.tenant);
		a->p[1] = sql_p_int(on);
		a->p[2] = sql_p_int(hours);
		a->p[3] = a->p[2];
		api_stmt(&a->s[n++], q_privacy_set, a->p, 4, 0);
		(void)snprintf(a->details, sizeof(a->details),
		    "{\"privacy_mode\":%s,\"hours\":%" PRId64 "}",
		    on ? "true" : "false", hours);
		api_audit_stmt(ctx, &a->s[n++], a->ap, "settings.privacy_mode",
		    "settings:privacy", "success", a->details, 0);
	}
	if (e != NULL) {
		a->p[4] = sql_p_int(ctx->who.tenant);
		a->p[5] = sql_p_str(pseudo_epoch_name(
		    (enum pseudo_epoch)pseudo_epoch_parse(e)));
		api_stmt(&a->s[n++], q_epoch_set, &a->p[4], 2, 0);
		(void)snprintf(a->details2, sizeof(a->details2),
		    "{\"read_epoch\":\"%s\"}",
		    pseudo_epoch_name(
		        (enum pseudo_epoch)pseudo_epoch_parse(e)));
		api_audit_stmt(ctx, &a->s[n++], &a->ap[6],
		    "settings.read_epoch", "settings:privacy", "success",
		    a->details2, 0);
	}
	API_TX(ctx, a->s, n);
	a->p[0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_privacy, a->p, 1);
	privacy_send(ctx);
	API_END(ctx);
}
