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
 * Decisions: pure computation (libc only).  The caller (api/) fetches the
 * state a read needs (the list entries its tokens met, the site's
 * policy), rules/ decides, and the caller stores the outcome.  No
 * function keeps state, allocates or logs; any thread may call any of
 * them.  Tokens are opaque here: rules/ never sees a plate.
 */

#ifndef RULES_H
#define RULES_H

#include <stddef.h>
#include <stdint.h>

#define RULES_TOKEN_LEN      16 /* PSEUDO_TOKEN_LEN */
#define RULES_NEIGHBOURS_MAX 16 /* PSEUDO_NEIGHBOURS_MAX */
#define RULES_REASONS_MAX    128

enum rules_action {
	RULES_NONE,
	RULES_OPEN,
	RULES_DENY,
	RULES_MANUAL,
};

enum rules_match {
	RULES_MATCH_NONE,
	RULES_MATCH_EXACT,
	RULES_MATCH_FUZZY,
};

enum rules_list_kind {
	RULES_LIST_ALLOW,
	RULES_LIST_DENY,
};

/*
 * The match tokens of one reading (the read itself or a candidate): of
 * its skeleton and of the skeleton's one-deletion neighbourhood
 * (pseudo_neighbourhood()).
 */
struct rules_tokens {
	unsigned char exact[RULES_TOKEN_LEN];
	unsigned char dels[RULES_NEIGHBOURS_MAX][RULES_TOKEN_LEN];
	size_t        ndels;
};

/*
 * How a reading meets a list entry through one of the entry's stored
 * tokens (token; is_exact when it is the token of the entry's skeleton,
 * else of one of its deletions): RULES_MATCH_EXACT when the skeletons
 * are equal, RULES_MATCH_FUZZY when they are one edit apart (the
 * reading misses a character, has one more, one is changed, or two
 * neighbours are swapped), RULES_MATCH_NONE when this token says neither.
 * An entry matches as the best of its tokens.  Constant-time in the
 * token bytes is not needed: tokens are not secrets, only pseudonyms.
 */
enum rules_match rules_match(const struct rules_tokens *, const unsigned char *,
    int);

/* One list entry a reading met (what the caller found in the database). */
struct rules_hit {
	int64_t              list, entry;
	enum rules_list_kind kind;
	int                  priority; /* the higher wins */
	int                  fuzzy; /* the list allows fuzzy matches */
	enum rules_action    fuzzy_action; /* allow lists: OPEN or MANUAL */
	enum rules_match     match;
	int64_t              valid_from, valid_to; /* unix; 0: open-ended */
	int                  candidate; /* met through a camera's candidate */
};

/* What the read brings besides its hits, and the site's policy. */
struct rules_read {
	int64_t at; /* unix time it was captured */
	double  confidence;
	double  manual_below; /* automatic decisions need at least this */
};

struct rules_decision {
	enum rules_action action;
	enum rules_match  match;
	int64_t           list, entry; /* what decided it; 0: nothing */
	int               candidate;
	char              reasons[RULES_REASONS_MAX]; /* "a,b" */
};

/*
 * Decide from hits[0..n).  Hits outside their validity, and fuzzy hits of
 * lists that allow none, do not count.  Of the others the strongest
 * decides: the higher priority, then a deny list before an allow list,
 * then exact before fuzzy, then the read itself before a candidate.
 *   deny list: DENY ("deny_list"), or MANUAL for a fuzzy match
 *     ("deny_list_fuzzy": a hot list's near miss needs a person);
 *   allow list: OPEN ("allow_list"), or the list's fuzzy_action for a
 *     fuzzy match;
 *   nothing: NONE ("not_listed").
 * An OPEN or DENY below manual_below becomes MANUAL ("low_confidence"
 * added): never an automatic decision on a doubtful read.
 */
void rules_decide(const struct rules_read *, const struct rules_hit *, size_t,
    struct rules_decision *);

/* "none", "open", "deny", "manual" / "none", "exact", "fuzzy". */
const char *rules_action_name(enum rules_action);
const char *rules_match_name(enum rules_match);

#endif /* RULES_H */
