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
 * api/api_net.c: API keys are scoped to networks, so a network must
 * parse exactly as written or not at all, and the match must hold for
 * IPv4, IPv6 and IPv4 clients on dual-stack sockets.
 */

#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_net.h"

static void
test_net_parse_and_format_canonical(void **state)
{
	static const struct {
		const char  *in;
		int          family;
		unsigned int prefix;
		const char  *text;
	} cases[] = {
		{ "192.0.2.0/24", AF_INET, 24, "192.0.2.0/24" },
		{ "192.0.2.1", AF_INET, 32, "192.0.2.1/32" },
		{ "192.0.2.1/32", AF_INET, 32, "192.0.2.1/32" },
		{ "0.0.0.0/0", AF_INET, 0, "0.0.0.0/0" },
		{ "10.0.0.0/8", AF_INET, 8, "10.0.0.0/8" },
		{ "172.16.0.0/12", AF_INET, 12, "172.16.0.0/12" },
		{ "192.0.2.128/25", AF_INET, 25, "192.0.2.128/25" },
		{ "255.255.255.255/32", AF_INET, 32, "255.255.255.255/32" },
		{ "2001:db8::/32", AF_INET6, 32, "2001:db8::/32" },
		{ "2001:DB8:0:0::/64", AF_INET6, 64, "2001:db8::/64" },
		{ "2001:0db8:0000:0000:0000:0000:0000:0001", AF_INET6, 128,
		    "2001:db8::1/128" },
		{ "::1", AF_INET6, 128, "::1/128" },
		{ "::/0", AF_INET6, 0, "::/0" },
		{ "fe80::/10", AF_INET6, 10, "fe80::/10" },
		{ "::ffff:192.0.2.0/120", AF_INET6, 120,
		    "::ffff:192.0.2.0/120" },
		{ "2001:db8::8000/113", AF_INET6, 113, "2001:db8::8000/113" },
	};
	struct api_net n;
	char           buf[API_NET_STRLEN];
	size_t         i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (api_net_parse(cases[i].in, &n) != 0)
			fail_msg("refused %s", cases[i].in);
		assert_int_equal(n.family, cases[i].family);
		assert_int_equal(n.prefix, cases[i].prefix);
		assert_ptr_equal(api_net_format(&n, buf, sizeof(buf)), buf);
		assert_string_equal(buf, cases[i].text);
	}
}

