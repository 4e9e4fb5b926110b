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
 * CIDR networks for API key scoping: parsing with inet_pton(3), which
 * takes only the strict forms (no whitespace, no leading zeros in IPv4,
 * no zones), formatting with inet_ntop(3), and the prefix match.  Pure
 * C, no kore.
 */

#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "api_net.h"

static int  parse_addr(const char *, size_t, int *, unsigned char *);
static int  parse_prefix(const char *, unsigned int, unsigned int *);
static int  prefix_match(const unsigned char *, const unsigned char *,
     unsigned int);
static int  host_bits_clear(const unsigned char *, size_t, unsigned int);
static void to_mapped(const unsigned char *, unsigned char *);

/* The first 96 bits of an IPv4-mapped IPv6 address (RFC 4291 2.5.5.2). */
static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
	0xff };

int
api_net_parse(const char *s, struct api_net *out)
{
	const char    *slash;
	struct api_net n;
	size_t         alen;
	unsigned int   max;

	if (s == NULL || out == NULL)
		return (-1);
	memset(&n, 0, sizeof(n));
	slash = strchr(s, '/');
	alen = slash != NULL ? (size_t)(slash - s) : strlen(s);
	if (parse_addr(s, alen, &n.family, n.addr) == -1)
		return (-1);

	max = n.family == AF_INET ? 32 : 128;
	n.prefix = max;
	if (slash != NULL && parse_prefix(slash + 1, max, &n.prefix) == -1)
		return (-1);

	/* "192.0.2.1/24" is a typo or a misunderstanding: refuse it. */
	if (!host_bits_clear(n.addr, max / 8, n.prefix))
		return (-1);
	*out = n;

	return (0);
}

const char *
api_net_format(const struct api_net *n, char *buf, size_t buflen)
{
	char addr[INET6_ADDRSTRLEN];
	int  r;

	if (n == NULL || buf == NULL ||
	    (n->family == AF_INET && n->prefix > 32) ||
	    (n->family == AF_INET6 && n->prefix > 128) ||
	    (n->family != AF_INET && n->family != AF_INET6))
		return (NULL);
	if (inet_ntop(n->family, n->addr, addr, sizeof(addr)) == NULL)
		return (NULL);
	r = snprintf(buf, buflen, "%s/%u", addr, n->prefix);
	if (r < 0 || (size_t)r >= buflen)
		return (NULL);

	return (buf);
}

int
api_net_contains(const struct api_net *n, const char *addr)
{
	unsigned char a[16], v6[16];
	int           family;

	if (n == NULL || addr == NULL ||
	    parse_addr(addr, strlen(addr), &family, a) == -1)
		return (0);

	if (family == AF_INET6 && memcmp(a, mapped, sizeof(mapped)) == 0) {
		memmove(a, a + 12, 4);
		family = AF_INET;
	}
	if (n->family == AF_INET && n->prefix <= 32) {
		if (family != AF_INET)
			return (0);
		return (prefix_match(n->addr, a, n->prefix));
	}
	if (n->family == AF_INET6 && n->prefix <= 128) {
		if (family == AF_INET) {
			to_mapped(a, v6);
			return (prefix_match(n->addr, v6, n->prefix));
		}
		return (prefix_match(n->addr, a, n->prefix));
	}

	return (0);
}

/*
 * The address s[0..len) into *family and addr (4 or 16 bytes): IPv6
 * when it has a colon.  Returns 0 or -1.
 */
static int
parse_addr(const char *s, size_t len, int *family, unsigned char *addr)
{
	char text[INET6_ADDRSTRLEN];

	if (len == 0 || len >= sizeof(text))
		return (-1);
	memcpy(text, s, len);
	text[len] = '\0';
	*family = memchr(text, ':', len) != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(*family, text, addr) != 1)
		return (-1);

	return (0);
}

/* The decimal prefix length s, 0..max, no sign, no leading zero. */
static int
parse_prefix(const char *s, unsigned int max, unsigned int *prefix)
{
	unsigned int v = 0;
	size_t       i;

	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return (-1);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i == 3)
			return (-1);
		v = v * 10 + (unsigned int)(s[i] - '0');
	}
	if (v > max)
		return (-1);
	*prefix = v;

	return (0);
}

/* 1 when the first prefix bits of net and addr are equal, else 0. */
static int
prefix_match(const unsigned char *net, const unsigned char *addr,
    unsigned int prefix)
{
	unsigned int  full = prefix / 8, rest = prefix % 8;
	unsigned char mask;

	if (memcmp(net, addr, full) != 0)
		return (0);
	if (rest == 0)
		return (1);
	mask = (unsigned char)(0xff << (8 - rest));

	return ((net[full] & mask) == (addr[full] & mask));
}

/* 1 when every bit of addr[0..len) after the first prefix is 0. */
static int
host_bits_clear(const unsigned char *addr, size_t len, unsigned int prefix)
{
	size_t i = prefix / 8;

	if (prefix % 8 != 0) {
		if ((addr[i] & (0xff >> (prefix % 8))) != 0)
			return (0);
		i++;
	}
	for (; i < len; i++) {
		if (addr[i] != 0)
			return (0);
	}

	return (1);
}

/* The IPv4 address v4 as ::ffff:a.b.c.d. */
static void
to_mapped(const unsigned char *v4, unsigned char *v6)
{
	memcpy(v6, mapped, sizeof(mapped));
	memcpy(v6 + 12, v4, 4);
}
