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
 * rules/rules_site.c: a site's default action, parking sessions, capacity
 * with a reserved share, anti-passback and the tariff.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../rules/rules.h"

#define NOW  1795000000LL
#define HOUR 3600

static const struct rules_read sure = { NOW, 0.9, 0.5 };

static struct rules_site
car_park(void)
{
	struct rules_site s;

	memset(&s, 0, sizeof(s));
	s.default_action = RULES_OPEN;
	s.parking = 1;
	s.capacity = 10;
	s.reserved = 2;
	s.passback = RULES_PASSBACK_OFF;
	s.passback_reset_s = 12 * HOUR;
	s.max_stay_s = -1;
	s.grace_s = 900;
	s.tariff.free_s = 15 * 60;
	s.tariff.period_s = HOUR;
	s.tariff.period_cents = 250;
	s.tariff.daily_cap_cents = 1500;

	return (s);
}

/* What the lists said: nothing, or an allow list's exact hit. */
static void
listed(struct rules_decision *d, int allow)
{
	memset(d, 0, sizeof(*d));
	if (allow) {
		d->action = RULES_OPEN;
		d->list = 3;
		d->entry = 17;
		(void)snprintf(d->reasons, sizeof(d->reasons), "allow_list");
	} else {
		(void)snprintf(d->reasons, sizeof(d->reasons), "not_listed");
	}
}

static void
test_tariff(void **state)
{
	struct rules_tariff t = { 15 * 60, HOUR, 250, 1500 };

	(void)state;
	assert_int_equal(rules_tariff_amount(&t, -5), 0);
	assert_int_equal(rules_tariff_amount(&t, 0), 0);
	assert_int_equal(rules_tariff_amount(&t, 15 * 60), 0);
	/* Past the free time every started hour counts, from entry. */
	assert_int_equal(rules_tariff_amount(&t, 15 * 60 + 1), 250);
	assert_int_equal(rules_tariff_amount(&t, HOUR), 250);
	assert_int_equal(rules_tariff_amount(&t, HOUR + 1), 500);
	/* Six hours are 1500, the cap; seven too. */
	assert_int_equal(rules_tariff_amount(&t, 6 * HOUR), 1500);
	assert_int_equal(rules_tariff_amount(&t, 7 * HOUR), 1500);
	/* A day and an hour: one capped day and one hour. */
	assert_int_equal(rules_tariff_amount(&t, 25 * HOUR), 1750);
	assert_int_equal(rules_tariff_amount(&t, 3 * 24 * HOUR), 4500);
	/* No cap. */
	t.daily_cap_cents = -1;
	assert_int_equal(rules_tariff_amount(&t, 24 * HOUR + 1), 25 * 250);
	/* Free of charge. */
	t.period_cents = 0;
	assert_int_equal(rules_tariff_amount(&t, 50 * HOUR), 0);
}

static void
test_default_action(void **state)
{
	struct rules_site     s = car_park();
	struct rules_state    st = { 0, 0, 0, 0 };
	struct rules_decision d;
	struct rules_effect   e;

	(void)state;
	s.parking = 0;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_OPEN);
	assert_string_equal(d.reasons, "not_listed,site_default");
	assert_int_equal(e.open, 0);
	/* The default "none" leaves it to the controller. */
	s.default_action = RULES_NONE;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_NONE);
	assert_string_equal(d.reasons, "not_listed");
	/* A doubtful read is not opened by default either. */
	s.default_action = RULES_OPEN;
	listed(&d, 0);
	struct rules_read doubt = { NOW, 0.3, 0.5 };
	rules_site_decide(&s, &st, RULES_DIR_IN, &doubt, NOW, &d, &e);
	assert_int_equal(d.action, RULES_MANUAL);
	assert_string_equal(d.reasons,
	    "not_listed,site_default,low_confidence");
	/* A list's deny stands. */
	listed(&d, 0);
	d.action = RULES_DENY;
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_DENY);
}

static void
test_entry_and_capacity(void **state)
{
	struct rules_site     s = car_park();
	struct rules_state    st = { 0, 0, 0, 0 };
	struct rules_decision d;
	struct rules_effect   e;

	(void)state;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_OPEN);
	assert_int_equal(e.open, 1);
	assert_int_equal(e.need_space, 1);
	assert_int_equal(e.holder, 0);
	assert_string_equal(d.trace, "occupancy=0/10");

	/* 8 taken by others: the last 2 are the holders'. */
	st.occupancy = 8;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_DENY);
	assert_string_equal(d.reasons, "not_listed,site_default,capacity_full");
	assert_int_equal(e.open, 0);
	listed(&d, 1);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_OPEN);
	assert_int_equal(e.holder, 1);
	assert_int_equal(e.open, 1);
	assert_string_equal(d.trace, "occupancy=8/10");
	/* Holders inside do not eat the others' share. */
	st.occupancy = 9;
	st.holders = 2;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_OPEN);
	/* Full is full for everyone. */
	st.occupancy = 10;
	listed(&d, 1);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_DENY);
	assert_string_equal(d.reasons, "allow_list,capacity_full");
	/* The controller's own decision ("none") is refused too when full. */
	s.default_action = RULES_NONE;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_DENY);
	/* No capacity: no check, no assertion. */
	s.capacity = -1;
	s.default_action = RULES_OPEN;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_OPEN);
	assert_int_equal(e.need_space, 0);
	assert_int_equal(e.open, 1);
}

