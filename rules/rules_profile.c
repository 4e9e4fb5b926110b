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
 * Time profiles: the stored form's parser and writer, the normal form,
 * and whether a profile allows a local time.  Pure: libc only.
 */

#include <stdio.h>
#include <string.h>

#include "rules_profile.h"

static int parse_digits(const char *, size_t, size_t *, int, int *);
static int parse_span(const char *, size_t, size_t *, int *, int *);
static int span_ok(int, int);
static int exception_cmp(const struct rules_exception *,
    const struct rules_exception *);
static int covers(int, int, int);

int
rules_ymd_valid(int ymd)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int              y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	int              leap;

	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1)
		return (0);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return (d <= mdays[m - 1] + (m == 2 && leap));
}

/* A window's or exception's times: from 0..1439, to 1..1440, not equal. */
static int
span_ok(int from, int to)
{
	return (from >= 0 && from < RULES_DAY && to > 0 && to <= RULES_DAY &&
	    from != to);
}

/* n decimal digits at s[*off..len) into *v; 0 when they are not there. */
static int
parse_digits(const char *s, size_t len, size_t *off, int n, int *v)
{
	int i;

	*v = 0;
	if (len - *off < (size_t)n)
		return (0);
	for (i = 0; i < n; i++) {
		if (s[*off] < '0' || s[*off] > '9')
			return (0);
		*v = *v * 10 + (s[(*off)++] - '0');
	}

	return (1);
}

/* "@hhmm-hhmm" at s[*off..len) into minutes. */
static int
parse_span(const char *s, size_t len, size_t *off, int *from, int *to)
{
	int a, b;

	if (*off >= len || s[*off] != '@')
		return (0);
	(*off)++;
	if (!parse_digits(s, len, off, 4, &a) || *off >= len ||
	    s[(*off)++] != '-' || !parse_digits(s, len, off, 4, &b))
		return (0);
	if (a % 100 > 59 || b % 100 > 59)
		return (0);
	*from = a / 100 * 60 + a % 100;
	*to = b / 100 * 60 + b % 100;

	return (span_ok(*from, *to));
}

/* Exceptions' order: by date, a closed day first, then by from and to. */
static int
exception_cmp(const struct rules_exception *a, const struct rules_exception *b)
{
	if (a->ymd != b->ymd)
		return (a->ymd < b->ymd ? -1 : 1);
	if (a->from != b->from)
		return (a->from < b->from ? -1 : 1);
	if (a->to != b->to)
		return (a->to < b->to ? -1 : 1);

	return (0);
}

int
rules_profile_parse(const char *s, size_t len, struct rules_profile *p,
    const char **errstr)
{
	struct rules_window    *w;
	struct rules_exception *x, *prev;
	size_t                  off = 0;
	int                     last, d;

	memset(p, 0, sizeof(*p));
	*errstr = NULL;
	while (off < len && *errstr == NULL) {
		if (off > 0 && s[off++] != ';') {
			*errstr = "profile: items are separated by ';'";
			break;
		}
		if (off < len && s[off] == 'w') {
			off++;
			if (p->nexceptions > 0) {
				*errstr = "profile: windows come first";
				break;
			}
			if (p->nwindows == RULES_PROFILE_WINDOWS_MAX) {
				*errstr = "profile: too many windows";
				break;
			}
			w = &p->windows[p->nwindows++];
			for (last = -1;
			     off < len && s[off] >= '0' && s[off] <= '6';
			     off++) {
				d = s[off] - '0';
				if (d <= last)
					break;
				w->days |= 1u << d;
				last = d;
			}
			if (w->days == 0 || off >= len || s[off] != '@')
				*errstr = "profile: a window's days";
			else if (!parse_span(s, len, &off, &w->from, &w->to))
				*errstr = "profile: a window's times";
		} else if (off < len && s[off] == 'x') {
			off++;
			if (p->nexceptions == RULES_PROFILE_EXCEPTIONS_MAX) {
				*errstr = "profile: too many exceptions";
				break;
			}
			x = &p->exceptions[p->nexceptions++];
			x->from = x->to = -1;
			if (!parse_digits(s, len, &off, 8, &x->ymd) ||
			    !rules_ymd_valid(x->ymd)) {
				*errstr = "profile: an exception's date";
				break;
			}
			if (off < len && s[off] == '@' &&
			    !parse_span(s, len, &off, &x->from, &x->to)) {
				*errstr = "profile: an exception's times";
				break;
			}
			if (p->nexceptions < 2)
				continue;
			prev = x - 1;
			if (exception_cmp(prev, x) >= 0)
				*errstr = "profile: exceptions out of order";
			else if (prev->ymd == x->ymd && prev->from == -1)
				*errstr = "profile: a closed date with times";
		} else {
			*errstr = "profile: an item is w... or x...";
		}
	}
	if (*errstr != NULL) {
		memset(p, 0, sizeof(*p));
		return (-1);
	}

	return (0);
}

