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
 * The API's front door: every /api/v1/ request comes here (one kore
 * route), is matched against the route table (api_rbac.h), authenticated
 * (a session token or an API key), checked against the route's
 * permission, and only then handed to the route's handler.  Nothing a
 * handler does happens for a caller that the table does not allow.
 *
 * Credentials: "Authorization: Bearer tws_<64 hex>" (a session from
 * POST /api/v1/auth/login) or "Bearer tw_<id>_<64 hex>" (an API key; a
 * camera that cannot send a bearer token may give it as Basic user
 * "tw_<id>", password "<64 hex>").
 * Both are looked up by a keyed hash (HMAC-SHA-256 under a key derived
 * from the master key), compared in constant time, and checked against
 * the database on every request: a revoked key or ended session stops
 * working at once, on every worker and every node.  An API key made
 * before the master key's rotation is checked under the retired master
 * it was hashed under (api_keys.master_id) and hashed again under the
 * current one at that first use; sessions end with a rotation.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_net.h"

#define SESSION_PREFIX "tws_"
#define KEY_PREFIX     "tw_"
#define SECRET_HEX     64

/* Seconds between writes of a session's last use or a key's. */
#define TOUCH_INTERVAL 60

struct api_route {
	int         method;
	const char *path;
	api_handler handler;
};

#define ROUTE(m, p, perm, fl, h) { API_##m, p, h },
static const struct api_route routes[] = { API_ROUTES(ROUTE) };
#undef ROUTE

/* A gone request's priv and last result, left to the thread using them. */
struct orphan {
	void  *priv;
	size_t privsize;
	void (*privfree)(void *);
	struct app_db_job *job;
};

static void ctx_free(struct http_request *);
static void priv_free(void *, size_t, void (*)(void *));
static void orphan_free(void *);
static int  authenticate(struct api_ctx *);
static int  parse_token(const char *, int64_t *, unsigned char *);
static int  parse_basic(const char *, int64_t *, unsigned char *);
static int  check_key(struct api_ctx *);
static int  key_cached(struct api_ctx *);
static void key_remember(struct api_ctx *, const char *, int64_t);
static int  network_ok(struct api_ctx *, const char *);
static int  check_access(struct api_ctx *);
static int  read_body(struct api_ctx *);
static void client_address(struct api_ctx *);
static void unauthorized(struct api_ctx *);

/* The masters of the tenant's current key version and the one before. */
#define TENANT_KEYS                                                            \
	"LEFT JOIN tenant_keys tk1 ON tk1.tenant_id = ts.tenant_id AND "       \
	"tk1.version = ts.key_version LEFT JOIN tenant_keys tk0 ON "           \
	"tk0.tenant_id = ts.tenant_id AND tk0.version = ts.key_version - 1 "

static const char q_session[] =
    "SELECT u.id, u.tenant_id, u.role, u.must_change_password, "
    "u.totp_secret IS NOT NULL, "
    "COALESCE(ts.privacy_until > UTC_TIMESTAMP(6), 0), "
    "TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP(6)), "
    "COALESCE(ts.read_epoch, 'day'), COALESCE(ts.key_version, 1), "
    "(SELECT v FROM config_epoch WHERE id = 1), "
    "COALESCE(tk1.master_id, 0), COALESCE(tk0.master_id, 0) "
    "FROM sessions s JOIN users u ON u.id = s.user_id "
    "LEFT JOIN tenant_settings ts ON ts.tenant_id = u.tenant_id " TENANT_KEYS
    "WHERE s.token_hash = ? AND s.expires_at > UTC_TIMESTAMP(6) "
    "AND s.last_seen_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND "
    "AND u.pending_approval = 0";
static const char q_session_touch[] =
    "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) "
    "WHERE token_hash = ?";
static const char q_key[] =
    "SELECT k.tenant_id, k.role, k.secret_hash, k.lanes, k.networks, "
    "COALESCE(k.created_by, 0), "
    "COALESCE(ts.privacy_until > UTC_TIMESTAMP(6), 0), "
    "COALESCE(TIMESTAMPDIFF(SECOND, k.last_used_at, UTC_TIMESTAMP(6)), "
    "999999), COALESCE(ts.read_epoch, 'day'), COALESCE(ts.key_version, 1), "
    "(SELECT v FROM config_epoch WHERE id = 1), "
    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01', k.expires_at), 0), "
    "COALESCE(tk1.master_id, 0), COALESCE(tk0.master_id, 0), k.master_id "
    "FROM api_keys k LEFT JOIN tenant_settings ts "
    "ON ts.tenant_id = k.tenant_id " TENANT_KEYS
    "WHERE k.id = ? AND k.revoked_at IS NULL AND k.pending_approval = 0 "
    "AND (k.expires_at IS NULL OR k.expires_at > UTC_TIMESTAMP(6))";
static const char q_key_touch[] =
    "UPDATE api_keys SET last_used_at = UTC_TIMESTAMP(6) WHERE id = ?";
