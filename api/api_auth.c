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
 * /api/v1/auth: login, logout, password change, who am I, TOTP
 * enrolment.  Passwords are checked with scrypt on a work thread (120-150
 * ms of CPU each), never in the event loop.  A failed login says nothing
 * about whether the user exists or is locked, and takes as long for an
 * unknown user (the decoy hash) as for a known one.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "api_util.h"

#define TOTP_SECRET_LEN 20
#define TOTP_STEP       30
#define TOTP_DIGITS     6
#define TOTP_WINDOW     1
#define TOKEN_LEN       32
#define SEALED_MAX      128

struct login {
	char               username[65];
	char               password[PSEUDO_PASSWORD_MAX_BYTES + 1];
	char               newpass[PSEUDO_PASSWORD_MAX_BYTES + 1];
	char               hash[256];
	char               newhash[PSEUDO_PASSWORD_HASH_MAX];
	char               code[16]; /* a TOTP code */
	int                verified;
	int                hashed;
	int                found, locked, pending, must_change;
	const char        *action; /* of the audit entry of a failure */
	size_t             nfail; /* statements login_failed() filled in */
	int64_t            user_id, tenant, last_counter;
	char               role[17];
	unsigned char      sealed[SEALED_MAX];
	size_t             sealedlen;
	uint32_t           totp_master; /* the master that sealed it */
	unsigned char      token[TOKEN_LEN];
	char               token_hex[2 * TOKEN_LEN + 1];
	unsigned char      token_hash[PSEUDO_MAC_LEN];
	uint64_t           counter;
	char               object[32];
	char               details[128];
	struct sql_param   p[12];
	struct sql_param   ap[6]; /* the audit entry's */
	struct app_db_stmt s[4];
};

static void login_task(void *);
static void login_failed(struct api_ctx *, struct login *, const char *);
static void wipe_login(struct login *);
static int  totp_open(struct login *, unsigned char *, size_t *);

static const char q_user[] =
    "SELECT id, tenant_id, role, password_hash, must_change_password, "
    "totp_secret, COALESCE(totp_last_counter, -1), "
    "COALESCE(locked_until > UTC_TIMESTAMP(6), 0), pending_approval, "
    "COALESCE(totp_master, 0) FROM users WHERE username = ?";

/*
 * One more failure; the account locks when it is the max-th within the
 * window.  MariaDB assigns left to right, each seeing the ones before:
 * locked_until is computed from the old count first.
 */
static const char q_fail[] =
    "UPDATE users SET locked_until = IF(IF(first_failed_at IS NULL OR "
    "first_failed_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND, 1, "
    "failed_count + 1) >= ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND, "
    "locked_until), "
    "failed_count = IF(first_failed_at IS NULL OR first_failed_at < "
    "UTC_TIMESTAMP(6) - INTERVAL ? SECOND, 1, failed_count + 1), "
    "first_failed_at = IF(first_failed_at IS NULL OR first_failed_at < "
    "UTC_TIMESTAMP(6) - INTERVAL ? SECOND, UTC_TIMESTAMP(6), "
    "first_failed_at) WHERE id = ?";
static const char q_session_new[] =
    "INSERT INTO sessions (token_hash, tenant_id, user_id, created_at, "
    "last_seen_at, expires_at) VALUES (?, ?, ?, UTC_TIMESTAMP(6), "
    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL ? SECOND)";
/*
 * The counter only moves forward: of two logins racing with one code,
 * one matches no row (APP_DB_NEED_ROW) and is refused.
 */
static const char q_login_ok[] =
    "UPDATE users SET failed_count = 0, first_failed_at = NULL, "
    "locked_until = NULL, totp_last_counter = IF(? < 0, "
    "totp_last_counter, ?) WHERE id = ? AND (? < 0 OR "
    "totp_last_counter IS NULL OR totp_last_counter < ?)";
static const char q_sessions_old[] =
    "DELETE FROM sessions WHERE user_id = ? AND "
    "expires_at < UTC_TIMESTAMP(6)";

