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
 * The gate stream (issue 5): gate controllers watch a lane's decisions
 * over a WebSocket (GET /api/v1/lanes/{id}/decisions), and whatever is
 * published for that lane reaches every watcher on every kore worker.
 *
 * This header has no kore types, so that any handler (and the unit tests)
 * can include it.  api_gate.c is the kore side (the handlers, the
 * WebSockets, the workers' messages); api_gate_set.c the pure part (the
 * watchers one worker holds, the command message), unit tested on its
 * own.
 */

#ifndef API_GATE_H
#define API_GATE_H

#include <stddef.h>
#include <stdint.h>

/* Watchers of one lane on one worker (429 above). */
#define API_GATE_LANE_MAX    32
/* Watchers on one worker, all lanes together (503 above). */
#define API_GATE_WORKER_MAX  1024
/* The longest message api_gate_publish() sends (longer ones: dropped). */
#define API_GATE_MSG_MAX     16384
/* The longest reason of a gate command, bytes. */
#define API_GATE_REASON_MAX  200
/* Every watcher is pinged this often, ms (keeps nginx and kore open). */
#define API_GATE_PING_MS     30000
/* Messages queued to one watcher that has not taken them: it is dropped. */
#define API_GATE_BACKLOG_MAX 256

/*
 * Push json[0..len) (one JSON text, UTF-8) as one WebSocket text frame to
 * every watcher of (tenant, lane) on every kore worker: at once to this
 * worker's, through kore's worker messages (the parent) to the others'.
 * Call it from a kore worker once what the message says is committed.
 * At most once: a watcher that is not connected at that moment (or is
 * dropped as too slow) never gets it, and there is no replay; messages
 * published on different workers may reach a watcher in either order.
 * A message over API_GATE_MSG_MAX bytes is logged and dropped.
 */
void api_gate_publish(int64_t, int64_t, const char *, size_t);

/*
 * kore/app.c: api_gate_parent_init() in the parent before the workers
 * fork (the memory they share to know who watches), api_gate_init() and
 * api_gate_cleanup() at worker start and end (message type, ping timer,
 * watchers).
 */
void api_gate_parent_init(void);
void api_gate_init(void);
void api_gate_cleanup(void);

/* --- the pure part (api_gate_set.c) ----------------------------------- */

/* One watcher: a connection (kore's, opaque here) on a tenant's lane. */
struct api_gate_watcher {
	struct api_gate_watcher *next;
	int64_t                  tenant;
	int64_t                  lane;
	void                    *conn;
	char                     who[32]; /* "key:7", "user:3": for the log */
};

/* The watchers of one worker, in the order they came. */
struct api_gate_set {
	struct api_gate_watcher *first;
	struct api_gate_watcher *last;
	size_t                   n;
};

/* api_gate_set_add()'s refusals. */
#define API_GATE_NOMEM     -1
#define API_GATE_LANE_FULL -2 /* API_GATE_LANE_MAX on this lane */
#define API_GATE_FULL      -3 /* API_GATE_WORKER_MAX in all */

void api_gate_set_init(struct api_gate_set *);

/*
 * Add conn as a watcher of (tenant, lane); who is copied (cut to fit).
 * 0, or API_GATE_LANE_FULL when lane_max watch the lane already,
 * API_GATE_FULL when worker_max watch in all, API_GATE_NOMEM.
 */
int api_gate_set_add(struct api_gate_set *, int64_t, int64_t, void *,
    const char *, size_t, size_t);

/*
 * Remove and free the watcher of conn: 1 (a copy of it in *out when out
 * is not NULL; its next is not valid), or 0 when conn watches
 * nothing.
 */
int api_gate_set_remove(struct api_gate_set *, const void *,
    struct api_gate_watcher *);

/* How many watch (tenant, lane). */
size_t api_gate_set_count(const struct api_gate_set *, int64_t, int64_t);

/*
 * Call fn(watcher, arg) for each watcher of (tenant, lane), or of every
 * lane when tenant is 0; returns how many.  fn may remove the watcher it
 * was called for (its connection closing), no other.
 */
size_t api_gate_set_each(struct api_gate_set *, int64_t, int64_t,
    void (*)(struct api_gate_watcher *, void *), void *);

/* Free every watcher. */
void api_gate_set_clear(struct api_gate_set *);

/* 1 when the list of lane ids "1,2,3" (an API key's lanes) holds lane. */
int api_gate_lanes_contain(const char *, int64_t);

/*
 * The message of a gate command into dst[0..dstlen), NUL-terminated when
 * dstlen > 0: {"type":"command","command":<command>,"lane":"<lane>",
 * "by":<by>,"at":<at>,"reason":<reason or null>}, every string escaped.
 * Returns the length it needs without the NUL, like snprintf(3): the
 * output was cut when the result is >= dstlen.
 */
size_t api_gate_command_json(char *, size_t, const char *, int64_t,
    const char *, const char *, const char *);

#endif /* API_GATE_H */