/* A key of a retired master, hashed under the current one at first use. */
static const char q_key_rehash[] =
    "UPDATE api_keys SET secret_hash = ?, master_id = ?, "
    "last_used_at = UTC_TIMESTAMP(6) WHERE id = ? AND master_id = ?";

static const char q_audit[] =
    "INSERT INTO audit_log (tenant_id, actor, action, object, outcome, "
    "details) VALUES (?, ?, ?, ?, ?, ?)";
static const char q_audit_lastid[] =
    "INSERT INTO audit_log (tenant_id, actor, action, object, outcome, "
    "details) VALUES (?, ?, ?, CONCAT(?, LAST_INSERT_ID()), ?, ?)";

/* The dispatcher's steps. */
#define STEP_START   0
#define STEP_WHO     1
#define STEP_TOUCH   2
#define STEP_HANDLER 3

int
api_dispatch(struct http_request *req)
{
	struct api_ctx *ctx;
	int64_t         ids[API_ROUTE_IDS];
	int             methods, rc;

	if ((ctx = http_state_get(req)) == NULL) {
		ctx = http_state_create(req, sizeof(*ctx), ctx_free);
		ctx->req = req;
		ctx->route =
		    api_route_match(req->method, req->path, ids, &methods);
		ctx->id = ids[0];
		ctx->sub = ids[1];
		if (ctx->route == -1) {
			if (methods == 0)
				return (api_not_found(req));
			(void)api_method_allowed(req, methods);
			return (KORE_RESULT_OK);
		}
		client_address(ctx);
		if (api_route_defs[ctx->route].perm == API_PERM_PUBLIC) {
			ctx->pc = STEP_HANDLER;
		} else {
			switch (authenticate(ctx)) {
			case 0:
				return (KORE_RESULT_OK);
			case 2:
				/* A cached key: on without waiting. */
				ctx->pc = STEP_TOUCH;
				break;
			default:
				ctx->pc = STEP_WHO;
				return (KORE_RESULT_RETRY);
			}
		}
	}

	switch (ctx->pc) {
	case STEP_WHO:
		if (!api_ready(ctx))
			return (KORE_RESULT_RETRY);
		if (api_sql_failed(ctx))
			return (KORE_RESULT_OK);
		if (!check_key(ctx))
			return (KORE_RESULT_OK);
		ctx->pc = STEP_TOUCH;
		/*
		 * Only a started write is worth waiting for: a RETRY with
		 * nothing to wake the request would wait for kore's next
		 * timer, about a quarter of a second.
		 */
		if (ctx->job != NULL)
			return (KORE_RESULT_RETRY);
		/* FALLTHROUGH */
	case STEP_TOUCH:
		/* A write only once per TOUCH_INTERVAL, not per request. */
		if (ctx->job != NULL && !api_ready(ctx))
			return (KORE_RESULT_RETRY);
		if (ctx->job != NULL && api_sql_failed(ctx))
			return (KORE_RESULT_OK);
		if (!check_access(ctx))
			return (KORE_RESULT_OK);
		ctx->pc = STEP_HANDLER;
		break;
	default:
		break;
	}

	/* A CSV body is the handler's to read (up to body_max). */
	if (ctx->hpc == 0 && ctx->json == NULL &&
	    !(api_route_defs[ctx->route].flags & (API_R_CSV | API_R_RAW)) &&
	    !read_body(ctx))
		return (KORE_RESULT_OK);

	rc = routes[ctx->route].handler(ctx);
	return (rc);
}

/*
 * Start looking up the credentials: 1 when a statement was started, 2
 * when the key came from the cache (who is filled), 0 when refused
 * (answered).
 */