int
api_auth_login(struct api_ctx *ctx)
{
	static const char *const fields[] = { "username", "password", "totp",
		NULL };
	struct login            *l = api_priv(ctx, sizeof(*l));
	struct sql_result       *r;
	struct kore_buf         *b;
	const char              *s;
	unsigned char            secret[TOTP_SECRET_LEN + 8];
	size_t                   len, secretlen;
	char                     expires[32];
	int64_t                  v;
	int                      bad = 0, rc;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	if ((s = api_str_req(ctx, "username", 64)) == NULL)
		return (KORE_RESULT_OK);
	(void)snprintf(l->username, sizeof(l->username), "%s", s);
	if ((s = api_str_req(ctx, "password", PSEUDO_PASSWORD_MAX_BYTES)) ==
	    NULL)
		return (KORE_RESULT_OK);
	(void)snprintf(l->password, sizeof(l->password), "%s", s);
	s = api_str(ctx, "totp", 8, &bad);
	if (bad)
		return (KORE_RESULT_OK);
	(void)snprintf(l->code, sizeof(l->code), "%s", s ? s : "");

	l->p[0] = sql_p_str(l->username);
	API_SQL(ctx, q_user, l->p, 1);
	r = api_result(ctx);
	if (r != NULL && sql_result_rows(r) == 1) {
		l->found = 1;
		(void)sql_result_int(r, 0, 0, &l->user_id);
		(void)sql_result_int(r, 0, 1, &l->tenant);
		(void)snprintf(l->role, sizeof(l->role), "%s",
		    sql_result_text(r, 0, 2, NULL));
		(void)snprintf(l->hash, sizeof(l->hash), "%s",
		    sql_result_text(r, 0, 3, NULL));
		l->must_change = sql_result_text(r, 0, 4, NULL)[0] == '1';
		s = sql_result_text(r, 0, 5, &len);
		if (!sql_result_null(r, 0, 5) && len <= sizeof(l->sealed)) {
			memcpy(l->sealed, s, len);
			l->sealedlen = len;
		}
		(void)sql_result_int(r, 0, 6, &l->last_counter);
		l->locked = sql_result_text(r, 0, 7, NULL)[0] == '1';
		l->pending = sql_result_text(r, 0, 8, NULL)[0] == '1';
		if (sql_result_int(r, 0, 9, &v) == -1 || v < 0 ||
		    v > UINT32_MAX)
			v = 0;
		l->totp_master = (uint32_t)v;
	}
	if (!l->found || l->locked)
		(void)snprintf(l->hash, sizeof(l->hash), "%s",
		    pseudo_password_dummy());

	/* The same work whether or not the user exists. */
	api_work_start(ctx, login_task);
	API_WAIT(ctx);

	(void)snprintf(l->object, sizeof(l->object), "user:%" PRId64,
	    l->user_id);
	if (!l->found) {
		ctx->who.tenant = API_SYSTEM_TENANT;
		login_failed(ctx, l, "unknown_user");
		API_TX(ctx, l->s, l->nfail);
		api_error(ctx->req, HTTP_STATUS_UNAUTHORIZED,
		    "invalid_credentials", NULL,
		    "wrong user name or password, or the account is locked");
		return (KORE_RESULT_OK);
	}
	ctx->who.tenant = l->tenant;
	if (l->locked || !l->verified) {
		login_failed(ctx, l, l->locked ? "locked" : "wrong_password");
		API_TX(ctx, l->s, l->nfail);
		api_error(ctx->req, HTTP_STATUS_UNAUTHORIZED,
		    "invalid_credentials", NULL,
		    "wrong user name or password, or the account is locked");
		return (KORE_RESULT_OK);
	}

	/* The password was right: from here on, saying more is safe. */
	if (l->pending) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "approval_pending",
		    NULL, "this account waits for a second admin's approval");
		wipe_login(l);
		return (KORE_RESULT_OK);
	}
	l->counter = (uint64_t)-1;
	if (l->sealedlen > 0) {
		if (l->code[0] == '\0') {
			api_error(ctx->req, HTTP_STATUS_UNAUTHORIZED,
			    "totp_required", "totp",
			    "this account needs a TOTP code");
			wipe_login(l);
			return (KORE_RESULT_OK);
		}
		rc = totp_open(l, secret, &secretlen);
		if (rc == 0)
			rc = pseudo_totp_verify(secret, secretlen, l->code,
			    (uint64_t)time(NULL), TOTP_STEP, TOTP_DIGITS,
			    TOTP_WINDOW, &l->counter);
		explicit_bzero(secret, sizeof(secret));
		if (rc != 1 ||
		    (l->last_counter >= 0 &&
		        l->counter <= (uint64_t)l->last_counter)) {
			login_failed(ctx, l, "wrong_totp");
			API_TX(ctx, l->s, l->nfail);
			api_error(ctx->req, HTTP_STATUS_UNAUTHORIZED,
			    "invalid_totp", "totp",
			    "wrong or already used TOTP code");
			return (KORE_RESULT_OK);
		}
	}

	if (api_random_hex(l->token, sizeof(l->token), l->token_hex) == -1 ||
	    pseudo_mac(&app_keys.session, l->token, sizeof(l->token),
	        l->token_hash) == -1) {
		wipe_login(l);
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot make a session");
		return (KORE_RESULT_OK);
	}
	explicit_bzero(l->token, sizeof(l->token));
	l->p[0] = sql_p_blob(l->token_hash, sizeof(l->token_hash));
	l->p[1] = sql_p_int(l->tenant);
	l->p[2] = sql_p_int(l->user_id);
	l->p[3] = sql_p_int(app_config.session_max);
	api_stmt(&l->s[0], q_session_new, &l->p[0], 4, 0);
	l->p[4] = sql_p_int(l->sealedlen > 0 ? (int64_t)l->counter : -1);
	l->p[5] = l->p[4];
	l->p[6] = sql_p_int(l->user_id);
	l->p[7] = l->p[4];
	l->p[8] = l->p[4];
	api_stmt(&l->s[1], q_login_ok, &l->p[4], 5, APP_DB_NEED_ROW);
	l->p[9] = sql_p_int(l->user_id);
	api_stmt(&l->s[2], q_sessions_old, &l->p[9], 1, 0);
	(void)snprintf(ctx->who.actor, sizeof(ctx->who.actor), "user:%" PRId64,
	    l->user_id);
	api_audit_stmt(ctx, &l->s[3], l->ap, "auth.login", l->object, "success",
	    NULL, 0);
	API_TX(ctx, l->s, 4);
	if (ctx->job->norow != -1) {
		wipe_login(l);
		api_error(ctx->req, HTTP_STATUS_UNAUTHORIZED, "invalid_totp",
		    "totp", "wrong or already used TOTP code");
		return (KORE_RESULT_OK);
	}

	api_time_rfc3339(time(NULL) + app_config.session_max, expires,
	    sizeof(expires));
	b = kore_buf_alloc(256);
	kore_buf_appendf(b,
	    "{\"token\":\"tws_%s\",\"expires_at\":\"%s\","
	    "\"must_change_password\":%s,\"totp_enrolment_required\":%s}",
	    l->token_hex, expires, l->must_change ? "true" : "false",
	    (l->sealedlen == 0 && app_config.admin_totp &&
	        strcmp(l->role, "admin") == 0) ?
	        "true" :
	        "false");
	api_buf_send(ctx, HTTP_STATUS_OK, b);
	wipe_login(l);
	API_END(ctx);
}

