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
 * Users (admins of a tenant) and tenants (system administrators: admins
 * of tenant 1).  Every statement is scoped by the caller's tenant, so
 * another tenant's user is "not found".  Making someone an admin goes
 * through four-eyes (api_approvals.c): the user exists at once but cannot
 * log in (new) or keeps the old role (change) until a second admin of the
 * tenant approves.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_util.h"

struct users {
	char               password[PSEUDO_PASSWORD_MAX_BYTES + 1];
	char               hash[PSEUDO_PASSWORD_HASH_MAX];
	int                hashed;
	char               username[65];
	char               name[65];
	int                role;
	int                admin;
	int                reset_totp;
	int                target_admin; /* another admin */
	int                filed; /* waits for approval */
	struct sql_param   fp[3][5]; /* filed approvals' parameters */
	size_t             nfiled;
	int64_t            limit, cursor;
	char               object[32];
	char               details[160];
	struct sql_param   p[12];
	struct sql_param   ap[6];
	struct app_db_stmt s[10];
};

static void hash_task(void *);
static void user_json(struct kore_buf *, struct sql_result *, size_t);
static int  take_password(struct api_ctx *, struct users *, const char *,
     const char *);

static const char q_list[] =
    "SELECT id, username, role, must_change_password, "
    "totp_secret IS NOT NULL, pending_approval, "
    "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM users "
    "WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?";
static const char q_get[] =
    "SELECT id, username, role, must_change_password, "
    "totp_secret IS NOT NULL, pending_approval, "
    "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM users "
    "WHERE tenant_id = ? AND id = ?";
static const char q_create[] =
    "INSERT INTO users (tenant_id, username, role, password_hash, "
    "must_change_password, pending_approval) VALUES (?, ?, ?, ?, 1, ?)";
static const char q_setid[] = "SET @tw_id = LAST_INSERT_ID()";
static const char q_approval[] =
    "INSERT INTO approvals (tenant_id, action, object_id, requested_by, "
    "expires_at) VALUES (?, ?, @tw_id, ?, UTC_TIMESTAMP(6) + INTERVAL 1 DAY)";
static const char q_role[] =
    "UPDATE users SET role = ?, updated_at = UTC_TIMESTAMP(6) "
    "WHERE tenant_id = ? AND id = ?";
static const char q_exists[] =
    "SELECT id FROM users WHERE tenant_id = ? AND id = ? FOR UPDATE";
static const char q_reset[] =
    "UPDATE users SET password_hash = ?, must_change_password = 1, "
    "failed_count = 0, locked_until = NULL, "
    "updated_at = UTC_TIMESTAMP(6) WHERE tenant_id = ? AND id = ?";
static const char q_reset_totp[] =
    "UPDATE users SET totp_secret = NULL, totp_pending = NULL, "
    "totp_master = NULL, "
    "totp_last_counter = NULL WHERE tenant_id = ? AND id = ?";
static const char q_kill_sessions[] =
    "DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?";
/*
 * Four-eyes needs two admins: while a tenant has fewer than two active
 * admins, making one needs no second (audited as "bootstrap").
 */
static const char q_admins[] =
    "SELECT COUNT(*) FROM users WHERE tenant_id = ? AND role = 'admin' "
    "AND pending_approval = 0";

static const char q_file[] =
    "INSERT INTO approvals (tenant_id, action, object_id, payload, "
    "requested_by, expires_at) VALUES (?, ?, ?, ?, ?, "
    "UTC_TIMESTAMP(6) + INTERVAL 1 DAY)";
static const char q_revoke_keys[] =
    "UPDATE api_keys SET revoked_at = UTC_TIMESTAMP(6) WHERE tenant_id = ? "
    "AND created_by = ? AND revoked_at IS NULL";

/* Add an approval request for action on user ctx->id to the statements. */
static size_t
file_approval(struct api_ctx *ctx, struct users *u, size_t n,
    const char *action, const char *payload)
{
	struct sql_param *p = u->fp[u->nfiled++];

	p[0] = sql_p_int(ctx->who.tenant);
	p[1] = sql_p_str(action);
	p[2] = sql_p_int(ctx->id);
	p[3] = sql_p_str(payload);
	p[4] = sql_p_int(ctx->who.user_id);
	api_stmt(&u->s[n], q_file, p, 5, 0);

	return (n + 1);
}

static const char pending[] = "{\"status\":\"pending_approval\"}";