int
rules_profile_normalise(struct rules_profile *p, size_t *bad, int *window,
    const char **errstr)
{
	struct rules_exception *x, tmp;
	size_t                  i, j;

	*window = 0;
	*bad = 0;
	if (p->nwindows > RULES_PROFILE_WINDOWS_MAX ||
	    p->nexceptions > RULES_PROFILE_EXCEPTIONS_MAX) {
		*errstr = "too many windows or exceptions";
		return (-1);
	}
	for (i = 0; i < p->nwindows; i++) {
		if (p->windows[i].days == 0 || p->windows[i].days > 127 ||
		    !span_ok(p->windows[i].from, p->windows[i].to)) {
			*window = 1;
			*bad = i;
			*errstr = "days 1..127; from 00:00..23:59, to after it "
			          "or past midnight";
			return (-1);
		}
	}
	for (i = 0; i < p->nexceptions; i++) {
		x = &p->exceptions[i];
		*bad = i;
		if (!rules_ymd_valid(x->ymd) ||
		    !((x->from == -1 && x->to == -1) ||
		        span_ok(x->from, x->to))) {
			*errstr = "a real date, closed or with from and to";
			return (-1);
		}
		for (j = 0; j < i; j++) {
			if (p->exceptions[j].ymd != x->ymd)
				continue;
			if (x->from == -1 || p->exceptions[j].from == -1) {
				*errstr = "the date is both closed all day and "
				          "listed again";
				return (-1);
			}
			if (exception_cmp(&p->exceptions[j], x) == 0) {
				*errstr = "the same date and times twice";
				return (-1);
			}
		}
	}
	/* Insertion sort: at most RULES_PROFILE_EXCEPTIONS_MAX, stable. */
	for (i = 1; i < p->nexceptions; i++) {
		tmp = p->exceptions[i];
		for (j = i;
		     j > 0 && exception_cmp(&p->exceptions[j - 1], &tmp) > 0;
		     j--)
			p->exceptions[j] = p->exceptions[j - 1];
		p->exceptions[j] = tmp;
	}
	*bad = 0;

	return (0);
}

int
rules_profile_format(const struct rules_profile *p, char *out, size_t outlen)
{
	const struct rules_exception *x;
	size_t                        i, off = 0;
	int                           d, n;
	char                          days[8];

	if (outlen == 0 || p->nwindows > RULES_PROFILE_WINDOWS_MAX ||
	    p->nexceptions > RULES_PROFILE_EXCEPTIONS_MAX)
		return (-1);
	out[0] = '\0';
	for (i = 0; i < p->nwindows + p->nexceptions; i++) {
		if (i < p->nwindows) {
			if (p->windows[i].days == 0 ||
			    p->windows[i].days > 127 ||
			    !span_ok(p->windows[i].from, p->windows[i].to))
				return (-1);
			n = 0;
			for (d = 0; d < 7; d++) {
				if (p->windows[i].days & (1u << d))
					days[n++] = (char)('0' + d);
			}
			days[n] = '\0';
			n = snprintf(out + off, outlen - off,
			    "%sw%s@%02d%02d-%02d%02d", i > 0 ? ";" : "", days,
			    p->windows[i].from / 60, p->windows[i].from % 60,
			    p->windows[i].to / 60, p->windows[i].to % 60);
		} else {
			x = &p->exceptions[i - p->nwindows];
			if (!rules_ymd_valid(x->ymd) ||
			    (x->from != -1 && !span_ok(x->from, x->to)) ||
			    (x->from == -1 && x->to != -1) ||
			    (i > p->nwindows &&
			        (exception_cmp(x - 1, x) >= 0 ||
			            (x[-1].ymd == x->ymd && x[-1].from == -1))))
				return (-1);
			if (x->from == -1)
				n = snprintf(out + off, outlen - off, "%sx%08d",
				    i > 0 ? ";" : "", x->ymd);
			else
				n = snprintf(out + off, outlen - off,
				    "%sx%08d@%02d%02d-%02d%02d",
				    i > 0 ? ";" : "", x->ymd, x->from / 60,
				    x->from % 60, x->to / 60, x->to % 60);
		}
		if (n < 0 || (size_t)n >= outlen - off) {
			out[0] = '\0';
			return (-1);
		}
		off += (size_t)n;
	}

	return ((int)off);
}

/* Whether [from, to) covers minute m of the day the span starts on. */
static int
covers(int from, int to, int m)
{
	if (from < to)
		return (m >= from && m < to);
	/* Past midnight: its part on the first day. */
	return (m >= from);
}

int
rules_profile_allows(const struct rules_profile *p, const struct rules_local *l)
{
	const struct rules_exception *x;
	size_t                        i;
	int                           today = 0, yesterday = 0;

	if (l->minute < 0 || l->minute >= RULES_DAY || l->wday < 0 ||
	    l->wday > 6 || l->prev_wday < 0 || l->prev_wday > 6)
		return (0);

	/* An exception date decides its whole day alone. */
	for (i = 0; i < p->nexceptions; i++) {
		x = &p->exceptions[i];
		if (x->ymd == l->ymd) {
			today = 1;
			if (x->from != -1 && covers(x->from, x->to, l->minute))
				return (1);
		} else if (x->ymd == l->prev_ymd) {
			yesterday = 1;
			/* The early morning of its window past midnight. */
			if (x->from != -1 && x->to < x->from &&
			    l->minute < x->to)
				today |= 2;
		}
	}
	if (today & 1)
		return (0);
	if (today & 2)
		return (1);

	for (i = 0; i < p->nwindows; i++) {
		if ((p->windows[i].days & (1u << l->wday)) &&
		    covers(p->windows[i].from, p->windows[i].to, l->minute))
			return (1);
		/* Yesterday's window past midnight, unless an exception. */
		if (!yesterday && (p->windows[i].days & (1u << l->prev_wday)) &&
		    p->windows[i].to < p->windows[i].from &&
		    l->minute < p->windows[i].to)
			return (1);
	}

	return (0);
}
