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
 * rules/rules_profile.c: the stored form (parse, refuse, write back the
 * same), the normal form, and which local times a profile allows:
 * boundaries (from inclusive, to exclusive), windows past midnight,
 * exception dates, and the wall-clock view of days clocks change.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../rules/rules_profile.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The wall-clock time ymd hh:mm as rules_profile_allows() sees it. */
static struct rules_local
at(int ymd, int hhmm)
{
	struct rules_local l;
	struct tm          tm;
	time_t             t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = ymd / 10000 - 1900;
	tm.tm_mon = ymd / 100 % 100 - 1;
	tm.tm_mday = ymd % 100;
	tm.tm_hour = 12;
	t = timegm(&tm);
	assert_non_null(gmtime_r(&t, &tm));
	memset(&l, 0, sizeof(l));
	l.ymd = ymd;
	l.wday = tm.tm_wday;
	l.minute = hhmm / 100 * 60 + hhmm % 100;
	t -= 86400;
	assert_non_null(gmtime_r(&t, &tm));
	l.prev_wday = tm.tm_wday;
	l.prev_ymd =
	    (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;

	return (l);
}

static void
test_profile_allows_table(void **state)
{
	static const struct {
		const char *spec;
		int         ymd, hhmm, want;
		const char *why;
	} cases[] = {
		/* Mon-Fri 07:00-19:00; 2026-11-23 is a Monday. */
		{ "w12345@0700-1900", 20261123, 659, 0, "before from" },
		{ "w12345@0700-1900", 20261123, 700, 1, "from is inclusive" },
		{ "w12345@0700-1900", 20261123, 1859, 1, "last minute" },
		{ "w12345@0700-1900", 20261123, 1900, 0, "to is exclusive" },
		{ "w12345@0700-1900", 20261127, 1200, 1, "Friday" },
		{ "w12345@0700-1900", 20261128, 1200, 0, "Saturday" },
		{ "w12345@0700-1900", 20261129, 1200, 0, "Sunday" },
		/* Friday 22:00-06:00: the night belongs to Friday. */
		{ "w5@2200-0600", 20261127, 2159, 0, "Fri before" },
		{ "w5@2200-0600", 20261127, 2200, 1, "Fri from" },
		{ "w5@2200-0600", 20261127, 2359, 1, "Fri before midnight" },
		{ "w5@2200-0600", 20261128, 0, 1, "Sat midnight" },
		{ "w5@2200-0600", 20261128, 559, 1, "Sat early" },
		{ "w5@2200-0600", 20261128, 600, 0, "Sat to is exclusive" },
		{ "w5@2200-0600", 20261128, 2300, 0, "Sat night: not a day" },
		{ "w5@2200-0600", 20261127, 300, 0, "Fri early: Thursday's" },
		{ "w4@2200-0600", 20261127, 300, 1, "Thursday's night" },
		/* Sunday's night spills into Monday (week wrap). */
		{ "w0@2200-0600", 20261123, 100, 1, "Sun night, Mon 01:00" },
		{ "w6@2200-0600", 20261123, 100, 0, "Sat night ends Sun" },
		/* An exception on the start day stops the night. */
		{ "w5@2200-0600;x20261127", 20261127, 2300, 0, "Fri closed" },
		{ "w5@2200-0600;x20261127", 20261128, 300, 0,
		    "nothing carries out of a closed day" },
		/* An exception the morning after governs all of it. */
		{ "w5@2200-0600;x20261128", 20261127, 2300, 1, "Fri open" },
		{ "w5@2200-0600;x20261128", 20261128, 300, 0,
		    "Sat closed all day, early morning too" },
		{ "w5@2200-0600;x20261128@0500-0700", 20261128, 300, 0,
		    "Sat's own window only" },
		{ "w5@2200-0600;x20261128@0500-0700", 20261128, 500, 1,
		    "Sat's own window" },
		/* Every day, Christmas Eve closed, New Year's Eve mornings. */
		{ "w0123456@0000-2400;x20261224;x20261231@0700-1200", 20261223,
		    2359, 1, "the day before" },
		{ "w0123456@0000-2400;x20261224;x20261231@0700-1200", 20261224,
		    0, 0, "closed at 00:00" },
		{ "w0123456@0000-2400;x20261224;x20261231@0700-1200", 20261224,
		    1200, 0, "closed at noon" },
		{ "w0123456@0000-2400;x20261224;x20261231@0700-1200", 20261225,
		    0, 1, "open again" },
		{ "w0123456@0000-2400;x20261224;x20261231@0700-1200", 20261231,
		    659, 0, "before the exception's from" },
		{ "w0123456@0000-2400;x20261224;x20261231@0700-1200", 20261231,
		    700, 1, "the exception's from" },
		{ "w0123456@0000-2400;x20261224;x20261231@0700-1200", 20261231,
		    1200, 0, "the exception's to" },
		/* An exception window past midnight into an ordinary day. */
		{ "x20261231@2200-0200", 20261231, 2200, 1, "NYE 22:00" },
		{ "x20261231@2200-0200", 20270101, 159, 1, "New Year 01:59" },
		{ "x20261231@2200-0200", 20270101, 200, 0, "New Year 02:00" },
		{ "x20261231@2200-0200", 20261230, 2300, 0, "another day" },
		{ "x20261231@2200-0200;x20270101", 20270101, 100, 0,
		    "into an exception date: not" },
		/* Two exception windows on one date. */
		{ "x20261224@0800-1000;x20261224@1400-1600", 20261224, 1500, 1,
		    "second window" },
		{ "x20261224@0800-1000;x20261224@1400-1600", 20261224, 1200, 0,
		    "between them" },
		/* Whole days, empty profiles. */
		{ "w1@0000-2400", 20261123, 2359, 1, "Mon 23:59" },
		{ "w1@0000-2400", 20261124, 0, 0, "Tue 00:00" },
		{ "", 20261123, 1200, 0, "an empty profile allows nothing" },
		/*
		 * Days clocks change (Europe: 2026-03-29 and 2026-10-25, both
		 * Sundays): profiles see wall-clock time, so Saturday's night
		 * window still ends at 06:00 (and lasts an hour less or
		 * more), and the repeated 02:00-03:00 counts as one.
		 */
		{ "w6@2200-0600", 20260329, 130, 1, "spring: before the jump" },
		{ "w6@2200-0600", 20260329, 300, 1, "spring: after the jump" },
		{ "w6@2200-0600", 20260329, 559, 1, "spring: last minute" },
		{ "w6@2200-0600", 20260329, 600, 0, "spring: to" },
		{ "w0@0200-0300", 20261025, 230, 1, "autumn: repeated hour" },
		{ "w0@0200-0300", 20261025, 300, 0, "autumn: to" },
	};
	struct rules_profile p;
	struct rules_local   l;
	const char          *why;
	size_t               i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(rules_profile_parse(cases[i].spec,
		                     strlen(cases[i].spec), &p, &why),
		    0);
		l = at(cases[i].ymd, cases[i].hhmm);
		if (rules_profile_allows(&p, &l) != cases[i].want)
			fail_msg("%s at %d %04d: want %d (%s)", cases[i].spec,
			    cases[i].ymd, cases[i].hhmm, cases[i].want,
			    cases[i].why);
	}
}

