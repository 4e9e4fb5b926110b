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
 * pseudo/pseudo_password.c: scrypt hash strings (round trip, salts,
 * stored parameters against vectors made with the openssl command, the
 * strict parser), the dummy hash, the policy and the embedded list.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../pseudo/pseudo.h"

static int is_letter(char);

/*
 * Made once with OpenSSL 3.0, then the salt and the output as base64
 * without '=' (base64 | tr -d =):
 *   openssl kdf -keylen 32 -kdfopt 'pass:correct horse battery' \
 *     -kdfopt hexsalt:00112233445566778899aabbccddeeff \
 *     -kdfopt n:1024 -kdfopt r:8 -kdfopt p:1 SCRYPT
 *   openssl kdf -keylen 32 -kdfopt 'pass:Zugang Tor 3 Süd' \
 *     -kdfopt hexsalt:ffeeddccbbaa99887766554433221100 \
 *     -kdfopt n:2048 -kdfopt r:4 -kdfopt p:2 SCRYPT
 */
#define LN10_PASSWORD "correct horse battery"
#define LN10_SALT     "ABEiM0RVZneImaq7zN3u/w"
#define LN10_HASH     "NuxlUXbnvrCJOdDhO7jNtkmd8K3/SEl9WAfTUI9+u7E"
#define LN10          "$scrypt$ln=10,r=8,p=1$" LN10_SALT "$" LN10_HASH
#define LN11_PASSWORD "Zugang Tor 3 S\303\274d"
#define LN11                                                                   \
	"$scrypt$ln=11,r=4,p=2$/+7dzLuqmYh3ZlVEMyIRAA$"                        \
	"ho61CWWx8HSxoKnmqkD7a/v3p7L23ik6FFEJPGWd01E"

/* A parameter set around the vector's salt and hash. */
#define WITH(params) "$scrypt$" params "$" LN10_SALT "$" LN10_HASH

static void
test_password_hash_round_trips(void **state)
{
	static const char *const pws[] = {
		"Kiesel-Ampel-Brot-17",
		"",
		"Gr\303\274\303\237e an Tor 3",
		"with \"quotes\" and $dollars$",
	};
	char   h[PSEUDO_PASSWORD_HASH_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pws) / sizeof(pws[0]); i++) {
		assert_int_equal(pseudo_password_hash(pws[i], h, sizeof(h)), 0);
		assert_int_equal(pseudo_password_verify(pws[i], h), 1);
	}
}

