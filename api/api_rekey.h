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
 * Key rotation of list entries (issue 6, api/api_keyrot.c): a tenant's
 * entries, each sealed and tokenised under the key version it was made
 * with, unsealed and made again under the new version, as the JSON
 * chunks one transaction stores.  Pure C, no kore: it runs on a work
 * thread, and is unit tested on its own.
 */

#ifndef API_REKEY_H
#define API_REKEY_H

#include <stddef.h>
#include <stdint.h>

#include "../pseudo/pseudo.h"

/* Entries per chunk: one UPDATE and one INSERT of tokens each. */
#define API_REKEY_CHUNK 1000

/* One stored entry. */
struct api_rekey_in {
	int64_t              id, list;
	uint32_t             version;
	const unsigned char *sealed;
	size_t               sealedlen;
	const char          *country; /* "" when none */
};

/*
 * The chunks: sealed[k], a JSON array [[id,"<sealed hex>"],…], and
 * tokens[k], [[id,"<token hex>",is_exact],…], for entries
 * k * API_REKEY_CHUNK onwards.  Free with api_rekey_free().
 */
struct api_rekey {
	char **sealed;
	char **tokens;
	size_t nchunks;
	size_t ntokens;
};

/*
 * api_rekey(master, tenant, to, in, n, out, &bad): every entry of
 * in[0..n) unsealed with the keys of its own version and list, sealed
 * and tokenised again under version to.  Plaintext is wiped.  Returns 0;
 * -1 with *bad the index of an entry that would not unseal (or was not a
 * plate any more), or *bad = n for memory or OpenSSL failures; *out is
 * then empty.
 */
int  api_rekey(const struct pseudo_key *, int64_t, uint32_t,
     const struct api_rekey_in *, size_t, struct api_rekey *, size_t *);
void api_rekey_free(struct api_rekey *);

#endif /* API_REKEY_H */
