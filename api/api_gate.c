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
 * Delivery to gate controllers (issue 5): the gate stream and manual gate
 * commands.
 *
 * GET /api/v1/lanes/{id}/decisions passes the dispatcher like every call
 * (credentials, permission decisions.watch), checks the lane (the
 * tenant's, and one of a device key's lanes) and only then upgrades the
 * connection to a WebSocket (kore_websocket_handshake(), from the
 * resumed handler: the request is still kore's, only its answer is 101).
 * From then on the connection is no request any more: this worker keeps
 * it in its watcher set, with the tenant and lane, until kore calls
 * api_gate_ws_disconnect().  Watchers only listen: kore answers their
 * pings and closes on their close, a text or binary frame closes the
 * connection (1008).
 *
 * api_gate_publish() sends a message to this worker's watchers of the
 * lane at once and to every other worker through kore's worker messages:
 * the parent hands a KORE_MSG_WORKER_ALL message to every worker, the
 * sender included (msg.c, msg_recv_data()), so the sender ignores its
 * own and each watcher gets a message exactly once.  Workers count their
 * watchers in memory the parent shares with them (slots by lane), and a
 * publish for a lane no other worker watches sends no message at all:
 * the ingest path may publish every decision.
 *
 * Every API_GATE_PING_MS each worker pings its watchers: the pongs keep
 * kore's websocket_timeout and nginx's proxy_read_timeout from closing
 * an idle stream, and a controller that hears nothing for a few
 * intervals knows its stream is gone.
 */

#include <sys/types.h>
#include <sys/mman.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api.h"
#include "api_gate.h"
#include "api_util.h"

/* Our type of kore's worker messages. */
#define GATE_MSG (KORE_MSG_APP_BASE + 1)

/*
 * Who watches at all, for every worker to see: watchers per slot (a hash
 * of tenant and lane), counted by every worker in memory the parent
 * shares with all of them.  A publish sends no worker message when the
 * other workers hold no watcher in the lane's slot, so a read nobody
 * watches costs the parent nothing.  A collision or the count of a
 * worker that died only costs a message nobody takes.
 */
#define GATE_SLOTS 4096

/* WebSocket close codes (RFC 6455, 7.4.1). */
#define WS_CLOSE_POLICY 1008 /* a watcher sent data */
#define WS_CLOSE_AGAIN  1013 /* too slow to take its messages */

/* What a worker message carries before the JSON text. */
struct gate_msg_hdr {
	int64_t tenant;
	int64_t lane;
};

/* A message on its way to watchers. */
struct gate_text {
	const char *data;
	size_t      len;
};

struct gate_watch {
	struct sql_param p[2];
};

struct gate_open {
	char               reason[API_GATE_REASON_MAX + 1];
	int                has_reason;
	char               object[48];
	char               details[6 * API_GATE_REASON_MAX + 32];
	struct sql_param   p[2];
	struct sql_param   ap[6];
	struct app_db_stmt s[2];
};

static void gate_msg(struct kore_msg *, const void *);
static void uncount(struct api_gate_watcher *, void *);
static void gate_ping(void *, u_int64_t);
static void deliver(int64_t, int64_t, const char *, size_t);
static void send_text(struct api_gate_watcher *, void *);
static void send_ping(struct api_gate_watcher *, void *);
static int  backlog_full(struct api_gate_watcher *);
static void ws_close(struct connection *, u_int16_t);
static int  upgrade_ok(struct api_ctx *);

static const char q_lane[] =
    "SELECT id FROM lanes WHERE tenant_id = ? AND id = ?";
/* Held until the command's audit entry commits: no delete in between. */
static const char q_lane_share[] = "SELECT id FROM lanes WHERE tenant_id = ? "
                                   "AND id = ? LOCK IN SHARE MODE";

static struct api_gate_set watchers;
static struct kore_timer  *pinger;
static uint32_t           *shared; /* GATE_SLOTS, all workers' */
static uint32_t            local[GATE_SLOTS]; /* this worker's share */

static size_t
slot(int64_t tenant, int64_t lane)
{
	uint64_t h;

	h = (uint64_t)tenant * 0x9e3779b97f4a7c15ULL ^
	    (uint64_t)lane * 0xc2b2ae3d27d4eb4fULL;

	return ((size_t)(h >> 32) % GATE_SLOTS);
}

/* Count a watcher of (tenant, lane) in (n = 1) or out (n = -1). */
static void
count(int64_t tenant, int64_t lane, int n)
{
	size_t i = slot(tenant, lane);

	if (n > 0) {
		local[i]++;
		(void)__atomic_add_fetch(&shared[i], 1, __ATOMIC_RELAXED);
	} else {
		local[i]--;
		(void)__atomic_sub_fetch(&shared[i], 1, __ATOMIC_RELAXED);
	}
}

void
api_gate_parent_init(void)
{
	void *p;

	p = mmap(NULL, GATE_SLOTS * sizeof(*shared), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fatalx("%s: mmap: %s", __func__, errno_s);
	shared = p;
}

void
api_gate_init(void)
{
	if (shared == NULL)
		fatalx("%s: api_gate_parent_init() was not called", __func__);
	api_gate_set_init(&watchers);
	if (kore_msg_register(GATE_MSG, gate_msg) != KORE_RESULT_OK)
		fatalx("%s: worker message type %d is taken", __func__,
		    GATE_MSG);
	pinger = kore_timer_add(gate_ping, API_GATE_PING_MS, NULL, 0);
}

void
api_gate_cleanup(void)
{
	if (pinger != NULL)
		kore_timer_remove(pinger);
	pinger = NULL;
	kore_msg_unregister(GATE_MSG);
	/* kore closes the connections afterwards; they watch nothing then. */
	(void)api_gate_set_each(&watchers, 0, 0, uncount, NULL);
	api_gate_set_clear(&watchers);
}

/* --- publishing ----------------------------------------------------------- */

void
api_gate_publish(int64_t tenant, int64_t lane, const char *json, size_t len)
{
	struct gate_msg_hdr hdr;
	u_int8_t           *buf;
	size_t              i;

	if (len > API_GATE_MSG_MAX) {
		kore_log(LOG_ERR,
		    "%s: lane %" PRId64 ": a message of %zu bytes "
		    "is too long, dropped",
		    __func__, lane, len);
		return;
	}

	/* This worker's watchers at once; the parent bounces ours back. */
	deliver(tenant, lane, json, len);
	i = slot(tenant, lane);
	if (__atomic_load_n(&shared[i], __ATOMIC_RELAXED) <= local[i])
		return;

	memset(&hdr, 0, sizeof(hdr));
	hdr.tenant = tenant;
	hdr.lane = lane;
	buf = kore_malloc(sizeof(hdr) + len);
	memcpy(buf, &hdr, sizeof(hdr));
	if (len > 0)
		memcpy(buf + sizeof(hdr), json, len);
	kore_msg_send(KORE_MSG_WORKER_ALL, GATE_MSG, buf, sizeof(hdr) + len);
	kore_free(buf);
}

/* Another worker's api_gate_publish() (or our own, already delivered). */
static void
gate_msg(struct kore_msg *msg, const void *data)
{
	struct gate_msg_hdr hdr;

	if (msg->src == worker->id)
		return;
	if (data == NULL || msg->length < sizeof(hdr) ||
	    msg->length - sizeof(hdr) > API_GATE_MSG_MAX)
		return;
	memcpy(&hdr, data, sizeof(hdr));
	deliver(hdr.tenant, hdr.lane, (const char *)data + sizeof(hdr),
	    msg->length - sizeof(hdr));
}

static void
deliver(int64_t tenant, int64_t lane, const char *json, size_t len)
{
	struct gate_text t;

	if (tenant == 0)
		return;
	t.data = json;
	t.len = len;
	(void)api_gate_set_each(&watchers, tenant, lane, send_text, &t);
}

static void
send_text(struct api_gate_watcher *w, void *arg)
{
	struct connection *c = w->conn;
	struct gate_text  *t = arg;

	if (c->state != CONN_STATE_ESTABLISHED ||
	    (c->flags & CONN_WS_CLOSE_SENT) || backlog_full(w))
		return;
	kore_websocket_send(c, WEBSOCKET_OP_TEXT, t->data, t->len);
}

static void
uncount(struct api_gate_watcher *w, void *arg)
{
	(void)arg;
	count(w->tenant, w->lane, -1);
}

static void
gate_ping(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;
	(void)api_gate_set_each(&watchers, 0, 0, send_ping, NULL);
}

static void
send_ping(struct api_gate_watcher *w, void *arg)
{
	struct connection *c = w->conn;

	(void)arg;
	if (c->state != CONN_STATE_ESTABLISHED ||
	    (c->flags & CONN_WS_CLOSE_SENT) || backlog_full(w))
		return;
	kore_websocket_send(c, WEBSOCKET_OP_PING, NULL, 0);
}

/*
 * A watcher that has not taken API_GATE_BACKLOG_MAX frames (each message
 * and ping queues one) is gone or stuck: close it rather than queue
 * without bound.  1 when it was closed.
 */
static int
backlog_full(struct api_gate_watcher *w)
{
	struct connection *c = w->conn;
	struct netbuf     *nb;
	size_t             n = 0;

	TAILQ_FOREACH(nb, &c->send_queue, list) {
		if (++n >= API_GATE_BACKLOG_MAX)
			break;
	}
	if (n < API_GATE_BACKLOG_MAX)
		return (0);
	kore_log(LOG_WARNING,
	    "gate: lane %" PRId64 ": %s takes no messages, "
	    "dropped",
	    w->lane, w->who);
	ws_close(c, WS_CLOSE_AGAIN);

	return (1);
}

/* Send a close frame with code and drop the connection. */
static void
ws_close(struct connection *c, u_int16_t code)
{
	u_int8_t payload[2];

	if (!(c->flags & CONN_WS_CLOSE_SENT)) {
		payload[0] = (u_int8_t)(code >> 8);
		payload[1] = (u_int8_t)(code & 0xff);
		c->flags |= CONN_WS_CLOSE_SENT;
		kore_websocket_send(c, WEBSOCKET_OP_CLOSE, payload,
		    sizeof(payload));
	}
	kore_connection_disconnect(c);
}

/* --- the WebSocket's callbacks (named in kore_websocket_handshake()) --- */

void
api_gate_ws_message(struct connection *c, u_int8_t op, const void *data,
    size_t len)
{
	(void)op;
	(void)data;
	(void)len;
	/* A text or binary frame: watchers only listen. */
	ws_close(c, WS_CLOSE_POLICY);
}

void
api_gate_ws_disconnect(struct connection *c)
{
	struct api_gate_watcher w;

	if (!api_gate_set_remove(&watchers, c, &w))
		return;
	count(w.tenant, w.lane, -1);
	kore_log(LOG_NOTICE, "gate: lane %" PRId64 ": %s stopped watching",
	    w.lane, w.who);
}

/* --- the handlers ------------------------------------------------------ */

/*
 * A WebSocket upgrade kore can answer: GET with Upgrade: websocket,
 * version 13 and a key.  0 when not (answered).
 */
static int
upgrade_ok(struct api_ctx *ctx)
{
	const char *h;

	if (ctx->req->method != HTTP_METHOD_GET ||
	    !http_request_header(ctx->req, "upgrade", &h) ||
	    strcasecmp(h, "websocket") != 0) {
		http_response_header(ctx->req, "upgrade", "websocket");
		api_error(ctx->req, 426, "upgrade_required", NULL,
		    "a WebSocket: GET with Upgrade: websocket");
		return (0);
	}
	if (!http_request_header(ctx->req, "sec-websocket-version", &h) ||
	    strcmp(h, "13") != 0) {
		http_response_header(ctx->req, "sec-websocket-version", "13");
		api_error(ctx->req, 400, "bad_upgrade", NULL,
		    "Sec-WebSocket-Version must be 13");
		return (0);
	}
	if (!http_request_header(ctx->req, "sec-websocket-key", &h) ||
	    strlen(h) != 24) {
		api_error(ctx->req, 400, "bad_upgrade", NULL,
		    "Sec-WebSocket-Key must be 16 bytes in base64");
		return (0);
	}

	return (1);
}

int
api_gate_watch(struct api_ctx *ctx)
{
	struct gate_watch *a = api_priv(ctx, sizeof(*a));
	struct sql_result *r;
	struct connection *c;

	API_BEGIN(ctx);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	API_SQL(ctx, q_lane, a->p, 2);
	if ((r = api_result(ctx)) == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such lane");
		return (KORE_RESULT_OK);
	}
	if (ctx->who.role == API_ROLE_DEVICE &&
	    !api_gate_lanes_contain(ctx->who.lanes, ctx->id)) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "lane_not_allowed",
		    NULL, "this device key is not bound to that lane");
		return (KORE_RESULT_OK);
	}
	if (!upgrade_ok(ctx))
		return (KORE_RESULT_OK);

	c = ctx->req->owner;
	switch (api_gate_set_add(&watchers, ctx->who.tenant, ctx->id, c,
	    ctx->who.actor, API_GATE_LANE_MAX, API_GATE_WORKER_MAX)) {
	case 0:
		break;
	case API_GATE_LANE_FULL:
		http_response_header(ctx->req, "retry-after", "60");
		api_error(ctx->req, 429, "too_many_watchers", NULL,
		    "this lane has as many watchers as it may have; "
		    "try again later");
		return (KORE_RESULT_OK);
	default:
		http_response_header(ctx->req, "retry-after", "60");
		api_error(ctx->req, HTTP_STATUS_SERVICE_UNAVAILABLE,
		    "unavailable", NULL,
		    "the server has as many watchers as it may have; "
		    "try again later");
		return (KORE_RESULT_OK);
	}

	/* The answer is 101; the connection is a WebSocket from now on. */
	kore_websocket_handshake(ctx->req, NULL, "api_gate_ws_message",
	    "api_gate_ws_disconnect");
	if (c->proto != CONN_PROTO_WEBSOCKET) {
		/* kore refused it (answered); checked above, so not seen. */
		(void)api_gate_set_remove(&watchers, c, NULL);
		return (KORE_RESULT_OK);
	}
	count(ctx->who.tenant, ctx->id, 1);
	kore_log(LOG_NOTICE, "gate: lane %" PRId64 ": %s watching (%zu here)",
	    ctx->id, ctx->who.actor,
	    api_gate_set_count(&watchers, ctx->who.tenant, ctx->id));
	API_END(ctx);
}

