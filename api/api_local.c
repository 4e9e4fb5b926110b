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
 * A site's local time: a unix time in an IANA zone as wall-clock fields
 * for time profiles.  The C library knows the zones, but only through the
 * process-wide TZ: setenv() and tzset() (which reads the zone's file)
 * cost tens of microseconds and change global state.  So the offsets are
 * kept per (zone, UTC hour) in a small direct-mapped table: one tzset()
 * per zone and hour per worker, and none on the way of most reads.
 */

#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_local.h"

#define CACHE_SLOTS 64

/* One zone's offsets during one UTC hour: off0 before at, off1 from it. */
struct slot {
	char    tz[API_LOCAL_TZ_MAX + 1];
	int64_t hour; /* unix time / 3600 */
	int64_t at; /* when the offset changes within the hour */
	int     off0, off1;
	int     used;
};

static struct slot cache[CACHE_SLOTS];

static int     zone_hour(const char *, int64_t, struct slot *);
static int     offset_at(int64_t, int *);
static void    civil(int64_t, int *);
static int64_t floor_div(int64_t, int64_t);

int
api_local_zone_ok(const char *tz)
{
	char        path[128];
	struct stat st;
	size_t      i, len = strlen(tz);

	if (len == 0 || len > API_LOCAL_TZ_MAX || tz[0] == '/' ||
	    tz[0] == '.' || strstr(tz, "..") != NULL)
		return (0);
	for (i = 0; i < len; i++) {
		if (!((tz[i] >= 'A' && tz[i] <= 'Z') ||
		        (tz[i] >= 'a' && tz[i] <= 'z') ||
		        (tz[i] >= '0' && tz[i] <= '9') ||
		        strchr("/_+-", tz[i]) != NULL))
			return (0);
	}
	(void)snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);

	return (stat(path, &st) == 0 && S_ISREG(st.st_mode));
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return (a / b - (a % b != 0 && (a < 0) != (b < 0)));
}

/* Days since 1970-01-01 to YYYYMMDD (H. Hinnant's civil_from_days). */
static void
civil(int64_t z, int *ymd)
{
	int64_t era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	*ymd = (int)(y * 10000 + m * 100 + d);
}

/* The offset of the current TZ at t, seconds east of UTC. */
static int
offset_at(int64_t t, int *off)
{
	struct tm tm;
	time_t    tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL)
		return (-1);
	*off = (int)tm.tm_gmtoff;

	return (0);
}

/*
 * Fill s with tz's offsets in the UTC hour hour: at its start and end,
 * and (binary search) the first second of the new one when they differ.
 * TZ is set to tz meanwhile and restored.
 */
static int
zone_hour(const char *tz, int64_t hour, struct slot *s)
{
	char        saved[256], zone[API_LOCAL_TZ_MAX + 2];
	const char *old;
	int64_t     lo, hi, mid;
	int         had = 0, off, rc = -1;

	if ((old = getenv("TZ")) != NULL) {
		if (strlen(old) >= sizeof(saved))
			return (-1);
		(void)snprintf(saved, sizeof(saved), "%s", old);
		had = 1;
	}
	(void)snprintf(zone, sizeof(zone), ":%s", tz);
	if (setenv("TZ", zone, 1) == -1)
		return (-1);
	tzset();

	s->hour = hour;
	lo = hour * 3600;
	hi = lo + 3599;
	if (offset_at(lo, &s->off0) == 0 && offset_at(hi, &s->off1) == 0) {
		s->at = lo;
		if (s->off0 != s->off1) {
			/* The first second with the new offset is in (lo, hi].
			 */
			while (hi - lo > 1) {
				mid = lo + (hi - lo) / 2;
				if (offset_at(mid, &off) == -1)
					break;
				if (off == s->off0)
					lo = mid;
				else
					hi = mid;
			}
			s->at = hi;
		}
		rc = 0;
	}

	if (had)
		(void)setenv("TZ", saved, 1);
	else
		(void)unsetenv("TZ");
	tzset();

	return (rc);
}

int
api_local_time(const char *tz, int64_t t, struct rules_local *out)
{
	struct slot *s;
	int64_t      hour, local, day, sec;
	uint32_t     h = 2166136261u;
	size_t       i;
	int          off;

	memset(out, 0, sizeof(*out));
	hour = floor_div(t, 3600);
	for (i = 0; i <= API_LOCAL_TZ_MAX && tz[i] != '\0'; i++)
		h = (h ^ (unsigned char)tz[i]) * 16777619u;
	h = (h ^ (uint32_t)hour) * 16777619u;
	s = &cache[h % CACHE_SLOTS];

	if (!s->used || s->hour != hour || strcmp(s->tz, tz) != 0) {
		/* The zone is checked when it is not in the table. */
		if (!api_local_zone_ok(tz)) {
			s->used = 0;
			return (-1);
		}
		if (zone_hour(tz, hour, s) == -1) {
			s->used = 0;
			return (-1);
		}
		(void)snprintf(s->tz, sizeof(s->tz), "%s", tz);
		s->used = 1;
	}

	off = t < s->at ? s->off0 : s->off1;
	local = t + off;
	day = floor_div(local, 86400);
	sec = local - day * 86400;
	out->minute = (int)(sec / 60);
	out->wday = (int)(((day + 4) % 7 + 7) % 7);
	out->prev_wday = (out->wday + 6) % 7;
	civil(day, &out->ymd);
	civil(day - 1, &out->prev_ymd);
	out->offset = off;

	return (0);
}
