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
 * A site's local time (api_local.c): a unix time in an IANA zone as the
 * wall-clock time time profiles evaluate (rules/rules_profile.h).  Pure
 * (libc, no kore), unit tested in tests/api/test_api_local.c.
 */

#ifndef API_LOCAL_H
#define API_LOCAL_H

#include <stdint.h>

#include "../rules/rules_profile.h"

/* The longest zone name accepted (sites store at most 64 bytes). */
#define API_LOCAL_TZ_MAX 64

/*
 * api_local_time(tz, t, out): the wall-clock time in zone tz ("Europe/
 * Berlin", "UTC": a file of the system's zoneinfo) at unix time t.
 * Returns 0, or -1 for a zone name that is malformed or not installed
 * (out zeroed).
 *
 * The UTC offset comes from the C library (setenv("TZ"), tzset(),
 * localtime_r()), which is global and slow: each process keeps the
 * offsets of (zone, UTC hour) it has seen in a small table, so a zone
 * costs a tzset() once an hour per worker; when the offset changes within
 * the hour (zones with half-hour offsets switch at hh:30 UTC) the table
 * keeps the exact second it changes.  TZ is restored, and tzset() called
 * again, before returning.  Not thread-safe: call it from a kore
 * worker's event loop only, never from a work thread, and no other thread
 * of the process may use local time functions meanwhile.
 */
int api_local_time(const char *, int64_t, struct rules_local *);

/* 1 when tz is a zone name api_local_time() takes, else 0. */
int api_local_zone_ok(const char *);

#endif /* API_LOCAL_H */