/* The work thread: scrypt, away from the event loop. */
static void
login_task(void *arg)
{
	struct login *l = arg;

	if (l->password[0] != '\0')
		l->verified = pseudo_password_verify(l->password, l->hash) == 1;
	if (l->newpass[0] != '\0' && l->hashed == 0)
		l->hashed = pseudo_password_hash(l->newpass, l->newhash,
		                sizeof(l->newhash)) == 0 ?
		    1 :
		    -1;
}

/*
 * The statements of a failed login: the count (not for an unknown user)
 * and the audit entry.
 */
static void
login_failed(struct api_ctx *ctx, struct login *l, const char *why)
{
	size_t n = 0;

	(void)snprintf(l->details, sizeof(l->details), "{\"reason\":\"%s\"}",
	    why);
	/* While locked, failures are audited but do not extend the lock. */
	if (l->found && !l->locked) {
		l->p[0] = sql_p_int(app_config.login_failure_window);
		l->p[1] = sql_p_int(app_config.login_max_failures);
		l->p[2] = sql_p_int(app_config.login_lockout);
		l->p[3] = l->p[0];
		l->p[4] = l->p[0];
		l->p[5] = sql_p_int(l->user_id);
		api_stmt(&l->s[n], q_fail, l->p, 6, 0);
		n++;
	} else if (!l->found) {
		(void)snprintf(l->object, sizeof(l->object), "user:unknown");
	}
	api_audit_stmt(ctx, &l->s[n], l->ap,
	    l->action != NULL ? l->action : "auth.login", l->object, "failure",
	    l->details, 0);
	l->nfail = n + 1;
	wipe_login(l);
}

