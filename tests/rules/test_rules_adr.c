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
 * rules/rules_adr.c: real plates (the HazTruck photos' most common ones
 * among them), inconsistent pairs, unknown and malformed input, class
 * and tunnel restrictions; the generated tables' invariants, lookups
 * against a linear search, and, when the reference data is there
 * (../shared/data/adr or $TORWART_ADR_DATA), the tables against it.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../rules/rules_adr.h"
#include "../../rules/rules_internal.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct restriction_case {
	const char       *hazard, *un, *tunnel_code;
	const char       *forbidden, *category;
	enum rules_action want;
	const char       *reason; /* NULL for RULES_NONE */
};

static void  run_restrictions(const struct restriction_case *, size_t);
static FILE *open_data(const char *, const char *);
static int   split(char *, char **, int);
static void  trim(char **);
static int   current_class(const char *);
static int   four_digits(const char *);

static void
test_adr_real_plates(void **state)
{
	static const struct {
		const char *hazard, *un, *cls, *code;
		int         water;
	} cases[] = {
		{ "33", "1203", "3", "F1", 0 }, /* petrol */
		{ "30", "1202", "3", "F1", 0 }, /* diesel */
		{ "23", "1965", "2", "2F", 0 }, /* LPG */
		{ "80", "1830", "8", "C1", 0 }, /* sulphuric acid */
		{ "268", "1005", "2", "2TC", 0 }, /* ammonia */
		{ "X423", "1428", "4.3", "W2", 1 }, /* sodium */
		{ "X80", "1728", "8", "C3", 1 },
		{ "30", "1863", "3", "F1", 0 }, /* jet fuel: "30 + 33" */
		{ "33", "1863", "3", "F1", 0 },
		{ "X423", "3132", "4.3", "WF2", 1 }, /* "X423 + 423" */
		{ "423", "3132", "4.3", "WF2", 0 },
		{ "225", "1073", "2", "3O", 0 }, /* refrigerated oxygen */
		{ "90", "3082", "9", "M6", 0 },
		{ "606", "2814", "6.2", "I1", 0 },
		{ "70", "2912", "7", "", 0 }, /* no classification code */
		{ "263", "1016", "2", "1TF", 0 }, /* a HIN only a pair names */
		{ "663", "2481", "6.1", "TF1", 0 }, /* class 6.1 in ADR 2023 */
		{ "668", "3389", "6.1", "", 0 }, /* broken over two lines */
	};
	struct rules_adr      a;
	enum rules_adr_result r;
	size_t                i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		r = rules_adr_check(cases[i].hazard, cases[i].un, &a);
		if (r != RULES_ADR_OK || strcmp(a.cls, cases[i].cls) != 0 ||
		    strcmp(a.code, cases[i].code) != 0 ||
		    strcmp(a.un, cases[i].un) != 0 ||
		    strcmp(a.hazard, cases[i].hazard) != 0 ||
		    a.water != cases[i].water || a.hazardous != 1 ||
		    a.tunnel[0] != '\0')
			fail_msg("%s/%s: %s class %s code %s water %d",
			    cases[i].hazard, cases[i].un,
			    rules_adr_result_name(r), a.cls, a.code, a.water);
	}
}

