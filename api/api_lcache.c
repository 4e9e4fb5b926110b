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
 * One tenant's list tokens, sorted by token: a read's 25 tokens are 25
 * binary searches.  Lists and time profiles are few and kept once each;
 * a token row names them by index.
 */

#include <stdlib.h>
#include <string.h>

#include "api_lcache.h"

struct lc_list {
	int64_t id, site;
	int     deny, priority, fuzzy, fuzzy_open, shadow;
};

struct lc_profile {
	int64_t id;
	char   *spec;
};

struct lc_token {
	unsigned char t[PSEUDO_TOKEN_LEN];
	uint32_t      list; /* index into lists */
	int32_t       profile; /* index into profiles, -1: none */
	int           exact;
	int64_t       entry, valid_from, valid_to;
};

struct api_lc {
	struct lc_token   *tokens;
	size_t             ntokens, captokens;
	struct lc_list    *lists;
	size_t             nlists, caplists;
	struct lc_profile *profiles;
	size_t             nprofiles, capprofiles;
};

struct api_lc *
api_lc_new(size_t hint)
{
	struct api_lc *lc;

	if ((lc = calloc(1, sizeof(*lc))) == NULL)
		return (NULL);
	if (hint > API_LC_TOKENS_MAX)
		hint = API_LC_TOKENS_MAX;
	if (hint > 0 &&
	    (lc->tokens = calloc(hint, sizeof(*lc->tokens))) == NULL) {
		free(lc);
		return (NULL);
	}
	lc->captokens = hint;

	return (lc);
}

/* Room for one more of size bytes in *v (holding *n of *cap), up to max. */
static int
grow(void *v, size_t *cap, size_t n, size_t size, size_t max)
{
	void **p = v;
	void  *q;
	size_t c;

	if (n < *cap)
		return (0);
	if (n >= max)
		return (-1);
	c = *cap == 0 ? 64 : *cap * 2;
	if (c > max)
		c = max;
	if ((q = realloc(*p, c * size)) == NULL)
		return (-1);
	*p = q;
	*cap = c;

	return (0);
}

static long
list_index(struct api_lc *lc, const struct api_lc_row *r)
{
	struct lc_list *l;
	size_t          i;

	/* The loader reads a list's tokens together: the last one first. */
	for (i = lc->nlists; i > 0; i--) {
		if (lc->lists[i - 1].id == r->list)
			return ((long)(i - 1));
	}
	if (grow(&lc->lists, &lc->caplists, lc->nlists, sizeof(*l),
	        API_LC_LISTS_MAX) == -1)
		return (-1);
	l = &lc->lists[lc->nlists];
	l->id = r->list;
	l->site = r->site;
	l->deny = r->deny;
	l->priority = r->priority;
	l->fuzzy = r->fuzzy;
	l->fuzzy_open = r->fuzzy_open;
	l->shadow = r->shadow;

	return ((long)lc->nlists++);
}

static long
profile_index(struct api_lc *lc, const struct api_lc_row *r)
{
	struct lc_profile *p;
	size_t             i;

	if (r->profile == 0)
		return (-1);
	for (i = 0; i < lc->nprofiles; i++) {
		if (lc->profiles[i].id == r->profile)
			return ((long)i);
	}
	if (grow(&lc->profiles, &lc->capprofiles, lc->nprofiles, sizeof(*p),
	        API_LC_PROFILES_MAX) == -1)
		return (-2);
	p = &lc->profiles[lc->nprofiles];
	if ((p->spec = strdup(r->spec != NULL ? r->spec : "")) == NULL)
		return (-2);
	p->id = r->profile;

	return ((long)lc->nprofiles++);
}