static void
test_passback(void **state)
{
	struct rules_site     s = car_park();
	struct rules_state    st = { 5, 0, 42, NOW - HOUR };
	struct rules_decision d;
	struct rules_effect   e;

	(void)state;
	/* Off: the old session is superseded, no space is needed. */
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_OPEN);
	assert_int_equal(e.supersede, 42);
	assert_int_equal(e.open, 1);
	assert_int_equal(e.need_space, 0);
	assert_int_equal(e.passback, 0);
	/* Soft: open, with an event. */
	s.passback = RULES_PASSBACK_SOFT;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_OPEN);
	assert_int_equal(e.passback, 1);
	assert_int_equal(e.supersede, 42);
	assert_string_equal(d.reasons, "not_listed,site_default,passback");
	assert_string_equal(d.trace, "session=42,passback=soft");
	/* Hard: deny, the session stays. */
	s.passback = RULES_PASSBACK_HARD;
	listed(&d, 1);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_DENY);
	assert_int_equal(e.passback, 1);
	assert_int_equal(e.supersede, 0);
	assert_int_equal(e.open, 0);
	/* Reset: a session older than the reset time is stale. */
	st.entered_at = NOW - 12 * HOUR;
	listed(&d, 1);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_OPEN);
	assert_int_equal(e.passback, 0);
	assert_int_equal(e.supersede, 42);
	assert_string_equal(d.reasons, "allow_list,passback_reset");
	st.entered_at = NOW - 12 * HOUR + 1;
	listed(&d, 1);
	rules_site_decide(&s, &st, RULES_DIR_IN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_DENY);
}

static void
test_exit(void **state)
{
	struct rules_site     s = car_park();
	struct rules_state    st = { 5, 0, 42, NOW - 2 * HOUR - 1 };
	struct rules_decision d;
	struct rules_effect   e;

	(void)state;
	s.default_action = RULES_NONE;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_OUT, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_OPEN);
	assert_int_equal(e.close, 42);
	assert_int_equal(e.duration_s, 2 * HOUR + 1);
	assert_int_equal(e.amount_cents, 750);
	assert_int_equal(e.overstay, 0);
	assert_string_equal(d.reasons, "not_listed,exit");
	/* Past the longest stay and its grace: an overstay. */
	s.max_stay_s = 2 * HOUR - 899;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_OUT, &sure, NOW, &d, &e);
	assert_int_equal(e.overstay, 0);
	s.max_stay_s = 2 * HOUR - 900;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_OUT, &sure, NOW, &d, &e);
	assert_int_equal(e.overstay, 1);
	assert_string_equal(d.reasons, "not_listed,overstay,exit");
	/* A hot-listed vehicle is not let out, its session stays. */
	listed(&d, 0);
	d.action = RULES_DENY;
	rules_site_decide(&s, &st, RULES_DIR_OUT, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_DENY);
	assert_int_equal(e.close, 0);
	/* No session: the default decides. */
	st.session = 0;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_OUT, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_NONE);
	assert_string_equal(d.reasons, "not_listed,no_session");
	assert_int_equal(e.close, 0);
	s.default_action = RULES_OPEN;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_OUT, &sure, NOW, &d, &e);
	assert_string_equal(d.reasons, "not_listed,site_default,no_session");
	/* With a session the exit is no default's business. */
	st.session = 42;
	listed(&d, 0);
	rules_site_decide(&s, &st, RULES_DIR_OUT, &sure, NOW, &d, &e);
	assert_string_equal(d.reasons, "not_listed,overstay,exit");
	s.default_action = RULES_NONE;
	/* A doubtful exit read: a person decides, nothing is closed. */
	st.session = 42;
	struct rules_read doubt = { NOW, 0.2, 0.5 };
	listed(&d, 1);
	rules_site_decide(&s, &st, RULES_DIR_OUT, &doubt, NOW, &d, &e);
	assert_int_equal(d.action, RULES_MANUAL);
	assert_int_equal(e.close, 0);
	assert_int_equal(e.holder, 1);
	/* Direction unknown: no session is touched. */
	listed(&d, 1);
	rules_site_decide(&s, &st, RULES_DIR_UNKNOWN, &sure, NOW, &d, &e);
	assert_int_equal(d.action, RULES_OPEN);
	assert_int_equal(e.close + e.open + e.supersede, 0);
	assert_string_equal(d.reasons, "allow_list,direction_unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tariff),
		cmocka_unit_test(test_default_action),
		cmocka_unit_test(test_entry_and_capacity),
		cmocka_unit_test(test_passback),
		cmocka_unit_test(test_exit),
	};

	return (cmocka_run_group_tests_name("rules_site", tests, NULL, NULL));
}
