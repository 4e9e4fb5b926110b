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
 * API keys: "tw_<id>_<64 hex>", 256 random bits of secret, shown once.
 * Stored is HMAC-SHA-256 of the secret under a key derived from the
 * master key (app_keys.apikey), never the secret.  A key has one tenant,
 * one role no stronger than its creator's (api_role_covers()), optional
 * lanes and source networks, and an optional expiry.  Admins see and
 * revoke every key of their tenant; everyone else only their own.  An
 * admin key works only after a second admin approved it (four-eyes).
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "api_net.h"
#include "api_util.h"

#define KEY_LANES_MAX    64
#define KEY_NETWORKS_MAX 32

struct keys {
	char               name[65];
	int                role;
	int                admin; /* waits for a second admin */
	char               lanes[1024];
	char               networks[2048];
	time_t             expires;
	char               expires_sql[32]; /* UTC "YYYY-MM-DD HH:MM:SS" */
	unsigned char      secret[32];
	char               secret_hex[65];
	unsigned char      mac[PSEUDO_MAC_LEN];
	int64_t            limit, cursor;
	char               object[32];
	char               details[96];
	struct sql_param   p[12];
	struct sql_param   ap[6];
	struct app_db_stmt s[5];
};

static const char q_create[] =
    "INSERT INTO api_keys (tenant_id, name, role, secret_hash, created_by, "
    "pending_approval, lanes, networks, expires_at, master_id) VALUES (?, "
    "?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), ?)";
static const char q_setid[] = "SET @tw_id = LAST_INSERT_ID()";
static const char q_admins[] =
    "SELECT COUNT(*) FROM users WHERE tenant_id = ? AND role = 'admin' "
    "AND pending_approval = 0";
static const char q_approval[] =
    "INSERT INTO approvals (tenant_id, action, object_id, requested_by, "
    "expires_at) VALUES (?, 'apikey.create_admin', @tw_id, ?, "
    "UTC_TIMESTAMP(6) + INTERVAL 1 DAY)";
static const char q_audit_key[] =
    "INSERT INTO audit_log (tenant_id, actor, action, object, outcome, "
    "details) VALUES (?, ?, ?, CONCAT(?, @tw_id), ?, ?)";
#define KEY_COLS                                                               \
	"SELECT id, name, role, lanes, networks, "                             \
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), "                      \
	"DATE_FORMAT(expires_at, '%Y-%m-%dT%H:%i:%sZ'), "                      \
	"DATE_FORMAT(revoked_at, '%Y-%m-%dT%H:%i:%sZ'), "                      \
	"DATE_FORMAT(last_used_at, '%Y-%m-%dT%H:%i:%sZ'), pending_approval, "  \
	"created_by FROM api_keys "
static const char q_list[] =
    KEY_COLS "WHERE tenant_id = ? AND (? = 1 OR created_by = ?) AND id > ? "
             "ORDER BY id LIMIT ?";
static const char q_get[] =
    KEY_COLS "WHERE tenant_id = ? AND (? = 1 OR created_by = ?) AND id = ?";
static const char q_revoke[] =
    "UPDATE api_keys SET revoked_at = UTC_TIMESTAMP(6) WHERE tenant_id = ? "
    "AND (? = 1 OR created_by = ?) AND id = ? AND revoked_at IS NULL";

/* lanes: [id, …] as "1,2"; networks: [cidr, …], canonical, as "a,b". */
static int
take_lists(struct api_ctx *ctx, struct keys *k)
{
	const struct api_jvalue *v, *e;
	struct api_net           net;
	char                     one[API_NET_STRLEN];
	size_t                   off = 0;
	int                      n;

	if ((v = api_json_get(ctx->json, "lanes")) != NULL) {
		if (v->type != API_JARRAY || v->count > KEY_LANES_MAX) {
			api_error(ctx->req, 400, "invalid_value", "lanes",
			    "an array of at most 64 lane ids");
			return (0);
		}
		for (e = v->child; e != NULL; e = e->next) {
			if (e->type == API_JNUMBER && e->is_int && e->i > 0)
				n = snprintf(k->lanes + off,
				    sizeof(k->lanes) - off, "%s%" PRId64,
				    off ? "," : "", e->i);
			else if (e->type == API_JSTRING && e->len > 0 &&
			    e->len <= 18 &&
			    strspn(e->str, "0123456789") == e->len &&
			    e->str[0] != '0')
				n = snprintf(k->lanes + off,
				    sizeof(k->lanes) - off, "%s%s",
				    off ? "," : "", e->str);
			else {
				api_error(ctx->req, 400, "invalid_value",
				    "lanes", "lane ids are positive integers");
				return (0);
			}
			if (n < 0 || (size_t)n >= sizeof(k->lanes) - off) {
				api_error(ctx->req, 400, "invalid_value",
				    "lanes", "too many lane ids");
				return (0);
			}
			off += (size_t)n;
		}
	}
	off = 0;
	if ((v = api_json_get(ctx->json, "networks")) != NULL) {
		if (v->type != API_JARRAY || v->count > KEY_NETWORKS_MAX) {
			api_error(ctx->req, 400, "invalid_value", "networks",
			    "an array of at most 32 networks (CIDR)");
			return (0);
		}
		for (e = v->child; e != NULL; e = e->next) {
			if (e->type != API_JSTRING ||
			    api_net_parse(e->str, &net) == -1 ||
			    api_net_format(&net, one, sizeof(one)) == NULL) {
				api_error(ctx->req, 400, "invalid_value",
				    "networks",
				    "networks are CIDR like 192.0.2.0/24 or "
				    "2001:db8::/32, without host bits");
				return (0);
			}
			n = snprintf(k->networks + off,
			    sizeof(k->networks) - off, "%s%s", off ? "," : "",
			    one);
			if (n < 0 || (size_t)n >= sizeof(k->networks) - off) {
				api_error(ctx->req, 400, "invalid_value",
				    "networks", "too many networks");
				return (0);
			}
			off += (size_t)n;
		}
	}

	return (1);
}

