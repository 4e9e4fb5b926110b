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
 * pseudo/pseudo_plate.c: canonical plates (the character tables, checked
 * against every code point), skeletons, the country grammars both ways,
 * errors, country codes and ISO 6346 container codes.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../pseudo/pseudo.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static size_t utf8_put(uint32_t, char *);
static int    canon(const char *, const char *, struct pseudo_plate *,
       const char **);
static void   assert_wiped(const struct pseudo_plate *);

/* UTF-8 of code point c into out (4 bytes), its length: the test's own. */
static size_t
utf8_put(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return (1);
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return (2);
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return (3);
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return (4);
}

/* pseudo_plate_canon() of a C string, *p filled with 'X' first. */
static int
canon(const char *text, const char *country, struct pseudo_plate *p,
    const char **errstr)
{
	memset(p, 'X', sizeof(*p));
	*errstr = NULL;
	return (pseudo_plate_canon(text, strlen(text), country, p, errstr));
}

static void
assert_wiped(const struct pseudo_plate *p)
{
	struct pseudo_plate zero;

	memset(&zero, 0, sizeof(zero));
	assert_memory_equal(p, &zero, sizeof(zero));
}

static void
test_canon_folds_per_country(void **state)
{
	static const struct {
		const char *text;
		const char *country;
		const char *canon;
	} cases[] = {
		{ "B-AB 1234", "D", "BAB1234" },
		{ "b-ab 1234", "D", "BAB1234" },
		{ "MÜ-X 12", "D", "MUX12" },
		{ "mü-x 12", "D", "MUX12" },
		{ "LÖ-AB 123", "D", "LOAB123" },
		{ "TÄ-A 1", "", "TAA1" },
		{ "СА 1234 ВР", "BG", "CA1234BP" }, /* Cyrillic */
		{ "са 1234 вр", "BG", "CA1234BP" },
		{ "ΙΚΒ-1234", "GR", "IKB1234" }, /* Greek */
		{ "АІ 1234 КХ", "UA", "AI1234KX" }, /* Cyrillic І */
		{ "ĐA 123-AB", "HR", "DA123AB" },
		{ "ČK 456-ŠŽ", "HR", "CK456SZ" },
		{ "B 123 ȘȚE", "RO", "B123STE" }, /* comma below */
		{ "WX·123·CD", "PL", "WX123CD" },
		{ "  ab12 cde  ", "GB", "AB12CDE" },
		{ "0123456789", NULL, "0123456789" },
	};
	struct pseudo_plate p;
	const char         *errstr;
	size_t              i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		if (canon(cases[i].text, cases[i].country, &p, &errstr) != 0)
			fail_msg("%s: %s", cases[i].text, errstr);
		assert_string_equal(p.canon, cases[i].canon);
	}
}

static void
test_canon_drops_every_separator(void **state)
{
	static const char *const seps[] = { " ", "-", ".", "·", ":", "_", "/" };
	struct pseudo_plate      p;
	const char              *errstr;
	char                     text[32];
	size_t                   i;

	(void)state;
	for (i = 0; i < NELEM(seps); i++) {
		/* Leading, inside, doubled and trailing. */
		snprintf(text, sizeof(text), "%sA%s1%s%sB%s", seps[i], seps[i],
		    seps[i], seps[i], seps[i]);
		assert_int_equal(canon(text, "", &p, &errstr), 0);
		assert_string_equal(p.canon, "A1B");
	}
	assert_int_equal(canon("A -.·:_/1", "", &p, &errstr), 0);
	assert_string_equal(p.canon, "A1");
}