static void
test_password_hash_has_the_stored_format(void **state)
{
	static const char prefix[] = "$scrypt$ln=15,r=8,p=1$";
	char              h[PSEUDO_PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(pseudo_password_hash("Kiesel-Ampel-Brot-17", h,
	                     sizeof(h)),
	    0);
	assert_memory_equal(h, prefix, sizeof(prefix) - 1);
	/* 22 characters of salt, '$', 43 of hash. */
	assert_int_equal(strlen(h), sizeof(prefix) - 1 + 22 + 1 + 43);
	assert_int_equal(h[sizeof(prefix) - 1 + 22], '$');
	assert_null(strchr(h + sizeof(prefix) - 1, '='));
}

static void
test_password_hash_rejects_small_buffer(void **state)
{
	char h[PSEUDO_PASSWORD_HASH_MAX];

	(void)state;
	/* The hash is 88 characters: 89 bytes with the NUL. */
	assert_int_equal(pseudo_password_hash("Kiesel-Ampel-Brot-17", h, 88),
	    -1);
	assert_string_equal(h, "");
	assert_int_equal(pseudo_password_hash("Kiesel-Ampel-Brot-17", h, 89),
	    0);
}

static void
test_password_hash_salts_each_hash(void **state)
{
	char a[PSEUDO_PASSWORD_HASH_MAX], b[PSEUDO_PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(pseudo_password_hash("Kiesel-Ampel-Brot-17", a,
	                     sizeof(a)),
	    0);
	assert_int_equal(pseudo_password_hash("Kiesel-Ampel-Brot-17", b,
	                     sizeof(b)),
	    0);
	assert_string_not_equal(a, b);
	assert_int_equal(pseudo_password_verify("Kiesel-Ampel-Brot-17", b), 1);
}

static void
test_password_verify_rejects_wrong_password(void **state)
{
	static const char *const wrong[] = {
		"correct horse batter",
		"correct horse battery ",
		"Correct horse battery",
		"correct horse battery\n",
		"",
		LN11_PASSWORD,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++)
		assert_int_equal(pseudo_password_verify(wrong[i], LN10), 0);
}

/* Vectors made by the openssl command: ln, r and p are all honoured. */
static void
test_password_verify_honours_stored_params(void **state)
{
	(void)state;
	assert_int_equal(pseudo_password_verify(LN10_PASSWORD, LN10), 1);
	assert_int_equal(pseudo_password_verify(LN11_PASSWORD, LN11), 1);
	/* The same salt and hash under other parameters do not match. */
	assert_int_equal(pseudo_password_verify(LN10_PASSWORD,
	                     WITH("ln=11,r=8,p=1")),
	    0);
	assert_int_equal(pseudo_password_verify(LN10_PASSWORD,
	                     WITH("ln=10,r=7,p=1")),
	    0);
	assert_int_equal(pseudo_password_verify(LN10_PASSWORD,
	                     WITH("ln=10,r=8,p=2")),
	    0);
}

static void
test_password_verify_rejects_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"$scrypt$",
		"$scrypt$ln=10,r=8,p=1$",
		"$scrypt$ln=10,r=8,p=1$" LN10_SALT,
		"$scrypt$ln=10,r=8,p=1$" LN10_SALT "$",
		"$scrypt$ln=10,r=8,p=1$$" LN10_HASH,
		"$scrypt$ln=10,r=8$" LN10_SALT "$" LN10_HASH,
		"$scrypt$r=8,ln=10,p=1$" LN10_SALT "$" LN10_HASH,
		"$scrypt$ln=10;r=8;p=1$" LN10_SALT "$" LN10_HASH,
		/* Bad base64: alphabet, padding, length, non-zero last bits. */
		"$scrypt$ln=10,r=8,p=1$ABEiM0RVZneImaq7zN3u*w$" LN10_HASH,
		"$scrypt$ln=10,r=8,p=1$ABEiM0RVZneImaq7zN3u/w==$" LN10_HASH,
		"$scrypt$ln=10,r=8,p=1$ABEiM0RVZneImaq7zN3u/$" LN10_HASH,
		"$scrypt$ln=10,r=8,p=1$ABEiM0RVZneImaq7zN3u/x$" LN10_HASH,
		LN10 "=",
		LN10 "A",
		LN10 "$",
		LN10 " ",
		"$scrypt$ln=10,r=8,p=1$" LN10_SALT "$"
		"NuxlUXbnvrCJOdDhO7jNtkmd8K3/SEl9WAfTUI9+u7",
		"$scrypt$ln=10,r=8,p=1$" LN10_SALT "$"
		"NuxlUXbnvrCJOdDhO7jNtkmd8K3_SEl9WAfTUI9-u7E",
		/* Parameters out of bounds or not canonical. */
		WITH("ln=9,r=8,p=1"),
		WITH("ln=21,r=8,p=1"),
		WITH("ln=010,r=8,p=1"),
		WITH("ln=1000,r=8,p=1"),
		WITH("ln=-10,r=8,p=1"),
		WITH("ln=+10,r=8,p=1"),
		WITH("ln=,r=8,p=1"),
		WITH("ln=10,r=0,p=1"),
		WITH("ln=10,r=17,p=1"),
		WITH("ln=10,r=4294967304,p=1"),
		WITH("ln=10,r=8,p=0"),
		WITH("ln=10,r=8,p=5"),
		WITH("ln=10,r=8,p=4294967297"),
		/* 128 * r * N above 256 MiB; N not below 2^(16 * r). */
		WITH("ln=18,r=16,p=1"),
		WITH("ln=20,r=16,p=4"),
		WITH("ln=16,r=1,p=1"),
		/* Not ours. */
		"$scrypt2$ln=10,r=8,p=1$" LN10_SALT "$" LN10_HASH,
		"$SCRYPT$ln=10,r=8,p=1$" LN10_SALT "$" LN10_HASH,
		"scrypt$ln=10,r=8,p=1$" LN10_SALT "$" LN10_HASH,
		"$argon2id$v=19$m=65536,t=3,p=4$" LN10_SALT "$" LN10_HASH,
		"$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (pseudo_password_verify(LN10_PASSWORD, bad[i]) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(pseudo_password_needs_rehash(bad[i]), -1);
	}
	assert_int_equal(pseudo_password_verify(LN10_PASSWORD, NULL), -1);
	assert_int_equal(pseudo_password_verify(NULL, LN10), -1);
}

