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
 * Time profiles: when a list entry counts, as weekly windows in a site's
 * local time plus exception dates.  Pure computation (libc only): no
 * state, no allocation, no logging; any thread.
 *
 * Semantics (the README's "Time profiles" says the same):
 *   - A window runs from `from` (inclusive) to `to` (exclusive) on each
 *     of its days, in the site's wall-clock time.  A window whose `to` is
 *     before its `from` (22:00-06:00) runs past midnight, and belongs to
 *     the day it starts: Friday 22:00-06:00 covers Friday 22:00 to
 *     Saturday 06:00, and Saturday 03:00 is open because Friday is one of
 *     the window's days, not Saturday.
 *   - An exception date replaces the weekly windows for that whole
 *     calendar day (00:00-24:00 local): without times it is closed all
 *     day; with times only its own windows count.  Nothing of the
 *     previous evening's window carries into an exception date.  The
 *     early morning after an exception date belongs to the exception: it
 *     carries over only an exception window that runs past midnight.
 *   - Wall-clock time: on the day clocks go forward, a window's minutes
 *     that do not exist are simply not there; on the day they go back,
 *     the repeated hour counts twice (rules_local is wall-clock time).
 */

#ifndef RULES_PROFILE_H
#define RULES_PROFILE_H

#include <stddef.h>

#define RULES_PROFILE_WINDOWS_MAX    32
#define RULES_PROFILE_EXCEPTIONS_MAX 128
/* The stored form's longest text, with its NUL (rules_profile_format). */
#define RULES_PROFILE_TEXT_MAX       4096

/* The minutes of a day; a window's to may be RULES_DAY ("24:00"). */
#define RULES_DAY 1440

/*
 * A local wall-clock time as a profile sees it (api_local_time() makes
 * one from a unix time and a site's zone).
 */
struct rules_local {
	int wday; /* 0 = Sunday .. 6 = Saturday */
	int minute; /* minute of the day, 0..1439 */
	int ymd; /* the date, 20261224 */
	int prev_ymd; /* the calendar day before, 20261223 */
	int prev_wday; /* its weekday */
	int offset; /* seconds east of UTC at that instant (information) */
};

/* A weekly window: days (bit d for weekday d, 0 = Sunday) it starts on. */
struct rules_window {
	unsigned int days; /* 1..127 */
	int          from; /* 0..1439 */
	int          to; /* 1..1440, != from; < from: runs past midnight */
};

/* An exception date: closed all day (from == to == -1) or one window. */
struct rules_exception {
	int ymd; /* 19700101..99991231, a real date */
	int from, to; /* as a window's, or both -1 */
};

struct rules_profile {
	struct rules_window    windows[RULES_PROFILE_WINDOWS_MAX];
	size_t                 nwindows;
	struct rules_exception exceptions[RULES_PROFILE_EXCEPTIONS_MAX];
	size_t                 nexceptions;
};

/*
 * rules_profile_parse(text, len, p, &errstr): read the stored form
 * text[0..len) into *p.  The stored form is what rules_profile_format()
 * writes, items separated by ";" (none: "", a profile that never allows):
 *   w<days>@<hhmm>-<hhmm>          a window: days 0-6 (0 = Sunday),
 *                                  ascending; "w12345@0700-1900"
 *   x<yyyymmdd>                    an exception date, closed all day
 *   x<yyyymmdd>@<hhmm>-<hhmm>      an exception date with one window
 * windows first, then exceptions ascending by date, then by from (a
 * closed date has no other item).  Anything else, out of order, or over
 * the limits is refused: returns -1 with *errstr a static message and *p
 * zeroed; else 0.
 */
int rules_profile_parse(const char *, size_t, struct rules_profile *,
    const char **);

/*
 * Check *p (as the API filled it from JSON) and bring it into the normal
 * form: days within 1..127, times in range, from != to, real dates;
 * exceptions sorted by date and from.  Refuses a date that is both closed
 * and open or listed twice with the same times.  Returns 0, or -1 with
 * *errstr and *bad the index of the first exception at fault (in the
 * order given), or of the first window when *window is set to 1.
 */
int rules_profile_normalise(struct rules_profile *, size_t *, int *,
    const char **);

/*
 * Write the stored form of the normalised *p into out[0..outlen)
 * (RULES_PROFILE_TEXT_MAX is always enough), NUL-terminated.  Returns
 * the length, or -1 when it does not fit or *p is not normalised.
 */
int rules_profile_format(const struct rules_profile *, char *, size_t);

/*
 * 1 when the profile allows the local time *l (see the semantics above),
 * else 0; also 0 for a local time out of range.
 */
int rules_profile_allows(const struct rules_profile *,
    const struct rules_local *);

/* 1 when ymd (20261224) is a real date of the years 1970..9999, else 0. */
int rules_ymd_valid(int);

#endif /* RULES_PROFILE_H */
