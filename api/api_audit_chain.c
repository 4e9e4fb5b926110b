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
 * The audit chain's hash (migration 002's trigger audit_log_chain
 * computes it in SQL; this recomputes it to verify).  Pure: OpenSSL only.
 */

#include <openssl/evp.h>

#include <stdio.h>
#include <string.h>

#include "api_audit_chain.h"

static int
field(EVP_MD_CTX *md, const char *s)
{
	char   len[32];
	size_t n = strlen(s);
	int    l;

	l = snprintf(len, sizeof(len), "%zu:", n);
	return (EVP_DigestUpdate(md, len, (size_t)l) == 1 &&
	    EVP_DigestUpdate(md, s, n) == 1 &&
	    EVP_DigestUpdate(md, ";", 1) == 1);
}

int
api_audit_hash(const unsigned char *prev, const char *const *fields,
    unsigned char *out)
{
	EVP_MD_CTX  *md;
	unsigned int len = 0;
	int          i, ok;

	if ((md = EVP_MD_CTX_new()) == NULL)
		return (-1);
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(md, prev, API_AUDIT_HASH_LEN) == 1;
	for (i = 0; ok && i < API_AUDIT_FIELDS; i++)
		ok = field(md, fields[i]);
	ok = ok && EVP_DigestFinal_ex(md, out, &len) == 1 &&
	    len == API_AUDIT_HASH_LEN;
	EVP_MD_CTX_free(md);

	return (ok ? 0 : -1);
}
