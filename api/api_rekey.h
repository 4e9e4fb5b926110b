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

/* At most this many entries are re-keyed in one rotation. */
#define API_REKEY_MAX 400000

/*
 * A rotation's statements (api_keyrot.c online, kore/app_keyring.c for a
 * master key's at start).  ENTRIES (tenant) reads one more than
 * API_REKEY_MAX to notice too many; in one transaction, BUMP (to, tenant,
 * from) first (its row lock serialises rotations), DROP_TOKENS (tenant),
 * then per chunk RESEAL (sealed JSON, to, tenant) and TOKENS (tenant,
 * tokens JSON).
 */
/* clang-format off */
#define API_REKEY_SQL_ENTRIES						\
	"SELECT id, list_id, key_version, plate_sealed, "		\
	"COALESCE(country, '') FROM list_entries WHERE tenant_id = ? "	\
	"ORDER BY list_id, id LIMIT 400001"
#define API_REKEY_SQL_BUMP						\
	"UPDATE tenant_settings SET key_version = ?, "			\
	"updated_at = UTC_TIMESTAMP(6) WHERE tenant_id = ? AND "	\
	"key_version = ?"
#define API_REKEY_SQL_DROP_TOKENS					\
	"DELETE FROM list_tokens WHERE tenant_id = ?"
#define API_REKEY_SQL_RESEAL						\
	"UPDATE list_entries e JOIN JSON_TABLE(?, '$[*]' COLUMNS (id "	\
	"BIGINT UNSIGNED PATH '$[0]', s VARCHAR(256) PATH '$[1]')) AS j " \
	"ON j.id = e.id SET e.plate_sealed = UNHEX(j.s), "		\
	"e.key_version = ? WHERE e.tenant_id = ?"
#define API_REKEY_SQL_TOKENS						\
	"INSERT INTO list_tokens (tenant_id, token, entry_id, is_exact) " \
	"SELECT ?, UNHEX(j.t), j.id, j.x FROM JSON_TABLE(?, '$[*]' "	\
	"COLUMNS (id BIGINT UNSIGNED PATH '$[0]', t CHAR(32) PATH "	\
	"'$[1]', x TINYINT PATH '$[2]')) AS j"
/* clang-format on */

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
 * api_rekey(from, to_master, tenant, to, in, n, out, &bad): every entry
 * of in[0..n) unsealed with the keys of its own version and list under
 * master from, sealed and tokenised again under version to of master
 * to_master (the same key for a tenant's rotation, the old and the new
 * one for a master key's).  Plaintext is wiped.  Returns 0;
 * -1 with *bad the index of an entry that would not unseal (or was not a
 * plate any more), or *bad = n for memory or OpenSSL failures; *out is
 * then empty.
 */
int  api_rekey(const struct pseudo_key *, const struct pseudo_key *, int64_t,
     uint32_t, const struct api_rekey_in *, size_t, struct api_rekey *,
     size_t *);
void api_rekey_free(struct api_rekey *);

#endif /* API_REKEY_H */