static void
test_adr_not_ok(void **state)
{
	static const struct {
		const char           *hazard, *un;
		enum rules_adr_result want;
		const char           *cls;
	} cases[] = {
		/* Both known, never together. */
		{ "33", "1830", RULES_ADR_INCONSISTENT, "8" },
		{ "80", "1203", RULES_ADR_INCONSISTENT, "3" },
		{ "30", "1203", RULES_ADR_INCONSISTENT, "3" },
		{ "33", "1202", RULES_ADR_INCONSISTENT, "3" },
		{ "423", "1428", RULES_ADR_INCONSISTENT,
		    "4.3" }, /* X missing */
		{ "X80", "1830", RULES_ADR_INCONSISTENT, "8" }, /* X added */
		{ "33", "0004", RULES_ADR_INCONSISTENT, "1" }, /* no HIN */
		{ "20", "1005", RULES_ADR_INCONSISTENT, "2" },
		{ "99", "3560", RULES_ADR_INCONSISTENT, "6.1" }, /* last row */
		/* Well formed, but no HIN. */
		{ "21", "1203", RULES_ADR_INVALID_HIN, "3" },
		{ "X33", "1203", RULES_ADR_INVALID_HIN, "3" },
		{ "X20", "1005", RULES_ADR_INVALID_HIN, "2" },
		{ "999", "1203", RULES_ADR_INVALID_HIN, "3" },
		{ "31", "0004", RULES_ADR_INVALID_HIN, "1" },
		/* Four digits, no UN number ADR lists (first the UN). */
		{ "33", "0000", RULES_ADR_UNKNOWN_UN, "" },
		{ "33", "9999", RULES_ADR_UNKNOWN_UN, "" },
		{ "33", "0003", RULES_ADR_UNKNOWN_UN, "" }, /* before 0004 */
		{ "60", "3561", RULES_ADR_UNKNOWN_UN, "" }, /* after 3560 */
		{ "60", "3001", RULES_ADR_UNKNOWN_UN, "" }, /* obsolete */
		{ "50", "2068", RULES_ADR_UNKNOWN_UN, "" }, /* obsolete */
		{ "X333", "3203", RULES_ADR_UNKNOWN_UN, "" }, /* obsolete */
		{ "33", "8000", RULES_ADR_UNKNOWN_UN, "" }, /* not a UN no. */
		{ "21", "0000", RULES_ADR_UNKNOWN_UN, "" },
	};
	struct rules_adr      a;
	enum rules_adr_result r;
	size_t                i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		r = rules_adr_check(cases[i].hazard, cases[i].un, &a);
		if (r != cases[i].want || strcmp(a.cls, cases[i].cls) != 0 ||
		    a.hazardous != (cases[i].cls[0] != '\0') ||
		    strcmp(a.un, cases[i].un) != 0 ||
		    strcmp(a.hazard, cases[i].hazard) != 0)
			fail_msg("%s/%s: %s class \"%s\" hazardous %d",
			    cases[i].hazard, cases[i].un,
			    rules_adr_result_name(r), a.cls, a.hazardous);
	}
}

static void
test_adr_malformed(void **state)
{
	static const char *const hazards[] = { "", "3", "X", "X3", "3333",
		"X3333", "x33", "33 ", " 33", "12", "01", "1", "A3", "XX33",
		"3X", "3.3", "-33", "33\n", "X 33", "\3773" };
	static const char *const uns[] = { "", "123", "12345", "12a3", " 203",
		"+123", "-123", "1203 ", "0x12", "\357\274\221203" };
	/* No NUL within reach: may be read up to where it is too long. */
	static const char hlong[5] = { '3', '3', '3', '3', '3' };
	static const char ulong[5] = { '1', '2', '0', '3', '3' };
	struct rules_adr  a;
	size_t            i;

	(void)state;
	for (i = 0; i < NELEM(hazards); i++) {
		if (rules_adr_check(hazards[i], "1203", &a) !=
		        RULES_ADR_INVALID ||
		    a.hazard[0] != '\0' || strcmp(a.un, "1203") != 0 ||
		    a.cls[0] != '\0' || a.hazardous != 0)
			fail_msg("hazard \"%s\" was taken", hazards[i]);
	}
	for (i = 0; i < NELEM(uns); i++) {
		if (rules_adr_check("33", uns[i], &a) != RULES_ADR_INVALID ||
		    a.un[0] != '\0' || strcmp(a.hazard, "33") != 0 ||
		    a.cls[0] != '\0')
			fail_msg("un \"%s\" was taken", uns[i]);
	}
	assert_int_equal(rules_adr_check(NULL, "1203", &a), RULES_ADR_INVALID);
	assert_int_equal(rules_adr_check("33", NULL, &a), RULES_ADR_INVALID);
	assert_int_equal(rules_adr_check(NULL, NULL, &a), RULES_ADR_INVALID);
	assert_int_equal(rules_adr_check(hlong, "1203", &a), RULES_ADR_INVALID);
	assert_int_equal(rules_adr_check("33", ulong, &a), RULES_ADR_INVALID);
	/* The output is cleared even when nothing is known. */
	assert_int_equal(rules_adr_check("X423", "1428", &a), RULES_ADR_OK);
	assert_int_equal(rules_adr_check("33", "12", &a), RULES_ADR_INVALID);
	assert_int_equal(a.water, 0);
	assert_int_equal(a.code[0], '\0');
}

