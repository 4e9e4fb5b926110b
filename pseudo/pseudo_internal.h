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

#endif /* PSEUDO_INTERNAL_H */
