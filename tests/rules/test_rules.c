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
 * rules/rules.c: fuzzy matching on tokens, checked end to end from real
 * plates (canonical form, skeleton, neighbourhood and keyed tokens from
 * pseudo/, as api/ makes them), and the decision's precedence.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../pseudo/pseudo.h"
#include "../../rules/rules.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The match tokens of plate text read in Germany, under key k. */
static void
tokens(const struct pseudo_key *k, const char *text, struct rules_tokens *t)
{
	struct pseudo_plate p;
	char                nb[PSEUDO_NEIGHBOURS_MAX][PSEUDO_PLATE_MAX + 1];
	const char         *why;
	int                 n, i;

	assert_int_equal(pseudo_plate_canon(text, strlen(text), "D", &p, &why),
	    0);
	assert_int_equal(pseudo_token(k, PSEUDO_EPOCH_NONE, 0, p.skeleton,
	                     t->exact),
	    0);
	n = pseudo_neighbourhood(p.skeleton, nb);
	assert_true(n >= 0 && n <= RULES_NEIGHBOURS_MAX);
	for (i = 0; i < n; i++)
		assert_int_equal(pseudo_token(k, PSEUDO_EPOCH_NONE, 0, nb[i],
		                     t->dels[i]),
		    0);
	t->ndels = (size_t)n;
	pseudo_plate_wipe(&p);
}

/*
 * How a read meets an entry as the database would find it: each of the
 * entry's stored tokens (its skeleton's and its deletions') that equals
 * one of the read's, classified by rules_match(); the best counts.
 */
static enum rules_match
meet(const struct pseudo_key *k, const char *entry, const char *read)
{
	struct rules_tokens e, r;
	enum rules_match    best = RULES_MATCH_NONE, m;
	size_t              i;

	tokens(k, entry, &e);
	tokens(k, read, &r);
	m = rules_match(&r, e.exact, 1);
	if (m == RULES_MATCH_EXACT)
		return (m);
	best = m;
	for (i = 0; i < e.ndels; i++) {
		if (rules_match(&r, e.dels[i], 0) != RULES_MATCH_NONE)
			best = RULES_MATCH_FUZZY;
	}

	return (best);
}

static void
test_rules_match_real_confusions(void **state)
{
	static const struct {
		const char      *entry, *read;
		enum rules_match want;
	} cases[] = {
		{ "B-AB 1234", "B-AB 1234", RULES_MATCH_EXACT },
		{ "B-AB 1234", "bab1234", RULES_MATCH_EXACT },
		/* Confusables fold to one skeleton: exact. */
		{ "B-AB 1234", "8-A8 1234", RULES_MATCH_EXACT },
		{ "M-OO 100", "M-00 1OO", RULES_MATCH_EXACT },
		{ "S-IZ 55", "5-12 SS", RULES_MATCH_EXACT },
		/* One edit: fuzzy. */
		{ "B-AB 1234", "B-AB 123", RULES_MATCH_FUZZY },
		{ "B-AB 1234", "B-A 1234", RULES_MATCH_FUZZY },
		{ "B-AB 1234", "B-AB 12345", RULES_MATCH_FUZZY },
		{ "B-AB 1234", "BX-AB 1234", RULES_MATCH_FUZZY },
		{ "B-AB 1234", "B-AB 1284", RULES_MATCH_FUZZY },
		{ "B-AB 1234", "B-AB 1243", RULES_MATCH_FUZZY },
		{ "HH-AA 1111", "HH-AA 111", RULES_MATCH_FUZZY },
		/* Two edits or another car: no match. */
		{ "B-AB 1234", "B-AB 5678", RULES_MATCH_NONE },
		{ "B-AB 1234", "HH-XY 1234", RULES_MATCH_NONE },
		{ "B-AB 1234", "B-AB 12", RULES_MATCH_NONE },
		{ "B-AB 1234", "K-AC 1234", RULES_MATCH_NONE },
		{ "B-AB 1234", "B-AB 123456", RULES_MATCH_NONE },
		{ "B-AB 1234", "B-AB 4321", RULES_MATCH_NONE },
	};
	struct pseudo_key k;
	size_t            i;

	(void)state;
	memset(&k, 0x42, sizeof(k));
	for (i = 0; i < NELEM(cases); i++) {
		if (meet(&k, cases[i].entry, cases[i].read) != cases[i].want)
			fail_msg("%s vs %s: want %s", cases[i].entry,
			    cases[i].read, rules_match_name(cases[i].want));
	}
}