static void
test_adr_result_names(void **state)
{
	(void)state;
	assert_string_equal(rules_adr_result_name(RULES_ADR_OK), "adr_ok");
	assert_string_equal(rules_adr_result_name(RULES_ADR_INVALID),
	    "adr_invalid");
	assert_string_equal(rules_adr_result_name(RULES_ADR_UNKNOWN_UN),
	    "adr_unknown_un");
	assert_string_equal(rules_adr_result_name(RULES_ADR_INVALID_HIN),
	    "adr_invalid_hin");
	assert_string_equal(rules_adr_result_name(RULES_ADR_INCONSISTENT),
	    "adr_inconsistent");
	assert_string_equal(rules_adr_result_name((enum rules_adr_result)99),
	    "adr_invalid");
}

static void
run_restrictions(const struct restriction_case *cases, size_t n)
{
	struct rules_adr  a;
	enum rules_action got;
	const char       *why;
	size_t            i;

	for (i = 0; i < n; i++) {
		(void)rules_adr_check(cases[i].hazard, cases[i].un, &a);
		if (cases[i].tunnel_code != NULL)
			(void)snprintf(a.tunnel, sizeof(a.tunnel), "%s",
			    cases[i].tunnel_code);
		why = "unset";
		got = rules_adr_restricted(&a, cases[i].forbidden,
		    cases[i].category, &why);
		if (got != cases[i].want ||
		    (cases[i].reason == NULL ?
		            why != NULL :
		            why == NULL || strcmp(why, cases[i].reason) != 0))
			fail_msg("%s/%s tunnel %s, forbidden \"%s\", category "
			         "\"%s\": got %s %s",
			    cases[i].hazard, cases[i].un,
			    cases[i].tunnel_code ? cases[i].tunnel_code : "-",
			    cases[i].forbidden ? cases[i].forbidden : "(null)",
			    cases[i].category ? cases[i].category : "(null)",
			    rules_action_name(got), why ? why : "(null)");
	}
}

#define NONE           RULES_NONE, NULL
#define CLASS          RULES_DENY, "adr_class"
#define CLASS_UNKNOWN  RULES_MANUAL, "adr_class_unknown"
#define TUNNEL         RULES_DENY, "adr_tunnel"
#define TUNNEL_UNKNOWN RULES_MANUAL, "adr_tunnel_unknown"
#define BAD            RULES_MANUAL, "adr_restriction_invalid"

