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
 * Binary to text and back in groups of 5 or 6 bits: the one bit-packing
 * core under base32 (TOTP secrets) and base64 (scrypt strings).  Each
 * caller brings its alphabet and the value of each character.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pseudo.h"
#include "pseudo_internal.h"

void
pseudo_bits_encode(const unsigned char *in, size_t len, const char *abc,
    unsigned int width, char *out)
{
	uint32_t     acc = 0, mask = (1U << width) - 1;
	unsigned int bits = 0;
	size_t       i, n = 0;

	for (i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= width) {
			bits -= width;
			out[n++] = abc[(acc >> bits) & mask];
		}
		acc &= (1U << bits) - 1;
	}
	if (bits > 0)
		out[n++] = abc[(acc << (width - bits)) & mask];
	out[n] = '\0';
}

int
pseudo_bits_decode(const char *s, size_t len, int (*value)(int),
    unsigned int width, unsigned char *out, size_t outsize, size_t *outlen)
{
	uint32_t     acc = 0;
	unsigned int bits = 0;
	size_t       i, n = 0;
	int          v;

	for (i = 0; i < len; i++) {
		if ((v = value((unsigned char)s[i])) == -2)
			continue;
		if (v < 0)
			goto fail;
		acc = (acc << width) | (uint32_t)v;
		bits += width;
		if (bits >= 8) {
			if (n == outsize)
				goto fail;
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1U << bits) - 1;
		}
	}
	/*
	 * A whole symbol left over holds no byte, and left-over bits must
	 * be zero: every value has exactly one encoding.
	 */
	if (bits >= width || acc != 0)
		goto fail;
	*outlen = n;

	return (0);

fail:
	if (out != NULL && outsize > 0)
		explicit_bzero(out, outsize);

	return (-1);
}
