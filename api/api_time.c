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
 * RFC 3339 times, pure (no kore): the API's requests and the reads'
 * captured_at.
 */

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "api_util.h"

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
		v = v * 10 + (s[i] - '0');
	}
	*out = v;

	return (1);
}

int
api_civil_utc(int y, int mo, int d, int h, int mi, int sec, int64_t *out)
{
	struct tm tm;
	time_t    t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	/* timegm() normalises 31 February: refuse what it moved. */
	if (gmtime_r(&t, &tm) == NULL || tm.tm_mday != d)
		return (-1);
	*out = (int64_t)t;

	return (0);
}

int
api_parse_rfc3339_ms(const char *s, int64_t *out, int *ms)
{
	int     y, mo, d, h, mi, sec, oh, om, sign, frac = 0, nfrac = 0;
	int64_t t;

	if (strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec))
		return (-1);
	s += 19;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return (-1);
		/* Milliseconds kept, finer digits read and dropped. */
		while (*s >= '0' && *s <= '9') {
			if (nfrac < 3) {
				frac = frac * 10 + (*s - '0');
				nfrac++;
			}
			s++;
		}
		while (nfrac > 0 && nfrac < 3) {
			frac *= 10;
			nfrac++;
		}
	}
	if (*s == 'Z' || *s == 'z') {
		oh = om = 0;
		sign = 1;
		s++;
	} else if ((*s == '+' || *s == '-') && digits(s + 1, 2, &oh) &&
	    s[3] == ':' && digits(s + 4, 2, &om)) {
		sign = *s == '-' ? -1 : 1;
		s += 6;
	} else {
		return (-1);
	}
	if (*s != '\0' || y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > 31 || h > 23 || mi > 59 || sec > 60 || oh > 23 || om > 59)
		return (-1);

	if (api_civil_utc(y, mo, d, h, mi, sec, &t) == -1)
		return (-1);
	*out = t - sign * (oh * 3600 + om * 60);
	if (ms != NULL)
		*ms = frac;

	return (0);
}

int
api_parse_rfc3339(const char *s, time_t *out)
{
	int64_t t;

	if (api_parse_rfc3339_ms(s, &t, NULL) == -1)
		return (-1);
	*out = (time_t)t;

	return (0);
}