static void
test_password_needs_rehash_below_defaults(void **state)
{
	static const struct {
		const char *hash;
		int         want;
	} cases[] = {
		{ LN10, 1 },
		{ LN11, 1 },
		{ WITH("ln=14,r=8,p=1"), 1 },
		{ WITH("ln=15,r=7,p=1"), 1 },
		{ WITH("ln=15,r=8,p=1"), 0 },
		{ WITH("ln=16,r=8,p=1"), 0 },
		{ WITH("ln=15,r=16,p=2"), 0 },
	};
	char   h[PSEUDO_PASSWORD_HASH_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (pseudo_password_needs_rehash(cases[i].hash) !=
		    cases[i].want)
			fail_msg("%s: want %d", cases[i].hash, cases[i].want);
	}
	assert_int_equal(pseudo_password_hash("x", h, sizeof(h)), 0);
	assert_int_equal(pseudo_password_needs_rehash(h), 0);
}

static void
test_password_dummy_is_a_valid_hash(void **state)
{
	static const char *const guesses[] = { "", "password", "dummy",
		"Kiesel-Ampel-Brot-17" };
	const char              *d;
	size_t                   i;

	(void)state;
	assert_non_null(d = pseudo_password_dummy());
	assert_ptr_equal(pseudo_password_dummy(), d);
	assert_int_equal(pseudo_password_needs_rehash(d), 0);
	for (i = 0; i < sizeof(guesses) / sizeof(guesses[0]); i++)
		assert_int_equal(pseudo_password_verify(guesses[i], d), 0);
}

static void
test_password_policy_accepts_good_passwords(void **state)
{
	static const struct {
		const char *pw;
		const char *user;
	} cases[] = {
		{ "Kiesel-Ampel-Brot-17", "mmuster" },
		{ "tr0mbone ruler 9 vanilla", "jdoe" },
		{ "Schranke Nord blau 4!", NULL },
		{ "correct horse battery staple", "admin" },
		{ "Kabel-Ampel-Brot", "ab" }, /* names under 3: no check */
		{ "ab-Ampel-Brot-cd", "ab" },
		{ "Tor-j\303\266-Nord-Ampel", "J\303\266" }, /* 2 characters */
		{ "\xc3\x84\xc3\x96\xc3\x9c\xc3\x9f\xc3\xa9\xc3\xa8\xc3\xaa"
		  "\xc3\xab\xc3\xa7\xc3\xb1\xc3\xa5\xc3\xb8",
		    "user" }, /* 12 code points */
		{ "aaaaaaaaaaab", NULL },
		{ "8392057183920571", NULL },
		{ "passwort-fuer-tor-7", NULL },
	};
	const char *errstr;
	size_t      i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		errstr = NULL;
		if (pseudo_password_policy(cases[i].pw, cases[i].user,
		        &errstr) != 0)
			fail_msg("%s: %s", cases[i].pw, errstr);
	}
}