static void
test_adr_restricted_classes(void **state)
{
	static const struct restriction_case cases[] = {
		{ "33", "1203", NULL, "3", "", CLASS },
		{ "33", "1203", NULL, "1,2,7", "", NONE },
		{ "33", "1203", NULL, "", "", NONE },
		{ "33", "1203", NULL, NULL, NULL, NONE },
		{ "33", "1203", NULL, "  ", NULL, NONE },
		{ "80", "1830", NULL, " 3 , 8 ", "", CLASS },
		{ "80", "1830", NULL, "1,\t8", "", CLASS },
		/* Class 2 by classification code: 2F, 2TC, 2TF, 1A, 1O. */
		{ "23", "1965", NULL, "2", "", CLASS },
		{ "23", "1965", NULL, "2.1", "", CLASS },
		{ "23", "1965", NULL, "2.2", "", NONE },
		{ "23", "1965", NULL, "2.3", "", NONE },
		{ "268", "1005", NULL, "2.3", "", CLASS },
		{ "268", "1005", NULL, "2.1,2.2", "", NONE },
		{ "263", "1053", NULL, "2.1", "", CLASS },
		{ "263", "1053", NULL, "2.3", "", CLASS },
		{ "263", "1053", NULL, "2.2", "", NONE },
		{ "20", "1066", NULL, "2.2", "", CLASS },
		{ "20", "1066", NULL, "2.1,2.3", "", NONE },
		{ "25", "1072", NULL, "2.2", "", CLASS },
		{ "25", "1072", NULL, "5.1", "", NONE }, /* subsidiary only */
		/* Classes 4, 5, 6 and their members. */
		{ "X423", "1428", NULL, "4", "", CLASS },
		{ "X423", "1428", NULL, "4.3", "", CLASS },
		{ "X423", "1428", NULL, "4.1,4.2", "", NONE },
		{ "663", "2481", NULL, "6", "", CLASS },
		{ "663", "2481", NULL, "6.1", "", CLASS },
		{ "663", "2481", NULL, "6.2,3", "", NONE },
		{ "50", "1942", NULL, "5", "", CLASS },
		{ "50", "1942", NULL, "5.2", "", NONE },
		/* Class 1: class, division, code (UN 0004 is 1.1D). */
		{ "33", "0004", NULL, "1", "", CLASS },
		{ "33", "0004", NULL, "1.1", "", CLASS },
		{ "33", "0004", NULL, "1.1D", "", CLASS },
		{ "33", "0004", NULL, "1.1C,1.2,1.4S", "", NONE },
		{ "33", "0014", NULL, "1.4S", "", CLASS },
		{ "33", "0014", NULL, "1.4", "", CLASS },
		{ "33", "0014", NULL, "1.1", "", NONE },
		/* No classification code: the division is unknown. */
		{ "25", "1014", NULL, "2.1", "", CLASS_UNKNOWN },
		{ "25", "1014", NULL, "2", "", CLASS },
		{ "25", "1014", NULL, "2.1,2", "", CLASS },
		{ "25", "1014", NULL, "2,2.1", "", CLASS },
		{ "25", "1014", NULL, "3", "", NONE },
		/* An unknown UN number has no class. */
		{ "33", "0000", NULL, "3", "", CLASS_UNKNOWN },
		{ "33", "0000", NULL, "", "", NONE },
		{ "33", "12", NULL, "3", "", CLASS_UNKNOWN },
		/* Malformed lists. */
		{ "33", "1203", NULL, "3,", "", BAD },
		{ "33", "1203", NULL, ",3", "", BAD },
		{ "33", "1203", NULL, "3,,8", "", BAD },
		{ "33", "1203", NULL, "3 8", "", BAD },
		{ "33", "1203", NULL, "3 88", "", BAD },
		{ "33", "1203", NULL, "10", "", BAD },
		{ "33", "1203", NULL, "33", "", BAD },
		{ "33", "1203", NULL, "0", "", BAD },
		{ "33", "1203", NULL, "3.1", "", BAD },
		{ "33", "1203", NULL, "2.4", "", BAD },
		{ "33", "1203", NULL, "1.7", "", BAD },
		{ "33", "1203", NULL, "1.1I", "", BAD },
		{ "33", "1203", NULL, "1.1d", "", BAD },
		{ "33", "1203", NULL, "4.1.", "", BAD },
		{ "33", "1203", NULL, "3;8", "", BAD },
		{ "33", "1203", NULL, "x", "", BAD },
		{ "33", "1203", NULL, "3", "F", BAD },
		{ "33", "1203", NULL, "3", "b", BAD },
		{ "33", "1203", NULL, "3", "AB", BAD },
	};

	(void)state;
	run_restrictions(cases, NELEM(cases));
}

static void
test_adr_restriction_valid(void **state)
{
	static const char *const good[] = { "", " ", "1", "9", "1.1", "1.6",
		"1.1D", "1.4S", "1.6N", "2.1", "2.3", "4.3", "5.2", "6.2",
		"1, 2.1 ,7", "3,8,9" };
	static const char *const bad[] = { ",", "1,", "1 2", "2.0", "1.1M",
		"7.1", "8.1", "9.1", "3.", ".3", "1.10", "12" };
	size_t                   i;

	(void)state;
	for (i = 0; i < NELEM(good); i++) {
		if (rules_adr_restriction_valid(good[i], "C") != 0)
			fail_msg("\"%s\" refused", good[i]);
	}
	for (i = 0; i < NELEM(bad); i++) {
		if (rules_adr_restriction_valid(bad[i], "") != -1)
			fail_msg("\"%s\" taken", bad[i]);
	}
	assert_int_equal(rules_adr_restriction_valid(NULL, NULL), 0);
	assert_int_equal(rules_adr_restriction_valid("3", "A"), 0);
	assert_int_equal(rules_adr_restriction_valid("3", "E"), 0);
	assert_int_equal(rules_adr_restriction_valid("3", "F"), -1);
	assert_int_equal(rules_adr_restriction_valid("3", "c"), -1);
	assert_int_equal(rules_adr_restriction_valid("3", "CD"), -1);
}

