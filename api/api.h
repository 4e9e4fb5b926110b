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
 * The HTTP side: handlers named in kore's configuration and the helpers
 * they share for JSON output.
 */

#ifndef API_H
#define API_H

#include <stddef.h>
#include <stdint.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api_json.h"
#include "api_rbac.h"
#include "../kore/app.h"

struct http_request;

/* Who is calling: a logged-in user or an API key (api_dispatch.c). */
#define API_WHO_USER 1
#define API_WHO_KEY  2

struct api_principal {
	int               kind; /* API_WHO_USER or API_WHO_KEY */
	int64_t           id; /* the user's or the key's id */
	int64_t           user_id; /* the user (a key's creator; 0 when gone) */
	int64_t           tenant;
	enum api_role     role;
	int               must_change; /* password change required */
	int               enrol; /* TOTP enrolment required */
	int               privacy; /* the tenant's privacy mode is on */
	unsigned char     token_hash[PSEUDO_MAC_LEN]; /* a session's */
	char              actor[32]; /* "user:12", "key:7" for the audit log */
	char              lanes[1024]; /* a key's lanes, "1,2" ("": none) */
	enum pseudo_epoch read_epoch; /* the tenant's, for read tokens */
	uint32_t          key_version; /* the tenant's current one */
	uint32_t          key_master; /* the master it was made under */
	uint32_t          prev_master; /* version - 1's (0: none) */
	uint64_t          epoch; /* config_epoch of what the row said */
	/* A key's MAC under each retired master of the keyring (ring[1..]). */
	unsigned char old_macs[APP_MASTERS_MAX - 1][PSEUDO_MAC_LEN];
};

/*
 * The largest JSON body any route takes (413 above it).  Routes flagged
 * API_R_CSV read their body themselves, up to body_max (torwart.conf),
 * which nginx's client_max_body_size and kore's http_body_max also are.
 */
#define API_BODY_MAX 16384

/*
 * One API request on its way through the dispatcher and its handler.  A
 * handler is a small state machine (API_BEGIN/API_WAIT below): it is
 * called again each time what it waits for has finished, with its own
 * state in priv (route's privsize bytes, zeroed).
 */
struct api_ctx {
	struct http_request     *req;
	long                     route; /* index in the route table */
	int                      pc; /* the dispatcher's step */
	int                      hpc; /* the handler's step */
	struct app_db_job       *job; /* the statement waited for */
	struct app_work         *work; /* the thread's job waited for */
	struct api_principal     who;
	int64_t                  id; /* "{id}" of the path, 0 when none */
	int64_t                  sub; /* a second "{id}", 0 when none */
	struct api_jdoc         *body; /* parsed request body, NULL when none */
	const struct api_jvalue *json; /* its root object */
	char                     client[46]; /* the client's address */
	void                    *priv;
	size_t                   privsize;
	/* Frees what priv points at (set by the handler; may be NULL). */
	void (*privfree)(void *);
};

typedef int (*api_handler)(struct api_ctx *);

/*
 * The handler's state machine.  Between API_BEGIN and API_END, API_WAIT
 * returns to kore until the statement (api_sql*) or work the handler
 * started has finished, and goes on after it when called again.  Locals
 * do not survive an API_WAIT: keep state in priv.
 */
#define API_BEGIN(ctx)                                                         \
	switch ((ctx)->hpc) {                                                  \
	case 0:
#define API_END(ctx)                                                           \
	}                                                                      \
	return (KORE_RESULT_OK)
#define API_WAIT(ctx)                                                          \
	do {                                                                   \
		(ctx)->hpc = __LINE__;                                         \
		return (KORE_RESULT_RETRY);                                    \
	case __LINE__:                                                         \
		if (!api_ready(ctx))                                           \
			return (KORE_RESULT_RETRY);                            \
	} while (0)

/*
 * Run one statement (api_sql) or a transaction (api_tx) and wait for it;
 * a failure has answered 503 (or 409 for a duplicate, when the handler
 * asked api_sql_try) and makes the handler return.
 */
#define API_SQL(ctx, q, p, n)                                                  \
	do {                                                                   \
		api_sql_start(ctx, q, p, n);                                   \
		API_WAIT(ctx);                                                 \
		if (api_sql_failed(ctx))                                       \
			return (KORE_RESULT_OK);                               \
	} while (0)
#define API_TX(ctx, s, n)                                                      \
	do {                                                                   \
		api_tx_start(ctx, s, n);                                       \
		API_WAIT(ctx);                                                 \
		if (api_sql_failed(ctx))                                       \
			return (KORE_RESULT_OK);                               \
	} while (0)

void api_sql_start(struct api_ctx *, const char *, const struct sql_param *,
    size_t);