static void
test_password_policy_names_the_broken_rule(void **state)
{
	static const char short_[] = "password: at least 12 characters";
	static const char name[] = "password: must not contain the user name";
	static const char common[] = "password: too common";
	static const char repeat[] = "password: not one character repeated";
	static const char utf8[] = "password: invalid UTF-8";
	static const char ctrl[] = "password: no control characters";
	static const struct {
		const char *pw;
		const char *user;
		const char *want;
	} cases[] = {
		{ "", NULL, short_ },
		{ "short", NULL, short_ },
		{ "Kiesel-Amp1", NULL, short_ },
		{ "MMuster-Tor-2024", "mmuster", name },
		{ "xx-mmUSTER-yy-Tor", "MMuster", name },
		{ "Kabcel-Ampel-Brot", "abc", name },
		{ "Tor-j\xc3\xb6rg-Nord-7", "J\xc3\xb6rg", name },
		{ "qwertyuiop12", NULL, common },
		{ "PASSWORD1234", NULL, common },
		{ "123456789012", NULL, common },
		{ "iloveyou1234", NULL, common },
		{ "1q2w3e4r5t6y", NULL, common },
		{ "wachtwoord", NULL, short_ },
		{ "wachtwoord2024!", NULL, common },
		{ "Password2024!", NULL, common },
		{ "Dragon2024!!", NULL, common },
		{ "!!motdepasse", NULL, common },
		{ "!!password12", NULL, common },
		{ "2024 Schalke 04", NULL, common },
		{ "  haslo123456  ", NULL, common },
		{ "!!!!!!!bvb09", NULL, common }, /* leading removed only */
		{ "4dm1n2024!!!", NULL, common }, /* trailing removed only */
		{ "aaaaaaaaaaaa", NULL, repeat },
		{ "AaAaAaAaAaAa", NULL, repeat },
		{ "111111111111111", NULL, repeat },
		{ "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
		  "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4",
		    NULL, repeat },
		{ "Kiesel-Ampel\xff-Brot", NULL, utf8 },
		{ "\xc0\xafKiesel-Ampel-Brot", NULL, utf8 },
		{ "Kiesel-\xed\xa0\x80-Ampel-Brot", NULL, utf8 },
		{ "Kiesel-\xf4\x90\x80\x80-Ampel-Brot", NULL, utf8 },
		{ "Kiesel-Ampel-Brot\xc3", NULL, utf8 },
		{ "Kiesel-Ampel-Brot\xe2\x82", NULL, utf8 },
		{ "Kiesel\tAmpel-Brot", NULL, ctrl },
		{ "Kiesel-Ampel-Brot\n", NULL, ctrl },
		{ "Kiesel-Ampel-Brot\x7f", NULL, ctrl },
		{ "Kiesel-\xc2\x85-Ampel-Brot", NULL, ctrl },
	};
	const char *errstr;
	size_t      i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		errstr = NULL;
		if (pseudo_password_policy(cases[i].pw, cases[i].user,
		        &errstr) != -1)
			fail_msg("accepted: %s", cases[i].pw);
		if (errstr == NULL || strcmp(errstr, cases[i].want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].pw,
			    errstr == NULL ? "(null)" : errstr, cases[i].want);
	}
}

/* 11 code points fail, 12 pass, however many bytes each takes. */
static void
test_password_policy_counts_code_points(void **state)
{
	static const struct {
		const char *pw;
		int         want;
	} cases[] = {
		{ "Gr\303\274\303\237e-Tor-7",
		    -1 }, /* 11 code points, 13 bytes */
		{ "Gr\303\274\303\237e-Tor-77", 0 },
		{ "\xe2\x82\xac\xe2\x82\xac-Tor-Nord", -1 }, /* 11, 17 bytes */
		{ "\xe2\x82\xac\xe2\x82\xac-Tor-Nord7", 0 },
		{ "\xf0\x9f\x9a\x97\xf0\x9f\x85\xbf Tor Nord", -1 }, /* 11 */
		{ "\xf0\x9f\x9a\x97\xf0\x9f\x85\xbf Tor Nord!", 0 },
		{ "Kiesel-Amp1", -1 },
		{ "Kiesel-Amp12", 0 },
	};
	const char *errstr;
	size_t      i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (pseudo_password_policy(cases[i].pw, NULL, &errstr) !=
		    cases[i].want)
			fail_msg("%s: want %d", cases[i].pw, cases[i].want);
	}
}