int
api_keys_create(struct api_ctx *ctx)
{
	static const char *const fields[] = { "name", "role", "lanes",
		"networks", "expires_at", NULL };
	struct keys             *k = api_priv(ctx, sizeof(*k));
	struct kore_buf         *b;
	const char              *s;
	int                      bad = 0, admin;
	size_t                   n = 0;
	char                     exp[32];

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	if ((s = api_str_req(ctx, "name", 64)) == NULL)
		return (KORE_RESULT_OK);
	if (*s == '\0') {
		api_error(ctx->req, 400, "invalid_value", "name",
		    "must not be empty");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(k->name, sizeof(k->name), "%s", s);
	if ((s = api_str_req(ctx, "role", 16)) == NULL)
		return (KORE_RESULT_OK);
	if ((k->role = api_role_parse(s, strlen(s))) == -1) {
		api_error(ctx->req, 400, "invalid_value", "role",
		    "one of admin, operator, viewer, statistics, auditor, "
		    "integrator, device");
		return (KORE_RESULT_OK);
	}
	if (!api_role_covers(ctx->who.role, (enum api_role)k->role)) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "role_too_strong",
		    "role", "a key's role cannot be stronger than yours");
		return (KORE_RESULT_OK);
	}
	if (!take_lists(ctx, k))
		return (KORE_RESULT_OK);
	k->expires = 0;
	if ((s = api_str(ctx, "expires_at", 64, &bad)) != NULL &&
	    (api_parse_rfc3339(s, &k->expires) == -1 ||
	        k->expires <= time(NULL))) {
		api_error(ctx->req, 400, "invalid_value", "expires_at",
		    "an RFC 3339 time with offset, in the future");
		return (KORE_RESULT_OK);
	}
	if (bad)
		return (KORE_RESULT_OK);
	/* A string, not FROM_UNIXTIME(): that ends in 2038. */
	k->expires_sql[0] = '\0';
	if (k->expires != 0)
		api_time_sql(k->expires, k->expires_sql,
		    sizeof(k->expires_sql));

	if (api_random_hex(k->secret, sizeof(k->secret), k->secret_hex) == -1 ||
	    pseudo_mac(&app_keys.apikey, k->secret, sizeof(k->secret),
	        k->mac) == -1) {
		api_error(ctx->req, 500, "internal", NULL, "cannot make a key");
		return (KORE_RESULT_OK);
	}
	explicit_bzero(k->secret, sizeof(k->secret));

	k->admin = k->role == API_ROLE_ADMIN;
	if (k->admin) {
		k->p[0] = sql_p_int(ctx->who.tenant);
		API_SQL(ctx, q_admins, k->p, 1);
		if (api_admin_count(ctx) < 2)
			k->admin = 0;
	}
	admin = k->admin;
	k->p[0] = sql_p_int(ctx->who.tenant);
	k->p[1] = sql_p_str(k->name);
	k->p[2] = sql_p_str(api_role_name((enum api_role)k->role));
	k->p[3] = sql_p_blob(k->mac, sizeof(k->mac));
	k->p[4] = sql_p_int(ctx->who.user_id);
	k->p[5] = sql_p_int(admin);
	k->p[6] = sql_p_str(k->lanes);
	k->p[7] = sql_p_str(k->networks);
	k->p[8] = sql_p_str(k->expires_sql);
	k->p[9] = sql_p_int(app_keys.master_id);
	api_stmt(&k->s[n++], q_create, k->p, 10, 0);
	api_stmt(&k->s[n++], q_setid, NULL, 0, 0);
	(void)snprintf(k->details, sizeof(k->details),
	    "{\"role\":\"%s\",\"four_eyes\":%s}",
	    api_role_name((enum api_role)k->role), admin ? "true" : "false");
	api_audit_stmt(ctx, &k->s[n], k->ap, "apikey.create",
	    "apikey:", admin ? "requested" : "success", k->details, 0);
	k->s[n++].query = q_audit_key;
	if (admin) {
		k->p[10] = sql_p_int(ctx->who.tenant);
		k->p[11] = sql_p_int(ctx->who.user_id);
		api_stmt(&k->s[n++], q_approval, &k->p[10], 2, 0);
	}
	API_TX(ctx, k->s, n);

	b = kore_buf_alloc(256);
	kore_buf_appendf(b,
	    "{\"id\":\"%" PRIu64 "\",\"key\":\"tw_%" PRIu64 "_%s\","
	    "\"role\":\"%s\",\"status\":\"%s\",\"expires_at\":",
	    ctx->job->insert_id, ctx->job->insert_id, k->secret_hex,
	    api_role_name((enum api_role)k->role),
	    k->admin ? "pending_approval" : "active");
	explicit_bzero(k->secret_hex, sizeof(k->secret_hex));
	if (k->expires != 0) {
		api_time_rfc3339(k->expires, exp, sizeof(exp));
		kore_buf_appendf(b, "\"%s\"}", exp);
	} else {
		kore_buf_appendf(b, "null}");
	}
	/*
	 * 201 either way (API.md): the key exists, shown this once; status
	 * says whether it works yet.
	 */
	api_buf_send(ctx, HTTP_STATUS_CREATED, b);
	API_END(ctx);
}

