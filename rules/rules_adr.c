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
 * ADR plates: the pair against the tables (bisection over the sorted
 * arrays of rules_adr_table.c), class and tunnel restrictions.  Pure:
 * libc only.
 */

#include <string.h>

#include "rules_adr.h"
#include "rules_internal.h"

static const struct rules_adr_un *find_un(int);

static size_t bounded_len(const char *, size_t);
static int    parse_hin(const char *);
static int    parse_un(const char *);
static int    find_hin(const char *);
static int    has_hin(const struct rules_adr_un *, int);
static int    entry_valid(const char *, size_t);
static int    class_matches(const struct rules_adr *, const char *, size_t);
static int    classes(const struct rules_adr *, const char *);
static int    category(const char *);
static int    tunnel_letter(const char *);

/* strlen(s), but at most max + 1: enough to tell that s is too long. */
static size_t
bounded_len(const char *s, size_t max)
{
	size_t n;

	for (n = 0; n <= max && s[n] != '\0'; n++)
		;

	return (n);
}

/* The length of a well-formed HIN (X?[2-9][0-9][0-9]?), else 0. */
static int
parse_hin(const char *h)
{
	size_t i = 0, n, d;

	n = bounded_len(h, 4);
	if (n > 0 && h[0] == 'X')
		i = 1;
	d = n - i;
	if (n > 4 || d < 2 || d > 3 || h[i] < '2' || h[i] > '9')
		return (0);
	for (i++; i < n; i++) {
		if (h[i] < '0' || h[i] > '9')
			return (0);
	}

	return ((int)n);
}

/* The number of four digits, else -1. */
static int
parse_un(const char *u)
{
	size_t i;
	int    n = 0;

	if (bounded_len(u, 4) != 4)
		return (-1);
	for (i = 0; i < 4; i++) {
		if (u[i] < '0' || u[i] > '9')
			return (-1);
		n = n * 10 + (u[i] - '0');
	}

	return (n);
}

static const struct rules_adr_un *
find_un(int un)
{
	size_t lo = 0, hi = rules_adr_nuns, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rules_adr_uns[mid].un == un)
			return (&rules_adr_uns[mid]);
		if (rules_adr_uns[mid].un < un)
			lo = mid + 1;
		else
			hi = mid;
	}

	return (NULL);
}

/* The index of HIN h in rules_adr_hins, else -1. */
static int
find_hin(const char *h)
{
	size_t lo = 0, hi = rules_adr_nhins, mid;
	int    c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(h, rules_adr_hins[mid])) == 0)
			return ((int)mid);
		if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}

	return (-1);
}

static int
has_hin(const struct rules_adr_un *u, int h)
{
	size_t i;

	for (i = u->hin; i < (size_t)u->hin + u->nhin; i++) {
		if (i < rules_adr_nun_hins && rules_adr_un_hins[i] == h)
			return (1);
	}

	return (0);
}

enum rules_adr_result
rules_adr_check(const char *hazard, const char *un, struct rules_adr *out)
{
	const struct rules_adr_un *u;
	int                        hn, n, h;

	memset(out, 0, sizeof(*out));
	hn = hazard == NULL ? 0 : parse_hin(hazard);
	n = un == NULL ? -1 : parse_un(un);
	if (hn > 0)
		memcpy(out->hazard, hazard, (size_t)hn);
	if (n != -1)
		memcpy(out->un, un, 4);
	if (hn == 0 || n == -1)
		return (RULES_ADR_INVALID);
	out->water = hazard[0] == 'X';

	if ((u = find_un(n)) == NULL)
		return (RULES_ADR_UNKNOWN_UN);
	memcpy(out->cls, u->cls, sizeof(out->cls));
	memcpy(out->code, u->code, sizeof(out->code));
	out->hazardous = 1;

	if ((h = find_hin(out->hazard)) == -1)
		return (RULES_ADR_INVALID_HIN);
	if (!has_hin(u, h))
		return (RULES_ADR_INCONSISTENT);

	return (RULES_ADR_OK);
}

/* Whether e[0..n) is a class restriction rules_adr_restricted() takes. */
static int
entry_valid(const char *e, size_t n)
{
	if (n == 1)
		return (e[0] >= '1' && e[0] <= '9');
	if (n < 3 || n > 4 || e[1] != '.')
		return (0);
	if (n == 4)
		return (e[0] == '1' && e[2] >= '1' && e[2] <= '6' &&
		    strchr("ABCDEFGHJKLNS", e[3]) != NULL);
	switch (e[0]) {
	case '1':
		return (e[2] >= '1' && e[2] <= '6');
	case '2':
	case '4':
		return (e[2] >= '1' && e[2] <= '3');
	case '5':
	case '6':
		return (e[2] >= '1' && e[2] <= '2');
	default:
		return (0);
	}
}

/*
 * Whether the valid entry e[0..n) covers the substance: 1 yes, 0 no, -1
 * unknown (no class, or no classification code to tell the division).
 */