static int
authenticate(struct api_ctx *ctx)
{
	struct sql_param p[2];
	const char      *auth;
	unsigned char    secret[SECRET_HEX / 2];
	int64_t          id = 0;
	size_t           i;
	int              kind, rc;

	if (!http_request_header(ctx->req, "authorization", &auth)) {
		unauthorized(ctx);
		return (0);
	}
	if (strncmp(auth, "Bearer ", 7) == 0) {
		kind = parse_token(auth + 7, &id, secret);
	} else if (strncmp(auth, "Basic ", 6) == 0) {
		kind = parse_basic(auth + 6, &id, secret);
	} else {
		kind = 0;
	}
	if (kind == 0) {
		unauthorized(ctx);
		return (0);
	}
	ctx->who.kind = kind;

	if (kind == API_WHO_USER) {
		if (pseudo_mac(&app_keys.session, secret, sizeof(secret),
		        ctx->who.token_hash) == -1) {
			explicit_bzero(secret, sizeof(secret));
			api_error(ctx->req, 500, "internal", NULL,
			    "cannot check the credentials");
			return (0);
		}
		explicit_bzero(secret, sizeof(secret));
		p[0] = sql_p_blob(ctx->who.token_hash,
		    sizeof(ctx->who.token_hash));
		p[1] = sql_p_int(app_config.session_idle);
		api_sql_start(ctx, q_session, p, 2);
		return (1);
	}

	/*
	 * The key's MAC waits in token_hash for check_key(), and its MACs
	 * under the retired masters in old_macs: a key made before the
	 * master's rotation is checked under its own.
	 */
	ctx->who.id = id;
	rc = pseudo_mac(&app_keys.apikey, secret, sizeof(secret),
	    ctx->who.token_hash);
	for (i = 1; i < app_keys.nring && rc == 0; i++)
		rc = pseudo_mac(&app_keys.ring[i].apikey, secret,
		    sizeof(secret), ctx->who.old_macs[i - 1]);
	explicit_bzero(secret, sizeof(secret));
	if (rc == -1) {
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot check the credentials");
		return (0);
	}
	if (api_route_defs[ctx->route].flags & API_R_CACHE) {
		switch (key_cached(ctx)) {
		case 1:
			return (2);
		case -1:
			return (0);
		default:
			break;
		}
	}
	p[0] = sql_p_int(id);
	api_sql_start(ctx, q_key, p, 1);

	return (1);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

/*
 * "tws_<64 hex>" (API_WHO_USER) or "tw_<id>_<64 hex>" (API_WHO_KEY, *id
 * set); the secret's bytes into secret.  0 for anything else.
 */
static int
parse_token(const char *s, int64_t *id, unsigned char *secret)
{
	const char *hex;
	int         kind, i, hi, lo;
	int64_t     v = 0;

	if (strncmp(s, SESSION_PREFIX, strlen(SESSION_PREFIX)) == 0) {
		kind = API_WHO_USER;
		hex = s + strlen(SESSION_PREFIX);
	} else if (strncmp(s, KEY_PREFIX, strlen(KEY_PREFIX)) == 0) {
		kind = API_WHO_KEY;
		s += strlen(KEY_PREFIX);
		for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
			if (i == 18)
				return (0);
			v = v * 10 + (s[i] - '0');
		}
		if (i == 0 || v == 0 || s[i] != '_')
			return (0);
		*id = v;
		hex = s + i + 1;
	} else {
		return (0);
	}

	for (i = 0; i < SECRET_HEX / 2; i++) {
		if ((hi = hexval(hex[2 * i])) == -1 ||
		    (lo = hexval(hex[2 * i + 1])) == -1) {
			explicit_bzero(secret, SECRET_HEX / 2);
			return (0);
		}
		secret[i] = (unsigned char)(hi << 4 | lo);
	}
	if (hex[SECRET_HEX] != '\0') {
		explicit_bzero(secret, SECRET_HEX / 2);
		return (0);
	}

	return (kind);
}

/*
 * HTTP Basic credentials of an API key, for cameras that cannot send a
 * bearer token: user "tw_<id>", password the 64 hex digits of its secret
 * (the key "tw_<id>_<hex>" split at its last "_").  API_WHO_KEY with *id
 * and secret set, or 0.  Sessions are bearer tokens only.
 */
static int
parse_basic(const char *b64, int64_t *id, unsigned char *secret)
{
	unsigned char dec[128];
	char          token[sizeof(dec) + 1];
	size_t        len = strlen(b64);
	int           n, kind = 0;
	char         *colon;

	/* tw_ + 18 digits + : + 64 hex = 86 bytes, 116 in base64. */
	if (len == 0 || len > 4 * (sizeof(dec) / 3) || len % 4 != 0)
		return (0);
	if ((n = EVP_DecodeBlock(dec, (const unsigned char *)b64, (int)len)) <
	    0)
		return (0);
	/* EVP_DecodeBlock() counts the padding's bytes too. */
	while (len > 0 && b64[--len] == '=' && n > 0)
		n--;
	memcpy(token, dec, (size_t)n);
	token[n] = '\0';
	if (memchr(token, '\0', (size_t)n) == NULL &&
	    strncmp(token, KEY_PREFIX, strlen(KEY_PREFIX)) == 0 &&
	    (colon = strchr(token, ':')) != NULL) {
		*colon = '_';
		kind = parse_token(token, id, secret);
		if (kind != API_WHO_KEY) {
			explicit_bzero(secret, SECRET_HEX / 2);
			kind = 0;
		}
	}
	explicit_bzero(dec, sizeof(dec));
	explicit_bzero(token, sizeof(token));

	return (kind);
}

/*
 * The tenant's read epoch and key version, and the configuration epoch:
 * columns col, col + 1 and col + 2; the masters of the version and of
 * the one before: mcol and mcol + 1.
 */