static const char q_delete[] =
    "DELETE FROM users WHERE tenant_id = ? AND id = ?";

int
api_users_list(struct api_ctx *ctx)
{
	struct users *u = api_priv(ctx, sizeof(*u));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &u->limit, &u->cursor))
		return (KORE_RESULT_OK);
	u->p[0] = sql_p_int(ctx->who.tenant);
	u->p[1] = sql_p_int(u->cursor);
	u->p[2] = sql_p_int(u->limit);
	API_SQL(ctx, q_list, u->p, 3);
	api_list_send(ctx, u->limit, user_json);
	API_END(ctx);
}

int
api_users_get(struct api_ctx *ctx)
{
	struct users *u = api_priv(ctx, sizeof(*u));

	API_BEGIN(ctx);
	u->p[0] = sql_p_int(ctx->who.tenant);
	u->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_get, u->p, 2);
	api_item_send(ctx, "user", user_json);
	API_END(ctx);
}

int
api_users_create(struct api_ctx *ctx)
{
	static const char *const fields[] = { "username", "password", "role",
		NULL };
	struct users            *u = api_priv(ctx, sizeof(*u));
	struct kore_buf         *b;
	const char              *s;
	size_t                   n = 0;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	if ((s = api_str_req(ctx, "username", 64)) == NULL)
		return (KORE_RESULT_OK);
	if (!api_username_ok(s)) {
		api_error(ctx->req, 400, "invalid_value", "username",
		    "3 to 64 of A-Z a-z 0-9 . _ @ -, starting with a letter "
		    "or digit");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(u->username, sizeof(u->username), "%s", s);
	if ((s = api_str_req(ctx, "role", 16)) == NULL)
		return (KORE_RESULT_OK);
	if ((u->role = api_role_parse(s, strlen(s))) == -1 ||
	    u->role == API_ROLE_DEVICE) {
		api_error(ctx->req, 400, "invalid_value", "role",
		    "one of admin, operator, viewer, statistics, auditor, "
		    "integrator (devices are API keys)");
		return (KORE_RESULT_OK);
	}
	if (!take_password(ctx, u, "password", u->username))
		return (KORE_RESULT_OK);

	api_work_start(ctx, hash_task);
	API_WAIT(ctx);
	explicit_bzero(u->password, sizeof(u->password));
	if (u->hashed != 1) {
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot hash the password");
		return (KORE_RESULT_OK);
	}

	u->admin = u->role == API_ROLE_ADMIN;
	if (u->admin) {
		u->p[0] = sql_p_int(ctx->who.tenant);
		API_SQL(ctx, q_admins, u->p, 1);
		if (api_admin_count(ctx) < 2)
			u->admin = 0;
	}
	u->p[0] = sql_p_int(ctx->who.tenant);
	u->p[1] = sql_p_str(u->username);
	u->p[2] = sql_p_str(api_role_name((enum api_role)u->role));
	u->p[3] = sql_p_str(u->hash);
	u->p[4] = sql_p_int(u->admin);
	api_stmt(&u->s[n++], q_create, u->p, 5, 0);
	api_stmt(&u->s[n++], q_setid, NULL, 0, 0);
	(void)snprintf(u->details, sizeof(u->details),
	    "{\"role\":\"%s\",\"four_eyes\":%s}",
	    api_role_name((enum api_role)u->role),
	    u->admin                      ? "true" :
	        u->role == API_ROLE_ADMIN ? "\"bootstrap\"" :
	                                    "false");
	api_audit_stmt(ctx, &u->s[n++], u->ap, "user.create",
	    "user:", u->admin ? "requested" : "success", u->details, 1);
	if (u->admin) {
		u->p[5] = sql_p_int(ctx->who.tenant);
		u->p[6] = sql_p_str("user.create_admin");
		u->p[7] = sql_p_int(ctx->who.user_id);
		api_stmt(&u->s[n++], q_approval, &u->p[5], 3, 0);
	}
	API_TX(ctx, u->s, n);

	b = kore_buf_alloc(128);
	kore_buf_appendf(b, "{\"id\":\"%" PRIu64 "\",\"status\":\"%s\"}",
	    ctx->job->insert_id, u->admin ? "pending_approval" : "active");
	api_buf_send(ctx, u->admin ? 202 : HTTP_STATUS_CREATED, b);
	API_END(ctx);
}

/*
 * PATCH {"role"?, "password"?, "reset_totp"?}.  A new password must be
 * changed at the next login and ends the user's sessions; a role of admin
 * waits for a second admin.
 */
int
api_users_update(struct api_ctx *ctx)
{
	static const char *const fields[] = { "role", "password", "reset_totp",
		NULL };
	struct users            *u = api_priv(ctx, sizeof(*u));
	struct sql_result       *r;
	const char              *s;
	size_t                   n = 0;
	int                      bad = 0;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	u->role = -1;
	if ((s = api_str(ctx, "role", 16, &bad)) != NULL &&
	    ((u->role = api_role_parse(s, strlen(s))) == -1 ||
	        u->role == API_ROLE_DEVICE)) {
		api_error(ctx->req, 400, "invalid_value", "role",
		    "one of admin, operator, viewer, statistics, auditor, "
		    "integrator");
		return (KORE_RESULT_OK);
	}
	(void)api_bool(ctx, "reset_totp", &u->reset_totp, &bad);
	if (bad)
		return (KORE_RESULT_OK);
	if (ctx->id == ctx->who.user_id && u->role != -1) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "own_role", "role",
		    "nobody changes their own role");
		return (KORE_RESULT_OK);
	}
	u->p[0] = sql_p_int(ctx->who.tenant);
	u->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_get, u->p, 2);
	if ((r = api_result(ctx)) == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such user");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(u->username, sizeof(u->username), "%s",
	    sql_result_text(r, 0, 1, NULL));
	u->target_admin =
	    strcmp(sql_result_text(r, 0, 2, NULL), "admin") == 0 &&
	    ctx->id != ctx->who.user_id;
	if (api_json_get(ctx->json, "password") != NULL) {
		if (!take_password(ctx, u, "password", u->username))
			return (KORE_RESULT_OK);
		api_work_start(ctx, hash_task);
		API_WAIT(ctx);
		explicit_bzero(u->password, sizeof(u->password));
		if (u->hashed != 1) {
			api_error(ctx->req, 500, "internal", NULL,
			    "cannot hash the password");
			return (KORE_RESULT_OK);
		}
	}

	u->admin = u->role == API_ROLE_ADMIN && !u->target_admin;
	if (u->admin || u->target_admin) {
		u->p[0] = sql_p_int(ctx->who.tenant);
		API_SQL(ctx, q_admins, u->p, 1);
		/* Bootstrap: nobody else could approve. */
		if (api_admin_count(ctx) < 2) {
			u->admin = 0;
			u->target_admin = 0;
		}
	}
	u->p[0] = sql_p_int(ctx->who.tenant);
	u->p[1] = sql_p_int(ctx->id);
	api_stmt(&u->s[n++], q_exists, u->p, 2, APP_DB_NEED_ROW);

	if (u->target_admin) {
		/*
		 * Another admin: changing, resetting or (api_users_delete)
		 * removing one waits for a second admin, or one admin could
		 * take over or demote the other and be alone again.
		 */
		if (u->role != -1 && u->role != API_ROLE_ADMIN)
			n = file_approval(ctx, u, n, "user.demote_admin",
			    api_role_name((enum api_role)u->role));
		if (u->hashed == 1)
			n = file_approval(ctx, u, n,
			    "user.reset_admin_password", u->hash);
		if (u->reset_totp)
			n = file_approval(ctx, u, n, "user.reset_admin_totp",
			    "");
	} else {
		if (u->role != -1 && !u->admin) {
			u->p[2] =
			    sql_p_str(api_role_name((enum api_role)u->role));
			u->p[3] = u->p[0];
			u->p[4] = u->p[1];
			api_stmt(&u->s[n++], q_role, &u->p[2], 3,
			    APP_DB_NEED_ROW);
			/* Keys follow their creator's role: none outlives it.
			 */
			api_stmt(&u->s[n++], q_revoke_keys, u->p, 2, 0);
		}
		if (u->admin)
			n = file_approval(ctx, u, n, "user.role_admin", "");
		if (u->hashed == 1) {
			u->p[9] = sql_p_str(u->hash);
			u->p[10] = u->p[0];
			u->p[11] = u->p[1];
			api_stmt(&u->s[n++], q_reset, &u->p[9], 3, 0);
		}
		if (u->hashed == 1 || u->reset_totp)
			api_stmt(&u->s[n++], q_kill_sessions, u->p, 2, 0);
		if (u->reset_totp)
			api_stmt(&u->s[n++], q_reset_totp, u->p, 2, 0);
	}
	u->filed = u->admin || u->target_admin;
	(void)snprintf(u->object, sizeof(u->object), "user:%" PRId64, ctx->id);
	(void)snprintf(u->details, sizeof(u->details),
	    "{\"role\":%s%s%s,\"password_reset\":%s,\"totp_reset\":%s}",
	    u->role == -1 ? "" : "\"",
	    u->role == -1 ? "null" : api_role_name((enum api_role)u->role),
	    u->role == -1 ? "" : "\"", u->hashed == 1 ? "true" : "false",
	    u->reset_totp ? "true" : "false");
	api_audit_stmt(ctx, &u->s[n++], u->ap, "user.update", u->object,
	    u->filed ? "requested" : "success", u->details, 0);
	API_TX(ctx, u->s, n);
	explicit_bzero(u->hash, sizeof(u->hash));
	if (ctx->job->norow != -1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such user");
		return (KORE_RESULT_OK);
	}
	if (u->filed) {
		api_json_response(ctx->req, 202, pending, sizeof(pending) - 1);
		return (KORE_RESULT_OK);
	}
	http_response(ctx->req, HTTP_STATUS_NO_CONTENT, NULL, 0);
	API_END(ctx);
}