static void
wipe_login(struct login *l)
{
	explicit_bzero(l->password, sizeof(l->password));
	explicit_bzero(l->newpass, sizeof(l->newpass));
	explicit_bzero(l->token, sizeof(l->token));
	explicit_bzero(l->token_hex, sizeof(l->token_hex));
}

/*
 * Open the user's sealed TOTP secret (bound to the user's id) with the
 * TOTP key of the master that sealed it: the start after a master key's
 * rotation seals them all again (kore/app_keyring.c), so this is the
 * current one unless that failed.
 */
static int
totp_open(struct login *l, unsigned char *out, size_t *outlen)
{
	const struct app_master *m = app_master(l->totp_master);
	char                     aad[32];
	int                      n;

	if (m == NULL)
		return (-1);
	n = snprintf(aad, sizeof(aad), "totp:%" PRId64, l->user_id);

	return (pseudo_unseal(&m->totp, aad, (size_t)n, l->sealed, l->sealedlen,
	    out, TOTP_SECRET_LEN + 8, outlen));
}

/* --- logout, me ------------------------------------------------------- */

struct simple {
	struct sql_param   p[4];
	struct sql_param   ap[6];
	struct app_db_stmt s[3];
	char               object[32];
};

static const char q_logout[] = "DELETE FROM sessions WHERE token_hash = ?";

int
api_auth_logout(struct api_ctx *ctx)
{
	struct simple *st = api_priv(ctx, sizeof(*st));

	API_BEGIN(ctx);
	st->p[0] = sql_p_blob(ctx->who.token_hash, sizeof(ctx->who.token_hash));
	api_stmt(&st->s[0], q_logout, st->p, 1, 0);
	api_audit_stmt(ctx, &st->s[1], st->ap, "auth.logout", ctx->who.actor,
	    "success", NULL, 0);
	API_TX(ctx, st->s, 2);
	http_response(ctx->req, HTTP_STATUS_NO_CONTENT, NULL, 0);
	API_END(ctx);
}

static const char q_me[] =
    "SELECT u.username, u.role, u.tenant_id, t.name, "
    "u.must_change_password, u.totp_secret IS NOT NULL FROM users u "
    "JOIN tenants t ON t.id = u.tenant_id WHERE u.id = ?";