void api_tx_start(struct api_ctx *, const struct app_db_stmt *, size_t);
int  api_ready(struct api_ctx *);
/* 1 (and a 503 sent) when the last statement failed; 409 for 1062. */
int api_sql_failed(struct api_ctx *);
/* The last statement's result (NULL when none). */
struct sql_result *api_result(struct api_ctx *);
/* The integer in the first column of the last result's first row, or 0. */
int64_t api_admin_count(struct api_ctx *);

/* Fill in one statement of a transaction. */
void api_stmt(struct app_db_stmt *, const char *, struct sql_param *, size_t,
    int);

/*
 * Answer the last statement's one row as JSON written by item(), or 404
 * "no such <what>" when there is none.
 */
void api_item_send(struct api_ctx *, const char *,
    void (*)(struct kore_buf *, struct sql_result *, size_t));

/*
 * Run fn(ctx->priv) on one of the worker's threads (kore/app_work.c; for
 * CPU work: scrypt, a CSV import).  priv, and the last statement's
 * result, are the thread's until API_WAIT goes on: submit nothing
 * meanwhile.  A request that goes away leaves both to the thread, freed
 * when it has ended.  fn may not call kore's logging or the loop.
 */
void api_work_start(struct api_ctx *, void (*)(void *));

/* Append s as a JSON string literal, escaped, to buf. */
void api_buf_str(struct kore_buf *, const char *);

/* Send buf (JSON) with status and free it. */
void api_buf_send(struct api_ctx *, int, struct kore_buf *);

/*
 * Body fields.  api_body_fields() answers 400 naming the first member of
 * the body that is not in the NULL-terminated list names, or 400 when
 * there is no JSON object body; returns 0 then, else 1.  api_str()
 * returns the string member name (NULL when absent; when present but not
 * a string, or longer than max bytes, answers 400 naming it and sets
 * *bad).  api_int(), api_bool() alike.  A required member that is absent
 * is the caller's api_missing().
 */
int         api_body_fields(struct api_ctx *, const char *const *);
const char *api_str(struct api_ctx *, const char *, size_t, int *);
int api_int(struct api_ctx *, const char *, int64_t, int64_t, int64_t *, int *);
int api_bool(struct api_ctx *, const char *, int *, int *);
void api_missing(struct api_ctx *, const char *);
/*
 * The required member "name": 1..64 bytes without control characters;
 * NULL when absent or bad (answered, naming it).
 */
const char *api_name_req(struct api_ctx *);

/*
 * DELETE of one object, audited: q takes (tenant, then nids path ids:
 * ctx->id, ctx->sub) and must match a row; the audit entry's object is
 * "<what>:<last path id>".  api_delete_start() starts the transaction
 * (API_WAIT for it) with its state in d (in the handler's priv);
 * api_delete_done() answers 204, 404 "no such <what>", or the failure.
 */
struct api_delete {
	struct sql_param   p[3];
	struct sql_param   ap[6];
	struct app_db_stmt s[2];
	char               object[48];
};
void api_delete_start(struct api_ctx *, struct api_delete *, const char *,
    size_t, const char *, const char *);
void api_delete_done(struct api_ctx *, const char *);

/* api_str() of a required member: NULL when absent or bad (answered). */
const char *api_str_req(struct api_ctx *, const char *, size_t);

/*
 * An audit entry as the statement s, params in p[0..6): tenant, actor,
 * action, object, outcome, details.  With lastid, object is completed
 * with LAST_INSERT_ID() (the row the transaction just inserted).
 * details is JSON text and must never carry a plate, password, token or
 * key.
 */
void api_audit_stmt(struct api_ctx *, struct app_db_stmt *, struct sql_param *,
    const char *, const char *, const char *, const char *, int);

/*
 * Send the one error format of the API,
 * {"error":{"code":…,"message":…,"field":…}}, with status; field may be
 * NULL.  Every string is escaped.  The handler returns KORE_RESULT_OK
 * afterwards.
 */
void api_error(struct http_request *, int, const char *, const char *,
    const char *);

/* Send body[0..len) as application/json with status. */
void api_json_response(struct http_request *, int, const char *, size_t);

/*
 * 1 when the request's method is one of the HTTP_METHOD_* bits in
 * allowed; else answers 405 with an Allow header and returns 0.
 */
int api_method_allowed(struct http_request *, int);

/* Handlers (kore's configuration names them). */
int api_health(struct http_request *);
int api_not_found(struct http_request *);
int api_dispatch(struct http_request *);

/*
 * The gate stream's WebSocket callbacks (api_gate.c): kore resolves them
 * by name in kore_websocket_handshake().
 */
void api_gate_ws_message(struct connection *, u_int8_t, const void *, size_t);
void api_gate_ws_disconnect(struct connection *);

/* The route handlers of API_ROUTES. */
#define API_DECLARE(m, p, perm, fl, h) int h(struct api_ctx *);
API_ROUTES(API_DECLARE)
#undef API_DECLARE

/* The handler's state: size bytes, zeroed on the first call, then kept. */
void *api_priv(struct api_ctx *, size_t);

#endif /* API_H */