static void
test_net_parse_rejects_garbage(void **state)
{
	static const char *bad[] = {
		"",
		"/24",
		"192.0.2.0/",
		"192.0.2.1/24", /* host bits */
		"192.0.2.128/24",
		"10.0.0.1/8",
		"0.0.0.1/0",
		"192.0.2.0/33",
		"192.0.2.0/-1",
		"192.0.2.0/+24",
		"192.0.2.0/024",
		"192.0.2.0/24/24",
		"192.0.2.0/24 ",
		" 192.0.2.0/24",
		"192.0.2.0 /24",
		"192.0.2.0/ 24",
		"192.0.2.0/2 4",
		"192.0.2.0/24\n",
		"192.0.2.0/0x18",
		"192.0.2.0/1000",
		"192.0.2.0/4294967320",
		"192.0.2",
		"192.0.2.0.0",
		"192.0.2.256",
		"192.000.2.0",
		"0x7f.0.0.1",
		"2001:db8::1/32", /* host bits */
		"2001:db8::/129",
		"2001:db8:::/32",
		"2001:db8::g/128",
		"fe80::1%eth0",
		"fe80::1%eth0/128",
		"[::1]",
		"::1/128 ",
		"localhost",
		"1::2::3",
		"1:2:3:4:5:6:7:8:9",
		"1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17:18:19:20/128",
	};
	struct api_net n;
	size_t         i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (api_net_parse(bad[i], &n) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	assert_int_equal(api_net_parse(NULL, &n), -1);
	assert_int_equal(api_net_parse("192.0.2.0/24", NULL), -1);
}

static void
test_net_contains_matches_prefix(void **state)
{
	static const struct {
		const char *net;
		const char *addr;
		int         want;
	} cases[] = {
		{ "192.0.2.0/24", "192.0.2.0", 1 },
		{ "192.0.2.0/24", "192.0.2.77", 1 },
		{ "192.0.2.0/24", "192.0.2.255", 1 },
		{ "192.0.2.0/24", "192.0.3.0", 0 },
		{ "192.0.2.0/24", "192.0.1.255", 0 },
		{ "192.0.2.128/25", "192.0.2.128", 1 },
		{ "192.0.2.128/25", "192.0.2.127", 0 },
		{ "192.0.2.1", "192.0.2.1", 1 },
		{ "192.0.2.1/32", "192.0.2.2", 0 },
		{ "0.0.0.0/0", "203.0.113.9", 1 },
		{ "0.0.0.0/0", "255.255.255.255", 1 },
		{ "0.0.0.0/0", "2001:db8::1", 0 },
		{ "2001:db8::/32", "2001:db8::1", 1 },
		{ "2001:db8::/32", "2001:db8:ffff:ffff::1", 1 },
		{ "2001:db8::/32", "2001:db9::", 0 },
		{ "2001:db8::/32", "192.0.2.1", 0 },
		{ "2001:db8::8000/113", "2001:db8::ffff", 1 },
		{ "2001:db8::8000/113", "2001:db8::7fff", 0 },
		{ "::1", "::1", 1 },
		{ "::1/128", "::2", 0 },
		{ "::1/128", "::", 0 },
		{ "::/0", "2001:db8::1", 1 },
		/* An IPv4 client on a dual-stack socket. */
		{ "192.0.2.0/24", "::ffff:192.0.2.9", 1 },
		{ "192.0.2.0/24", "::FFFF:c000:209", 1 },
		{ "192.0.2.0/24", "::ffff:192.0.3.9", 0 },
		{ "0.0.0.0/0", "::ffff:10.0.0.1", 1 },
		{ "192.0.2.9", "::ffff:192.0.2.9", 1 },
		/* IPv4-compatible (::a.b.c.d) and NAT64 are not mapped. */
		{ "192.0.2.0/24", "::192.0.2.9", 0 },
		{ "192.0.2.0/24", "64:ff9b::192.0.2.9", 0 },
		/* ... and an IPv4 client is its mapped form for IPv6. */
		{ "::ffff:192.0.2.0/120", "192.0.2.9", 1 },
		{ "::ffff:192.0.2.0/120", "::ffff:192.0.2.9", 1 },
		{ "::ffff:192.0.2.0/120", "192.0.3.9", 0 },
		{ "::ffff:0:0/96", "10.1.2.3", 1 },
		{ "::/0", "10.1.2.3", 1 },
		{ "2001:db8::/32", "10.1.2.3", 0 },
		/* Addresses that do not parse never match. */
		{ "0.0.0.0/0", "", 0 },
		{ "0.0.0.0/0", "10.0.0.1/32", 0 },
		{ "0.0.0.0/0", " 10.0.0.1", 0 },
		{ "0.0.0.0/0", "10.0.0.1 ", 0 },
		{ "0.0.0.0/0", "10.0.0", 0 },
		{ "0.0.0.0/0", "010.0.0.1", 0 },
		{ "::/0", "::1%lo", 0 },
		{ "::/0", "::g", 0 },
		{ "::/0", "unknown", 0 },
	};
	struct api_net n;
	size_t         i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (api_net_parse(cases[i].net, &n) != 0)
			fail_msg("refused %s", cases[i].net);
		if (api_net_contains(&n, cases[i].addr) != cases[i].want)
			fail_msg("%s in %s: want %d", cases[i].addr,
			    cases[i].net, cases[i].want);
	}
	assert_int_equal(api_net_contains(&n, NULL), 0);
	assert_int_equal(api_net_contains(NULL, "::1"), 0);
}

static void
test_net_format_checks_buffer(void **state)
{
	static const char longest[] =
	    "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
	struct api_net n;
	char           buf[API_NET_STRLEN];

	(void)state;
	assert_int_equal(api_net_parse("192.0.2.0/24", &n), 0);
	assert_non_null(api_net_format(&n, buf, 13)); /* "192.0.2.0/24" */
	assert_string_equal(buf, "192.0.2.0/24");
	assert_null(api_net_format(&n, buf, 12));
	assert_null(api_net_format(&n, buf, 0));
	assert_null(api_net_format(&n, NULL, 0));

	/* The longest text fits API_NET_STRLEN. */
	assert_int_equal(api_net_parse(longest, &n), 0);
	assert_non_null(api_net_format(&n, buf, sizeof(buf)));
	assert_string_equal(buf, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	assert_int_equal(api_net_parse("::ffff:255.255.255.255", &n), 0);
	assert_non_null(api_net_format(&n, buf, sizeof(buf)));

	/* Nonsense that did not come from api_net_parse(). */
	memset(&n, 0, sizeof(n));
	assert_null(api_net_format(&n, buf, sizeof(buf)));
	n.family = AF_INET;
	n.prefix = 33;
	assert_null(api_net_format(&n, buf, sizeof(buf)));
	assert_int_equal(api_net_contains(&n, "0.0.0.0"), 0);
	n.family = AF_INET6;
	n.prefix = 129;
	assert_null(api_net_format(&n, buf, sizeof(buf)));
	assert_int_equal(api_net_contains(&n, "::"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_net_parse_and_format_canonical),
		cmocka_unit_test(test_net_parse_rejects_garbage),
		cmocka_unit_test(test_net_contains_matches_prefix),
		cmocka_unit_test(test_net_format_checks_buffer),
	};

	return (cmocka_run_group_tests_name("api_net", tests, NULL, NULL));
}
