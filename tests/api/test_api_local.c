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
 * api/api_local.c: unix times as a site's wall-clock time, around the
 * switches of Europe/Berlin in 2026 (03-29 and 10-25, 01:00 UTC) and of
 * Australia/Adelaide (a half-hour zone: 2026-04-04 16:30 UTC, inside a
 * UTC hour), the cache, TZ restored, bad zones; and a time profile
 * evaluated at instants across a switch.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../api/api_local.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_local_time_table(void **state)
{
	static const struct {
		const char *tz;
		int64_t     t;
		int         ymd, hhmm, wday, prev_ymd, prev_wday, offset;
	} cases[] = {
		/* Berlin, spring: 02:00 CET becomes 03:00 CEST. */
		{ "Europe/Berlin", 1774745999, 20260329, 159, 0, 20260328, 6,
		    3600 },
		{ "Europe/Berlin", 1774746000, 20260329, 300, 0, 20260328, 6,
		    7200 },
		/* Berlin, autumn: 03:00 CEST becomes 02:00 CET. */
		{ "Europe/Berlin", 1792889999, 20261025, 259, 0, 20261024, 6,
		    7200 },
		{ "Europe/Berlin", 1792890000, 20261025, 200, 0, 20261024, 6,
		    3600 },
		/* The local date is ahead of UTC's. */
		{ "Europe/Berlin", 1798759800, 20270101, 30, 5, 20261231, 4,
		    3600 },
		{ "UTC", 1798759800, 20261231, 2330, 4, 20261230, 3, 0 },
		/* Adelaide: 03:00 ACDT becomes 02:00 ACST at 16:30 UTC. */
		{ "Australia/Adelaide", 1775320199, 20260405, 259, 0, 20260404,
		    6, 37800 },
		{ "Australia/Adelaide", 1775320200, 20260405, 200, 0, 20260404,
		    6, 34200 },
		/* Before 1970 (a negative unix time) and behind UTC. */
		{ "UTC", -3600, 19691231, 2300, 3, 19691230, 2, 0 },
		{ "America/New_York", 1774746000, 20260328, 2100, 6, 20260327,
		    5, -14400 },
	};
	struct rules_local l;
	size_t             i, pass;

	(void)state;
	/* Twice: computed, then from the table. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < NELEM(cases); i++) {
			assert_int_equal(api_local_time(cases[i].tz, cases[i].t,
			                     &l),
			    0);
			if (l.ymd != cases[i].ymd ||
			    l.minute !=
			        cases[i].hhmm / 100 * 60 +
			            cases[i].hhmm % 100 ||
			    l.wday != cases[i].wday ||
			    l.prev_ymd != cases[i].prev_ymd ||
			    l.prev_wday != cases[i].prev_wday ||
			    l.offset != cases[i].offset)
				fail_msg(
				    "%s %lld: got %d %d wday %d prev %d/%d "
				    "offset %d",
				    cases[i].tz, (long long)cases[i].t, l.ymd,
				    l.minute, l.wday, l.prev_ymd, l.prev_wday,
				    l.offset);
		}
	}
}

static void
test_local_time_every_minute_matches_libc(void **state)
{
	struct rules_local l;
	struct tm          tm;
	time_t             t;
	int64_t            s;

	(void)state;
	/* Two days around Berlin's autumn switch, minute by minute. */
	assert_int_equal(setenv("TZ", ":Europe/Berlin", 1), 0);
	tzset();
	for (s = 1792890000 - 86400; s < 1792890000 + 86400; s += 60) {
		t = (time_t)s;
		assert_non_null(localtime_r(&t, &tm));
		assert_int_equal(api_local_time("Europe/Berlin", s, &l), 0);
		assert_int_equal(l.minute, tm.tm_hour * 60 + tm.tm_min);
		assert_int_equal(l.wday, tm.tm_wday);
		assert_int_equal(l.ymd,
		    (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
		        tm.tm_mday);
		assert_int_equal(l.offset, (int)tm.tm_gmtoff);
	}
	assert_int_equal(unsetenv("TZ"), 0);
	tzset();
}

static void
test_local_time_restores_tz(void **state)
{
	struct rules_local l;

	(void)state;
	assert_int_equal(setenv("TZ", "Asia/Tokyo", 1), 0);
	/* An hour of a zone not seen yet: the slow way. */
	assert_int_equal(api_local_time("Europe/Lisbon", 1700000000, &l), 0);
	assert_string_equal(getenv("TZ"), "Asia/Tokyo");
	assert_int_equal(unsetenv("TZ"), 0);
	assert_int_equal(api_local_time("Europe/Madrid", 1700003600, &l), 0);
	assert_null(getenv("TZ"));
}

static void
test_local_time_refuses_bad_zones(void **state)
{
	static const char *const zones[] = { "", "Mars/Olympus",
		"../etc/passwd", "/etc/localtime", "Europe/../UTC",
		"Europe/Berlin ", "Europe", /* a directory */
		"Europe/Berlin\n", "Ä" };
	struct rules_local       l;
	size_t                   i;

	(void)state;
	for (i = 0; i < NELEM(zones); i++) {
		if (api_local_time(zones[i], 1774746000, &l) != -1)
			fail_msg("accepted %s", zones[i]);
		assert_int_equal(l.ymd, 0);
		assert_int_equal(api_local_zone_ok(zones[i]), 0);
	}
	assert_int_equal(api_local_zone_ok("Europe/Berlin"), 1);
	assert_int_equal(api_local_zone_ok("UTC"), 1);
}

/* A night window evaluated at instants: Saturday 22:00-06:00, Berlin. */
static void
test_local_time_with_a_profile_across_dst(void **state)
{
	static const struct {
		int64_t t;
		int     want;
	} cases[] = {
		{ 1774731600, 1 }, /* Sat 2026-03-28 22:00 CET (21:00 UTC) */
		{ 1774731599, 0 }, /* 21:59:59 CET */
		{ 1774746000, 1 }, /* Sun 03:00 CEST, just after the jump */
		{ 1774756740, 1 }, /* Sun 05:59 CEST */
		{ 1774756800, 0 }, /* Sun 06:00 CEST (04:00 UTC) */
		{ 1792882800, 1 }, /* Sun 2026-10-25 01:00 CEST */
		{ 1792890000, 1 }, /* Sun 02:00 CET, the second time */
		{ 1792904400, 0 }, /* Sun 06:00 CET (05:00 UTC) */
	};
	struct rules_profile p;
	struct rules_local   l;
	const char          *why;
	size_t               i;

	(void)state;
	assert_int_equal(rules_profile_parse("w6@2200-0600", 12, &p, &why), 0);
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(api_local_time("Europe/Berlin", cases[i].t,
		                     &l),
		    0);
		if (rules_profile_allows(&p, &l) != cases[i].want)
			fail_msg("%lld: want %d", (long long)cases[i].t,
			    cases[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_time_table),
		cmocka_unit_test(test_local_time_every_minute_matches_libc),
		cmocka_unit_test(test_local_time_restores_tz),
		cmocka_unit_test(test_local_time_refuses_bad_zones),
		cmocka_unit_test(test_local_time_with_a_profile_across_dst),
	};

	return (cmocka_run_group_tests_name("api_local", tests, NULL, NULL));
}
