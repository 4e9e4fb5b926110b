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
 * A site's part of a decision: its default action, parking sessions,
 * capacity with a reserved share, anti-passback, the tariff.  Pure: libc
 * only.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"

#define DAY 86400

/* Append ",fmt" (or "fmt" to an empty string) to buf[0..len). */
static void
append(char *buf, size_t len, const char *fmt, ...)
{
	size_t  off = strlen(buf);
	va_list ap;

	if (off + 1 >= len)
		return;
	if (off > 0)
		buf[off++] = ',';
	buf[off] = '\0';
	va_start(ap, fmt);
	(void)vsnprintf(buf + off, len - off, fmt, ap);
	va_end(ap);
}

static int64_t
ceil_div(int64_t a, int64_t b)
{
	return ((a + b - 1) / b);
}

/* The price of part seconds of one 24-hour block, capped. */
static int64_t
block(const struct rules_tariff *t, int64_t part)
{
	int64_t v;

	v = ceil_div(part, t->period_s) * t->period_cents;
	if (t->daily_cap_cents >= 0 && v > t->daily_cap_cents)
		v = t->daily_cap_cents;

	return (v);
}

int64_t
rules_tariff_amount(const struct rules_tariff *t, int64_t seconds)
{
	if (seconds <= 0 || seconds <= t->free_s || t->period_s <= 0 ||
	    t->period_cents <= 0)
		return (0);

	return ((seconds / DAY) * block(t, DAY) + block(t, seconds % DAY));
}

/* 1 when a vehicle (a holder or not) finds no space it may take. */
static int
full(const struct rules_site *s, const struct rules_state *st, int holder)
{
	if (s->capacity < 0)
		return (0);
	if (st->occupancy >= s->capacity)
		return (1);

	return (!holder &&
	    st->occupancy - st->holders >= s->capacity - s->reserved);
}

static void
entry(const struct rules_site *s, const struct rules_state *st, int64_t now,
    struct rules_decision *d, struct rules_effect *e)
{
	int64_t age;

	if (st->session != 0) {
		age = now - st->entered_at;
		append(d->trace, sizeof(d->trace), "session=%lld",
		    (long long)st->session);
		if (s->passback != RULES_PASSBACK_OFF &&
		    age < s->passback_reset_s) {
			e->passback = 1;
			append(d->reasons, sizeof(d->reasons), "passback");
			append(d->trace, sizeof(d->trace), "passback=%s",
			    s->passback == RULES_PASSBACK_HARD ? "hard" :
			                                         "soft");
			if (s->passback == RULES_PASSBACK_HARD) {
				d->action = RULES_DENY;
				return;
			}
		} else if (s->passback != RULES_PASSBACK_OFF) {
			append(d->reasons, sizeof(d->reasons),
			    "passback_reset");
		}
		/* Counted already: the new session takes its place. */
		if (d->action == RULES_OPEN) {
			e->supersede = st->session;
			e->open = 1;
		}
		return;
	}

	if (s->capacity >= 0)
		append(d->trace, sizeof(d->trace), "occupancy=%lld/%lld",
		    (long long)st->occupancy, (long long)s->capacity);
	if (full(s, st, e->holder)) {
		d->action = RULES_DENY;
		append(d->reasons, sizeof(d->reasons), "capacity_full");
		return;
	}
	if (d->action == RULES_OPEN) {
		e->open = 1;
		e->need_space = s->capacity >= 0;
	}
}

static void
leave(const struct rules_site *s, const struct rules_state *st, int64_t now,
    struct rules_decision *d, struct rules_effect *e)
{
	append(d->trace, sizeof(d->trace), "session=%lld",
	    (long long)st->session);
	e->close = st->session;
	e->duration_s = now > st->entered_at ? now - st->entered_at : 0;
	e->amount_cents = rules_tariff_amount(&s->tariff, e->duration_s);
	if (s->max_stay_s >= 0 && e->duration_s > s->max_stay_s + s->grace_s) {
		e->overstay = 1;
		append(d->reasons, sizeof(d->reasons), "overstay");
	}
	d->action = RULES_OPEN;
	append(d->reasons, sizeof(d->reasons), "exit");
}

void
rules_site_decide(const struct rules_site *s, const struct rules_state *st,
    enum rules_dir dir, const struct rules_read *rd, int64_t now,
    struct rules_decision *d, struct rules_effect *e)
{
	int holder;

	memset(e, 0, sizeof(*e));
	/* Only an allow list opens: that makes a holder. */
	e->holder = d->action == RULES_OPEN && d->list != 0;
	if (d->action == RULES_DENY || d->action == RULES_MANUAL)
		goto gate;
	/* A tracked vehicle leaves through its session. */
	if (s->parking && dir == RULES_DIR_OUT && st->session != 0) {
		leave(s, st, now, d, e);
		goto gate;
	}
	if (d->action == RULES_NONE && s->default_action != RULES_NONE) {
		d->action = s->default_action;
		append(d->reasons, sizeof(d->reasons), "site_default");
	}
	if (d->action == RULES_DENY || d->action == RULES_MANUAL || !s->parking)
		goto gate;

	if (dir == RULES_DIR_IN)
		entry(s, st, now, d, e);
	else if (dir == RULES_DIR_OUT)
		append(d->reasons, sizeof(d->reasons), "no_session");
	else
		append(d->reasons, sizeof(d->reasons), "direction_unknown");

gate:
	if ((d->action == RULES_OPEN || d->action == RULES_DENY) &&
	    rd->confidence < rd->manual_below) {
		holder = e->holder;
		d->action = RULES_MANUAL;
		if (strstr(d->reasons, "low_confidence") == NULL)
			append(d->reasons, sizeof(d->reasons),
			    "low_confidence");
		memset(e, 0, sizeof(*e));
		e->holder = holder; /* for the person who decides */
	}
}
