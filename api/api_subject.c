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
 * The tokens of a data subject (api_subject.h).
 */

#include <stdlib.h>
#include <string.h>

#include "api_retention.h"
#include "api_subject.h"

/* One token in a JSON array: the quotes, 32 hex digits, a comma. */
#define TOKEN_JSON (2 + 2 * PSEUDO_TOKEN_LEN + 1)

struct arr {
	char  *s;
	size_t len, cap, n;
};

static int
arr_add(struct arr *a, const unsigned char tok[PSEUDO_TOKEN_LEN])
{
	static const char hex[] = "0123456789abcdef";
	char             *p;
	size_t            i, cap;

	if (a->len + TOKEN_JSON + 2 > a->cap) {
		cap = a->cap == 0 ? 64 * TOKEN_JSON : a->cap * 2;
		if ((p = malloc(cap)) == NULL)
			return (-1);
		if (a->s != NULL) {
			memcpy(p, a->s, a->len);
			explicit_bzero(a->s, a->cap);
			free(a->s);
		}
		a->s = p;
		a->cap = cap;
	}
	p = a->s + a->len;
	*p++ = a->n == 0 ? '[' : ',';
	*p++ = '"';
	for (i = 0; i < PSEUDO_TOKEN_LEN; i++) {
		*p++ = hex[tok[i] >> 4];
		*p++ = hex[tok[i] & 0x0f];
	}
	*p++ = '"';
	a->len = (size_t)(p - a->s);
	a->n++;

	return (0);
}

static int
arr_end(struct arr *a)
{
	if (a->n == 0)
		return (-1); /* never: version 1 gives at least one */
	a->s[a->len++] = ']';
	a->s[a->len] = '\0';

	return (0);
}

static void
arr_free(struct arr *a)
{
	if (a->s != NULL) {
		explicit_bzero(a->s, a->cap);
		free(a->s);
	}
	memset(a, 0, sizeof(*a));
}

/* The read tokens of one key version: every mode, every epoch. */
static int
read_tokens(const struct pseudo_key *key, const char *skeleton, int64_t from,
    int64_t now, struct arr *a)
{
	static const enum pseudo_epoch modes[] = { PSEUDO_EPOCH_DAY,
		PSEUDO_EPOCH_WEEK, PSEUDO_EPOCH_MONTH };
	unsigned char                  tok[PSEUDO_TOKEN_LEN];
	uint32_t                       e, last;
	int64_t                        t;
	size_t                         m;
	int                            rc = 0, first;

	rc = pseudo_token(key, PSEUDO_EPOCH_NONE, 0, skeleton, tok) == -1 ||
	    arr_add(a, tok) == -1;
	for (m = 0; m < sizeof(modes) / sizeof(modes[0]) && rc == 0; m++) {
		first = 1;
		last = 0;
		/* Epochs only grow with time: a day's step meets each. */
		for (t = from; rc == 0; t += 86400) {
			if (t > now)
				t = now;
			e = pseudo_epoch(modes[m], t);
			if (first || e != last)
				rc = pseudo_token(key, modes[m], e, skeleton,
				         tok) == -1 ||
				    arr_add(a, tok) == -1;
			first = 0;
			last = e;
			if (t == now)
				break;
		}
	}
	explicit_bzero(tok, sizeof(tok));

	return (rc == 0 ? 0 : -1);
}

int
api_subject_tokens(const struct api_subject_version *vs, size_t nv,
    int64_t tenant, const char *skeleton, int64_t now, int64_t hours,
    struct api_subject *s)
{
	struct pseudo_key key;
	unsigned char     tok[PSEUDO_TOKEN_LEN];
	struct arr        r, m;
	size_t            i;
	int               rc = 0;

	memset(s, 0, sizeof(*s));
	memset(&r, 0, sizeof(r));
	memset(&m, 0, sizeof(m));
	if (vs == NULL || skeleton == NULL || tenant <= 0 || nv < 1 ||
	    nv > API_SUBJECT_VERSIONS_MAX)
		return (-1);
	for (i = 0; i < nv; i++)
		if (vs[i].master == NULL || vs[i].version < 1)
			return (-1);
	if (hours < 0)
		hours = 0;
	if (hours > API_RETENTION_MAX_HOURS)
		hours = API_RETENTION_MAX_HOURS;
	for (i = 0; i < nv && rc == 0; i++) {
		rc = pseudo_key_derive(vs[i].master, "read", (uint64_t)tenant,
		         vs[i].version, &key) == -1 ||
		    read_tokens(&key, skeleton, now - hours * 3600 - 86400, now,
		        &r) == -1 ||
		    pseudo_key_derive(vs[i].master, "match", (uint64_t)tenant,
		        vs[i].version, &key) == -1 ||
		    pseudo_token(&key, PSEUDO_EPOCH_NONE, 0, skeleton, tok) ==
		        -1 ||
		    arr_add(&m, tok) == -1;
		pseudo_key_wipe(&key);
	}
	explicit_bzero(tok, sizeof(tok));
	if (rc != 0 || arr_end(&r) == -1 || arr_end(&m) == -1) {
		arr_free(&r);
		arr_free(&m);
		return (-1);
	}
	s->reads = r.s;
	s->nreads = r.n;
	s->match = m.s;
	s->nmatch = m.n;

	return (0);
}

void
api_subject_free(struct api_subject *s)
{
	if (s == NULL)
		return;
	if (s->reads != NULL) {
		explicit_bzero(s->reads, strlen(s->reads));
		free(s->reads);
	}
	if (s->match != NULL) {
		explicit_bzero(s->match, strlen(s->match));
		free(s->match);
	}
	memset(s, 0, sizeof(*s));
}