/* Every letter with diacritics the table knows, grouped by base letter. */
static const struct {
	const char *chars;
	char        base;
} latin[] = {
	{ "ÀÁÂÃÄÅàáâãäåĀāĂăĄą", 'A' },
	{ "ÇçĆćĈĉĊċČč", 'C' },
	{ "ÐðĎďĐđ", 'D' },
	{ "ÈÉÊËèéêëĒēĔĕĖėĘęĚě", 'E' },
	{ "ĜĝĞğĠġĢģ", 'G' },
	{ "ĤĥĦħ", 'H' },
	{ "ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", 'I' },
	{ "Ĵĵ", 'J' },
	{ "Ķķ", 'K' },
	{ "ĹĺĻļĽľĿŀŁł", 'L' },
	{ "ÑñŃńŅņŇň", 'N' },
	{ "ÒÓÔÕÖØòóôõöøŌōŎŏŐő", 'O' },
	{ "ŔŕŖŗŘř", 'R' },
	{ "ŚśŜŝŞşŠšȘș", 'S' },
	{ "ŢţŤťŦŧȚț", 'T' },
	{ "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", 'U' },
	{ "Ŵŵ", 'W' },
	{ "ÝýÿŶŷŸ", 'Y' },
	{ "ŹźŻżŽž", 'Z' },
};

/* The Cyrillic and Greek look-alikes, capital and small, and their letter. */
static const struct {
	const char *chars;
	const char *latin;
} scripts[] = {
	{ "АВЕКМНОРСТУХІ", "ABEKMHOPCTYXI" },
	{ "авекмнорстухі", "ABEKMHOPCTYXI" },
	{ "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX" },
	{ "αβεζηικμνορτυχ", "ABEZHIKMNOPTYX" },
};

static void
test_canon_folds_latin_diacritics(void **state)
{
	struct pseudo_plate p;
	const char         *errstr, *s;
	char                text[8], want[3];
	size_t              i, n;

	(void)state;
	for (i = 0; i < NELEM(latin); i++) {
		for (s = latin[i].chars; *s != '\0'; s += n) {
			/* One character, then a digit. */
			for (n = 1; (s[n] & 0xc0) == 0x80; n++)
				;
			memcpy(text, s, n);
			memcpy(text + n, "7", 2);
			if (canon(text, "", &p, &errstr) != 0)
				fail_msg("%s: %s", text, errstr);
			want[0] = latin[i].base;
			memcpy(want + 1, "7", 2);
			assert_string_equal(p.canon, want);
		}
	}
}

static void
test_canon_folds_cyrillic_and_greek(void **state)
{
	struct pseudo_plate p;
	const char         *errstr;
	size_t              i;

	(void)state;
	for (i = 0; i < NELEM(scripts); i++) {
		assert_int_equal(canon(scripts[i].chars, "", &p, &errstr), 0);
		assert_string_equal(p.canon, scripts[i].latin);
	}
}

static void
test_canon_folds_ascii_case(void **state)
{
	struct pseudo_plate p;
	const char         *errstr;

	(void)state;
	assert_int_equal(canon("abcdefghijklm", "", &p, &errstr), 0);
	assert_string_equal(p.canon, "ABCDEFGHIJKLM");
	assert_int_equal(canon("nopqrstuvwxyz", "", &p, &errstr), 0);
	assert_string_equal(p.canon, "NOPQRSTUVWXYZ");
}

/* Whether the UTF-8 character c[0..n) is in one of the tables above. */
static int
in_tables(const char *c, size_t n)
{
	char   s[5];
	size_t i;

	memcpy(s, c, n);
	s[n] = '\0';
	for (i = 0; i < NELEM(latin); i++) {
		if (strstr(latin[i].chars, s) != NULL)
			return (1);
	}
	for (i = 0; i < NELEM(scripts); i++) {
		if (strstr(scripts[i].chars, s) != NULL)
			return (1);
	}

	return (0);
}

/*
 * Every code point but the surrogates, followed by "1": ASCII letters,
 * digits, the separators and the table entries are taken, everything
 * else is "a character no plate has".
 */