int
api_auth_me(struct api_ctx *ctx)
{
	struct simple     *st = api_priv(ctx, sizeof(*st));
	struct sql_result *r;
	struct kore_buf   *b;

	API_BEGIN(ctx);
	b = kore_buf_alloc(256);
	if (ctx->who.kind == API_WHO_KEY) {
		kore_buf_appendf(b,
		    "{\"kind\":\"apikey\",\"id\":\"%" PRId64 "\","
		    "\"role\":\"%s\",\"tenant\":\"%" PRId64 "\"}",
		    ctx->who.id, api_role_name(ctx->who.role), ctx->who.tenant);
		api_buf_send(ctx, HTTP_STATUS_OK, b);
		return (KORE_RESULT_OK);
	}
	kore_buf_free(b);
	st->p[0] = sql_p_int(ctx->who.id);
	API_SQL(ctx, q_me, st->p, 1);
	if ((r = api_result(ctx)) == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such user");
		return (KORE_RESULT_OK);
	}
	b = kore_buf_alloc(256);
	kore_buf_appendf(b,
	    "{\"kind\":\"user\",\"id\":\"%" PRId64 "\","
	    "\"username\":",
	    ctx->who.id);
	api_buf_col(b, r, 0, 0);
	kore_buf_appendf(b, ",\"role\":");
	api_buf_col(b, r, 0, 1);
	kore_buf_appendf(b, ",\"tenant\":");
	api_buf_col(b, r, 0, 2);
	kore_buf_appendf(b, ",\"tenant_name\":");
	api_buf_col(b, r, 0, 3);
	kore_buf_appendf(b, ",\"must_change_password\":");
	api_buf_bool(b, r, 0, 4);
	kore_buf_appendf(b, ",\"totp_enrolled\":");
	api_buf_bool(b, r, 0, 5);
	kore_buf_appendf(b, ",\"totp_enrolment_required\":%s}",
	    ctx->who.enrol ? "true" : "false");
	api_buf_send(ctx, HTTP_STATUS_OK, b);
	API_END(ctx);
}

/* --- password change -------------------------------------------------- */

static const char q_pw_user[] =
    "SELECT username, password_hash, "
    "COALESCE(locked_until > UTC_TIMESTAMP(6), 0) FROM users WHERE id = ?";
static const char q_pw_set[] =
    "UPDATE users SET password_hash = ?, must_change_password = 0, "
    "updated_at = UTC_TIMESTAMP(6) WHERE id = ?";
static const char q_pw_sessions[] =
    "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?";

