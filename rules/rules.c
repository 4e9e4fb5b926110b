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
 * Decisions from list hits: which hit counts, which is the strongest, and
 * what it yields.  Pure: libc only.
 */

#include <stdio.h>
#include <string.h>

#include "rules.h"

enum rules_match
rules_match(const struct rules_tokens *r, const unsigned char *token,
    int is_exact)
{
	size_t i;

	if (memcmp(r->exact, token, RULES_TOKEN_LEN) == 0)
		return (is_exact ? RULES_MATCH_EXACT : RULES_MATCH_FUZZY);
	/*
	 * The entry's skeleton among the reading's deletions (one extra
	 * character read), or a deletion of each the same (one changed,
	 * or two swapped).
	 */
	for (i = 0; i < r->ndels && i < RULES_NEIGHBOURS_MAX; i++) {
		if (memcmp(r->dels[i], token, RULES_TOKEN_LEN) == 0)
			return (RULES_MATCH_FUZZY);
	}

	return (RULES_MATCH_NONE);
}

/* Whether a hit counts at time at (shadow: also a shadow list's). */
static int
counts(const struct rules_hit *h, int64_t at, int shadow)
{
	if (h->match == RULES_MATCH_NONE || h->off_profile)
		return (0);
	if (h->shadow && !shadow)
		return (0);
	if (h->match == RULES_MATCH_FUZZY && !h->fuzzy)
		return (0);
	if (h->valid_from != 0 && at < h->valid_from)
		return (0);
	if (h->valid_to != 0 && at >= h->valid_to)
		return (0);

	return (1);
}

/* 1 when a is stronger than b. */
static int
stronger(const struct rules_hit *a, const struct rules_hit *b)
{
	if (a->priority != b->priority)
		return (a->priority > b->priority);
	if (a->kind != b->kind)
		return (a->kind == RULES_LIST_DENY);
	if (a->match != b->match)
		return (a->match == RULES_MATCH_EXACT);
	if (a->candidate != b->candidate)
		return (!a->candidate);

	return (0);
}

/* The strongest hit that counts, or NULL. */
static const struct rules_hit *
strongest(const struct rules_read *rd, const struct rules_hit *hits, size_t n,
    int shadow)
{
	const struct rules_hit *best = NULL;
	size_t                  i;

	for (i = 0; i < n; i++) {
		if (counts(&hits[i], rd->at, shadow) &&
		    (best == NULL || stronger(&hits[i], best)))
			best = &hits[i];
	}

	return (best);
}

static void
decide(const struct rules_read *rd, const struct rules_hit *best,
    struct rules_decision *d)
{
	const char *why;

	memset(d, 0, sizeof(*d));
	if (best == NULL) {
		d->action = RULES_NONE;
		(void)snprintf(d->reasons, sizeof(d->reasons), "not_listed");
		return;
	}

	d->match = best->match;
	d->list = best->list;
	d->entry = best->entry;
	d->candidate = best->candidate;
	if (best->kind == RULES_LIST_DENY) {
		d->action = best->match == RULES_MATCH_EXACT ? RULES_DENY :
		                                               RULES_MANUAL;
		why = best->match == RULES_MATCH_EXACT ? "deny_list" :
		                                         "deny_list_fuzzy";
	} else {
		d->action = best->match == RULES_MATCH_EXACT ?
		    RULES_OPEN :
		    (best->fuzzy_action == RULES_OPEN ? RULES_OPEN :
		                                        RULES_MANUAL);
		why = best->match == RULES_MATCH_EXACT ? "allow_list" :
		                                         "allow_list_fuzzy";
	}
	(void)snprintf(d->reasons, sizeof(d->reasons), "%s%s", why,
	    best->candidate ? ",candidate" : "");
	(void)snprintf(d->trace, sizeof(d->trace),
	    "list=%lld,entry=%lld,match=%s%s", (long long)best->list,
	    (long long)best->entry, rules_match_name(best->match),
	    best->candidate ? ",candidate" : "");
	if (best->profile != 0)
		(void)snprintf(d->trace + strlen(d->trace),
		    sizeof(d->trace) - strlen(d->trace), ",profile=%lld",
		    (long long)best->profile);
	if ((d->action == RULES_OPEN || d->action == RULES_DENY) &&
	    rd->confidence < rd->manual_below) {
		d->action = RULES_MANUAL;
		(void)snprintf(d->reasons + strlen(d->reasons),
		    sizeof(d->reasons) - strlen(d->reasons), ",low_confidence");
	}
}

void
rules_decide(const struct rules_read *rd, const struct rules_hit *hits,
    size_t n, struct rules_decision *d)
{
	decide(rd, strongest(rd, hits, n, 0), d);
}

int
rules_decide_shadow(const struct rules_read *rd, const struct rules_hit *hits,
    size_t n, struct rules_decision *d)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (hits[i].shadow && counts(&hits[i], rd->at, 1))
			break;
	}
	if (i == n)
		return (0);
	decide(rd, strongest(rd, hits, n, 1), d);

	return (1);
}

const char *
rules_action_name(enum rules_action a)
{
	static const char *const names[] = { "none", "open", "deny", "manual" };

	return ((unsigned)a < 4 ? names[a] : "none");
}

const char *
rules_match_name(enum rules_match m)
{
	static const char *const names[] = { "none", "exact", "fuzzy" };

	return ((unsigned)m < 3 ? names[m] : "none");
}