static void
key_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	static const char *const names[] = { "id", "name", "role", "lanes",
		"networks", "created_at", "expires_at", "revoked_at",
		"last_used_at" };
	size_t                   c;

	kore_buf_appendf(b, "{");
	for (c = 0; c < 9; c++) {
		kore_buf_appendf(b, "%s\"%s\":", c ? "," : "", names[c]);
		if (c == 3 || c == 4) {
			/* Stored as "a,b": an array of strings. */
			api_buf_list(b, sql_result_text(r, i, c, NULL));
		} else {
			api_buf_col(b, r, i, c);
		}
	}
	kore_buf_appendf(b, ",\"pending_approval\":");
	api_buf_bool(b, r, i, 9);
	kore_buf_appendf(b, ",\"created_by\":");
	api_buf_col(b, r, i, 10);
	kore_buf_appendf(b, "}");
}

/* Admins act on every key of the tenant; others on their own. */
static void
scope(struct api_ctx *ctx, struct sql_param *p)
{
	p[0] = sql_p_int(ctx->who.tenant);
	p[1] = sql_p_int(ctx->who.role == API_ROLE_ADMIN);
	p[2] = sql_p_int(ctx->who.user_id);
}

int
api_keys_list(struct api_ctx *ctx)
{
	struct keys *k = api_priv(ctx, sizeof(*k));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &k->limit, &k->cursor))
		return (KORE_RESULT_OK);
	scope(ctx, k->p);
	k->p[3] = sql_p_int(k->cursor);
	k->p[4] = sql_p_int(k->limit);
	API_SQL(ctx, q_list, k->p, 5);
	api_list_send(ctx, k->limit, key_json);
	API_END(ctx);
}

int
api_keys_get(struct api_ctx *ctx)
{
	struct keys *k = api_priv(ctx, sizeof(*k));

	API_BEGIN(ctx);
	scope(ctx, k->p);
	k->p[3] = sql_p_int(ctx->id);
	API_SQL(ctx, q_get, k->p, 4);
	api_item_send(ctx, "API key", key_json);
	API_END(ctx);
}

int
api_keys_delete(struct api_ctx *ctx)
{
	struct keys *k = api_priv(ctx, sizeof(*k));

	API_BEGIN(ctx);
	scope(ctx, k->p);
	k->p[3] = sql_p_int(ctx->id);
	api_stmt(&k->s[0], q_revoke, k->p, 4, APP_DB_NEED_ROW);
	(void)snprintf(k->object, sizeof(k->object), "apikey:%" PRId64,
	    ctx->id);
	api_audit_stmt(ctx, &k->s[1], k->ap, "apikey.revoke", k->object,
	    "success", NULL, 0);
	API_TX(ctx, k->s, 2);
	if (ctx->job->norow != -1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such API key");
		return (KORE_RESULT_OK);
	}
	http_response(ctx->req, HTTP_STATUS_NO_CONTENT, NULL, 0);
	API_END(ctx);
}