static void
test_canon_refuses_every_other_character(void **state)
{
	struct pseudo_plate p;
	const char         *errstr;
	char                text[8];
	uint32_t            c;
	size_t              n, taken = 0, want;
	int                 ok, r;

	(void)state;
	for (c = 0; c <= 0x10ffff; c++) {
		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		n = utf8_put(c, text);
		text[n] = '1';
		r = pseudo_plate_canon(text, n + 1, "", &p, &errstr);
		if (c < 0x80)
			ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9') ||
			    (c != 0 && strchr(" -.:_/", (int)c) != NULL);
		else
			ok = c == 0xb7 || in_tables(text, n);
		if (r != (ok ? 0 : -1))
			fail_msg("U+%04X: got %d", (unsigned)c, r);
		if (r == -1)
			assert_string_equal(errstr,
			    "text: a character no plate has");
		else
			taken++;
	}
	/* 26 + 26 + 10 + 7 separators, and the tables. */
	for (want = 69, n = 0; n < NELEM(latin); n++)
		want += strlen(latin[n].chars) / 2; /* all U+0080..U+07FF */
	for (n = 0; n < NELEM(scripts); n++)
		want += strlen(scripts[n].latin);
	assert_int_equal(taken, want);
}

static void
test_skeleton_folds_exactly_the_table(void **state)
{
	static const struct {
		const char *canon;
		const char *skeleton;
	} cases[] = {
		/* Every entry of the table. */
		{ "OQDIZSBG", "00012586" },
		/* Every other letter and every digit stays. */
		{ "ACEFHJKLMNP", "ACEFHJKLMNP" },
		{ "RTUVWXY", "RTUVWXY" },
		{ "0123456789", "0123456789" },
		/* Mixed, as plates are. */
		{ "BAB1234", "8A81234" },
		{ "GO5ZI", "60521" },
	};
	struct pseudo_plate p;
	const char         *errstr;
	size_t              i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(canon(cases[i].canon, "", &p, &errstr), 0);
		assert_string_equal(p.canon, cases[i].canon);
		assert_string_equal(p.skeleton, cases[i].skeleton);
	}
}

static void
test_plausible_follows_country_grammars(void **state)
{
	static const struct {
		const char *country;
		const char *text;
		int         want;
	} cases[] = {
		{ "D", "B-AB 1234", 1 },
		{ "D", "MÜ-X 12", 1 },
		{ "D", "KÖN-AB 123", 1 },
		{ "D", "M-AB 123E", 1 },
		{ "D", "Y-123 456", 1 },
		{ "D", "B-AB 0123", 0 }, /* leading zero */
		{ "D", "B 1234 AB", 0 },
		{ "D", "ABC-DE 1234", 0 }, /* nine */
		{ "A", "W-12345 A", 1 },
		{ "A", "G 123 AB", 1 },
		{ "A", "W-BOSS 1", 1 },
		{ "A", "W 123.456", 1 },
		{ "A", "1234 W", 0 },
		{ "CH", "ZH 123456", 1 },
		{ "CH", "BE 1", 1 },
		{ "CH", "ZH 1234567", 0 },
		{ "CH", "Z 12345", 0 },
		{ "NL", "AB-12-34", 1 }, /* 1 */
		{ "NL", "12-34-AB", 1 }, /* 2 */
		{ "NL", "12-AB-34", 1 }, /* 3 */
		{ "NL", "AB-12-CD", 1 }, /* 4 */
		{ "NL", "AB-CD-12", 1 }, /* 5 */
		{ "NL", "12-AB-CD", 1 }, /* 6 */
		{ "NL", "12-ABC-3", 1 }, /* 7 */
		{ "NL", "1-ABC-23", 1 }, /* 8 */
		{ "NL", "AB-123-C", 1 }, /* 9 */
		{ "NL", "A-123-BC", 1 }, /* 10 */
		{ "NL", "ABC-12-D", 1 }, /* 11 */
		{ "NL", "A-12-BCD", 1 }, /* 12 */
		{ "NL", "1-AB-234", 1 }, /* 13 */
		{ "NL", "123-AB-4", 1 }, /* 14 */
		{ "NL", "ABC-123", 0 },
		{ "NL", "AB-12-345", 0 },
		{ "B", "1-ABC-123", 1 },
		{ "B", "ABC-123", 1 },
		{ "B", "123-ABC", 1 },
		{ "B", "0-ABC-123", 0 },
		{ "B", "AB-1234", 0 },
		{ "F", "AB-123-CD", 1 },
		{ "F", "1234 AB 75", 1 },
		{ "F", "123 ABC 2A", 1 },
		{ "F", "99 ZZ 971", 1 },
		{ "F", "AB-12-CD", 0 },
		{ "F", "0123 AB 75", 0 },
		{ "I", "AB 123 CD", 1 },
		{ "I", "MI 123456", 1 },
		{ "I", "MI A12345", 1 },
		{ "I", "ROMA 12345A", 1 },
		{ "I", "AB 1234 C", 0 },
		{ "I", "MI AB1234", 0 },
		{ "E", "1234 BCD", 1 },
		{ "E", "M-1234-AB", 1 },
		{ "E", "GU-1234-A", 1 },
		{ "E", "M-123456", 1 },
		{ "E", "1234 AEI", 0 }, /* vowels */
		{ "E", "1234 BC", 0 },
		{ "PL", "WA 12345", 1 },
		{ "PL", "KR 123AB", 1 },
		{ "PL", "WPI 1A23", 1 },
		{ "PL", "WPI 12345", 1 },
		{ "PL", "L0 BIBI", 1 }, /* vanity */
		{ "PL", "WA ABCDE", 0 },
		{ "PL", "W 12345", 0 },
		{ "CZ", "1A2 3456", 1 },
		{ "CZ", "4AB 1234", 1 },
		{ "CZ", "ABC 12-34", 1 },
		{ "CZ", "A12 3456", 0 },
		{ "SK", "BA-123AB", 1 },
		{ "SK", "BA-1234A", 0 },
		{ "DK", "AB 12 345", 1 },
		{ "DK", "AB 01 234", 0 },
		{ "DK", "A 12 345", 0 },
		{ "GB", "AB12 CDE", 1 },
		{ "GB", "A123 BCD", 1 },
		{ "GB", "ABC 123D", 1 },
		{ "GB", "ABZ 1234", 1 }, /* Northern Ireland */
		{ "GB", "AB 1234", 1 },
		{ "GB", "1234 AB", 1 },
		{ "GB", "AB12 CD3", 0 },
		{ "GB", "AB12345", 0 },
	};
	struct pseudo_plate p;
	const char         *errstr;
	size_t              i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		if (canon(cases[i].text, cases[i].country, &p, &errstr) != 0)
			fail_msg("%s: %s", cases[i].text, errstr);
		if (p.plausible != cases[i].want)
			fail_msg("%s %s: plausible %d", cases[i].country,
			    cases[i].text, p.plausible);
		assert_string_equal(p.country, cases[i].country);
	}
}

