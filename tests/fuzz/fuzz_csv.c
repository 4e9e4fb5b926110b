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
 * libFuzzer target for the CSV reader (api_csv_next()) and the import
 * on top of it (api_import_parse()): every field of every record is
 * valid UTF-8 without NUL, at most the fields asked for, line numbers
 * only grow; a record quoted again with api_csv_quote() reads back as
 * the same fields; an import either fails with a status and a message or
 * gives at most API_IMPORT_LINES_MAX entries with DATETIME-shaped times.
 * Any violation aborts.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../api/api_csv.h"
#include "../../api/api_import.h"
#include "fuzz_utf8.h"

#define FIELDS 8

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
valid_text(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t               n = strlen(s), i, l;

	for (i = 0; i < n; i += l) {
		if ((l = utf8_len(u + i, n - i)) == 0)
			abort();
	}
}

/* Quote f[0..n) as one record and read it back. */
static void
requote(char **f, size_t n)
{
	struct api_csv r;
	char           line[8192], buf[4096], *g[FIELDS];
	const char    *why;
	size_t         off, i, m, l;

	/* A first record of its own: a BOM is skipped only at the start. */
	memcpy(line, "x\n", 2);
	off = 2;
	for (i = 0; i < n; i++) {
		if (i > 0)
			line[off++] = ',';
		off += api_csv_quote(line + off, sizeof(line) - off, f[i]);
		if (off >= sizeof(line) - 2)
			abort();
	}
	line[off++] = '\r';
	line[off++] = '\n';
	api_csv_init(&r, line, off);
	if (api_csv_next(&r, buf, sizeof(buf), g, FIELDS, &m, &l, &why) != 1 ||
	    api_csv_next(&r, buf, sizeof(buf), g, FIELDS, &m, &l, &why) != 1 ||
	    m != n)
		abort();
	for (i = 0; i < n; i++) {
		if (strcmp(f[i], g[i]) != 0)
			abort();
	}
}

static void
import(const uint8_t *data, size_t size)
{
	static struct pseudo_key             master = { { 1, 2, 3 } };
	static const struct api_profile_name profiles[] = { { 1, "weekdays" } };
	struct api_entry_keys                k;
	struct api_entry                    *e;
	struct api_import_err                err;
	size_t                               n, i;

	if (api_entry_keys(&master, 1, 1, 1, &k) == -1)
		abort();
	if (api_import_parse((const char *)data, size, &k, profiles, 1, &e, &n,
	        &err) == -1) {
		if (e != NULL || err.message[0] == '\0' ||
		    (err.status != 400 && err.status != 413 &&
		        err.status != 422))
			abort();
	} else {
		if (n > API_IMPORT_LINES_MAX)
			abort();
		for (i = 0; i < n; i++) {
			if (e[i].ntok < 1 ||
			    e[i].ntok > 1 + PSEUDO_NEIGHBOURS_MAX ||
			    (e[i].from[0] != '\0' && strlen(e[i].from) != 19) ||
			    (e[i].to[0] != '\0' && strlen(e[i].to) != 19) ||
			    (e[i].profile != 0 && e[i].profile != 1))
				abort();
		}
		api_import_free(e, n);
	}
	api_entry_keys_wipe(&k);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct api_csv r;
	char           buf[4096], *f[FIELDS];
	const char    *why;
	size_t         n, line, last = 0, i;
	int            rc;

	api_csv_init(&r, (const char *)data, size);
	while ((rc = api_csv_next(&r, buf, sizeof(buf), f, FIELDS, &n, &line,
	            &why)) == 1) {
		if (n < 1 || n > FIELDS || line <= last)
			abort();
		last = line;
		for (i = 0; i < n; i++)
			valid_text(f[i]);
		requote(f, n);
	}
	if (rc == -1 && why == NULL)
		abort();
	import(data, size);

	return (0);
}