/* The same plate under another tenant's (or purpose's) key meets nothing. */
static void
test_rules_match_needs_the_same_key(void **state)
{
	struct pseudo_key   master, a, b;
	struct rules_tokens e, r;
	size_t              i;

	(void)state;
	memset(&master, 7, sizeof(master));
	assert_int_equal(pseudo_key_derive(&master, "match", 1, 1, &a), 0);
	assert_int_equal(pseudo_key_derive(&master, "match", 2, 1, &b), 0);
	tokens(&a, "B-AB 1234", &e);
	tokens(&b, "B-AB 1234", &r);
	assert_int_equal(rules_match(&r, e.exact, 1), RULES_MATCH_NONE);
	for (i = 0; i < e.ndels; i++)
		assert_int_equal(rules_match(&r, e.dels[i], 0),
		    RULES_MATCH_NONE);
}

static void
test_rules_neighbourhood(void **state)
{
	char nb[PSEUDO_NEIGHBOURS_MAX][PSEUDO_PLATE_MAX + 1];

	(void)state;
	assert_int_equal(pseudo_neighbourhood("8A81234", nb), 7);
	assert_string_equal(nb[0], "A81234");
	assert_string_equal(nb[6], "8A8123");
	/* A run gives one string, however long. */
	assert_int_equal(pseudo_neighbourhood("AAA1", nb), 2);
	assert_string_equal(nb[0], "AA1");
	assert_string_equal(nb[1], "AAA");
	assert_int_equal(pseudo_neighbourhood("A", nb), 0);
	assert_int_equal(pseudo_neighbourhood("", nb), -1);
	assert_int_equal(pseudo_neighbourhood("ab1", nb), -1);
	assert_int_equal(pseudo_neighbourhood("12345678901234567", nb), -1);
	assert_int_equal(pseudo_neighbourhood("1234567890123456", nb), 16);
}

#define AT 1795342500
#define ALLOW(l, p, m)                                                         \
	{                                                                      \
		l, l * 10, RULES_LIST_ALLOW, p, 1, RULES_OPEN, m, 0, 0, 0, 0,  \
		    0, 0                                                       \
	}
#define DENY(l, p, m)                                                          \
	{                                                                      \
		l, l * 10, RULES_LIST_DENY, p, 1, RULES_MANUAL, m, 0, 0, 0, 0, \
		    0, 0                                                       \
	}

static void
test_rules_decide_precedence(void **state)
{
	static const struct {
		const char       *what;
		struct rules_hit  hits[3];
		size_t            n;
		enum rules_action want;
		enum rules_match  match;
		int64_t           list;
		const char       *reasons;
	} cases[] = {
		{ "nothing", { { 0 } }, 0, RULES_NONE, RULES_MATCH_NONE, 0,
		    "not_listed" },
		{ "an allow list", { ALLOW(1, 0, RULES_MATCH_EXACT) }, 1,
		    RULES_OPEN, RULES_MATCH_EXACT, 1, "allow_list" },
		{ "a deny list", { DENY(2, 0, RULES_MATCH_EXACT) }, 1,
		    RULES_DENY, RULES_MATCH_EXACT, 2, "deny_list" },
		{ "deny beats allow at the same priority",
		    { ALLOW(1, 0, RULES_MATCH_EXACT),
		        DENY(2, 0, RULES_MATCH_EXACT) },
		    2, RULES_DENY, RULES_MATCH_EXACT, 2, "deny_list" },
		{ "a higher priority beats deny",
		    { DENY(2, 0, RULES_MATCH_EXACT),
		        ALLOW(1, 5, RULES_MATCH_EXACT) },
		    2, RULES_OPEN, RULES_MATCH_EXACT, 1, "allow_list" },
		{ "exact beats fuzzy",
		    { ALLOW(1, 0, RULES_MATCH_FUZZY),
		        ALLOW(3, 0, RULES_MATCH_EXACT) },
		    2, RULES_OPEN, RULES_MATCH_EXACT, 3, "allow_list" },
		{ "a fuzzy allow match opens where the list says so",
		    { ALLOW(1, 0, RULES_MATCH_FUZZY) }, 1, RULES_OPEN,
		    RULES_MATCH_FUZZY, 1, "allow_list_fuzzy" },
		{ "a fuzzy deny match needs a person",
		    { DENY(2, 0, RULES_MATCH_FUZZY) }, 1, RULES_MANUAL,
		    RULES_MATCH_FUZZY, 2, "deny_list_fuzzy" },
		{ "no match is none", { ALLOW(1, 0, RULES_MATCH_NONE) }, 1,
		    RULES_NONE, RULES_MATCH_NONE, 0, "not_listed" },
	};
	struct rules_read     rd = { AT, 0.9, 0.5 };
	struct rules_decision d;
	size_t                i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		rules_decide(&rd, cases[i].hits, cases[i].n, &d);
		if (d.action != cases[i].want || d.match != cases[i].match ||
		    d.list != cases[i].list ||
		    strcmp(d.reasons, cases[i].reasons) != 0)
			fail_msg("%s: got %s %s %lld %s", cases[i].what,
			    rules_action_name(d.action),
			    rules_match_name(d.match), (long long)d.list,
			    d.reasons);
	}
}

