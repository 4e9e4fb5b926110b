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
 * CIDR networks (192.0.2.0/24, 2001:db8::/32) that API keys are scoped
 * to, and the test whether a client address lies inside one.  Pure C,
 * no kore (api_net.c).
 */

#ifndef API_NET_H
#define API_NET_H

#include <sys/socket.h>

#include <netinet/in.h>

#include <stddef.h>

/* Enough for api_net_format() of any network, NUL included. */
#define API_NET_STRLEN (INET6_ADDRSTRLEN + 4)

struct api_net {
	int           family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	unsigned int  prefix;
};

/*
 * Parse s, "192.0.2.0/24", "2001:db8::/32", or a bare address (/32 or
 * /128), into *out.  Returns 0, or -1 when s is anything else: a
 * prefix out of range or with leading zeros, host bits set after the
 * prefix ("192.0.2.1/24"), whitespace, a zone ("fe80::1%eth0").
 */
int api_net_parse(const char *, struct api_net *);

/*
 * The canonical text of n (inet_ntop(3) and "/prefix") in buf[0..buflen).
 * Returns buf, or NULL when buflen is too small (API_NET_STRLEN is always
 * enough) or n is not a valid network.
 */
const char *api_net_format(const struct api_net *, char *, size_t);

/*
 * 1 when the address text addr (IPv4 or IPv6, no prefix) lies inside n,
 * else 0, also for an addr that does not parse.  An IPv4-mapped address
 * (::ffff:192.0.2.1) is the IPv4 address it carries, and an IPv4 address
 * is also its mapped IPv6 form, so a client matches the same networks
 * whether it arrives on an IPv4 or a dual-stack socket.
 */
int api_net_contains(const struct api_net *, const char *);

#endif /* API_NET_H */