int
api_auth_password(struct api_ctx *ctx)
{
	static const char *const fields[] = { "old_password", "new_password",
		NULL };
	struct login            *l = api_priv(ctx, sizeof(*l));
	struct sql_result       *r;
	const char              *s, *why;
	int                      bad = 0;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	if ((s = api_str_req(ctx, "old_password", PSEUDO_PASSWORD_MAX_BYTES)) ==
	    NULL)
		return (KORE_RESULT_OK);
	(void)snprintf(l->password, sizeof(l->password), "%s", s);
	if ((s = api_str(ctx, "new_password", 4 * PSEUDO_PASSWORD_MAX_BYTES,
	         &bad)) == NULL) {
		if (!bad)
			api_missing(ctx, "new_password");
		wipe_login(l);
		return (KORE_RESULT_OK);
	}
	if (strlen(s) > PSEUDO_PASSWORD_MAX_BYTES) {
		api_error(ctx->req, 400, "weak_password", "new_password",
		    "password: at most 256 bytes");
		wipe_login(l);
		return (KORE_RESULT_OK);
	}
	(void)snprintf(l->newpass, sizeof(l->newpass), "%s", s);

	l->p[0] = sql_p_int(ctx->who.id);
	API_SQL(ctx, q_pw_user, l->p, 1);
	if ((r = api_result(ctx)) == NULL || sql_result_rows(r) != 1) {
		wipe_login(l);
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such user");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(l->username, sizeof(l->username), "%s",
	    sql_result_text(r, 0, 0, NULL));
	(void)snprintf(l->hash, sizeof(l->hash), "%s",
	    sql_result_text(r, 0, 1, NULL));
	l->locked = sql_result_text(r, 0, 2, NULL)[0] == '1';
	if (pseudo_password_policy(l->newpass, l->username, &why) == -1) {
		wipe_login(l);
		api_error(ctx->req, 400, "weak_password", "new_password", why);
		return (KORE_RESULT_OK);
	}
	if (strcmp(l->newpass, l->password) == 0) {
		wipe_login(l);
		api_error(ctx->req, 400, "weak_password", "new_password",
		    "must differ from the old password");
		return (KORE_RESULT_OK);
	}

	api_work_start(ctx, login_task);
	API_WAIT(ctx);
	if (!l->verified || l->locked) {
		/* Guessing through a session counts like guessing at login. */
		l->found = 1;
		l->user_id = ctx->who.id;
		l->action = "user.password_change";
		(void)snprintf(l->object, sizeof(l->object), "user:%" PRId64,
		    ctx->who.id);
		login_failed(ctx, l, l->locked ? "locked" : "wrong_password");
		API_TX(ctx, l->s, l->nfail);
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "wrong_password",
		    "old_password",
		    "the old password is not right, or the account is locked");
		return (KORE_RESULT_OK);
	}
	if (l->hashed != 1) {
		wipe_login(l);
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot hash the password");
		return (KORE_RESULT_OK);
	}
	wipe_login(l);

	l->p[0] = sql_p_str(l->newhash);
	l->p[1] = sql_p_int(ctx->who.id);
	api_stmt(&l->s[0], q_pw_set, &l->p[0], 2, APP_DB_NEED_ROW);
	l->p[2] = sql_p_int(ctx->who.id);
	l->p[3] = sql_p_blob(ctx->who.token_hash, sizeof(ctx->who.token_hash));
	api_stmt(&l->s[1], q_pw_sessions, &l->p[2], 2, 0);
	api_audit_stmt(ctx, &l->s[2], l->ap, "user.password_change",
	    ctx->who.actor, "success", NULL, 0);
	API_TX(ctx, l->s, 3);
	explicit_bzero(l->newhash, sizeof(l->newhash));
	http_response(ctx->req, HTTP_STATUS_NO_CONTENT, NULL, 0);
	API_END(ctx);
}

/* --- TOTP enrolment --------------------------------------------------- */

static const char q_totp_state[] =
    "SELECT username, totp_secret IS NOT NULL FROM users WHERE id = ?";
static const char q_totp_pending[] =
    "UPDATE users SET totp_pending = ?, totp_master = ? WHERE id = ?";
static const char q_totp_get[] =
    "SELECT totp_pending, COALESCE(totp_master, 0) FROM users "
    "WHERE id = ? AND totp_pending IS NOT NULL";
static const char q_totp_confirm[] =
    "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, "
    "totp_last_counter = ? WHERE id = ? AND totp_pending IS NOT NULL";

