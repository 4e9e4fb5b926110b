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
 * The audit log's hash chain (api_audit_chain.c, pure).  An entry's hash
 * is SHA-256(prev_hash || canonical), canonical being "<byte length>:
 * <value>;" for each of tenant_id (decimal), at ("YYYY-MM-DD
 * HH:MM:SS.ffffff", UTC), actor, action, object, outcome, details, in that
 * order: the length prefixes make it unambiguous.
 */

#ifndef API_AUDIT_CHAIN_H
#define API_AUDIT_CHAIN_H

#define API_AUDIT_HASH_LEN 32
#define API_AUDIT_FIELDS   7

/* out = the entry's hash; 0, or -1 on an OpenSSL failure. */
int api_audit_hash(const unsigned char *, const char *const *, unsigned char *);

#endif /* API_AUDIT_CHAIN_H */