static void
test_adr_tunnel_codes(void **state)
{
	static const struct {
		const char *code;
		const char *cats[5]; /* categories A .. E: forbidden? */
	} cases[] = {
		{ "B", { "0", "1", "1", "1", "1" } },
		{ "C", { "0", "0", "1", "1", "1" } },
		{ "D", { "0", "0", "0", "1", "1" } },
		{ "E", { "0", "0", "0", "0", "1" } },
		{ "-", { "0", "0", "0", "0", "0" } },
		/* Quantity unknown: the larger load's letter. */
		{ "B1000C", { "0", "1", "1", "1", "1" } },
		{ "C5000D", { "0", "0", "1", "1", "1" } },
		/* Tank (or bulk) carriage: the first letter. */
		{ "B/D", { "0", "1", "1", "1", "1" } },
		{ "B/E", { "0", "1", "1", "1", "1" } },
		{ "C/D", { "0", "0", "1", "1", "1" } },
		{ "C/E", { "0", "0", "1", "1", "1" } },
		{ "D/E", { "0", "0", "0", "1", "1" } },
		/* As Table A prints them. */
		{ "(B)", { "0", "1", "1", "1", "1" } },
		{ "(C5000D)", { "0", "0", "1", "1", "1" } },
		{ "(D/E)", { "0", "0", "0", "1", "1" } },
		{ "(-)", { "0", "0", "0", "0", "0" } },
	};
	static const char *const bad[] = { "", "A", "F", "b", "B/", "/D", "D/B",
		"E/D", "B1000", "B1000CC", "C1000D", "(B", "B)", "()", "((B))",
		"B D", " B", "(B1000C)x" };
	static const char *const cats[] = { "A", "B", "C", "D", "E" };
	char                     code[16];
	size_t                   i, j;
	int                      got;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		for (j = 0; j < 5; j++) {
			got = rules_adr_tunnel_forbids(cases[i].code, cats[j]);
			if (got != cases[i].cats[j][0] - '0')
				fail_msg("%s in %s: %d", cases[i].code, cats[j],
				    got);
		}
		/* No category: nothing forbidden. */
		assert_int_equal(rules_adr_tunnel_forbids(cases[i].code, ""),
		    0);
		assert_int_equal(rules_adr_tunnel_forbids(cases[i].code, NULL),
		    0);
		assert_int_equal(rules_adr_tunnel_forbids(cases[i].code, "F"),
		    -1);
	}
	for (i = 0; i < NELEM(bad); i++) {
		if (rules_adr_tunnel_forbids(bad[i], "E") != -1)
			fail_msg("code \"%s\" taken", bad[i]);
	}
	/* Of the two-letter codes only these five exist. */
	for (i = 0; i < 5; i++) {
		for (j = 0; j < 5; j++) {
			(void)snprintf(code, sizeof(code), "%c/%c",
			    'A' + (int)i, 'A' + (int)j);
			got = rules_adr_tunnel_forbids(code, "E");
			if ((got == -1) ==
			    (strstr("B/D B/E C/D C/E D/E", code) != NULL))
				fail_msg("code %s: %d", code, got);
		}
	}
	assert_int_equal(rules_adr_tunnel_forbids(NULL, "E"), -1);
	assert_int_equal(rules_adr_tunnel_forbids("B", "a"), -1);
	assert_int_equal(rules_adr_tunnel_forbids("B", "BC"), -1);
}

static void
test_adr_restricted_tunnels(void **state)
{
	static const struct restriction_case cases[] = {
		/* The tables have no codes: a category B .. E needs a person.
		 */
		{ "33", "1203", NULL, "", "D", TUNNEL_UNKNOWN },
		{ "33", "1203", NULL, "", "B", TUNNEL_UNKNOWN },
		{ "33", "1203", NULL, "", "A", NONE },
		{ "33", "1203", NULL, "", "", NONE },
		{ "33", "1203", NULL, NULL, NULL, NONE },
		{ "33", "0000", NULL, "", "E", TUNNEL_UNKNOWN },
		/* Petrol is (D/E) in ADR: a tanker may not pass D or E. */
		{ "33", "1203", "D/E", "", "D", TUNNEL },
		{ "33", "1203", "D/E", "", "E", TUNNEL },
		{ "33", "1203", "D/E", "", "C", NONE },
		{ "33", "1203", "(D/E)", "", "D", TUNNEL },
		{ "33", "1203", "D/E", "", "A", NONE },
		{ "33", "1203", "-", "", "E", NONE },
		{ "33", "1203", "Z", "", "E", TUNNEL_UNKNOWN },
		{ "33", "1203", "Z", "", "A", NONE },
		/* Precedence: invalid first, then deny (class, tunnel). */
		{ "33", "1203", "D/E", "3,,", "E", BAD },
		{ "33", "1203", NULL, "3", "D", CLASS },
		{ "33", "1203", "D/E", "3", "D", CLASS },
		{ "25", "1014", "C/E", "2.1", "E", TUNNEL },
		{ "25", "1014", "C/E", "2.1", "B", CLASS_UNKNOWN },
		{ "25", "1014", NULL, "2.1", "B", CLASS_UNKNOWN },
		{ "33", "1203", "D/E", "8", "C", NONE },
	};

	(void)state;
	run_restrictions(cases, NELEM(cases));
}