/* Unknown countries and those without a grammar: 2..10, a digit. */
static void
test_plausible_falls_back_to_generic(void **state)
{
	static const struct {
		const char *country;
		const char *text;
		const char *normal;
		int         want;
	} cases[] = {
		{ NULL, "AB1", "", 1 },
		{ "", "12", "", 1 },
		{ "FL", "FL 12345", "FL", 1 },
		{ "LIE", "FL 12345", "FL", 1 },
		{ "deu", "B-AB 0123", "D", 0 }, /* normalised: D */
		{ "XX", "B-AB 0123", "", 1 }, /* unknown: generic */
		{ "DEUT", "ZZZ 9", "", 1 },
		{ NULL, "A1B2C3D4E5", "", 1 },
		{ NULL, "A1B2C3D4E5F", "", 0 }, /* 11 */
		{ NULL, "ABCDEF", "", 0 }, /* no digit */
		{ NULL, "1", "", 0 }, /* 1 */
		{ "H", "ABC-123", "H", 1 },
	};
	struct pseudo_plate p;
	const char         *errstr;
	size_t              i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		if (canon(cases[i].text, cases[i].country, &p, &errstr) != 0)
			fail_msg("%s: %s", cases[i].text, errstr);
		if (p.plausible != cases[i].want)
			fail_msg("%s: plausible %d", cases[i].text,
			    p.plausible);
		assert_string_equal(p.country, cases[i].normal);
	}
}

