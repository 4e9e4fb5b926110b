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
#define RULES_TRACE_MAX      192

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
	int                  shadow; /* its list runs in shadow mode */
	int                  off_profile; /* outside its time profile now */
	int64_t              profile; /* the entry's time profile, 0: none */
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
	char              trace[RULES_TRACE_MAX]; /* "list=3,entry=17,…" */
};

/*
 * Decide from hits[0..n).  Hits outside their validity or their time
 * profile, fuzzy hits of lists that allow none, and hits of shadow lists
 * do not count.  Of the others the strongest
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

/*
 * What the lists would decide with the shadow lists enforced too (their
 * decision is recorded beside the enforced one, never acted on): 1 and
 * *d set when a shadow list's hit counts, else 0.
 */
int rules_decide_shadow(const struct rules_read *, const struct rules_hit *,
    size_t, struct rules_decision *);

/* --- sites: default action, parking sessions, capacity, passback ------- */

enum rules_dir {
	RULES_DIR_UNKNOWN,
	RULES_DIR_IN,
	RULES_DIR_OUT,
};

enum rules_passback {
	RULES_PASSBACK_OFF,
	RULES_PASSBACK_SOFT, /* open, and raise an event */
	RULES_PASSBACK_HARD, /* deny */
};

/*
 * A simple tariff: nothing for a stay of at most free_s; else every
 * started period_s from entry costs period_cents, and each 24 hours from
 * entry cost at most daily_cap_cents (-1: no cap).
 */
struct rules_tariff {
	int64_t free_s, period_s, period_cents, daily_cap_cents;
};

/* A site's policy. */
struct rules_site {
	enum rules_action   default_action; /* for what no list decides */
	int                 parking; /* sessions are tracked */
	int64_t             capacity; /* -1: no limit */
	int64_t             reserved; /* of capacity, for allow-list holders */
	enum rules_passback passback;
	int64_t             passback_reset_s; /* older sessions are stale */
	int64_t             max_stay_s; /* -1: no limit */
	int64_t             grace_s;
	struct rules_tariff tariff;
};

/* The site's state as the database holds it, and the vehicle's session. */
struct rules_state {
	int64_t occupancy, holders; /* open sessions; of allow-list holders */
	int64_t session; /* the vehicle's open session here, 0: none */
	int64_t entered_at; /* its entry, unix */
};

/*
 * What storing the decision has to do, and what it may take for granted
 * (the caller asserts it in the transaction: when the assertion fails,
 * the state has moved on and the read is decided again).
 */
struct rules_effect {
	int     open; /* open a session */
	int     holder; /* the vehicle is an allow-list holder */
	int     need_space; /* assert a free space (holder or not) */
	int64_t close; /* close this session: the exit */
	int64_t supersede; /* close this session unpaid: entered again */
	int64_t duration_s, amount_cents; /* of the closed session */
	int     overstay, passback; /* events to raise */
};

/*
 * The site's part of the decision d (made by rules_decide() from the
 * lists), at time now, for a read in direction dir:
 *   parking sites, out, with a session: see below; else nothing
 *     listed: the site's default action ("site_default");
 *   parking sites, in: an open session of the vehicle younger than
 *     passback_reset_s is passback (hard: DENY "passback"; soft: an event
 *     and "passback"); a stale or tolerated session is superseded; a new
 *     session needs a space: a holder (an allow list opened) any free
 *     one, others one outside the reserved share ("capacity_full" DENY,
 *     also when the default is none);
 *   parking sites, out: the vehicle's session is closed with its
 *     duration and amount, "overstay" past max_stay_s + grace_s, and the
 *     gate opens ("exit"); without a session "no_session" (after the
 *     default action);
 *   a DENY or MANUAL of the lists stands, and changes no session.
 * An OPEN or DENY below rd's manual_below becomes MANUAL
 * ("low_confidence") with no effect.  The trace gets what decided.
 */
void rules_site_decide(const struct rules_site *, const struct rules_state *,
    enum rules_dir, const struct rules_read *, int64_t, struct rules_decision *,
    struct rules_effect *);

/* The amount due for a stay of seconds (0 when negative). */
int64_t rules_tariff_amount(const struct rules_tariff *, int64_t);

/* "none", "open", "deny", "manual" / "none", "exact", "fuzzy". */
const char *rules_action_name(enum rules_action);
const char *rules_match_name(enum rules_match);

#endif /* RULES_H */