static void
test_profile_allows_refuses_bad_local_times(void **state)
{
	struct rules_profile p;
	struct rules_local   l;
	const char          *why;

	(void)state;
	assert_int_equal(rules_profile_parse("w0123456@0000-2400", 18, &p,
	                     &why),
	    0);
	l = at(20261123, 1200);
	assert_int_equal(rules_profile_allows(&p, &l), 1);
	l.minute = 1440;
	assert_int_equal(rules_profile_allows(&p, &l), 0);
	l.minute = -1;
	assert_int_equal(rules_profile_allows(&p, &l), 0);
	l = at(20261123, 1200);
	l.wday = 7;
	assert_int_equal(rules_profile_allows(&p, &l), 0);
}

static void
test_profile_parse_round_trips(void **state)
{
	static const char *const specs[] = {
		"",
		"w0@0000-2400",
		"w12345@0700-1900",
		"w0123456@2200-0600",
		"w12345@0700-1900;w06@0900-1300",
		"x20261224",
		"w12345@0700-1900;x20261224;x20261231@0700-1200",
		"x20261231@0700-1200;x20261231@1300-1400",
		"x20240229",
		"w1@2359-0001",
	};
	struct rules_profile p;
	char                 out[RULES_PROFILE_TEXT_MAX];
	const char          *why;
	size_t               i;

	(void)state;
	for (i = 0; i < NELEM(specs); i++) {
		if (rules_profile_parse(specs[i], strlen(specs[i]), &p, &why) ==
		    -1)
			fail_msg("%s: %s", specs[i], why);
		assert_int_equal(rules_profile_format(&p, out, sizeof(out)),
		    (int)strlen(specs[i]));
		assert_string_equal(out, specs[i]);
	}
}