static void
test_canon_refuses_bad_text(void **state)
{
	static const struct {
		const char *text;
		size_t      len;
		const char *errstr;
	} cases[] = {
		/* Malformed UTF-8. */
		{ "\xc0\xaf", 2, "text: not valid UTF-8" }, /* overlong */
		{ "\xc1\xbf", 2, "text: not valid UTF-8" },
		{ "\xe0\x80\xaf", 3, "text: not valid UTF-8" },
		{ "\xf0\x80\x80\xaf", 4, "text: not valid UTF-8" },
		{ "\xe0\x9f\xbf", 3, "text: not valid UTF-8" }, /* U+07FF */
		{ "\xf0\x8f\xbf\xbf", 4, "text: not valid UTF-8" }, /* U+FFFF */
		{ "\xed\xa0\x80", 3, "text: not valid UTF-8" }, /* surrogate */
		{ "\xed\xbf\xbf", 3, "text: not valid UTF-8" },
		{ "AB\xc3", 3, "text: not valid UTF-8" }, /* truncated */
		{ "AB\xe2\x82", 4, "text: not valid UTF-8" },
		{ "\xc3"
		  "A",
		    2, "text: not valid UTF-8" },
		{ "\x80", 1, "text: not valid UTF-8" }, /* continuation */
		{ "A\xbf"
		  "1",
		    3, "text: not valid UTF-8" },
		{ "\xf4\x90\x80\x80", 4,
		    "text: not valid UTF-8" }, /* > 10FFFF */
		{ "\xf5\x80\x80\x80", 4, "text: not valid UTF-8" },
		{ "\xff", 1, "text: not valid UTF-8" },
		{ "\xff@", 2, "text: not valid UTF-8" }, /* the first */
		/* Characters no plate has. */
		{ "@\xff", 2, "text: a character no plate has" },
		{ "AB@12", 5, "text: a character no plate has" },
		{ "<", 1, "text: a character no plate has" },
		{ "A\t1", 3, "text: a character no plate has" },
		{ "A\0"
		  "1",
		    3, "text: a character no plate has" },
		{ "A\x7f", 2, "text: a character no plate has" },
		{ "京A12345", 9, "text: a character no plate has" },
		{ "AB\xf0\x9f\x98\x80", 6, "text: a character no plate has" },
		{ "ß", 2, "text: a character no plate has" },
		{ "Ж", 2, "text: a character no plate has" },
		{ "A\xc2\xa0"
		  "1",
		    4, "text: a character no plate has" },
		{ "A\xe2\x80\x93"
		  "1",
		    5, "text: a character no plate has" },
		/* Nothing. */
		{ "", 0, "text: empty" },
		{ " -.:_/", 6, "text: empty" },
		{ "·", 2, "text: empty" },
		/* 17 characters. */
		{ "ABCDEFGHIJKLMNOPQ", 17, "text: too long" },
		{ "ABCDEFGHIJKLMNOPQ@", 18, "text: too long" },
	};
	struct pseudo_plate p;
	const char         *errstr;
	size_t              i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(&p, 'X', sizeof(p));
		errstr = NULL;
		if (pseudo_plate_canon(cases[i].text, cases[i].len, "D", &p,
		        &errstr) != -1)
			fail_msg("case %zu accepted", i);
		assert_non_null(errstr);
		if (strcmp(errstr, cases[i].errstr) != 0)
			fail_msg("case %zu: %s", i, errstr);
		assert_wiped(&p);
	}
}

static void
test_canon_takes_the_longest_allowed(void **state)
{
	struct pseudo_plate p;
	const char         *errstr;
	char                text[PSEUDO_PLATE_IN_MAX + 1];

	(void)state;
	/* 16 characters. */
	assert_int_equal(canon("ABCDEFGHIJKLMNOP", "", &p, &errstr), 0);
	assert_string_equal(p.canon, "ABCDEFGHIJKLMNOP");
	assert_string_equal(p.skeleton, "A8C0EF6H1JKLMN0P");
	/* 64 bytes, not 65. */
	memset(text, ' ', sizeof(text));
	text[0] = 'A';
	text[PSEUDO_PLATE_IN_MAX - 1] = '1';
	assert_int_equal(pseudo_plate_canon(text, PSEUDO_PLATE_IN_MAX, "", &p,
	                     &errstr),
	    0);
	assert_string_equal(p.canon, "A1");
	text[PSEUDO_PLATE_IN_MAX] = '2';
	memset(&p, 'X', sizeof(p));
	assert_int_equal(pseudo_plate_canon(text, PSEUDO_PLATE_IN_MAX + 1, "",
	                     &p, &errstr),
	    -1);
	assert_string_equal(errstr, "text: too long");
	assert_wiped(&p);
	/* len counts, not the NUL: a prefix of a longer string. */
	assert_int_equal(pseudo_plate_canon("AB12@", 4, "", &p, &errstr), 0);
	assert_string_equal(p.canon, "AB12");
}

