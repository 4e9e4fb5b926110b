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
 * Re-keying list entries (api_rekey.h).
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_import.h"
#include "api_rekey.h"

struct sbuf {
	char  *s;
	size_t len, cap;
};

static int
sb_add(struct sbuf *b, const char *s, size_t n)
{
	char  *p;
	size_t cap;

	if (b->len + n + 1 > b->cap) {
		cap = b->cap == 0 ? 4096 : b->cap;
		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->s, cap)) == NULL)
			return (-1);
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';

	return (0);
}

static int
sb_hex(struct sbuf *b, const unsigned char *d, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char              two[2];
	size_t            i;

	for (i = 0; i < n; i++) {
		two[0] = hex[d[i] >> 4];
		two[1] = hex[d[i] & 15];
		if (sb_add(b, two, 2) == -1)
			return (-1);
	}
	return (0);
}

/* One entry into the chunk's two arrays; first: the chunk's first. */
static int
add_entry(struct sbuf *sealed, struct sbuf *tokens, int64_t id,
    const struct api_entry *e, int first)
{
	char   num[32];
	size_t i;
	int    n;

	n = snprintf(num, sizeof(num), "%s[%" PRId64 ",\"", first ? "[" : ",",
	    id);
	if (sb_add(sealed, num, (size_t)n) == -1 ||
	    sb_hex(sealed, e->sealed, e->sealedlen) == -1 ||
	    sb_add(sealed, "\"]", 2) == -1)
		return (-1);
	for (i = 0; i < e->ntok; i++) {
		n = snprintf(num, sizeof(num), "%s[%" PRId64 ",\"",
		    first && i == 0 ? "[" : ",", id);
		if (sb_add(tokens, num, (size_t)n) == -1 ||
		    sb_hex(tokens, e->tok[i], PSEUDO_TOKEN_LEN) == -1 ||
		    sb_add(tokens, i == 0 ? "\",1]" : "\",0]", 4) == -1)
			return (-1);
	}
	return (0);
}

/* Keys of (list, version), kept while entries of one list follow. */
struct keyslot {
	int                   valid;
	int64_t               list;
	uint32_t              version;
	struct api_entry_keys k;
};

static const struct api_entry_keys *
keys_for(struct keyslot *ks, const struct pseudo_key *master, int64_t tenant,
    uint32_t version, int64_t list)
{
	if (ks->valid && ks->list == list && ks->version == version)
		return (&ks->k);
	api_entry_keys_wipe(&ks->k);
	ks->valid = api_entry_keys(master, tenant, version, list, &ks->k) == 0;
	ks->list = list;
	ks->version = version;
	return (ks->valid ? &ks->k : NULL);
}

int
api_rekey(const struct pseudo_key *from_master,
    const struct pseudo_key *to_master, int64_t tenant, uint32_t to,
    const struct api_rekey_in *in, size_t n, struct api_rekey *out, size_t *bad)
{
	const struct api_entry_keys *ko, *kn;
	struct keyslot               from, into;
	struct api_entry             e;
	struct sbuf                  s, t;
	char                         plate[PSEUDO_PLATE_MAX + 1];
	const char                  *why;
	size_t                       i, k, nchunks;
	int                          rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&from, 0, sizeof(from));
	memset(&into, 0, sizeof(into));
	memset(&s, 0, sizeof(s));
	memset(&t, 0, sizeof(t));
	*bad = n;
	nchunks = (n + API_REKEY_CHUNK - 1) / API_REKEY_CHUNK;
	if (nchunks > 0 &&
	    ((out->sealed = calloc(nchunks, sizeof(char *))) == NULL ||
	        (out->tokens = calloc(nchunks, sizeof(char *))) == NULL)) {
		api_rekey_free(out);
		return (-1);
	}
	out->nchunks = nchunks;
	for (i = 0, k = 0; i < n && rc == 0; i++) {
		memset(&e, 0, sizeof(e));
		ko = keys_for(&from, from_master, tenant, in[i].version,
		    in[i].list);
		kn = keys_for(&into, to_master, tenant, to, in[i].list);
		if (ko == NULL || kn == NULL) {
			rc = -1;
			break;
		}
		if (api_entry_unseal(ko, in[i].sealed, in[i].sealedlen, plate,
		        sizeof(plate)) == -1 ||
		    api_entry_plate(kn, plate, strlen(plate), in[i].country, &e,
		        &why) != 0) {
			*bad = i;
			rc = -1;
		} else if (add_entry(&s, &t, in[i].id, &e,
		               i % API_REKEY_CHUNK == 0) == -1) {
			rc = -1;
		}
		out->ntokens += e.ntok;
		explicit_bzero(plate, sizeof(plate));
		explicit_bzero(&e, sizeof(e));
		if (rc == 0 &&
		    (i % API_REKEY_CHUNK == API_REKEY_CHUNK - 1 ||
		        i == n - 1)) {
			if (sb_add(&s, "]", 1) == -1 ||
			    sb_add(&t, "]", 1) == -1) {
				rc = -1;
				break;
			}
			out->sealed[k] = s.s;
			out->tokens[k++] = t.s;
			memset(&s, 0, sizeof(s));
			memset(&t, 0, sizeof(t));
		}
	}
	api_entry_keys_wipe(&from.k);
	api_entry_keys_wipe(&into.k);
	free(s.s);
	free(t.s);
	if (rc != 0) {
		api_rekey_free(out);
		return (-1);
	}
	*bad = 0;

	return (0);
}

void
api_rekey_free(struct api_rekey *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nchunks; i++) {
		if (r->sealed != NULL)
			free(r->sealed[i]);
		if (r->tokens != NULL)
			free(r->tokens[i]);
	}
	free(r->sealed);
	free(r->tokens);
	memset(r, 0, sizeof(*r));
}