static void
pseudonym_settings(struct api_ctx *ctx, struct sql_result *r, size_t col,
    size_t mcol)
{
	int64_t v = 1;
	int     e;

	if (sql_result_int(r, 0, mcol, &v) == -1 || v < 0 || v > UINT32_MAX)
		v = 0;
	ctx->who.key_master = (uint32_t)v;
	if (sql_result_int(r, 0, mcol + 1, &v) == -1 || v < 0 || v > UINT32_MAX)
		v = 0;
	ctx->who.prev_master = (uint32_t)v;
	v = 1;

	e = pseudo_epoch_parse(sql_result_text(r, 0, col, NULL));
	ctx->who.read_epoch = e == -1 ? PSEUDO_EPOCH_DAY : (enum pseudo_epoch)e;
	if (sql_result_int(r, 0, col + 1, &v) == -1 || v < 1 || v > UINT32_MAX)
		v = 1;
	ctx->who.key_version = (uint32_t)v;
	if (sql_result_int(r, 0, col + 2, &v) == -1 || v < 0)
		v = 0;
	ctx->who.epoch = (uint64_t)v;
	if (ctx->who.epoch > app_db_epoch)
		app_db_epoch = ctx->who.epoch;
}

/* Source networks "a,b" (CIDR): "" or one holding the client.  Else 403. */
static int
network_ok(struct api_ctx *ctx, const char *list)
{
	struct api_net net;
	char           nets[2048], *n, *save;

	if (list[0] == '\0')
		return (1);
	(void)snprintf(nets, sizeof(nets), "%s", list);
	for (n = strtok_r(nets, ",", &save); n != NULL;
	     n = strtok_r(NULL, ",", &save)) {
		if (api_net_parse(n, &net) == 0 &&
		    api_net_contains(&net, ctx->client))
			return (1);
	}
	api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "network_not_allowed", NULL,
	    "this API key may not be used from this address");

	return (0);
}

/* --- the key cache ------------------------------------------------------ */

/*
 * API keys this worker has checked against the database, for the routes
 * that may use them (API_R_CACHE: a camera's reads).  An entry holds only
 * while app_db_epoch is the config_epoch it was read in: every change to a
 * key bumps it (sql/schema/004), and the batch that stores such a read
 * checks the epoch before it commits (kore/app_db.c), so a revocation is
 * refused from its commit on.  The secret's MAC is compared in constant
 * time on every call, as with the database.
 */
#define KEY_CACHE 128

struct key_slot {
	int64_t           id, tenant, user_id;
	time_t            expires; /* 0: never */
	uint64_t          epoch, touched; /* kore_time_ms() of the last touch */
	enum api_role     role;
	enum pseudo_epoch read_epoch;
	uint32_t          key_version, key_master, prev_master;
	unsigned char     mac[PSEUDO_MAC_LEN];
	char              lanes[1024];
	char              networks[2048];
};

static struct key_slot key_cache[KEY_CACHE];

static void
key_remember(struct api_ctx *ctx, const char *networks, int64_t expires)
{
	struct key_slot *e = &key_cache[(uint64_t)ctx->who.id % KEY_CACHE];

	e->id = ctx->who.id;
	e->tenant = ctx->who.tenant;
	e->user_id = ctx->who.user_id;
	e->expires = (time_t)expires;
	e->epoch = ctx->who.epoch;
	e->touched = kore_time_ms();
	e->role = ctx->who.role;
	e->read_epoch = ctx->who.read_epoch;
	e->key_version = ctx->who.key_version;
	e->key_master = ctx->who.key_master;
	e->prev_master = ctx->who.prev_master;
	memcpy(e->mac, ctx->who.token_hash, sizeof(e->mac));
	(void)snprintf(e->lanes, sizeof(e->lanes), "%s", ctx->who.lanes);
	(void)snprintf(e->networks, sizeof(e->networks), "%s", networks);
}

/*
 * The key of ctx from the cache: 1 (who filled, the touch started when due)
 * when it holds, 0 when the database must be asked, -1 when refused
 * (answered).
 */
static int
key_cached(struct api_ctx *ctx)
{
	struct key_slot *e = &key_cache[(uint64_t)ctx->who.id % KEY_CACHE];
	struct sql_param p;
	uint64_t         now = kore_time_ms();

	if (e->id != ctx->who.id || e->epoch == 0 || e->epoch != app_db_epoch ||
	    (e->expires != 0 && e->expires <= time(NULL)) ||
	    CRYPTO_memcmp(e->mac, ctx->who.token_hash, sizeof(e->mac)) != 0)
		return (0);
	ctx->who.tenant = e->tenant;
	ctx->who.user_id = e->user_id;
	ctx->who.role = e->role;
	ctx->who.read_epoch = e->read_epoch;
	ctx->who.key_version = e->key_version;
	ctx->who.key_master = e->key_master;
	ctx->who.prev_master = e->prev_master;
	ctx->who.epoch = e->epoch;
	ctx->who.privacy = 0; /* API_R_CACHE routes do not search */
	(void)snprintf(ctx->who.lanes, sizeof(ctx->who.lanes), "%s", e->lanes);
	(void)snprintf(ctx->who.actor, sizeof(ctx->who.actor), "key:%" PRId64,
	    ctx->who.id);
	if (!network_ok(ctx, e->networks))
		return (-1);
	app_db_job_free(ctx->job);
	ctx->job = NULL;
	if (now - e->touched >= TOUCH_INTERVAL * 1000ULL) {
		e->touched = now;
		p = sql_p_int(ctx->who.id);
		api_sql_start(ctx, q_key_touch, &p, 1);
	}

	return (1);
}