int
api_gate_open(struct api_ctx *ctx)
{
	static const char *const fields[] = { "reason", NULL };
	struct gate_open        *a = api_priv(ctx, sizeof(*a));
	const char              *s;
	char                     at[32], *msg;
	size_t                   n;
	int                      bad = 0;

	API_BEGIN(ctx);
	/* The matrix keeps devices out; a gate must not rely on one place. */
	if (ctx->who.role == API_ROLE_DEVICE) {
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "forbidden", NULL,
		    "your role may not do this");
		return (KORE_RESULT_OK);
	}
	if (!api_body_fields(ctx, fields))
		return (KORE_RESULT_OK);
	s = api_str(ctx, "reason", API_GATE_REASON_MAX, &bad);
	if (bad)
		return (KORE_RESULT_OK);
	(void)snprintf(a->details, sizeof(a->details), "{}");
	if (s != NULL) {
		(void)snprintf(a->reason, sizeof(a->reason), "%s", s);
		a->has_reason = 1;
		n = (size_t)snprintf(a->details, sizeof(a->details),
		    "{\"reason\":");
		n += api_json_escape(a->details + n, sizeof(a->details) - n,
		    a->reason, strlen(a->reason));
		if (n + 2 > sizeof(a->details)) {
			api_error(ctx->req, 400, "too_long", "reason",
			    "the reason is too long");
			return (KORE_RESULT_OK);
		}
		(void)snprintf(a->details + n, sizeof(a->details) - n, "}");
	}
	(void)snprintf(a->object, sizeof(a->object), "lane:%" PRId64, ctx->id);

	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = sql_p_int(ctx->id);
	api_stmt(&a->s[0], q_lane_share, a->p, 2, APP_DB_NEED_ROW);
	api_audit_stmt(ctx, &a->s[1], a->ap, "gate.open", a->object, "success",
	    a->details, 0);
	API_TX(ctx, a->s, 2);
	if (ctx->job->norow != -1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no such lane");
		return (KORE_RESULT_OK);
	}

	/* Audited and committed: now to the lane's watchers. */
	api_time_rfc3339(time(NULL), at, sizeof(at));
	n = api_gate_command_json(NULL, 0, "open", ctx->id, ctx->who.actor, at,
	    a->has_reason ? a->reason : NULL);
	msg = kore_malloc(n + 1);
	(void)api_gate_command_json(msg, n + 1, "open", ctx->id, ctx->who.actor,
	    at, a->has_reason ? a->reason : NULL);
	api_gate_publish(ctx->who.tenant, ctx->id, msg, n);
	kore_free(msg);
	kore_log(LOG_NOTICE, "gate: lane %" PRId64 ": open by %s", ctx->id,
	    ctx->who.actor);

	api_json_response(ctx->req, HTTP_STATUS_ACCEPTED, "{\"sent\":true}",
	    13);
	API_END(ctx);
}
