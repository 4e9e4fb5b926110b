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

/* Shared between the files of pseudo/ only; nothing outside includes it. */

#ifndef PSEUDO_INTERNAL_H
#define PSEUDO_INTERNAL_H

#include <openssl/params.h>

#include <stddef.h>

/*
 * Run the OpenSSL KDF called name ("HKDF", "SCRYPT") with params into
 * out[0..len).  Returns 0, or -1 when OpenSSL fails.  Fetches the
 * algorithm on every call, so any thread may call it.
 */
int pseudo_kdf(const char *, const OSSL_PARAM *, unsigned char *, size_t);

/*
 * Write in[0..len) as symbols of width bits (5 or 6) from the alphabet
 * abc into out, NUL-terminated, without padding; out holds
 * (len * 8 + width - 1) / width + 1 bytes (pseudo_encode.c).
 */
void pseudo_bits_encode(const unsigned char *, size_t, const char *,
    unsigned int, char *);

/*
 * Decode s[0..len) of width-bit symbols into out[0..outsize), the length
 * in *outlen.  value(c) gives a character's symbol value, -1 for a
 * character that is refused, -2 for one that is skipped.  Fails (-1,
 * out wiped) on a refused character, output past outsize, a whole
 * symbol left over, or non-zero left-over bits.
 */
int pseudo_bits_decode(const char *, size_t, int (*)(int), unsigned int,
    unsigned char *, size_t, size_t *);

#endif /* PSEUDO_INTERNAL_H */