/*
 * The credentials' row has come: fill in who, and start the write of the
 * last use when it is due.  0 when refused (answered).
 */
static int
check_key(struct api_ctx *ctx)
{
	struct sql_result   *r = api_result(ctx);
	struct sql_param     p, rp[4];
	const unsigned char *mac;
	const char          *s, *stored;
	size_t               len, i;
	int64_t              v, idle, expires, master;
	int                  role;

	if (r == NULL || sql_result_rows(r) != 1) {
		unauthorized(ctx);
		return (0);
	}

	if (ctx->who.kind == API_WHO_USER) {
		(void)sql_result_int(r, 0, 0, &ctx->who.id);
		ctx->who.user_id = ctx->who.id;
		(void)sql_result_int(r, 0, 1, &ctx->who.tenant);
		s = sql_result_text(r, 0, 2, &len);
		role = api_role_parse(s, len);
		(void)sql_result_int(r, 0, 3, &v);
		ctx->who.must_change = v != 0;
		(void)sql_result_int(r, 0, 4, &v);
		ctx->who.enrol =
		    v == 0 && role == API_ROLE_ADMIN && app_config.admin_totp;
		(void)sql_result_int(r, 0, 5, &v);
		ctx->who.privacy = v != 0;
		if (sql_result_int(r, 0, 6, &idle) == -1)
			idle = 0;
		pseudonym_settings(ctx, r, 7, 10);
		(void)snprintf(ctx->who.actor, sizeof(ctx->who.actor),
		    "user:%" PRId64, ctx->who.id);
		if (role == -1) {
			unauthorized(ctx);
			return (0);
		}
		ctx->who.role = (enum api_role)role;
		if (idle >= TOUCH_INTERVAL) {
			p = sql_p_blob(ctx->who.token_hash,
			    sizeof(ctx->who.token_hash));
			api_sql_start(ctx, q_session_touch, &p, 1);
		} else {
			app_db_job_free(ctx->job);
			ctx->job = NULL;
		}
		return (1);
	}

	/*
	 * An API key: its secret's MAC under the master it was hashed
	 * under, compared in constant time.
	 */
	if (sql_result_int(r, 0, 14, &master) == -1)
		master = 0;
	if (master == app_keys.master_id) {
		mac = ctx->who.token_hash;
	} else {
		for (i = 1; i < app_keys.nring; i++)
			if (app_keys.ring[i].id == master)
				break;
		mac = i < app_keys.nring ? ctx->who.old_macs[i - 1] : NULL;
	}
	stored = sql_result_text(r, 0, 2, &len);
	if (mac == NULL || len != PSEUDO_MAC_LEN ||
	    CRYPTO_memcmp(stored, mac, PSEUDO_MAC_LEN) != 0) {
		unauthorized(ctx);
		return (0);
	}
	(void)sql_result_int(r, 0, 0, &ctx->who.tenant);
	s = sql_result_text(r, 0, 1, &len);
	if ((role = api_role_parse(s, len)) == -1) {
		unauthorized(ctx);
		return (0);
	}
	ctx->who.role = (enum api_role)role;
	(void)snprintf(ctx->who.lanes, sizeof(ctx->who.lanes), "%s",
	    sql_result_text(r, 0, 3, NULL));
	(void)sql_result_int(r, 0, 5, &ctx->who.user_id);
	(void)sql_result_int(r, 0, 6, &v);
	ctx->who.privacy = v != 0;
	if (sql_result_int(r, 0, 7, &idle) == -1)
		idle = 0;
	pseudonym_settings(ctx, r, 8, 12);
	(void)snprintf(ctx->who.actor, sizeof(ctx->who.actor), "key:%" PRId64,
	    ctx->who.id);
	if (sql_result_int(r, 0, 11, &expires) == -1)
		expires = 0;
	key_remember(ctx, sql_result_text(r, 0, 4, NULL), expires);
	if (!network_ok(ctx, sql_result_text(r, 0, 4, NULL)))
		return (0);
	if (mac != ctx->who.token_hash) {
		/* The hash under the current master; the key's own is gone. */
		rp[0] = sql_p_blob(ctx->who.token_hash,
		    sizeof(ctx->who.token_hash));
		rp[1] = sql_p_int(app_keys.master_id);
		rp[2] = sql_p_int(ctx->who.id);
		rp[3] = sql_p_int(master);
		api_sql_start(ctx, q_key_rehash, rp, 4);
	} else if (idle >= TOUCH_INTERVAL) {
		p = sql_p_int(ctx->who.id);
		api_sql_start(ctx, q_key_touch, &p, 1);
	} else {
		app_db_job_free(ctx->job);
		ctx->job = NULL;
	}

	return (1);
}