static void
test_rules_decide_conditions(void **state)
{
	struct rules_hit      h = ALLOW(1, 0, RULES_MATCH_FUZZY);
	struct rules_hit      two[2] = { ALLOW(1, 0, RULES_MATCH_EXACT),
		     DENY(2, 0, RULES_MATCH_EXACT) };
	struct rules_read     rd = { AT, 0.9, 0.5 };
	struct rules_decision d;

	(void)state;
	/* A list without fuzzy matching ignores fuzzy hits. */
	h.fuzzy = 0;
	rules_decide(&rd, &h, 1, &d);
	assert_int_equal(d.action, RULES_NONE);
	/* fuzzy_action MANUAL. */
	h.fuzzy = 1;
	h.fuzzy_action = RULES_MANUAL;
	rules_decide(&rd, &h, 1, &d);
	assert_int_equal(d.action, RULES_MANUAL);
	/* Validity: from inclusive, to exclusive. */
	h.match = RULES_MATCH_EXACT;
	h.valid_from = AT + 1;
	rules_decide(&rd, &h, 1, &d);
	assert_int_equal(d.action, RULES_NONE);
	h.valid_from = AT;
	h.valid_to = AT;
	rules_decide(&rd, &h, 1, &d);
	assert_int_equal(d.action, RULES_NONE);
	h.valid_to = AT + 1;
	rules_decide(&rd, &h, 1, &d);
	assert_int_equal(d.action, RULES_OPEN);
	/* A doubtful read is never decided automatically. */
	rd.confidence = 0.49;
	rules_decide(&rd, &h, 1, &d);
	assert_int_equal(d.action, RULES_MANUAL);
	assert_string_equal(d.reasons, "allow_list,low_confidence");
	rules_decide(&rd, two, 2, &d);
	assert_int_equal(d.action, RULES_MANUAL);
	assert_string_equal(d.reasons, "deny_list,low_confidence");
	/* The read before a candidate; the candidate is said. */
	rd.confidence = 0.9;
	two[0].candidate = 1;
	two[1] = two[0];
	two[1].candidate = 0;
	two[1].list = 4;
	rules_decide(&rd, two, 2, &d);
	assert_int_equal(d.list, 4);
	rules_decide(&rd, two, 1, &d);
	assert_string_equal(d.reasons, "allow_list,candidate");
	assert_int_equal(d.candidate, 1);
}

static void
test_rules_decide_shadow_and_profile(void **state)
{
	struct rules_hit      two[2] = { ALLOW(1, 0, RULES_MATCH_EXACT),
		     DENY(2, 0, RULES_MATCH_EXACT) };
	struct rules_read     rd = { AT, 0.9, 0.5 };
	struct rules_decision d, sh;

	(void)state;
	two[0].entry = 7;
	two[1].entry = 9;
	/* The deny list runs in shadow: the allow list decides. */
	two[1].shadow = 1;
	rules_decide(&rd, two, 2, &d);
	assert_int_equal(d.action, RULES_OPEN);
	assert_string_equal(d.trace, "list=1,entry=7,match=exact");
	/* And the shadow decision is what it would have been. */
	assert_int_equal(rules_decide_shadow(&rd, two, 2, &sh), 1);
	assert_int_equal(sh.action, RULES_DENY);
	assert_int_equal(sh.list, 2);
	/* No shadow hit: nothing to record. */
	two[1].shadow = 0;
	assert_int_equal(rules_decide_shadow(&rd, two, 2, &sh), 0);
	/* Outside its time profile an entry does not count. */
	two[1].off_profile = 1;
	two[1].profile = 5;
	rules_decide(&rd, two, 2, &d);
	assert_int_equal(d.action, RULES_OPEN);
	two[1].off_profile = 0;
	rules_decide(&rd, two, 2, &d);
	assert_int_equal(d.action, RULES_DENY);
	assert_string_equal(d.trace, "list=2,entry=9,match=exact,profile=5");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_match_real_confusions),
		cmocka_unit_test(test_rules_match_needs_the_same_key),
		cmocka_unit_test(test_rules_neighbourhood),
		cmocka_unit_test(test_rules_decide_precedence),
		cmocka_unit_test(test_rules_decide_conditions),
		cmocka_unit_test(test_rules_decide_shadow_and_profile),
	};

	return (cmocka_run_group_tests_name("rules", tests, NULL, NULL));
}