/* Strings the caller filled without a NUL are unknown, never overread. */
static void
test_adr_restricted_unterminated(void **state)
{
	struct rules_adr a;
	const char      *why;

	(void)state;
	assert_int_equal(rules_adr_check("33", "1203", &a), RULES_ADR_OK);
	memset(a.tunnel, 'B', sizeof(a.tunnel));
	assert_int_equal(rules_adr_restricted(&a, "", "E", &why), RULES_MANUAL);
	assert_string_equal(why, "adr_tunnel_unknown");
	memset(a.cls, '3', sizeof(a.cls));
	assert_int_equal(rules_adr_restricted(&a, "3", "", &why), RULES_MANUAL);
	assert_string_equal(why, "adr_class_unknown");
	assert_int_equal(rules_adr_check("33", "0004", &a),
	    RULES_ADR_INCONSISTENT);
	memset(a.code, 'D', sizeof(a.code));
	assert_int_equal(rules_adr_restricted(&a, "1.1", "", &why),
	    RULES_MANUAL);
	assert_string_equal(why, "adr_class_unknown");
}

/* What rules_adr.c relies on: sorted, in bounds, well formed. */
static void
test_adr_table_invariants(void **state)
{
	static const char *const   classes[] = { "1", "2", "3", "4.1", "4.2",
		  "4.3", "5.1", "5.2", "6.1", "6.2", "7", "8", "9" };
	const struct rules_adr_un *u;
	struct rules_adr           a;
	size_t                     i, j, next = 0, nh;

	(void)state;
	assert_true(rules_adr_nuns > 2000);
	assert_true(rules_adr_nhins > 90 && rules_adr_nhins <= 255);
	assert_true(rules_adr_nun_hins > 1800);
	for (i = 0; i < rules_adr_nhins; i++) {
		assert_non_null(memchr(rules_adr_hins[i], '\0', 5));
		if (i > 0)
			assert_true(strcmp(rules_adr_hins[i - 1],
			                rules_adr_hins[i]) < 0);
		/* Well formed: anything but INVALID. */
		assert_int_not_equal(rules_adr_check(rules_adr_hins[i], "1203",
		                         &a),
		    RULES_ADR_INVALID);
	}
	for (i = 0; i < rules_adr_nuns; i++) {
		u = &rules_adr_uns[i];
		assert_true(u->un >= 1 && u->un <= 9999);
		if (i > 0)
			assert_true(rules_adr_uns[i - 1].un < u->un);
		assert_non_null(memchr(u->cls, '\0', sizeof(u->cls)));
		assert_non_null(memchr(u->code, '\0', sizeof(u->code)));
		for (j = 0; j < NELEM(classes); j++) {
			if (strcmp(u->cls, classes[j]) == 0)
				break;
		}
		if (j == NELEM(classes))
			fail_msg("UN %04u: class \"%s\"", (unsigned)u->un,
			    u->cls);
		/* The runs are contiguous, ascending and in bounds. */
		assert_int_equal(u->hin, next);
		for (j = 0, nh = u->nhin; j < nh; j++) {
			assert_true(
			    rules_adr_un_hins[next + j] < rules_adr_nhins);
			if (j > 0)
				assert_true(rules_adr_un_hins[next + j - 1] <
				    rules_adr_un_hins[next + j]);
		}
		next += nh;
	}
	assert_int_equal(next, rules_adr_nun_hins);
}