/* The route's conditions, in order.  0 when refused (answered). */
static int
check_access(struct api_ctx *ctx)
{
	const struct api_route_def *def = &api_route_defs[ctx->route];

	if (ctx->who.must_change && !(def->flags & API_R_ANYTIME)) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN,
		    "password_change_required", NULL,
		    "change your password first: POST /api/v1/auth/password");
		return (0);
	}
	if (ctx->who.enrol && !(def->flags & API_R_ENROL)) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN,
		    "totp_enrolment_required", NULL,
		    "admins must enrol a second factor first: "
		    "POST /api/v1/auth/totp");
		return (0);
	}
	if ((def->flags & API_R_SESSION) && ctx->who.kind != API_WHO_USER) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "session_required",
		    NULL, "this call needs a logged-in user, not an API key");
		return (0);
	}
	if (!api_role_allows(ctx->who.role, def->perm) ||
	    ((def->flags & API_R_SYSTEM) &&
	        ctx->who.tenant != API_SYSTEM_TENANT)) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "forbidden", NULL,
		    "your role may not do this");
		return (0);
	}
	if ((def->flags & API_R_SEARCH) && ctx->who.privacy) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "privacy_mode", NULL,
		    "searches of reads are locked (privacy mode)");
		return (0);
	}

	return (1);
}

/*
 * Parse a body, if there is one, as a JSON object.  0 when refused
 * (answered).
 */
static int
read_body(struct api_ctx *ctx)
{
	struct api_jerror err;
	char             *buf;
	ssize_t           n;
	size_t            len, off = 0;

	if ((len = ctx->req->http_body_length) == 0)
		return (1);
	if (len > API_BODY_MAX) {
		api_error(ctx->req, HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE,
		    "body_too_large", NULL,
		    "a JSON body is at most 16384 bytes");
		return (0);
	}
	if (http_body_rewind(ctx->req) == KORE_RESULT_ERROR) {
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot read the body");
		return (0);
	}
	buf = kore_malloc(len);
	while (off < len &&
	    (n = http_body_read(ctx->req, buf + off, len - off)) > 0)
		off += (size_t)n;
	if (off != len) {
		kore_free(buf);
		api_error(ctx->req, 400, "bad_body", NULL,
		    "the body is shorter than its length");
		return (0);
	}

	ctx->body = api_json_parse(buf, len, &err);
	explicit_bzero(buf, len);
	kore_free(buf);
	/* kore's copy too: bodies carry passwords and plates. */
	if (ctx->req->http_body != NULL)
		explicit_bzero(ctx->req->http_body->data,
		    ctx->req->http_body->length);
	if (ctx->body == NULL) {
		api_error(ctx->req, 400, "invalid_json", NULL, err.message);
		return (0);
	}
	ctx->json = api_json_root(ctx->body);
	if (ctx->json->type != API_JOBJECT) {
		api_error(ctx->req, 400, "invalid_json", NULL,
		    "the body must be a JSON object");
		return (0);
	}

	return (1);
}

/*
 * The client's address: on our unix socket the request comes from our
 * nginx, which sets X-Real-IP; anywhere else the header could be forged
 * and the peer's address counts.
 */
static void
client_address(struct api_ctx *ctx)
{
	struct connection *c = ctx->req->owner;
	const char        *h;
	unsigned char      buf[sizeof(struct in6_addr)];

	ctx->client[0] = '\0';
	if (c->family == AF_UNIX) {
		if (http_request_header(ctx->req, "x-real-ip", &h) &&
		    strlen(h) < sizeof(ctx->client) &&
		    (inet_pton(AF_INET, h, buf) == 1 ||
		        inet_pton(AF_INET6, h, buf) == 1))
			(void)snprintf(ctx->client, sizeof(ctx->client), "%s",
			    h);
	} else if (c->family == AF_INET) {
		(void)inet_ntop(AF_INET, &c->addr.ipv4.sin_addr, ctx->client,
		    sizeof(ctx->client));
	} else if (c->family == AF_INET6) {
		(void)inet_ntop(AF_INET6, &c->addr.ipv6.sin6_addr, ctx->client,
		    sizeof(ctx->client));
	}
}

static void
unauthorized(struct api_ctx *ctx)
{
	http_response_header(ctx->req, "www-authenticate", "Bearer");
	/* Cameras send Basic credentials only when asked for them. */
	if (ctx->route >= 0 && (api_route_defs[ctx->route].flags & API_R_RAW))
		http_response_header(ctx->req, "www-authenticate",
		    "Basic realm=\"torwart\"");
	api_error(ctx->req, HTTP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
	    "missing, invalid, expired or revoked credentials");
}

