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
 * Keyed pseudonyms of plates: HMAC-SHA-256 (pseudo_mac) of a versioned,
 * domain-separated message holding the rotation mode, the epoch number
 * and the plate's skeleton, and the epoch arithmetic (day, ISO week,
 * month in UTC) without gmtime(3), so any int64_t time works in any
 * thread.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pseudo.h"

/* The token message's prefix; a new layout gets a new version. */
#define TOKEN_LABEL     "torwart-token-v1"
#define TOKEN_LABEL_LEN (sizeof(TOKEN_LABEL) - 1)
#define TOKEN_MSG_MAX   (TOKEN_LABEL_LEN + 1 + 1 + 4 + PSEUDO_PLATE_MAX)

#define DAY_SECONDS 86400

static const char *const epoch_names[] = { "none", "day", "week", "month" };

static int64_t floor_div(int64_t, int64_t);
static int64_t month_number(int64_t);
static int     skeleton_ok(const char *, size_t *);

int
pseudo_epoch_parse(const char *s)
{
	size_t i;

	if (s == NULL)
		return (-1);
	for (i = 0; i < sizeof(epoch_names) / sizeof(epoch_names[0]); i++) {
		if (strcmp(s, epoch_names[i]) == 0)
			return ((int)i);
	}

	return (-1);
}

const char *
pseudo_epoch_name(enum pseudo_epoch mode)
{
	if ((unsigned)mode >= sizeof(epoch_names) / sizeof(epoch_names[0]))
		return (NULL);

	return (epoch_names[mode]);
}

/* a / b rounded towards minus infinity, b > 0. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && a < 0)
		q--;

	return (q);
}

/*
 * Months since 1970-01 of day number days (0 is 1970-01-01): the
 * civil-from-days algorithm of Howard Hinnant ("chrono-Compatible
 * Low-Level Date Algorithms"), on 400-year eras of 146097 days that start
 * on 0000-03-01.  |days| < 2^47 here, so nothing overflows.
 */
static int64_t
month_number(int64_t days)
{
	int64_t z, era, doe, yoe, doy, mp, y, m;

	z = days + 719468; /* days since 0000-03-01 */
	era = floor_div(z, 146097);
	doe = z - era * 146097; /* 0..146096 */
	yoe =
	    (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* 0..365 */
	mp = (5 * doy + 2) / 153; /* 0..11, from March */
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);

	return ((y - 1970) * 12 + (m - 1));
}

uint32_t
pseudo_epoch(enum pseudo_epoch mode, int64_t t)
{
	int64_t days = floor_div(t, DAY_SECONDS);

	/* Conversion to uint32_t is modulo 2^32, negative numbers included. */
	switch (mode) {
	case PSEUDO_EPOCH_DAY:
		return ((uint32_t)days);
	case PSEUDO_EPOCH_WEEK:
		/* 1970-01-01 is a Thursday: its week began 3 days before. */
		return ((uint32_t)floor_div(days + 3, 7));
	case PSEUDO_EPOCH_MONTH:
		return ((uint32_t)month_number(days));
	case PSEUDO_EPOCH_NONE:
	default:
		return (0);
	}
}

/* Whether s is 1..PSEUDO_PLATE_MAX of [A-Z0-9] (length in *len). */
static int
skeleton_ok(const char *s, size_t *len)
{
	size_t i;

	if (s == NULL)
		return (0);
	for (i = 0; s[i] != '\0'; i++) {
		if (i == PSEUDO_PLATE_MAX)
			return (0);
		if ((s[i] < 'A' || s[i] > 'Z') && (s[i] < '0' || s[i] > '9'))
			return (0);
	}
	*len = i;

	return (i > 0);
}

int
pseudo_token(const struct pseudo_key *key, enum pseudo_epoch mode,
    uint32_t epoch, const char *skeleton, unsigned char out[PSEUDO_TOKEN_LEN])
{
	unsigned char msg[TOKEN_MSG_MAX], mac[PSEUDO_MAC_LEN];
	size_t        slen = 0, n = 0;
	int           ret = -1;

	if (out == NULL)
		return (-1);
	if (key == NULL || pseudo_epoch_name(mode) == NULL ||
	    (mode == PSEUDO_EPOCH_NONE && epoch != 0) ||
	    !skeleton_ok(skeleton, &slen))
		goto done;

	/* label || 0x00 || mode || epoch (be32) || skeleton */
	memcpy(msg, TOKEN_LABEL, TOKEN_LABEL_LEN);
	n = TOKEN_LABEL_LEN;
	msg[n++] = 0x00;
	msg[n++] = (unsigned char)mode;
	msg[n++] = (unsigned char)(epoch >> 24);
	msg[n++] = (unsigned char)(epoch >> 16);
	msg[n++] = (unsigned char)(epoch >> 8);
	msg[n++] = (unsigned char)epoch;
	memcpy(msg + n, skeleton, slen);
	n += slen;

	if (pseudo_mac(key, msg, n, mac) == -1)
		goto done;
	memcpy(out, mac, PSEUDO_TOKEN_LEN);
	ret = 0;

done:
	if (ret == -1)
		explicit_bzero(out, PSEUDO_TOKEN_LEN);
	explicit_bzero(msg, sizeof(msg));
	explicit_bzero(mac, sizeof(mac));

	return (ret);
}