/* Bisection against a linear search, for every UN number and HIN. */
static void
test_adr_lookups_exhaustive(void **state)
{
	const struct rules_adr_un *lin;
	struct rules_adr           a;
	enum rules_adr_result      r;
	char                       un[16], h[16];
	size_t                     i;
	int                        n, d, x, known, hits = 0;

	(void)state;
	for (n = 0; n <= 9999; n++) {
		(void)snprintf(un, sizeof(un), "%04d", n);
		lin = NULL;
		for (i = 0; i < rules_adr_nuns; i++) {
			if (rules_adr_uns[i].un == n)
				lin = &rules_adr_uns[i];
		}
		r = rules_adr_check("20", un, &a);
		if ((lin == NULL) != (r == RULES_ADR_UNKNOWN_UN) ||
		    (lin != NULL && strcmp(a.cls, lin->cls) != 0))
			fail_msg("UN %s: %s", un, rules_adr_result_name(r));
		hits += lin != NULL;
	}
	assert_int_equal(hits, (int)rules_adr_nuns);

	hits = 0;
	for (x = 0; x < 2; x++) {
		for (d = 20; d <= 999; d++) {
			if (d == 100)
				d = 200; /* 1xx: malformed */
			(void)snprintf(h, sizeof(h), "%s%d", x ? "X" : "", d);
			for (i = 0, known = 0; i < rules_adr_nhins; i++)
				known |= strcmp(rules_adr_hins[i], h) == 0;
			r = rules_adr_check(h, "1203", &a);
			if (known != (r != RULES_ADR_INVALID_HIN))
				fail_msg("HIN %s: %s", h,
				    rules_adr_result_name(r));
			hits += known;
		}
	}
	assert_int_equal(hits, (int)rules_adr_nhins);
}

/*
 * The reference data, read here independently of rules/adr-gen: every
 * current UN number with its class, every pair, every listed HIN is
 * found, and the tables hold nothing the data does not.
 */
#define LINE_MAX_ADR 4096

static FILE *
open_data(const char *dir, const char *name)
{
	char path[1024];
	int  n;

	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_true(n > 0 && (size_t)n < sizeof(path));

	return (fopen(path, "r"));
}

