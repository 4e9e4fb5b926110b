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
 * libFuzzer target for pseudo/pseudo_plate.c.  The first byte picks a
 * country, the rest is the plate text.  A canonical plate must be
 * [A-Z0-9] of 1..PSEUDO_PLATE_MAX characters, zero after its NUL, made
 * from valid UTF-8 of at most PSEUDO_PLATE_IN_MAX bytes, with a skeleton
 * of the same length that folds exactly O Q D I Z S B G, and must be its
 * own canonical form; a refusal must wipe the result and give one of the
 * documented messages.  The whole input also goes to pseudo_country()
 * (a result is a sign that is its own normal form) and to
 * pseudo_container_canon() (the layout and the check digit are checked
 * again here).  Any violation aborts, so the fuzzer reports it.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../pseudo/pseudo.h"
#include "fuzz_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int  all_zero(const void *, size_t);
static int  valid_utf8(const uint8_t *, size_t);
static void check_field(const char *, size_t);
static void check_plate(const uint8_t *, size_t, const char *);
static void check_country(const uint8_t *, size_t);
static void check_container(const uint8_t *, size_t);

static const char *const countries[] = { NULL, "", "D", "NL", "GB", "F", "I",
	"PL", "E", "BG", "de", "XX", "DEUT" };
#define NCOUNTRIES (sizeof(countries) / sizeof(countries[0]))

static int
all_zero(const void *p, size_t len)
{
	const unsigned char *s = p;
	size_t               i;

	for (i = 0; i < len; i++) {
		if (s[i] != 0)
			return (0);
	}

	return (1);
}

static int
valid_utf8(const uint8_t *s, size_t len)
{
	size_t i, n;

	for (i = 0; i < len; i += n) {
		if ((n = utf8_len(s + i, len - i)) == 0)
			return (0);
	}

	return (1);
}

/* f[0..size) is 1..PSEUDO_PLATE_MAX of [A-Z0-9], then only NULs. */
static void
check_field(const char *f, size_t size)
{
	size_t i, len;

	len = strnlen(f, size);
	if (len == 0 || len > PSEUDO_PLATE_MAX || len == size)
		abort();
	for (i = 0; i < len; i++) {
		if ((f[i] < 'A' || f[i] > 'Z') && (f[i] < '0' || f[i] > '9'))
			abort();
	}
	if (!all_zero(f + len, size - len))
		abort();
}

static void
check_plate(const uint8_t *text, size_t len, const char *country)
{
	static const char   from[] = "OQDIZSBG", to[] = "00012586";
	struct pseudo_plate p, again;
	const char         *errstr = NULL, *f;
	char                want[PSEUDO_COUNTRY_MAX + 1];
	size_t              i;

	memset(&p, 'X', sizeof(p));
	if (pseudo_plate_canon((const char *)text, len, country, &p, &errstr) ==
	    -1) {
		if (!all_zero(&p, sizeof(p)) || errstr == NULL)
			abort();
		if (strcmp(errstr, "text: not valid UTF-8") == 0) {
			if (valid_utf8(text, len))
				abort();
			return;
		}
		if (strcmp(errstr, "text: too long") != 0 &&
		    strcmp(errstr, "text: empty") != 0 &&
		    strcmp(errstr, "text: a character no plate has") != 0)
			abort();
		if (len > PSEUDO_PLATE_IN_MAX &&
		    strcmp(errstr, "text: too long") != 0)
			abort();
		return;
	}

	if (len > PSEUDO_PLATE_IN_MAX || !valid_utf8(text, len))
		abort();
	check_field(p.canon, sizeof(p.canon));
	check_field(p.skeleton, sizeof(p.skeleton));
	if (strlen(p.skeleton) != strlen(p.canon))
		abort();
	for (i = 0; p.canon[i] != '\0'; i++) {
		f = strchr(from, p.canon[i]);
		if (p.skeleton[i] != (f == NULL ? p.canon[i] : to[f - from]))
			abort();
	}
	if (p.plausible != 0 && p.plausible != 1)
		abort();
	if (country == NULL ||
	    pseudo_country(country, strlen(country), want) == -1)
		want[0] = '\0';
	if (strcmp(p.country, want) != 0 ||
	    !all_zero(p.country + strlen(want),
	        sizeof(p.country) - strlen(want)))
		abort();

	/* Canonical already: the same again, also from inside *out. */
	if (pseudo_plate_canon(p.canon, strlen(p.canon), country, &again,
	        &errstr) == -1 ||
	    memcmp(&p, &again, sizeof(p)) != 0)
		abort();
	if (pseudo_plate_canon(again.canon, strlen(again.canon), again.country,
	        &again, &errstr) == -1 ||
	    memcmp(&p, &again, sizeof(p)) != 0)
		abort();
	pseudo_plate_wipe(&p);
	if (!all_zero(&p, sizeof(p)))
		abort();
}

static void
check_country(const uint8_t *in, size_t len)
{
	char   out[PSEUDO_COUNTRY_MAX + 1], again[PSEUDO_COUNTRY_MAX + 1];
	size_t i, n;

	memset(out, 'X', sizeof(out));
	if (pseudo_country((const char *)in, len, out) == -1) {
		if (out[0] != '\0')
			abort();
		return;
	}
	if (len == 0 || len > PSEUDO_COUNTRY_MAX)
		abort();
	n = strnlen(out, sizeof(out));
	if (n == 0 || n == sizeof(out))
		abort();
	for (i = 0; i < n; i++) {
		if (out[i] < 'A' || out[i] > 'Z')
			abort();
	}
	if (pseudo_country(out, n, again) == -1 || strcmp(again, out) != 0)
		abort();
}

static void
check_container(const uint8_t *in, size_t len)
{
	/* The '.' are the values 11, 22 and 33, which ISO 6346 skips. */
	static const char letters[] = "A.BCDEFGHIJK.LMNOPQRSTU.VWXYZ";
	const char       *errstr = NULL;
	char              out[12];
	unsigned          sum = 0, v;
	size_t            i;
	int               ok = 7;

	memset(out, 'X', sizeof(out));
	if (pseudo_container_canon((const char *)in, len, out, &ok, &errstr) ==
	    -1) {
		if (!all_zero(out, sizeof(out)) || ok != 0 || errstr == NULL)
			abort();
		return;
	}
	if (out[11] != '\0' || strlen(out) != 11)
		abort();
	for (i = 0; i < 11; i++) {
		if (i < 4 ? (out[i] < 'A' || out[i] > 'Z') :
		            (out[i] < '0' || out[i] > '9'))
			abort();
	}
	if (strchr("UJZ", out[3]) == NULL)
		abort();
	/* ISO 6346 again: a letter is 10 + its place in letters. */
	for (i = 0; i < 10; i++) {
		if (i < 4)
			v = (unsigned)(strchr(letters, out[i]) - letters) + 10;
		else
			v = (unsigned)(out[i] - '0');
		sum += v << i;
	}
	if (ok != ((int)(sum % 11 % 10) == out[10] - '0'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return (0);
	check_plate(data + 1, size - 1, countries[data[0] % NCOUNTRIES]);
	check_country(data, size);
	check_container(data, size);

	return (0);
}
