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
 * The pure part of the gate stream (api_gate.h): the watchers one worker
 * holds, bounded per lane and in all, and the text of a gate command.
 * No kore: a connection is an opaque pointer here.  One list per worker:
 * a worker holds at most API_GATE_WORKER_MAX watchers, so a walk per
 * message costs less than the message's frame.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_gate.h"
#include "api_json.h"

void
api_gate_set_init(struct api_gate_set *set)
{
	set->first = set->last = NULL;
	set->n = 0;
}

int
api_gate_set_add(struct api_gate_set *set, int64_t tenant, int64_t lane,
    void *conn, const char *who, size_t lane_max, size_t worker_max)
{
	struct api_gate_watcher *w;

	if (set->n >= worker_max)
		return (API_GATE_FULL);
	if (api_gate_set_count(set, tenant, lane) >= lane_max)
		return (API_GATE_LANE_FULL);
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return (API_GATE_NOMEM);
	w->tenant = tenant;
	w->lane = lane;
	w->conn = conn;
	(void)snprintf(w->who, sizeof(w->who), "%s", who);
	if (set->last != NULL)
		set->last->next = w;
	else
		set->first = w;
	set->last = w;
	set->n++;

	return (0);
}

int
api_gate_set_remove(struct api_gate_set *set, const void *conn,
    struct api_gate_watcher *out)
{
	struct api_gate_watcher *w, *prev = NULL;

	for (w = set->first; w != NULL; prev = w, w = w->next) {
		if (w->conn == conn)
			break;
	}
	if (w == NULL)
		return (0);
	if (prev != NULL)
		prev->next = w->next;
	else
		set->first = w->next;
	if (set->last == w)
		set->last = prev;
	set->n--;
	if (out != NULL)
		*out = *w;
	free(w);

	return (1);
}

size_t
api_gate_set_count(const struct api_gate_set *set, int64_t tenant, int64_t lane)
{
	const struct api_gate_watcher *w;
	size_t                         n = 0;

	for (w = set->first; w != NULL; w = w->next) {
		if (w->tenant == tenant && w->lane == lane)
			n++;
	}

	return (n);
}

size_t
api_gate_set_each(struct api_gate_set *set, int64_t tenant, int64_t lane,
    void (*fn)(struct api_gate_watcher *, void *), void *arg)
{
	struct api_gate_watcher *w, *next;
	size_t                   n = 0;

	for (w = set->first; w != NULL; w = next) {
		/* fn may close the connection, which removes w. */
		next = w->next;
		if (tenant != 0 && (w->tenant != tenant || w->lane != lane))
			continue;
		n++;
		fn(w, arg);
	}

	return (n);
}

void
api_gate_set_clear(struct api_gate_set *set)
{
	struct api_gate_watcher *w;

	while ((w = set->first) != NULL) {
		set->first = w->next;
		free(w);
	}
	set->last = NULL;
	set->n = 0;
}

int
api_gate_lanes_contain(const char *lanes, int64_t lane)
{
	const char *s = lanes;
	int64_t     v;
	int         n;

	while (*s != '\0') {
		v = 0;
		for (n = 0; s[n] >= '0' && s[n] <= '9'; n++) {
			if (n == 18)
				return (0);
			v = v * 10 + (s[n] - '0');
		}
		if (n == 0 || (s[n] != ',' && s[n] != '\0'))
			return (0);
		if (v == lane)
			return (1);
		s += n;
		if (*s == ',')
			s++;
	}

	return (0);
}

/* A string constant and its length. */
#define LIT(s) s, sizeof(s) - 1

/* Append s[0..len) at dst[out..), as far as it fits; the new length. */
static size_t
put(char *dst, size_t dstlen, size_t out, const char *s, size_t len)
{
	size_t n = 0;

	if (out < dstlen)
		n = dstlen - out < len ? dstlen - out : len;
	if (n > 0)
		memcpy(dst + out, s, n);

	return (out + len);
}

/* Append s as a JSON string literal (api_json_escape()). */
static size_t
put_str(char *dst, size_t dstlen, size_t out, const char *s)
{
	size_t len = strlen(s), need;
	char   small[256], *big;

	need = api_json_escape(small, sizeof(small), s, len);
	if (need < sizeof(small))
		return (put(dst, dstlen, out, small, need));
	if ((big = malloc(need + 1)) == NULL)
		return (put(dst, dstlen, out, LIT("null")));
	(void)api_json_escape(big, need + 1, s, len);
	out = put(dst, dstlen, out, big, need);
	free(big);

	return (out);
}

size_t
api_gate_command_json(char *dst, size_t dstlen, const char *command,
    int64_t lane, const char *by, const char *at, const char *reason)
{
	char   id[32];
	size_t out = 0;

	(void)snprintf(id, sizeof(id), "%" PRId64, lane);
	out = put(dst, dstlen, out, LIT("{\"type\":\"command\",\"command\":"));
	out = put_str(dst, dstlen, out, command);
	out = put(dst, dstlen, out, LIT(",\"lane\":"));
	out = put_str(dst, dstlen, out, id);
	out = put(dst, dstlen, out, LIT(",\"by\":"));
	out = put_str(dst, dstlen, out, by);
	out = put(dst, dstlen, out, LIT(",\"at\":"));
	out = put_str(dst, dstlen, out, at);
	out = put(dst, dstlen, out, LIT(",\"reason\":"));
	if (reason != NULL)
		out = put_str(dst, dstlen, out, reason);
	else
		out = put(dst, dstlen, out, LIT("null"));
	out = put(dst, dstlen, out, LIT("}"));
	if (dstlen > 0)
		dst[out < dstlen ? out : dstlen - 1] = '\0';

	return (out);
}