static void
test_canon_of_canon_is_canon(void **state)
{
	static const char *const texts[] = { "B-AB 1234", "MÜ-X 12",
		"СА 1234 ВР", "ΙΚΒ-1234", "ab·12·cde" };
	static const char *const countries[] = { "D", "BG", "GB", "" };
	struct pseudo_plate      p, q;
	const char              *errstr;
	size_t                   i, j;

	(void)state;
	for (i = 0; i < NELEM(texts); i++) {
		for (j = 0; j < NELEM(countries); j++) {
			assert_int_equal(canon(texts[i], countries[j], &p,
			                     &errstr),
			    0);
			assert_int_equal(canon(p.canon, countries[j], &q,
			                     &errstr),
			    0);
			assert_memory_equal(&p, &q, sizeof(p));
			/* The same, with text and country inside *out. */
			assert_int_equal(pseudo_plate_canon(p.canon,
			                     strlen(p.canon), p.country, &p,
			                     &errstr),
			    0);
			assert_memory_equal(&p, &q, sizeof(p));
		}
	}
}

static void
test_plate_wipe_zeroes(void **state)
{
	struct pseudo_plate p;
	const char         *errstr;

	(void)state;
	assert_int_equal(canon("B-AB 1234", "D", &p, &errstr), 0);
	pseudo_plate_wipe(&p);
	assert_wiped(&p);
	pseudo_plate_wipe(NULL);
}

static void
test_country_normalises_codes(void **state)
{
	static const struct {
		const char *in;
		size_t      len;
		const char *want;
	} cases[] = {
		/* Sign, alpha-2, alpha-3, any case. */
		{ "D", 1, "D" },
		{ "d", 1, "D" },
		{ "DE", 2, "D" },
		{ "de", 2, "D" },
		{ "DEU", 3, "D" },
		{ "Deu", 3, "D" },
		{ "A", 1, "A" },
		{ "AT", 2, "A" },
		{ "aut", 3, "A" },
		{ "CH", 2, "CH" },
		{ "CHE", 3, "CH" },
		{ "NL", 2, "NL" },
		{ "NLD", 3, "NL" },
		{ "B", 1, "B" },
		{ "BE", 2, "B" },
		{ "BEL", 3, "B" },
		{ "F", 1, "F" },
		{ "FR", 2, "F" },
		{ "FRA", 3, "F" },
		{ "I", 1, "I" },
		{ "IT", 2, "I" },
		{ "ITA", 3, "I" },
		{ "E", 1, "E" },
		{ "ES", 2, "E" },
		{ "ESP", 3, "E" },
		{ "PL", 2, "PL" },
		{ "POL", 3, "PL" },
		{ "CZ", 2, "CZ" },
		{ "CZE", 3, "CZ" },
		{ "SK", 2, "SK" },
		{ "SVK", 3, "SK" },
		{ "DK", 2, "DK" },
		{ "DNK", 3, "DK" },
		{ "GB", 2, "GB" },
		{ "UK", 2, "GB" },
		{ "uk", 2, "GB" },
		{ "GBR", 3, "GB" },
		{ "L", 1, "L" },
		{ "LU", 2, "L" },
		{ "LUX", 3, "L" },
		{ "S", 1, "S" },
		{ "SE", 2, "S" },
		{ "SWE", 3, "S" },
		{ "N", 1, "N" },
		{ "NO", 2, "N" },
		{ "NOR", 3, "N" },
		{ "FIN", 3, "FIN" },
		{ "FI", 2, "FIN" },
		{ "P", 1, "P" },
		{ "PT", 2, "P" },
		{ "PRT", 3, "P" },
		{ "IRL", 3, "IRL" },
		{ "IE", 2, "IRL" },
		{ "H", 1, "H" },
		{ "HU", 2, "H" },
		{ "HUN", 3, "H" },
		{ "SLO", 3, "SLO" },
		{ "SI", 2, "SLO" },
		{ "SVN", 3, "SLO" },
		{ "HR", 2, "HR" },
		{ "HRV", 3, "HR" },
		{ "RO", 2, "RO" },
		{ "ROU", 3, "RO" },
		{ "BG", 2, "BG" },
		{ "BGR", 3, "BG" },
		{ "GR", 2, "GR" },
		{ "GRC", 3, "GR" },
		{ "EST", 3, "EST" },
		{ "EE", 2, "EST" },
		{ "LV", 2, "LV" },
		{ "LVA", 3, "LV" },
		{ "LT", 2, "LT" },
		{ "LTU", 3, "LT" },
		{ "M", 1, "M" },
		{ "MT", 2, "M" },
		{ "MLT", 3, "M" },
		{ "CY", 2, "CY" },
		{ "CYP", 3, "CY" },
		{ "FL", 2, "FL" },
		{ "LI", 2, "FL" },
		{ "LIE", 3, "FL" },
		{ "IS", 2, "IS" },
		{ "ISL", 3, "IS" },
		{ "MC", 2, "MC" },
		{ "MCO", 3, "MC" },
		{ "AND", 3, "AND" },
		{ "AD", 2, "AND" },
		{ "SRB", 3, "SRB" },
		{ "RS", 2, "SRB" },
		{ "UA", 2, "UA" },
		{ "UKR", 3, "UA" },
		/* len, not the NUL, ends the code. */
		{ "DEU", 2, "D" },
	};
	char   out[PSEUDO_COUNTRY_MAX + 1];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(out, 'X', sizeof(out));
		if (pseudo_country(cases[i].in, cases[i].len, out) != 0)
			fail_msg("%.*s refused", (int)cases[i].len,
			    cases[i].in);
		assert_string_equal(out, cases[i].want);
	}
}