/*
 * DELETE: the user, their sessions and (revoked first) their keys.
 * Another admin waits for a second admin, as in api_users_update().
 */
int
api_users_delete(struct api_ctx *ctx)
{
	struct users      *u = api_priv(ctx, sizeof(*u));
	struct sql_result *r;
	size_t             n = 0;

	API_BEGIN(ctx);
	if (ctx->id == ctx->who.user_id) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "own_account", NULL,
		    "nobody deletes their own account");
		return (KORE_RESULT_OK);
	}
	u->p[0] = sql_p_int(ctx->who.tenant);
	u->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_get, u->p, 2);
	if ((r = api_result(ctx)) == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such user");
		return (KORE_RESULT_OK);
	}
	u->target_admin = strcmp(sql_result_text(r, 0, 2, NULL), "admin") == 0;
	if (u->target_admin) {
		u->p[0] = sql_p_int(ctx->who.tenant);
		API_SQL(ctx, q_admins, u->p, 1);
		if (api_admin_count(ctx) < 2)
			u->target_admin = 0;
	}
	u->p[0] = sql_p_int(ctx->who.tenant);
	u->p[1] = sql_p_int(ctx->id);
	api_stmt(&u->s[n++], q_exists, u->p, 2, APP_DB_NEED_ROW);
	if (u->target_admin) {
		n = file_approval(ctx, u, n, "user.delete_admin", "");
	} else {
		api_stmt(&u->s[n++], q_revoke_keys, u->p, 2, 0);
		api_stmt(&u->s[n++], q_delete, u->p, 2, 0);
	}
	(void)snprintf(u->object, sizeof(u->object), "user:%" PRId64, ctx->id);
	api_audit_stmt(ctx, &u->s[n++], u->ap, "user.delete", u->object,
	    u->target_admin ? "requested" : "success", NULL, 0);
	API_TX(ctx, u->s, n);
	if (ctx->job->norow != -1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such user");
		return (KORE_RESULT_OK);
	}
	if (u->target_admin) {
		api_json_response(ctx->req, 202, pending, sizeof(pending) - 1);
		return (KORE_RESULT_OK);
	}
	http_response(ctx->req, HTTP_STATUS_NO_CONTENT, NULL, 0);
	API_END(ctx);
}

