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
 * One tenant's list tokens in memory (api_lcache.c): what the list lookup
 * of a read (api_reads.c, q_hits) finds in the database, found by binary
 * search instead.  Pure (libc, no kore), unit tested in
 * tests/api/test_api_lcache.c.  api_reads.c keeps one per tenant and
 * worker, for the config_epoch it was read in (sql/schema/011).
 */

#ifndef API_LCACHE_H
#define API_LCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "../pseudo/pseudo.h"

/* Beyond these a tenant's lists are not cached (the database is asked). */
#define API_LC_TOKENS_MAX   400000
#define API_LC_LISTS_MAX    4096
#define API_LC_PROFILES_MAX 1024

/* A list token with its entry, list and time profile, as q_hits has it. */
struct api_lc_row {
	const unsigned char *token; /* PSEUDO_TOKEN_LEN bytes */
	int                  exact; /* the entry's own, not a deletion */
	int64_t              entry, list;
	int64_t              site; /* the list's site, 0: every site */
	int                  deny; /* a deny list, else allow */
	int                  priority;
	int                  fuzzy; /* the list allows fuzzy matches */
	int         fuzzy_open; /* what they yield: open, else manual */
	int         shadow; /* the list runs in shadow mode */
	int64_t     valid_from, valid_to; /* unix; 0: open-ended */
	int64_t     profile; /* 0: none */
	const char *spec; /* the profile's, NUL-terminated */
};

struct api_lc;

/*
 * An empty cache with room for hint token rows (it grows beyond), or NULL
 * when out of memory.
 */
struct api_lc *api_lc_new(size_t);

/*
 * Add a token row (copied, its spec too).  -1 when a limit above is
 * passed or memory runs out: the cache must not be used then.
 */
int api_lc_add(struct api_lc *, const struct api_lc_row *);

/* Sort what was added; call once, after the last api_lc_add(). */
void api_lc_seal(struct api_lc *);

/* How many token rows it holds. */
size_t api_lc_size(const struct api_lc *);

/*
 * The rows of tokens[0..n) (PSEUDO_TOKEN_LEN bytes each; a token given
 * twice counts once) whose list is for every site or for site, at most
 * max into out: first the entries' own tokens (exact set), then their
 * deletions, each in the order of the tokens; returns how many.  The rows
 * point into the cache: valid until it is freed.
 */
size_t api_lc_find(const struct api_lc *,
    const unsigned char (*)[PSEUDO_TOKEN_LEN], size_t, int64_t,
    struct api_lc_row *, size_t);

/* Free it (NULL is ignored); the tokens are wiped first. */
void api_lc_free(struct api_lc *);

#endif /* API_LCACHE_H */