static void
ctx_free(struct http_request *req)
{
	struct api_ctx *ctx;

	if ((ctx = http_state_get(req)) == NULL)
		return;
	/*
	 * A thread may still use priv and the last statement's result (a
	 * rotation and the exports read rows in place): both go with the
	 * job, released on the loop when the thread has ended (at once if
	 * it has).
	 */
	if (ctx->work != NULL) {
		struct orphan *o = kore_calloc(1, sizeof(*o));

		o->priv = ctx->priv;
		o->privsize = ctx->privsize;
		o->privfree = ctx->privfree;
		o->job = ctx->job;
		app_work_abandon(ctx->work, orphan_free, o);
		ctx->work = NULL;
		ctx->priv = NULL;
		ctx->job = NULL;
	}
	app_db_job_free(ctx->job);
	ctx->job = NULL;
	api_json_free(ctx->body);
	ctx->body = NULL;
	ctx->json = NULL;
	/* A refused request's body was never parsed, nor wiped. */
	if (req->http_body != NULL)
		explicit_bzero(req->http_body->data, req->http_body->length);
	priv_free(ctx->priv, ctx->privsize, ctx->privfree);
	ctx->priv = NULL;
}

static void
priv_free(void *priv, size_t size, void (*privfree)(void *))
{
	if (priv == NULL)
		return;
	if (privfree != NULL)
		privfree(priv);
	/* It held passwords, secrets and keys on their way. */
	explicit_bzero(priv, size);
	kore_free(priv);
}

static void
orphan_free(void *arg)
{
	struct orphan *o = arg;

	priv_free(o->priv, o->privsize, o->privfree);
	app_db_job_free(o->job);
	kore_free(o);
}

/* --- what handlers use ------------------------------------------------ */

void *
api_priv(struct api_ctx *ctx, size_t size)
{
	if (ctx->priv == NULL) {
		ctx->priv = kore_calloc(1, size);
		ctx->privsize = size;
	}

	return (ctx->priv);
}

void
api_sql_start(struct api_ctx *ctx, const char *q, const struct sql_param *p,
    size_t n)
{
	app_db_job_free(ctx->job);
	ctx->job = app_db_submit(ctx->req, q, p, n);
}

void
api_tx_start(struct api_ctx *ctx, const struct app_db_stmt *s, size_t n)
{
	app_db_job_free(ctx->job);
	ctx->job = app_db_submit_tx(ctx->req, s, n);
}

int
api_ready(struct api_ctx *ctx)
{
	if (ctx->job != NULL && !app_db_finished(ctx->job)) {
		http_request_sleep(ctx->req);
		return (0);
	}
	if (ctx->work != NULL) {
		if (!app_work_finished(ctx->work)) {
			http_request_sleep(ctx->req);
			return (0);
		}
		app_work_free(ctx->work);
		ctx->work = NULL;
	}

	return (1);
}

int
api_sql_failed(struct api_ctx *ctx)
{
	if (ctx->job == NULL || ctx->job->state == APP_DB_DONE)
		return (0);
	if (ctx->job->sqlerrno == 1062) {
		api_error(ctx->req, HTTP_STATUS_CONFLICT, "conflict", NULL,
		    "an object with this name exists already");
		return (1);
	}
	if (!ctx->job->unavailable)
		kore_log(LOG_ERR, "%s: %s", ctx->req->path, ctx->job->errstr);
	api_error(ctx->req, HTTP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
	    NULL, "the database is not available; try again");

	return (1);
}

int64_t
api_admin_count(struct api_ctx *ctx)
{
	struct sql_result *r = api_result(ctx);
	int64_t            n = 0;

	if (r == NULL || sql_result_int(r, 0, 0, &n) == -1)
		return (0);

	return (n);
}

struct sql_result *
api_result(struct api_ctx *ctx)
{
	return (ctx->job != NULL ? ctx->job->result : NULL);
}

void
api_work_start(struct api_ctx *ctx, void (*fn)(void *))
{
	ctx->work = app_work_submit(ctx->req, fn, ctx->priv);
}

void
api_buf_send(struct api_ctx *ctx, int status, struct kore_buf *buf)
{
	api_json_response(ctx->req, status, (const char *)buf->data,
	    buf->offset);
	kore_buf_free(buf);
}

/* --- body fields ------------------------------------------------------ */

int
api_body_fields(struct api_ctx *ctx, const char *const *names)
{
	const struct api_jvalue *m;
	size_t                   i;
	char                     msg[128];

	if (ctx->json == NULL) {
		api_error(ctx->req, 400, "invalid_json", NULL,
		    "a JSON object body is required");
		return (0);
	}
	for (m = ctx->json->child; m != NULL; m = m->next) {
		for (i = 0; names[i] != NULL; i++) {
			if (strcmp(names[i], m->key) == 0)
				break;
		}
		if (names[i] == NULL) {
			(void)snprintf(msg, sizeof(msg), "unknown field");
			api_error(ctx->req, 400, "unknown_field", m->key, msg);
			return (0);
		}
	}

	return (1);
}