/* --- tenants (system administrators) ------------------------------------ */

static const char q_tenants[] =
    "SELECT id, name, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') "
    "FROM tenants WHERE id > ? ORDER BY id LIMIT ?";
static const char q_tenant[] =
    "SELECT id, name, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') "
    "FROM tenants WHERE id = ?";
static const char q_tenant_new[] = "INSERT INTO tenants (name) VALUES (?)";
static const char q_tenant_settings[] =
    "INSERT INTO tenant_settings (tenant_id) VALUES (@tw_id)";
static const char q_tenant_admin[] =
    "INSERT INTO users (tenant_id, username, role, password_hash, "
    "must_change_password) VALUES (@tw_id, ?, 'admin', ?, 1)";
static const char q_tenant_delete[] = "DELETE FROM tenants WHERE id = ?";
static const char q_tenant_reads[] =
    "DELETE FROM plate_reads WHERE tenant_id = ?";

static void
tenant_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"name\":");
	api_buf_col(b, r, i, 1);
	kore_buf_appendf(b, ",\"created_at\":");
	api_buf_col(b, r, i, 2);
	kore_buf_appendf(b, "}");
}

int
api_tenants_list(struct api_ctx *ctx)
{
	struct users *u = api_priv(ctx, sizeof(*u));

	API_BEGIN(ctx);
	if (!api_query_limit(ctx, &u->limit, &u->cursor))
		return (KORE_RESULT_OK);
	u->p[0] = sql_p_int(u->cursor);
	u->p[1] = sql_p_int(u->limit);
	API_SQL(ctx, q_tenants, u->p, 2);
	api_list_send(ctx, u->limit, tenant_json);
	API_END(ctx);
}

