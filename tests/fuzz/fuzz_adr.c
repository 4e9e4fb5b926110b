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
 * libFuzzer target for rules/rules_adr.c.  The input is up to five lines:
 * hazard, UN number, forbidden classes, tunnel category, tunnel code;
 * each is passed in a buffer of exactly its size, so ASan sees any read
 * past the NUL.  rules_adr_check() must agree with a linear search of
 * the tables; rules_adr_restricted() must give one of its documented
 * answers, refuse exactly what rules_adr_restriction_valid() refuses,
 * and a tunnel code that forbids a category must forbid every stricter
 * one.  Any violation aborts.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../rules/rules_adr.h"
#include "../../rules/rules_internal.h"

#define NFIELDS 5

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int                   well_formed_hin(const char *);
static int                   well_formed_un(const char *);
static enum rules_adr_result expect(const char *, const char *);
static void check_restricted(const struct rules_adr *, const char *,
    const char *);
static void check_tunnel(const char *);

static int
well_formed_hin(const char *h)
{
	size_t n = strlen(h), i = 0;

	if (n > 0 && h[0] == 'X')
		i = 1;
	if (n - i < 2 || n - i > 3 || h[i] < '2' || h[i] > '9')
		return (0);

	return (strspn(h + i, "0123456789") == n - i);
}

static int
well_formed_un(const char *u)
{
	return (strlen(u) == 4 && strspn(u, "0123456789") == 4);
}

/* What rules_adr_check() must say, by linear search. */
static enum rules_adr_result
expect(const char *h, const char *u)
{
	const struct rules_adr_un *e = NULL;
	size_t                     i;
	int                        hi = -1;

	if (!well_formed_hin(h) || !well_formed_un(u))
		return (RULES_ADR_INVALID);
	for (i = 0; i < rules_adr_nuns; i++) {
		if (rules_adr_uns[i].un == strtol(u, NULL, 10))
			e = &rules_adr_uns[i];
	}
	if (e == NULL)
		return (RULES_ADR_UNKNOWN_UN);
	for (i = 0; i < rules_adr_nhins; i++) {
		if (strcmp(rules_adr_hins[i], h) == 0)
			hi = (int)i;
	}
	if (hi == -1)
		return (RULES_ADR_INVALID_HIN);
	for (i = e->hin; i < (size_t)e->hin + e->nhin; i++) {
		if (rules_adr_un_hins[i] == hi)
			return (RULES_ADR_OK);
	}

	return (RULES_ADR_INCONSISTENT);
}

static void
check_restricted(const struct rules_adr *a, const char *forbidden,
    const char *cat)
{
	static const char *const deny[] = { "adr_class", "adr_tunnel" };
	static const char *const manual[] = { "adr_class_unknown",
		"adr_tunnel_unknown", "adr_restriction_invalid" };
	const char              *why = "unset";
	enum rules_action        r;
	size_t                   i, n = 0;

	r = rules_adr_restricted(a, forbidden, cat, &why);
	switch (r) {
	case RULES_NONE:
		if (why != NULL)
			abort();
		break;
	case RULES_DENY:
		for (i = 0; i < 2; i++)
			n += why != NULL && strcmp(why, deny[i]) == 0;
		break;
	case RULES_MANUAL:
		for (i = 0; i < 3; i++)
			n += why != NULL && strcmp(why, manual[i]) == 0;
		break;
	default:
		abort();
	}
	if (r != RULES_NONE && n != 1)
		abort();
	if ((rules_adr_restriction_valid(forbidden, cat) == -1) !=
	    (why != NULL && strcmp(why, "adr_restriction_invalid") == 0))
		abort();
}

static void
check_tunnel(const char *code)
{
	static const char *const cats[] = { "A", "B", "C", "D", "E" };
	size_t                   i;
	int                      f, prev = 0;

	for (i = 0; i < 5; i++) {
		f = rules_adr_tunnel_forbids(code, cats[i]);
		if (f < -1 || f > 1 || (i > 0 && (f == -1) != (prev == -1)))
			abort();
		if (prev == 1 && f != 1)
			abort();
		prev = f;
	}
	if (prev != -1 && rules_adr_tunnel_forbids(code, "A") == 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char                 *f[NFIELDS];
	struct rules_adr      a;
	enum rules_adr_result r;
	const uint8_t        *p = data, *end = data + size, *nl;
	size_t                i, n;

	for (i = 0; i < NFIELDS; i++) {
		nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		n = p < end ? (size_t)((nl == NULL ? end : nl) - p) : 0;
		if ((f[i] = malloc(n + 1)) == NULL)
			abort();
		memcpy(f[i], p, n);
		f[i][n] = '\0';
		p = nl == NULL ? end : nl + 1;
	}

	r = rules_adr_check(f[0], f[1], &a);
	if (r != expect(f[0], f[1]))
		abort();
	if (a.hazardous != (a.cls[0] != '\0') ||
	    (r == RULES_ADR_UNKNOWN_UN) !=
	        (r != RULES_ADR_INVALID && a.cls[0] == '\0'))
		abort();
	if (r != RULES_ADR_INVALID &&
	    (strcmp(a.hazard, f[0]) != 0 || strcmp(a.un, f[1]) != 0))
		abort();
	if (strcmp(rules_adr_result_name(r), "adr_invalid") == 0 &&
	    r != RULES_ADR_INVALID)
		abort();

	check_restricted(&a, f[2], f[3]);
	/* With the tunnel code of the input, cut to fit. */
	n = strnlen(f[4], sizeof(a.tunnel) - 1);
	memcpy(a.tunnel, f[4], n);
	a.tunnel[n] = '\0';
	check_restricted(&a, f[2], f[3]);
	check_tunnel(f[4]);

	for (i = 0; i < NFIELDS; i++)
		free(f[i]);

	return (0);
}