static void
test_country_refuses_unknown_and_malformed(void **state)
{
	static const struct {
		const char *in;
		size_t      len;
	} cases[] = {
		{ "XX", 2 },
		{ "ZZZ", 3 },
		{ "Q", 1 },
		{ "DEUT", 4 },
		{ "", 0 },
		{ "D1", 2 },
		{ "D ", 2 },
		{ " D", 2 },
		{ "D\0", 2 },
		{ "\xc3\x89", 2 },
		{ NULL, 0 },
		{ NULL, 2 },
	};
	char   out[PSEUDO_COUNTRY_MAX + 1];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(out, 'X', sizeof(out));
		if (pseudo_country(cases[i].in, cases[i].len, out) != -1)
			fail_msg("case %zu accepted", i);
		assert_string_equal(out, "");
	}
}

/*
 * Of all codes of 1 to 3 letters, each known one normalises to a sign
 * that is its own normal form: no alias of one country is another's sign.
 */
static void
test_country_sign_is_its_own_normal_form(void **state)
{
	char   in[4], out[PSEUDO_COUNTRY_MAX + 1], again[4];
	size_t len, i, k, x, n, known = 0;

	(void)state;
	for (len = 1, n = 26; len <= 3; len++, n *= 26) {
		for (k = 0; k < n; k++) {
			/* k in base 26, A to Z. */
			for (x = k, i = len; i > 0; i--, x /= 26)
				in[i - 1] = (char)('A' + x % 26);
			if (pseudo_country(in, len, out) == -1)
				continue;
			known++;
			assert_int_equal(pseudo_country(out, strlen(out),
			                     again),
			    0);
			assert_string_equal(again, out);
		}
	}
	/* Far more than the handful the API documentation names. */
	assert_true(known > 100);
}

