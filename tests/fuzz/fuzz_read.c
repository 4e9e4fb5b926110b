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
 * libFuzzer target for api_read_parse(), the read a device posts: any
 * JSON document that parses is validated without crashing; a refusal
 * has a 400 or 422, a code and a message, and leaves the read wiped; an
 * accepted read keeps the promises of api/api_read.h (canonical forms of
 * [A-Z0-9], confidences in 0..1, at most API_READ_CANDIDATES_MAX
 * candidates, a time within the bounds).  Any violation aborts.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../api/api_read.h"

#define NOW 1795342500

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
canon(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n > max || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != n)
		abort();
}

static void
accepted(const struct api_read *r)
{
	size_t i;

	if (r->lane <= 0 || !(r->confidence >= 0 && r->confidence <= 1) ||
	    r->captured > NOW + API_READ_FUTURE_MAX ||
	    r->captured < NOW - API_READ_PAST_MAX || r->captured_ms < 0 ||
	    r->captured_ms > 999 || r->ncand > API_READ_CANDIDATES_MAX ||
	    r->idlen > API_READ_ID_MAX)
		abort();
	switch (r->kind) {
	case API_READ_PLATE:
		canon(r->plate.canon, PSEUDO_PLATE_MAX);
		canon(r->plate.skeleton, PSEUDO_PLATE_MAX);
		if (r->plate.canon[0] == '\0' ||
		    strlen(r->plate.canon) != strlen(r->plate.skeleton))
			abort();
		break;
	case API_READ_CONTAINER:
		canon(r->code, 11);
		if (strlen(r->code) != 11)
			abort();
		break;
	case API_READ_ADR:
		if (strlen(r->un) != 4 || strlen(r->hazard) < 2)
			abort();
		break;
	default:
		abort();
	}
	for (i = 0; i < r->ncand; i++) {
		if (!(r->cand[i].confidence >= 0 && r->cand[i].confidence <= 1))
			abort();
		if (r->kind == API_READ_PLATE)
			canon(r->cand[i].plate.canon, PSEUDO_PLATE_MAX);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct api_jdoc       *doc;
	struct api_jerror      jerr;
	static struct api_read r;
	struct api_read_err    err;
	const unsigned char   *p;
	size_t                 i;

	if ((doc = api_json_parse((const char *)data, size, &jerr)) == NULL)
		return (0);
	if (api_read_parse(api_json_root(doc), NOW, &r, &err) == 0) {
		accepted(&r);
	} else {
		if ((err.status != 400 && err.status != 422) ||
		    err.code == NULL || err.message[0] == '\0')
			abort();
		p = (const unsigned char *)&r;
		for (i = 0; i < sizeof(r); i++) {
			if (p[i] != 0)
				abort();
		}
	}
	api_read_wipe(&r);
	api_json_free(doc);

	return (0);
}
