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
 * totp-code SECRET [UNIX_TIME]: print the TOTP code (RFC 6238, SHA-1,
 * 30 s, 6 digits) of a base32 secret, for the integration tests' logins.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../pseudo/pseudo.h"

int
main(int argc, char **argv)
{
	unsigned char secret[64];
	char          code[16];
	size_t        len;
	uint64_t      t;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: totp-code secret [unix-time]\n");
		return (2);
	}
	t = argc == 3 ? strtoull(argv[2], NULL, 10) : (uint64_t)time(NULL);
	if (pseudo_base32_decode(argv[1], secret, sizeof(secret), &len) == -1 ||
	    pseudo_totp_code(secret, len, t, 30, 6, code, sizeof(code)) == -1) {
		fprintf(stderr, "totp-code: bad secret\n");
		return (1);
	}
	printf("%s\n", code);

	return (0);
}