static int
class_matches(const struct rules_adr *a, const char *e, size_t n)
{
	size_t cl, kl;

	cl = bounded_len(a->cls, sizeof(a->cls) - 1);
	kl = bounded_len(a->code, sizeof(a->code) - 1);
	if (cl == 0 || cl >= sizeof(a->cls) || kl >= sizeof(a->code))
		return (-1);
	if (a->cls[0] != e[0])
		return (0);
	if (n == 1)
		return (1);
	switch (e[0]) {
	case '1':
		/* "1.1" covers "1.1D"; "1.1D" only itself. */
		if (kl == 0)
			return (-1);
		return (kl == 4 && memcmp(a->code, e, n) == 0);
	case '2':
		if (kl == 0)
			return (-1);
		if (e[2] == '1')
			return (memchr(a->code, 'F', kl) != NULL);
		if (e[2] == '3')
			return (memchr(a->code, 'T', kl) != NULL);
		return (memchr(a->code, 'F', kl) == NULL &&
		    memchr(a->code, 'T', kl) == NULL);
	default:
		return (cl == 3 && memcmp(a->cls, e, 3) == 0);
	}
}

/*
 * The comma list forbidden against the substance: 1 an entry covers it,
 * -1 none does but one cannot tell, 0 none does, -2 the list is
 * malformed.
 */
static int
classes(const struct rules_adr *a, const char *forbidden)
{
	const char *p = forbidden, *e;
	size_t      n;
	int         m, r = 0;

	if (p == NULL || p[strspn(p, " \t")] == '\0')
		return (0);
	for (;;) {
		p += strspn(p, " \t");
		e = p;
		n = strcspn(p, ", \t");
		p += n;
		p += strspn(p, " \t");
		if ((*p != ',' && *p != '\0') || !entry_valid(e, n))
			return (-2);
		if ((m = class_matches(a, e, n)) == 1)
			r = 1;
		else if (m == -1 && r == 0)
			r = -1;
		if (*p == '\0')
			break;
		p++;
	}

	return (r);
}

/* A tunnel category: 'A' .. 'E', 0 for none (NULL, ""), else -1. */
static int
category(const char *c)
{
	if (c == NULL || c[0] == '\0')
		return (0);
	if (c[0] >= 'A' && c[0] <= 'E' && c[1] == '\0')
		return (c[0]);

	return (-1);
}

/*
 * The least strict category a tunnel restriction code forbids ('B' ..
 * 'E'), 0 for "-" (none), -1 for no code (ADR 8.6.4).  The first letter
 * is the tank (or bulk) carriage's and the larger load's.
 */
static int
tunnel_letter(const char *code)
{
	static const char *const codes[] = { "B", "B1000C", "B/D", "B/E", "C",
		"C5000D", "C/D", "C/E", "D", "D/E", "E", "-" };
	size_t                   i, n, off = 0;

	if (code == NULL)
		return (-1);
	n = bounded_len(code, 8);
	if (n > 2 && code[0] == '(' && code[n - 1] == ')') {
		off = 1;
		n -= 2;
	}
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if (strlen(codes[i]) == n &&
		    memcmp(codes[i], code + off, n) == 0)
			return (codes[i][0] == '-' ? 0 : codes[i][0]);
	}

	return (-1);
}

int
rules_adr_tunnel_forbids(const char *code, const char *cat)
{
	int l, c;

	if ((l = tunnel_letter(code)) == -1 || (c = category(cat)) == -1)
		return (-1);
	if (l == 0 || c == 0)
		return (0);

	return (c >= l);
}

int
rules_adr_restriction_valid(const char *forbidden, const char *tunnel)
{
	struct rules_adr none;

	memset(&none, 0, sizeof(none));
	if (classes(&none, forbidden) == -2 || category(tunnel) == -1)
		return (-1);

	return (0);
}

enum rules_action
rules_adr_restricted(const struct rules_adr *a, const char *forbidden,
    const char *tunnel, const char **reason)
{
	int cm, tm = 0;

	*reason = NULL;
	if ((cm = classes(a, forbidden)) == -2 || category(tunnel) == -1) {
		*reason = "adr_restriction_invalid";
		return (RULES_MANUAL);
	}
	if (cm == 1) {
		*reason = "adr_class";
		return (RULES_DENY);
	}
	if (category(tunnel) > 'A' &&
	    (tm = rules_adr_tunnel_forbids(a->tunnel, tunnel)) == 1) {
		*reason = "adr_tunnel";
		return (RULES_DENY);
	}
	if (cm == -1) {
		*reason = "adr_class_unknown";
		return (RULES_MANUAL);
	}
	if (tm == -1) {
		*reason = "adr_tunnel_unknown";
		return (RULES_MANUAL);
	}

	return (RULES_NONE);
}

const char *
rules_adr_result_name(enum rules_adr_result r)
{
	static const char *const names[] = { "adr_ok", "adr_invalid",
		"adr_unknown_un", "adr_invalid_hin", "adr_inconsistent" };

	return ((unsigned)r < 5 ? names[r] : "adr_invalid");
}