int
api_lc_add(struct api_lc *lc, const struct api_lc_row *r)
{
	struct lc_token *t;
	long             li, pi;

	if ((li = list_index(lc, r)) < 0 || (pi = profile_index(lc, r)) < -1)
		return (-1);
	if (grow(&lc->tokens, &lc->captokens, lc->ntokens, sizeof(*t),
	        API_LC_TOKENS_MAX) == -1)
		return (-1);
	t = &lc->tokens[lc->ntokens++];
	memcpy(t->t, r->token, PSEUDO_TOKEN_LEN);
	t->list = (uint32_t)li;
	t->profile = (int32_t)pi;
	t->exact = r->exact != 0;
	t->entry = r->entry;
	t->valid_from = r->valid_from;
	t->valid_to = r->valid_to;

	return (0);
}

static int
token_cmp(const void *a, const void *b)
{
	const struct lc_token *x = a, *y = b;
	int                    c;

	if ((c = memcmp(x->t, y->t, PSEUDO_TOKEN_LEN)) != 0)
		return (c);
	/* The same order every time: by entry. */
	return (x->entry < y->entry ? -1 : x->entry > y->entry);
}

void
api_lc_seal(struct api_lc *lc)
{
	if (lc->ntokens > 1)
		qsort(lc->tokens, lc->ntokens, sizeof(*lc->tokens), token_cmp);
}

size_t
api_lc_size(const struct api_lc *lc)
{
	return (lc->ntokens);
}

/* The first token row not below tok. */
static size_t
lower_bound(const struct api_lc *lc, const unsigned char *tok)
{
	size_t lo = 0, hi = lc->ntokens, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (memcmp(lc->tokens[mid].t, tok, PSEUDO_TOKEN_LEN) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}

	return (lo);
}

/* Token row t (of list l) as the caller sees it. */
static void
row_out(const struct api_lc *lc, const struct lc_token *t,
    const struct lc_list *l, struct api_lc_row *o)
{
	o->token = t->t;
	o->exact = t->exact;
	o->entry = t->entry;
	o->list = l->id;
	o->site = l->site;
	o->deny = l->deny;
	o->priority = l->priority;
	o->fuzzy = l->fuzzy;
	o->fuzzy_open = l->fuzzy_open;
	o->shadow = l->shadow;
	o->valid_from = t->valid_from;
	o->valid_to = t->valid_to;
	o->profile = t->profile >= 0 ? lc->profiles[t->profile].id : 0;
	o->spec = t->profile >= 0 ? lc->profiles[t->profile].spec : NULL;
}

/* 1 when tokens[i] was asked for before, tokens[0..i). */
static int
asked(const unsigned char (*tokens)[PSEUDO_TOKEN_LEN], size_t i)
{
	size_t j;

	for (j = 0; j < i; j++) {
		if (memcmp(tokens[j], tokens[i], PSEUDO_TOKEN_LEN) == 0)
			return (1);
	}

	return (0);
}

size_t
api_lc_find(const struct api_lc *lc,
    const unsigned char (*tokens)[PSEUDO_TOKEN_LEN], size_t n, int64_t site,
    struct api_lc_row *out, size_t max)
{
	const struct lc_token *t;
	const struct lc_list  *l;
	size_t                 i, k, found = 0;
	int                    exact;

	/* Entries' own tokens first, as the database's lookup sorts them. */
	for (exact = 1; exact >= 0; exact--) {
		for (i = 0; i < n && found < max; i++) {
			if (asked(tokens, i))
				continue;
			k = lower_bound(lc, tokens[i]);
			for (; k < lc->ntokens && found < max; k++) {
				t = &lc->tokens[k];
				if (memcmp(t->t, tokens[i], PSEUDO_TOKEN_LEN) !=
				    0)
					break;
				l = &lc->lists[t->list];
				if (t->exact != exact ||
				    (l->site != 0 && l->site != site))
					continue;
				row_out(lc, t, l, &out[found++]);
			}
		}
	}

	return (found);
}

void
api_lc_free(struct api_lc *lc)
{
	size_t i;

	if (lc == NULL)
		return;
	if (lc->tokens != NULL)
		explicit_bzero(lc->tokens, lc->captokens * sizeof(*lc->tokens));
	free(lc->tokens);
	for (i = 0; i < lc->nprofiles; i++)
		free(lc->profiles[i].spec);
	free(lc->profiles);
	free(lc->lists);
	free(lc);
}