const char *
api_str(struct api_ctx *ctx, const char *name, size_t max, int *bad)
{
	const struct api_jvalue *v;
	char                     msg[96];

	if (*bad || (v = api_json_get(ctx->json, name)) == NULL)
		return (NULL);
	if (v->type != API_JSTRING) {
		api_error(ctx->req, 400, "invalid_type", name,
		    "must be a string");
		*bad = 1;
		return (NULL);
	}
	if (v->len > max) {
		(void)snprintf(msg, sizeof(msg), "at most %zu bytes", max);
		api_error(ctx->req, 400, "too_long", name, msg);
		*bad = 1;
		return (NULL);
	}

	return (v->str);
}

int
api_int(struct api_ctx *ctx, const char *name, int64_t min, int64_t max,
    int64_t *out, int *bad)
{
	const struct api_jvalue *v;
	char                     msg[96];

	if (*bad || (v = api_json_get(ctx->json, name)) == NULL)
		return (0);
	if (v->type != API_JNUMBER || !v->is_int || v->i < min || v->i > max) {
		(void)snprintf(msg, sizeof(msg),
		    "must be an integer from %" PRId64 " to %" PRId64, min,
		    max);
		api_error(ctx->req, 400, "invalid_value", name, msg);
		*bad = 1;
		return (0);
	}
	*out = v->i;

	return (1);
}

int
api_bool(struct api_ctx *ctx, const char *name, int *out, int *bad)
{
	const struct api_jvalue *v;

	if (*bad || (v = api_json_get(ctx->json, name)) == NULL)
		return (0);
	if (v->type != API_JTRUE && v->type != API_JFALSE) {
		api_error(ctx->req, 400, "invalid_type", name,
		    "must be true or false");
		*bad = 1;
		return (0);
	}
	*out = v->type == API_JTRUE;

	return (1);
}

void
api_missing(struct api_ctx *ctx, const char *name)
{
	api_error(ctx->req, 400, "missing_field", name, "is required");
}

const char *
api_str_req(struct api_ctx *ctx, const char *name, size_t max)
{
	const char *s;
	int         bad = 0;

	if ((s = api_str(ctx, name, max, &bad)) == NULL && !bad)
		api_missing(ctx, name);

	return (s);
}

void
api_stmt(struct app_db_stmt *s, const char *q, struct sql_param *p, size_t n,
    int flags)
{
	s->query = q;
	s->params = p;
	s->nparams = n;
	s->flags = flags;
}

void
api_item_send(struct api_ctx *ctx, const char *what,
    void (*item)(struct kore_buf *, struct sql_result *, size_t))
{
	struct sql_result *r = api_result(ctx);
	struct kore_buf   *b;
	char               msg[64];

	if (r == NULL || sql_result_rows(r) != 1) {
		(void)snprintf(msg, sizeof(msg), "no such %s", what);
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    msg);
		return;
	}
	b = kore_buf_alloc(512);
	item(b, r, 0);
	api_buf_send(ctx, HTTP_STATUS_OK, b);
}

const char *
api_name_req(struct api_ctx *ctx)
{
	const char *s;
	size_t      i;

	if ((s = api_str_req(ctx, "name", 64)) == NULL)
		return (NULL);
	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			break;
	}
	if (*s == '\0' || s[i] != '\0') {
		api_error(ctx->req, 400, "invalid_value", "name",
		    "1 to 64 characters, no control characters");
		return (NULL);
	}

	return (s);
}

void
api_delete_start(struct api_ctx *ctx, struct api_delete *d, const char *q,
    size_t nids, const char *what, const char *action)
{
	d->p[0] = sql_p_int(ctx->who.tenant);
	d->p[1] = sql_p_int(ctx->id);
	d->p[2] = sql_p_int(ctx->sub);
	api_stmt(&d->s[0], q, d->p, 1 + nids, APP_DB_NEED_ROW);
	(void)snprintf(d->object, sizeof(d->object), "%s:%" PRId64, what,
	    nids == 1 ? ctx->id : ctx->sub);
	api_audit_stmt(ctx, &d->s[1], d->ap, action, d->object, "success", NULL,
	    0);
	api_tx_start(ctx, d->s, 2);
}

void
api_delete_done(struct api_ctx *ctx, const char *what)
{
	char msg[64];

	if (api_sql_failed(ctx))
		return;
	if (ctx->job->norow != -1) {
		(void)snprintf(msg, sizeof(msg), "no such %s", what);
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    msg);
		return;
	}
	http_response(ctx->req, HTTP_STATUS_NO_CONTENT, NULL, 0);
}

/* --- audit ------------------------------------------------------------ */

void
api_audit_stmt(struct api_ctx *ctx, struct app_db_stmt *s, struct sql_param *p,
    const char *action, const char *object, const char *outcome,
    const char *details, int lastid)
{
	p[0] = sql_p_int(ctx->who.tenant);
	p[1] =
	    sql_p_str(ctx->who.actor[0] != '\0' ? ctx->who.actor : "anonymous");
	p[2] = sql_p_str(action);
	p[3] = sql_p_str(object);
	p[4] = sql_p_str(outcome);
	p[5] = sql_p_str(details != NULL ? details : "{}");
	api_stmt(s, lastid ? q_audit_lastid : q_audit, p, 6, 0);
}
