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
 * List entries as stored (api_import.c): a plate sealed and tokenised,
 * one at a time (POST /api/v1/lists/{id}/entries) or from a CSV import,
 * and unsealed again for the roles that may see it.  Pure C, no kore:
 * the import runs on a work thread (kore/app_work.c), and is unit tested on its
 * own.
 */

#ifndef API_IMPORT_H
#define API_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../pseudo/pseudo.h"

/* What a CSV import takes: its header, and at most this many entries. */
#define API_IMPORT_HEADER    "plate,country,valid_from,valid_to,time_profile,label"
#define API_IMPORT_LINES_MAX 20000
#define API_IMPORT_COLUMNS   6
#define API_LABEL_MAX        128
#define API_PROFILE_NAME_MAX 64

/*
 * The keys of one list's entries: the sealing key (purpose "list") and
 * the match key (purpose "match") of (tenant, key version), and the aad
 * that binds a sealed plate to its tenant and list.  Wipe with
 * api_entry_keys_wipe().
 */
struct api_entry_keys {
	struct pseudo_key seal;
	struct pseudo_key match;
	char              aad[96];
	size_t            aadlen;
};

/* One entry ready to be stored: nothing in it is plaintext. */
struct api_entry {
	unsigned char sealed[PSEUDO_PLATE_MAX + PSEUDO_SEAL_OVERHEAD];
	size_t        sealedlen;
	unsigned char tok[1 + PSEUDO_NEIGHBOURS_MAX][PSEUDO_TOKEN_LEN];
	size_t        ntok; /* tok[0]: the skeleton's (exact) */
	char          country[PSEUDO_COUNTRY_MAX + 1]; /* "": none */
	char          from[20], to[20]; /* DATETIME in UTC; "": open */
	int64_t       profile; /* a time profile's id; 0: none */
	char          label[API_LABEL_MAX + 1];
};

/* A time profile's id and name, as an import may name it. */
struct api_profile_name {
	int64_t id;
	char    name[API_PROFILE_NAME_MAX + 1];
};

/* Why an import was refused: the status (400, 413, 422), where, what. */
struct api_import_err {
	int    status;
	size_t line; /* 0: the file as a whole */
	char   code[32];
	char   column[16]; /* "" when not one column's fault */
	char   message[160]; /* "line 3: valid_from: ..." */
};

/*
 * Derive the keys of the list (tenant, list) under key version version
 * from the master key that version was made under (app_master_key();
 * NULL gives -1).  Returns 0, or -1 (keys wiped).
 */
/* A column of a list_entries e query: the master of e's key version. */
#define ENTRY_MASTER                                                           \
	"COALESCE((SELECT k.master_id FROM tenant_keys k WHERE "               \
	"k.tenant_id = e.tenant_id AND k.version = e.key_version), 0)"

int  api_entry_keys(const struct pseudo_key *, int64_t, uint32_t, int64_t,
     struct api_entry_keys *);
void api_entry_keys_wipe(struct api_entry_keys *);

/*
 * api_entry_plate(keys, text, len, country, e, &why): the plate
 * text[0..len) read in country (a pseudo_country() code or ""):
 * canonicalised, sealed into e->sealed and tokenised (its skeleton and
 * one-deletion neighbourhood) into e->tok.  Every plaintext copy is wiped.
 * Returns 0, 1 for a plate that is not one (*why: pseudo's message,
 * "text: ..."), -1 when sealing failed (*why set).
 */
int api_entry_plate(const struct api_entry_keys *, const char *, size_t,
    const char *, struct api_entry *, const char **);

/*
 * Unseal sealed[0..len) with keys into out[0..outlen) as a C string
 * (outlen at least PSEUDO_PLATE_MAX + 1).  Returns 0, or -1 (out "").
 * The caller wipes out.
 */
int api_entry_unseal(const struct api_entry_keys *, const void *, size_t,
    char *, size_t);

/*
 * api_import_parse(csv, len, keys, profiles, nprofiles, &entries, &n,
 * &err): a CSV import, all or nothing.  The first record is the header
 * API_IMPORT_HEADER; each other record (empty lines are skipped) is one
 * entry: plate (required), country, valid_from and valid_to (RFC 3339
 * with an offset; to after from), time_profile (a name in
 * profiles[0..nprofiles)), label (at most API_LABEL_MAX bytes).  At
 * most API_IMPORT_LINES_MAX entries.
 *
 * Returns 0 with *entries (malloc'd, free with api_import_free()) and *n;
 * or -1 with *err filled (400 for malformed CSV and bad values, 413 for
 * too many entries, 422 for an unknown time profile, 500 when sealing or
 * memory failed) and nothing allocated.  The message names the line and
 * column, never the plate.  Plaintext copies are wiped; csv itself is the
 * caller's to wipe.
 */
int api_import_parse(const char *, size_t, const struct api_entry_keys *,
    const struct api_profile_name *, size_t, struct api_entry **, size_t *,
    struct api_import_err *);

/* Wipe and free entries[0..n); NULL is fine. */
void api_import_free(struct api_entry *, size_t);

#endif /* API_IMPORT_H */