static void
test_profile_parse_refuses_what_is_not_normal(void **state)
{
	static const char *const specs[] = {
		"w@0700-1900", /* no days */
		"w7@0700-1900", /* no weekday 7 */
		"w21@0700-1900", /* days out of order */
		"w11@0700-1900", /* a day twice */
		"w1@0700-0700", /* empty */
		"w1@2400-0100", /* from 24:00 */
		"w1@0700-2401", /* past 24:00 */
		"w1@0760-0800", /* minute 60 */
		"w1@0700-0800;", /* trailing separator */
		";w1@0700-0800", /* leading separator */
		"W1@0700-0800", /* upper case */
		"w1@0700-0800x", /* junk */
		"w1@700-0800", /* three digits */
		"w1 @0700-0800", /* a space */
		"x20260230", /* no such date */
		"x19691231", /* before 1970 */
		"x2026122", /* short date */
		"x20261224;w1@0700-0800", /* windows first */
		"x20261225;x20261224", /* exceptions in order */
		"x20261224;x20261224@0700-0800", /* closed and open */
		"x20261224@0700-0800;x20261224", /* closed sorts first */
		"x20261224@0700-0800;x20261224@0700-0800", /* twice */
		"x20261224@0700-0800;x20261224@0600-0800", /* by from */
	};
	struct rules_profile p;
	const char          *why;
	size_t               i;

	(void)state;
	for (i = 0; i < NELEM(specs); i++) {
		why = NULL;
		if (rules_profile_parse(specs[i], strlen(specs[i]), &p, &why) !=
		    -1)
			fail_msg("accepted %s", specs[i]);
		assert_non_null(why);
		assert_int_equal(p.nwindows + p.nexceptions, 0);
	}
}

static void
test_profile_parse_limits(void **state)
{
	struct rules_profile p;
	char                 buf[8192];
	const char          *why;
	size_t               off = 0, i;

	(void)state;
	for (i = 0; i < RULES_PROFILE_WINDOWS_MAX; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off,
		    "%sw1@0700-0800", i > 0 ? ";" : "");
	assert_int_equal(rules_profile_parse(buf, off, &p, &why), 0);
	(void)snprintf(buf + off, sizeof(buf) - off, ";w1@0700-0800");
	assert_int_equal(rules_profile_parse(buf, strlen(buf), &p, &why), -1);

	off = 0;
	for (i = 0; i < RULES_PROFILE_EXCEPTIONS_MAX; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%sx%d",
		    i > 0 ? ";" : "",
		    20260101 + (int)(i / 28) * 100 + (int)(i % 28));
	assert_int_equal(rules_profile_parse(buf, off, &p, &why), 0);
	assert_int_equal(p.nexceptions, RULES_PROFILE_EXCEPTIONS_MAX);
	(void)snprintf(buf + off, sizeof(buf) - off, ";x20991231");
	assert_int_equal(rules_profile_parse(buf, strlen(buf), &p, &why), -1);
	/* The text is never longer than RULES_PROFILE_TEXT_MAX. */
	assert_true(off < RULES_PROFILE_TEXT_MAX);
}

