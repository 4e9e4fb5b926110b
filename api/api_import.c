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
 * List entries as stored: the plate sealed (AES-256-GCM under a key per
 * tenant and key version, bound to tenant and list) and tokenised (its
 * skeleton and one-deletion neighbourhood under the tenant's match key),
 * one by one or a whole CSV import at once.  Pure: pseudo/ and libc;
 * runs on the worker's work threads (kore/app_work.c).
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_csv.h"
#include "api_import.h"
#include "api_util.h"

/* The longest record an import takes (its fields' bytes). */
#define RECORD_MAX 2048

static const char *const columns[API_IMPORT_COLUMNS] = { "plate", "country",
	"valid_from", "valid_to", "time_profile", "label" };

static void import_fail(struct api_import_err *, int, const char *, size_t,
    const char *, const char *);
static int  take_time(const char *, char *, size_t, time_t *);
static int  import_line(char **, const struct api_entry_keys *,
     const struct api_profile_name *, size_t, struct api_entry *, size_t,
     struct api_import_err *);

int
api_entry_keys(const struct pseudo_key *master, int64_t tenant,
    uint32_t version, int64_t list, struct api_entry_keys *k)
{
	int n;

	memset(k, 0, sizeof(*k));
	n = snprintf(k->aad, sizeof(k->aad),
	    "torwart-list-entry;tenant=%" PRId64 ";list=%" PRId64, tenant,
	    list);
	if (n < 0 || (size_t)n >= sizeof(k->aad) ||
	    pseudo_key_derive(master, "list", (uint64_t)tenant, version,
	        &k->seal) == -1 ||
	    pseudo_key_derive(master, "match", (uint64_t)tenant, version,
	        &k->match) == -1) {
		api_entry_keys_wipe(k);
		return (-1);
	}
	k->aadlen = (size_t)n;

	return (0);
}

void
api_entry_keys_wipe(struct api_entry_keys *k)
{
	if (k != NULL)
		explicit_bzero(k, sizeof(*k));
}

int
api_entry_plate(const struct api_entry_keys *k, const char *text, size_t len,
    const char *country, struct api_entry *e, const char **why)
{
	struct pseudo_plate p;
	char                nb[PSEUDO_NEIGHBOURS_MAX][PSEUDO_PLATE_MAX + 1];
	int                 n, i, rc = -1;

	if (pseudo_plate_canon(text, len, country, &p, why) == -1)
		return (1);
	*why = "cannot seal the entry";
	if ((n = pseudo_neighbourhood(p.skeleton, nb)) >= 0 &&
	    pseudo_seal(&k->seal, k->aad, k->aadlen, p.canon, strlen(p.canon),
	        e->sealed, sizeof(e->sealed), &e->sealedlen) == 0 &&
	    pseudo_token(&k->match, PSEUDO_EPOCH_NONE, 0, p.skeleton,
	        e->tok[0]) == 0) {
		rc = 0;
		e->ntok = 1;
		for (i = 0; i < n && rc == 0; i++)
			rc = pseudo_token(&k->match, PSEUDO_EPOCH_NONE, 0,
			    nb[i], e->tok[e->ntok++]);
	}
	pseudo_plate_wipe(&p);
	explicit_bzero(nb, sizeof(nb));

	return (rc);
}

int
api_entry_unseal(const struct api_entry_keys *k, const void *sealed, size_t len,
    char *out, size_t outlen)
{
	size_t plen = 0;

	if (outlen == 0)
		return (-1);
	if (pseudo_unseal(&k->seal, k->aad, k->aadlen, sealed, len,
	        (unsigned char *)out, outlen - 1, &plen) == -1) {
		out[0] = '\0';
		return (-1);
	}
	out[plen] = '\0';

	return (0);
}

static void
import_fail(struct api_import_err *err, int status, const char *code,
    size_t line, const char *column, const char *why)
{
	err->status = status;
	err->line = line;
	(void)snprintf(err->code, sizeof(err->code), "%s", code);
	(void)snprintf(err->column, sizeof(err->column), "%s",
	    column != NULL ? column : "");
	if (line > 0 && column != NULL)
		(void)snprintf(err->message, sizeof(err->message),
		    "line %zu: %s: %s", line, column, why);
	else if (line > 0)
		(void)snprintf(err->message, sizeof(err->message),
		    "line %zu: %s", line, why);
	else
		(void)snprintf(err->message, sizeof(err->message), "%s", why);
}

/* An RFC 3339 time (or "") as DATETIME text in UTC. */
static int
take_time(const char *s, char *out, size_t len, time_t *t)
{
	struct tm tm;

	out[0] = '\0';
	*t = 0;
	if (s[0] == '\0')
		return (0);
	if (api_parse_rfc3339(s, t) == -1 || gmtime_r(t, &tm) == NULL)
		return (-1);
	if (strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		return (-1);

	return (0);
}

/* One entry's record f[0..API_IMPORT_COLUMNS) into *e.  0, or -1. */
static int
import_line(char **f, const struct api_entry_keys *k,
    const struct api_profile_name *profiles, size_t nprofiles,
    struct api_entry *e, size_t line, struct api_import_err *err)
{
	const char *why;
	time_t      from, to;
	size_t      i;
	int         rc;

	memset(e, 0, sizeof(*e));
	if (f[1][0] != '\0' &&
	    pseudo_country(f[1], strlen(f[1]), e->country) == -1) {
		import_fail(err, 400, "invalid_value", line, "country",
		    "a vehicle registration code (D, NL, GB) or an ISO 3166 "
		    "code");
		return (-1);
	}
	if (take_time(f[2], e->from, sizeof(e->from), &from) == -1) {
		import_fail(err, 400, "invalid_value", line, "valid_from",
		    "an RFC 3339 time with offset");
		return (-1);
	}
	if (take_time(f[3], e->to, sizeof(e->to), &to) == -1) {
		import_fail(err, 400, "invalid_value", line, "valid_to",
		    "an RFC 3339 time with offset");
		return (-1);
	}
	if (from != 0 && to != 0 && to <= from) {
		import_fail(err, 400, "invalid_value", line, "valid_to",
		    "after valid_from");
		return (-1);
	}
	if (f[4][0] != '\0') {
		for (i = 0; i < nprofiles; i++) {
			if (strcmp(profiles[i].name, f[4]) == 0)
				break;
		}
		if (i == nprofiles) {
			import_fail(err, 422, "unknown_profile", line,
			    "time_profile", "no time profile of this name");
			return (-1);
		}
		e->profile = profiles[i].id;
	}
	if (strlen(f[5]) > API_LABEL_MAX) {
		import_fail(err, 400, "too_long", line, "label",
		    "at most 128 bytes");
		return (-1);
	}
	(void)snprintf(e->label, sizeof(e->label), "%s", f[5]);
	if (f[0][0] == '\0') {
		import_fail(err, 400, "missing_field", line, "plate",
		    "is required");
		return (-1);
	}
	if (strlen(f[0]) > PSEUDO_PLATE_IN_MAX) {
		import_fail(err, 400, "too_long", line, "plate",
		    "at most 64 bytes");
		return (-1);
	}
	if ((rc = api_entry_plate(k, f[0], strlen(f[0]), e->country, e,
	         &why)) != 0) {
		if (rc == 1 && strncmp(why, "text: ", 6) == 0)
			why += 6;
		import_fail(err, rc == 1 ? 400 : 500,
		    rc == 1 ? "invalid_value" : "internal", line, "plate", why);
		return (-1);
	}

	return (0);
}

int
api_import_parse(const char *csv, size_t len, const struct api_entry_keys *k,
    const struct api_profile_name *profiles, size_t nprofiles,
    struct api_entry **entries, size_t *count, struct api_import_err *err)
{
	struct api_csv    r;
	struct api_entry *e = NULL;
	char              rec[RECORD_MAX], *f[API_IMPORT_COLUMNS];
	const char       *why;
	size_t            nf, line, i, n = 0, cap = 1;
	int               rc, ret = -1;

	*entries = NULL;
	*count = 0;
	memset(err, 0, sizeof(*err));
	/* Records are no more than lines: room for all of them at once. */
	for (i = 0; i < len && cap <= API_IMPORT_LINES_MAX; i++)
		cap += csv[i] == '\n';
	if ((e = calloc(cap, sizeof(*e))) == NULL) {
		import_fail(err, 500, "internal", 0, NULL, "out of memory");
		return (-1);
	}

	api_csv_init(&r, csv, len);
	rc = api_csv_next(&r, rec, sizeof(rec), f, API_IMPORT_COLUMNS, &nf,
	    &line, &why);
	if (rc == 0) {
		import_fail(err, 400, "invalid_csv", 0, NULL,
		    "the CSV is empty: it needs the header " API_IMPORT_HEADER);
		goto done;
	}
	if (rc == -1 || nf != API_IMPORT_COLUMNS) {
		import_fail(err, 400, "invalid_csv", 1, "header",
		    "must be " API_IMPORT_HEADER);
		goto done;
	}
	for (i = 0; i < API_IMPORT_COLUMNS; i++) {
		if (strcmp(f[i], columns[i]) != 0) {
			import_fail(err, 400, "invalid_csv", 1, "header",
			    "must be " API_IMPORT_HEADER);
			goto done;
		}
	}

	while ((rc = api_csv_next(&r, rec, sizeof(rec), f, API_IMPORT_COLUMNS,
	            &nf, &line, &why)) == 1) {
		if (nf == 1 && f[0][0] == '\0')
			continue;
		if (n == API_IMPORT_LINES_MAX || n == cap) {
			import_fail(err, 413, "too_many_lines", line, NULL,
			    "an import takes at most 20000 entries");
			goto done;
		}
		if (nf < API_IMPORT_COLUMNS) {
			import_fail(err, 400, "invalid_csv", line, columns[nf],
			    "missing (every line has 6 columns)");
			goto done;
		}
		if (import_line(f, k, profiles, nprofiles, &e[n], line, err) ==
		    -1)
			goto done;
		n++;
	}
	if (rc == -1) {
		import_fail(err, 400, "invalid_csv", line, NULL, why);
		goto done;
	}
	ret = 0;

done:
	explicit_bzero(rec, sizeof(rec));
	if (ret == -1) {
		api_import_free(e, cap);
		return (-1);
	}
	*entries = e;
	*count = n;

	return (0);
}

void
api_import_free(struct api_entry *e, size_t n)
{
	if (e == NULL)
		return;
	explicit_bzero(e, n * sizeof(*e));
	free(e);
}