int
api_totp_begin(struct api_ctx *ctx)
{
	struct login      *l = api_priv(ctx, sizeof(*l));
	struct sql_result *r;
	struct kore_buf   *b;
	unsigned char      secret[TOTP_SECRET_LEN];
	char               b32[64], aad[32], name[80];
	int                n;
	size_t             i;

	API_BEGIN(ctx);
	l->p[0] = sql_p_int(ctx->who.id);
	API_SQL(ctx, q_totp_state, l->p, 1);
	if ((r = api_result(ctx)) == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such user");
		return (KORE_RESULT_OK);
	}
	if (sql_result_text(r, 0, 1, NULL)[0] == '1') {
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "totp_enrolled", NULL,
		    "TOTP is enrolled already; an admin can reset it");
		return (KORE_RESULT_OK);
	}
	(void)snprintf(l->username, sizeof(l->username), "%s",
	    sql_result_text(r, 0, 0, NULL));

	n = snprintf(aad, sizeof(aad), "totp:%" PRId64, ctx->who.id);
	if (pseudo_random(secret, sizeof(secret)) == -1 ||
	    pseudo_base32_encode(secret, sizeof(secret), b32, sizeof(b32)) ==
	        -1 ||
	    pseudo_seal(&app_keys.totp, aad, (size_t)n, secret, sizeof(secret),
	        l->sealed, sizeof(l->sealed), &l->sealedlen) == -1) {
		explicit_bzero(secret, sizeof(secret));
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot make a TOTP secret");
		return (KORE_RESULT_OK);
	}
	explicit_bzero(secret, sizeof(secret));
	/* The secret travels back in the answer only: keep it in priv. */
	(void)snprintf(l->newpass, sizeof(l->newpass), "%s", b32);
	explicit_bzero(b32, sizeof(b32));

	l->p[0] = sql_p_blob(l->sealed, l->sealedlen);
	l->p[1] = sql_p_int(app_keys.master_id);
	l->p[2] = sql_p_int(ctx->who.id);
	API_SQL(ctx, q_totp_pending, l->p, 3);

	/* otpauth URI (Google Authenticator's key URI format). */
	for (i = 0; l->username[i] != '\0' && i < sizeof(name) - 1; i++)
		name[i] = l->username[i] == '@' ? '.' : l->username[i];
	name[i] = '\0';
	b = kore_buf_alloc(256);
	kore_buf_appendf(b,
	    "{\"secret\":\"%s\",\"otpauth_uri\":\"otpauth://totp/"
	    "Torwart:%s?secret=%s&issuer=Torwart&algorithm=SHA1&digits=%d&"
	    "period=%d\",\"confirm\":\"POST /api/v1/auth/totp/confirm\"}",
	    l->newpass, name, l->newpass, TOTP_DIGITS, TOTP_STEP);
	wipe_login(l);
	api_buf_send(ctx, HTTP_STATUS_OK, b);
	API_END(ctx);
}

int
api_totp_confirm(struct api_ctx *ctx)
{
	static const char *const fields[] = { "code", NULL };
	struct login            *l = api_priv(ctx, sizeof(*l));
	struct sql_result       *r;
	const char              *s;
	unsigned char            secret[TOTP_SECRET_LEN + 8];
	size_t                   len, secretlen;
	int64_t                  v;
	int                      rc;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	if ((s = api_str_req(ctx, "code", 8)) == NULL)
		return (KORE_RESULT_OK);
	(void)snprintf(l->code, sizeof(l->code), "%s", s);
	l->user_id = ctx->who.id;
	l->p[0] = sql_p_int(ctx->who.id);
	API_SQL(ctx, q_totp_get, l->p, 1);
	if ((r = api_result(ctx)) == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "no_enrolment", NULL,
		    "start with POST /api/v1/auth/totp");
		return (KORE_RESULT_OK);
	}
	s = sql_result_text(r, 0, 0, &len);
	if (len > sizeof(l->sealed)) {
		api_error(ctx->req, 500, "internal", NULL, "bad TOTP state");
		return (KORE_RESULT_OK);
	}
	memcpy(l->sealed, s, len);
	l->sealedlen = len;
	if (sql_result_int(r, 0, 1, &v) == -1 || v < 0 || v > UINT32_MAX)
		v = 0;
	l->totp_master = (uint32_t)v;
	rc = totp_open(l, secret, &secretlen);
	if (rc == 0)
		rc = pseudo_totp_verify(secret, secretlen, l->code,
		    (uint64_t)time(NULL), TOTP_STEP, TOTP_DIGITS, TOTP_WINDOW,
		    &l->counter);
	explicit_bzero(secret, sizeof(secret));
	if (rc != 1) {
		api_error(ctx->req, 400, "invalid_totp", "code",
		    "wrong TOTP code");
		return (KORE_RESULT_OK);
	}
	l->p[0] = sql_p_int((int64_t)l->counter);
	l->p[1] = sql_p_int(ctx->who.id);
	api_stmt(&l->s[0], q_totp_confirm, l->p, 2, APP_DB_NEED_ROW);
	api_audit_stmt(ctx, &l->s[1], l->ap, "auth.totp_enrol", ctx->who.actor,
	    "success", NULL, 0);
	API_TX(ctx, l->s, 2);
	http_response(ctx->req, HTTP_STATUS_NO_CONTENT, NULL, 0);
	API_END(ctx);
}