static void
test_profile_normalise_sorts_and_names_conflicts(void **state)
{
	struct rules_profile p;
	char                 out[RULES_PROFILE_TEXT_MAX];
	const char          *why;
	size_t               bad;
	int                  window;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.nwindows = 1;
	p.windows[0] = (struct rules_window){ 0x3e, 420, 1140 };
	p.nexceptions = 3;
	p.exceptions[0] = (struct rules_exception){ 20261231, 420, 720 };
	p.exceptions[1] = (struct rules_exception){ 20261224, -1, -1 };
	p.exceptions[2] = (struct rules_exception){ 20261231, 60, 120 };
	assert_int_equal(rules_profile_normalise(&p, &bad, &window, &why), 0);
	assert_int_equal(rules_profile_format(&p, out, sizeof(out)) > 0, 1);
	assert_string_equal(out,
	    "w12345@0700-1900;x20261224;x20261231@0100-0200;"
	    "x20261231@0700-1200");

	/* A closed date listed again: the later one is at fault. */
	p.nexceptions = 3;
	p.exceptions[0] = (struct rules_exception){ 20261231, 420, 720 };
	p.exceptions[1] = (struct rules_exception){ 20261224, 60, 120 };
	p.exceptions[2] = (struct rules_exception){ 20261231, -1, -1 };
	assert_int_equal(rules_profile_normalise(&p, &bad, &window, &why), -1);
	assert_int_equal(bad, 2);
	assert_int_equal(window, 0);

	/* The same times twice. */
	p.exceptions[2] = (struct rules_exception){ 20261224, 60, 120 };
	assert_int_equal(rules_profile_normalise(&p, &bad, &window, &why), -1);
	assert_int_equal(bad, 2);

	/* A window without days. */
	p.nexceptions = 0;
	p.windows[0].days = 0;
	assert_int_equal(rules_profile_normalise(&p, &bad, &window, &why), -1);
	assert_int_equal(window, 1);
	assert_int_equal(rules_profile_format(&p, out, sizeof(out)), -1);
}

static void
test_profile_format_needs_room(void **state)
{
	struct rules_profile p;
	char                 out[8];
	const char          *why;

	(void)state;
	assert_int_equal(rules_profile_parse("w12345@0700-1900", 16, &p, &why),
	    0);
	assert_int_equal(rules_profile_format(&p, out, sizeof(out)), -1);
	assert_string_equal(out, "");
}

static void
test_ymd_valid(void **state)
{
	static const struct {
		int ymd, want;
	} cases[] = {
		{ 20240229, 1 },
		{ 20250229, 0 },
		{ 21000229, 0 },
		{ 20000229, 1 },
		{ 20261231, 1 },
		{ 20261232, 0 },
		{ 20261301, 0 },
		{ 20260001, 0 },
		{ 20260100, 0 },
		{ 19700101, 1 },
		{ 19691231, 0 },
		{ 99991231, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		if (rules_ymd_valid(cases[i].ymd) != cases[i].want)
			fail_msg("%d: want %d", cases[i].ymd, cases[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_allows_table),
		cmocka_unit_test(test_profile_allows_refuses_bad_local_times),
		cmocka_unit_test(test_profile_parse_round_trips),
		cmocka_unit_test(test_profile_parse_refuses_what_is_not_normal),
		cmocka_unit_test(test_profile_parse_limits),
		cmocka_unit_test(
		    test_profile_normalise_sorts_and_names_conflicts),
		cmocka_unit_test(test_profile_format_needs_room),
		cmocka_unit_test(test_ymd_valid),
	};

	return (
	    cmocka_run_group_tests_name("rules_profile", tests, NULL, NULL));
}