static void
test_container_accepts_iso6346(void **state)
{
	/* Check digits computed apart, in Python, from ISO 6346. */
	static const struct {
		const char *text;
		const char *want;
		int         check_ok;
	} cases[] = {
		{ "CSQU3054383", "CSQU3054383", 1 },
		{ "csqu 305438 3", "CSQU3054383", 1 },
		{ "CSQU-305438-3", "CSQU3054383", 1 },
		{ "CSQU/3054383 ", "CSQU3054383", 1 },
		{ "MSCU1234566", "MSCU1234566", 1 },
		{ "MAEU1234567", "MAEU1234567", 1 },
		{ "TGHU0000008", "TGHU0000008", 1 },
		{ "HLXU8745624", "HLXU8745624", 1 },
		{ "BICU1234565", "BICU1234565", 1 },
		{ "APZU4212347", "APZU4212347", 1 },
		{ "ABCZ9999992", "ABCZ9999992", 1 },
		{ "XYZJ0000010", "XYZJ0000010", 1 }, /* sum mod 11 = 10 */
		/* Wrong check digits: accepted, check_ok 0. */
		{ "CSQU3054384", "CSQU3054384", 0 },
		{ "CSQU3054388", "CSQU3054388", 0 },
		{ "XYZJ0000011", "XYZJ0000011", 0 },
		{ "MSCU1234565", "MSCU1234565", 0 },
	};
	char        out[12];
	const char *errstr;
	size_t      i;
	int         ok;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		errstr = NULL;
		ok = -1;
		if (pseudo_container_canon(cases[i].text, strlen(cases[i].text),
		        out, &ok, &errstr) != 0)
			fail_msg("%s: %s", cases[i].text, errstr);
		assert_string_equal(out, cases[i].want);
		if (ok != cases[i].check_ok)
			fail_msg("%s: check_ok %d", cases[i].text, ok);
	}
}

static void
test_container_refuses_bad_layouts(void **state)
{
	static const char *const cases[] = {
		"CSQX3054383", /* category */
		"CSQ3054383", /* short owner code */
		"CSQU305438", /* 10 */
		"CSQU30543833", /* 12 */
		"C5QU3054383", /* digit in the owner code */
		"CSQUA054383", /* letter in the serial */
		"CSQU305438A", /* letter as check digit */
		"CSQU.3054383", /* not a separator here */
		"CSQU_3054383",
		"ÇSQU3054383",
		"",
		"   ",
	};
	char        out[12];
	const char *errstr;
	size_t      i;
	int         ok;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(out, 'X', sizeof(out));
		ok = 1;
		errstr = NULL;
		if (pseudo_container_canon(cases[i], strlen(cases[i]), out, &ok,
		        &errstr) != -1)
			fail_msg("%s accepted", cases[i]);
		assert_string_equal(errstr,
		    "text: not an ISO 6346 container code");
		assert_int_equal(ok, 0);
		assert_memory_equal(out, "\0\0\0\0\0\0\0\0\0\0\0", 12);
	}
	/* A NUL inside is no separator. */
	assert_int_equal(pseudo_container_canon("CSQU3054383\0", 12, out, &ok,
	                     &errstr),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canon_folds_per_country),
		cmocka_unit_test(test_canon_drops_every_separator),
		cmocka_unit_test(test_canon_folds_latin_diacritics),
		cmocka_unit_test(test_canon_folds_cyrillic_and_greek),
		cmocka_unit_test(test_canon_folds_ascii_case),
		cmocka_unit_test(test_canon_refuses_every_other_character),
		cmocka_unit_test(test_skeleton_folds_exactly_the_table),
		cmocka_unit_test(test_plausible_follows_country_grammars),
		cmocka_unit_test(test_plausible_falls_back_to_generic),
		cmocka_unit_test(test_canon_refuses_bad_text),
		cmocka_unit_test(test_canon_takes_the_longest_allowed),
		cmocka_unit_test(test_canon_of_canon_is_canon),
		cmocka_unit_test(test_plate_wipe_zeroes),
		cmocka_unit_test(test_country_normalises_codes),
		cmocka_unit_test(test_country_refuses_unknown_and_malformed),
		cmocka_unit_test(test_country_sign_is_its_own_normal_form),
		cmocka_unit_test(test_container_accepts_iso6346),
		cmocka_unit_test(test_container_refuses_bad_layouts),
	};

	return (cmocka_run_group_tests_name("pseudo_plate", tests, NULL, NULL));
}