int
api_tenants_get(struct api_ctx *ctx)
{
	struct users *u = api_priv(ctx, sizeof(*u));

	API_BEGIN(ctx);
	u->p[0] = sql_p_int(ctx->id);
	API_SQL(ctx, q_tenant, u->p, 1);
	api_item_send(ctx, "tenant", tenant_json);
	API_END(ctx);
}

/*
 * POST {"name", "admin_username"}: the tenant, its settings and its first
 * admin, whose random password is in the answer (only there) and must be
 * changed at first login.
 */
int
api_tenants_create(struct api_ctx *ctx)
{
	static const char *const fields[] = { "name", "admin_username", NULL };
	struct users            *u = api_priv(ctx, sizeof(*u));
	struct kore_buf         *b;
	const char              *s;
	unsigned char            raw[15];

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	if ((s = api_str_req(ctx, "name", 64)) == NULL)
		return (KORE_RESULT_OK);
	if (!api_username_ok(s)) {
		api_error(ctx->req, 400, "invalid_value", "name",
		    "3 to 64 of A-Z a-z 0-9 . _ @ -");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(u->name, sizeof(u->name), "%s", s);
	if ((s = api_str_req(ctx, "admin_username", 64)) == NULL)
		return (KORE_RESULT_OK);
	if (!api_username_ok(s)) {
		api_error(ctx->req, 400, "invalid_value", "admin_username",
		    "3 to 64 of A-Z a-z 0-9 . _ @ -, starting with a letter "
		    "or digit");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(u->username, sizeof(u->username), "%s", s);
	if (pseudo_random(raw, sizeof(raw)) == -1 ||
	    pseudo_base32_encode(raw, sizeof(raw), u->password,
	        sizeof(u->password)) == -1) {
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot make a password");
		return (KORE_RESULT_OK);
	}
	explicit_bzero(raw, sizeof(raw));
	api_work_start(ctx, hash_task);
	API_WAIT(ctx);
	if (u->hashed != 1) {
		explicit_bzero(u->password, sizeof(u->password));
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot hash the password");
		return (KORE_RESULT_OK);
	}
	u->p[0] = sql_p_str(u->name);
	api_stmt(&u->s[0], q_tenant_new, u->p, 1, 0);
	api_stmt(&u->s[1], q_setid, NULL, 0, 0);
	api_stmt(&u->s[2], q_tenant_settings, NULL, 0, 0);
	u->p[1] = sql_p_str(u->username);
	u->p[2] = sql_p_str(u->hash);
	api_stmt(&u->s[3], q_tenant_admin, &u->p[1], 2, 0);
	api_audit_stmt(ctx, &u->s[4], u->ap, "tenant.create",
	    "tenant:", "success", NULL, 1);
	/* LAST_INSERT_ID() is the admin's by now: name the tenant. */
	u->s[4].query = "INSERT INTO audit_log (tenant_id, actor, action, "
	                "object, outcome, details) VALUES (?, ?, ?, "
	                "CONCAT(?, @tw_id), ?, ?)";
	API_TX(ctx, u->s, 5);

	b = kore_buf_alloc(256);
	kore_buf_appendf(b, "{\"id\":\"%" PRIu64 "\",\"admin\":{\"username\":",
	    ctx->job->insert_id);
	api_buf_str(b, u->username);
	kore_buf_appendf(b, ",\"password\":\"%s\"}}", u->password);
	explicit_bzero(u->password, sizeof(u->password));
	api_buf_send(ctx, HTTP_STATUS_CREATED, b);
	API_END(ctx);
}

static const char q_tenant_rename[] =
    "UPDATE tenants SET name = ? WHERE id = ?";

/* PATCH {"name"}: rename a tenant. */
int
api_tenants_update(struct api_ctx *ctx)
{
	static const char *const fields[] = { "name", NULL };
	struct users            *u = api_priv(ctx, sizeof(*u));
	const char              *s;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	if ((s = api_str_req(ctx, "name", 64)) == NULL)
		return (KORE_RESULT_OK);
	if (!api_username_ok(s)) {
		api_error(ctx->req, 400, "invalid_value", "name",
		    "3 to 64 of A-Z a-z 0-9 . _ @ -");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(u->name, sizeof(u->name), "%s", s);
	u->p[0] = sql_p_str(u->name);
	u->p[1] = sql_p_int(ctx->id);
	api_stmt(&u->s[0], q_tenant_rename, u->p, 2, APP_DB_NEED_ROW);
	(void)snprintf(u->object, sizeof(u->object), "tenant:%" PRId64,
	    ctx->id);
	api_audit_stmt(ctx, &u->s[1], u->ap, "tenant.update", u->object,
	    "success", NULL, 0);
	API_TX(ctx, u->s, 2);
	if (ctx->job->norow != -1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such tenant");
		return (KORE_RESULT_OK);
	}
	http_response(ctx->req, HTTP_STATUS_NO_CONTENT, NULL, 0);
	API_END(ctx);
}

int
api_tenants_delete(struct api_ctx *ctx)
{
	struct users *u = api_priv(ctx, sizeof(*u));

	API_BEGIN(ctx);
	if (ctx->id == API_SYSTEM_TENANT) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "system_tenant",
		    NULL, "the system tenant cannot be deleted");
		return (KORE_RESULT_OK);
	}
	u->p[0] = sql_p_int(ctx->id);
	api_stmt(&u->s[0], q_tenant_delete, u->p, 1, APP_DB_NEED_ROW);
	/* No foreign key can reach a partitioned table: its reads by hand. */
	api_stmt(&u->s[1], q_tenant_reads, u->p, 1, 0);
	(void)snprintf(u->object, sizeof(u->object), "tenant:%" PRId64,
	    ctx->id);
	api_audit_stmt(ctx, &u->s[2], u->ap, "tenant.delete", u->object,
	    "success", NULL, 0);
	API_TX(ctx, u->s, 3);
	if (ctx->job->norow != -1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such tenant");
		return (KORE_RESULT_OK);
	}
	http_response(ctx->req, HTTP_STATUS_NO_CONTENT, NULL, 0);
	API_END(ctx);
}

/* --- helpers ----------------------------------------------------------- */

static void
hash_task(void *arg)
{
	struct users *u = arg;

	u->hashed =
	    pseudo_password_hash(u->password, u->hash, sizeof(u->hash)) == 0 ?
	    1 :
	    -1;
}

/* The password member field, checked against the policy for username. */
static int
take_password(struct api_ctx *ctx, struct users *u, const char *field,
    const char *username)
{
	const char *s, *why;
	int         bad = 0;

	if ((s = api_str(ctx, field, 4 * PSEUDO_PASSWORD_MAX_BYTES, &bad)) ==
	    NULL) {
		if (!bad)
			api_missing(ctx, field);
		return (0);
	}
	if (pseudo_password_policy(s, username, &why) == -1) {
		api_error(ctx->req, 400, "weak_password", field, why);
		return (0);
	}
	(void)snprintf(u->password, sizeof(u->password), "%s", s);

	return (1);
}

static void
user_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	kore_buf_appendf(b, "{\"id\":");
	api_buf_col(b, r, i, 0);
	kore_buf_appendf(b, ",\"username\":");
	api_buf_col(b, r, i, 1);
	kore_buf_appendf(b, ",\"role\":");
	api_buf_col(b, r, i, 2);
	kore_buf_appendf(b, ",\"must_change_password\":");
	api_buf_bool(b, r, i, 3);
	kore_buf_appendf(b, ",\"totp_enrolled\":");
	api_buf_bool(b, r, i, 4);
	kore_buf_appendf(b, ",\"pending_approval\":");
	api_buf_bool(b, r, i, 5);
	kore_buf_appendf(b, ",\"created_at\":");
	api_buf_col(b, r, i, 6);
	kore_buf_appendf(b, "}");
}