/* Split s at tabs into at most max fields; the number found. */
static int
split(char *s, char **f, int max)
{
	int   n = 0;
	char *t;

	s[strcspn(s, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = s;
		if ((t = strchr(s, '\t')) == NULL)
			break;
		*t = '\0';
		s = t + 1;
	}

	return (n);
}

static void
trim(char **s)
{
	size_t n;

	*s += strspn(*s, " ");
	n = strlen(*s);
	while (n > 0 && (*s)[n - 1] == ' ')
		(*s)[--n] = '\0';
}

static int
current_class(const char *c)
{
	static const char *const classes[] = { "1", "2", "3", "4.1", "4.2",
		"4.3", "5.1", "5.2", "6.1", "6.2", "7", "8", "9" };
	size_t                   i;

	for (i = 0; i < NELEM(classes); i++) {
		if (strcmp(c, classes[i]) == 0)
			return (1);
	}

	return (0);
}

static int
four_digits(const char *s)
{
	return (strlen(s) == 4 && strspn(s, "0123456789") == 4);
}

static void
test_adr_against_data(void **state)
{
	static unsigned char seen_un[4096], seen_pair[4096], seen_hin[256];
	const struct rules_adr_un *u, *base = rules_adr_uns;
	const char                *dir;
	char                       line[LINE_MAX_ADR], *f[4], *h, *plus;
	struct rules_adr           a;
	enum rules_adr_result      r;
	FILE                      *fp;
	size_t                     i, j, pairs = 0;
	int                        n, k;

	(void)state;
	if ((dir = getenv("TORWART_ADR_DATA")) == NULL)
		dir = "../shared/data/adr";
	if ((fp = open_data(dir, "un_numbers_betransit.tsv")) == NULL) {
		print_message("[   INFO   ] %s: no reference data, "
		              "skipped (set TORWART_ADR_DATA)\n",
		    dir);
		skip();
	}
	assert_true(rules_adr_nuns <= sizeof(seen_un));
	assert_true(rules_adr_nun_hins <= sizeof(seen_pair));
	memset(seen_un, 0, sizeof(seen_un));
	memset(seen_pair, 0, sizeof(seen_pair));
	memset(seen_hin, 0, sizeof(seen_hin));

	/* UN numbers and classes; obsolete ones ("?", "-6.1") unknown. */
	assert_non_null(fgets(line, sizeof(line), fp));
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (split(line, f, 4) < 3 || !four_digits(f[0]))
			continue;
		trim(&f[1]);
		r = rules_adr_check("20", f[0], &a);
		if (!current_class(f[1])) {
			if (r != RULES_ADR_UNKNOWN_UN)
				fail_msg("obsolete UN %s known", f[0]);
			continue;
		}
		if (r == RULES_ADR_UNKNOWN_UN || strcmp(a.cls, f[1]) != 0)
			fail_msg("UN %s class %s: %s class %s", f[0], f[1],
			    rules_adr_result_name(r), a.cls);
		for (u = base; u < base + rules_adr_nuns; u++) {
			if (u->un == (uint16_t)strtol(f[0], NULL, 10))
				seen_un[u - base] = 1;
		}
	}
	(void)fclose(fp);

	/* Pairs: "30 + 33" is two; "?" and such are no HIN. */
	fp = open_data(dir, "un_kemler_gefahrenreader.tsv");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp));
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (split(line, f, 4) < 2 || !four_digits(f[0]))
			continue;
		if (rules_adr_check("20", f[0], &a) == RULES_ADR_UNKNOWN_UN)
			continue;
		for (h = f[1]; h != NULL; h = plus) {
			if ((plus = strchr(h, '+')) != NULL)
				*plus++ = '\0';
			trim(&h);
			if (rules_adr_check(h, "0004", &a) == RULES_ADR_INVALID)
				continue;
			r = rules_adr_check(h, f[0], &a);
			if (r != RULES_ADR_OK)
				fail_msg("%s/%s: %s", h, f[0],
				    rules_adr_result_name(r));
			pairs++;
			u = NULL;
			for (i = 0; i < rules_adr_nuns && u == NULL; i++) {
				if (rules_adr_uns[i].un ==
				    strtol(f[0], NULL, 10))
					u = &rules_adr_uns[i];
			}
			assert_non_null(u);
			for (j = u->hin; j < (size_t)u->hin + u->nhin; j++) {
				if (strcmp(rules_adr_hins[rules_adr_un_hins[j]],
				        h) == 0) {
					seen_pair[j] = 1;
					seen_hin[rules_adr_un_hins[j]] = 1;
				}
			}
		}
	}
	(void)fclose(fp);
	assert_true(pairs > 1800);

	/* The list of valid HINs. */
	fp = open_data(dir, "valid_hin_gefahrenreader.tsv");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp));
	n = 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (split(line, f, 3) < 1)
			continue;
		trim(&f[0]);
		r = rules_adr_check(f[0], "1203", &a);
		if (r != RULES_ADR_OK && r != RULES_ADR_INCONSISTENT)
			fail_msg("listed HIN %s: %s", f[0],
			    rules_adr_result_name(r));
		for (k = 0; k < (int)rules_adr_nhins; k++) {
			if (strcmp(rules_adr_hins[k], f[0]) == 0)
				seen_hin[k] = 1;
		}
		n++;
	}
	(void)fclose(fp);
	assert_true(n > 90);

	/* Nothing in the tables the data does not say. */
	for (i = 0; i < rules_adr_nuns; i++) {
		if (!seen_un[i])
			fail_msg("UN %04u is in no source",
			    (unsigned)rules_adr_uns[i].un);
	}
	for (i = 0; i < rules_adr_nun_hins; i++) {
		if (!seen_pair[i])
			fail_msg("pair %zu is in no source", i);
	}
	for (i = 0; i < rules_adr_nhins; i++) {
		if (!seen_hin[i])
			fail_msg("HIN %s is in no source", rules_adr_hins[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adr_real_plates),
		cmocka_unit_test(test_adr_not_ok),
		cmocka_unit_test(test_adr_malformed),
		cmocka_unit_test(test_adr_result_names),
		cmocka_unit_test(test_adr_restricted_classes),
		cmocka_unit_test(test_adr_restriction_valid),
		cmocka_unit_test(test_adr_tunnel_codes),
		cmocka_unit_test(test_adr_restricted_tunnels),
		cmocka_unit_test(test_adr_restricted_unterminated),
		cmocka_unit_test(test_adr_table_invariants),
		cmocka_unit_test(test_adr_lookups_exhaustive),
		cmocka_unit_test(test_adr_against_data),
	};

	return (cmocka_run_group_tests_name("rules_adr", tests, NULL, NULL));
}