static void
test_password_policy_bounds_bytes(void **state)
{
	char        pw[PSEUDO_PASSWORD_MAX_BYTES + 2];
	const char *errstr = NULL;
	size_t      i;

	(void)state;
	for (i = 0; i < sizeof(pw) - 1; i++)
		pw[i] = (char)('a' + i % 26);
	pw[sizeof(pw) - 1] = '\0';
	/* 257 bytes. */
	assert_int_equal(pseudo_password_policy(pw, NULL, &errstr), -1);
	assert_string_equal(errstr, "password: at most 256 bytes");
	pw[PSEUDO_PASSWORD_MAX_BYTES] = '\0';
	assert_int_equal(pseudo_password_policy(pw, NULL, &errstr), 0);
}

static void
test_password_list_is_sorted_lower_case(void **state)
{
	const char *p;
	size_t      i;

	(void)state;
	assert_true(pseudo_ncommon_passwords >= 500);
	for (i = 0; i < pseudo_ncommon_passwords; i++) {
		for (p = pseudo_common_passwords[i]; *p != '\0'; p++) {
			if (*p < ' ' || *p > '~' || (*p >= 'A' && *p <= 'Z'))
				fail_msg("entry %s",
				    pseudo_common_passwords[i]);
		}
		if (i > 0 &&
		    strcmp(pseudo_common_passwords[i - 1],
		        pseudo_common_passwords[i]) >= 0)
			fail_msg("not sorted: %s", pseudo_common_passwords[i]);
	}
}

static int
is_letter(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/*
 * Every entry is refused (the bisection finds first and last too).  An
 * entry that starts and ends with a letter is refused as common with
 * digits and punctuation added on either side, which makes it long enough.
 */
static void
test_password_policy_refuses_every_list_entry(void **state)
{
	static const char *const fmt[] = { "%s2024!!!!!!!!", "!!!!!!!!2024%s",
		"12 %s 34!!!!!!" };
	char                     pw[PSEUDO_PASSWORD_MAX_BYTES + 1];
	const char              *e, *errstr;
	size_t                   i, j, len;
	int                      n;

	(void)state;
	for (i = 0; i < pseudo_ncommon_passwords; i++) {
		e = pseudo_common_passwords[i];
		if (pseudo_password_policy(e, NULL, &errstr) != -1)
			fail_msg("accepted: %s", e);
		len = strlen(e);
		if (!is_letter(e[0]) || !is_letter(e[len - 1]))
			continue;
		for (j = 0; j < sizeof(fmt) / sizeof(fmt[0]); j++) {
			n = snprintf(pw, sizeof(pw), fmt[j], e);
			assert_true(n > 0 && (size_t)n < sizeof(pw));
			errstr = NULL;
			if (pseudo_password_policy(pw, NULL, &errstr) != -1 ||
			    strcmp(errstr, "password: too common") != 0)
				fail_msg("%s: %s", pw, errstr);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_round_trips),
		cmocka_unit_test(test_password_hash_has_the_stored_format),
		cmocka_unit_test(test_password_hash_rejects_small_buffer),
		cmocka_unit_test(test_password_hash_salts_each_hash),
		cmocka_unit_test(test_password_verify_rejects_wrong_password),
		cmocka_unit_test(test_password_verify_honours_stored_params),
		cmocka_unit_test(test_password_verify_rejects_malformed),
		cmocka_unit_test(test_password_needs_rehash_below_defaults),
		cmocka_unit_test(test_password_dummy_is_a_valid_hash),
		cmocka_unit_test(test_password_policy_accepts_good_passwords),
		cmocka_unit_test(test_password_policy_names_the_broken_rule),
		cmocka_unit_test(test_password_policy_counts_code_points),
		cmocka_unit_test(test_password_policy_bounds_bytes),
		cmocka_unit_test(test_password_list_is_sorted_lower_case),
		cmocka_unit_test(test_password_policy_refuses_every_list_entry),
	};

	return (
	    cmocka_run_group_tests_name("pseudo_password", tests, NULL, NULL));
}
