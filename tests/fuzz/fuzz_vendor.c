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
 * libFuzzer target for the vendor adapters (api_vendor.c: OpenALPR,
 * Plate Recognizer, Axis, Dahua, with a device zone): every JSON
 * document that parses goes through each adapter without crashing.  A
 * read they make is one api_read_parse() accepts (lane, confidence 0..1,
 * a canonical plate, a time in the window); a message without a read
 * leaves the read wiped; a refusal has a 4xx status, a code and a
 * message and leaves the read wiped.  Any violation aborts.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../api/api_vendor.h"

#define NOW 1795342500

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
wiped(const struct api_read *r)
{
	const unsigned char *p = (const unsigned char *)r;
	size_t               i;

	for (i = 0; i < sizeof(*r); i++)
		if (p[i] != 0)
			abort();
}

static void
check(int rc, const struct api_read *r, const struct api_read_err *err)
{
	size_t n, i;

	if (rc == 1 && r->kind == API_READ_CONTAINER) {
		/* Plate Recognizer's containers: an ISO 6346 code. */
		if (strlen(r->code) != 11 ||
		    strspn(r->code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
		        11 ||
		    r->lane != 7 || !(r->confidence >= 0 && r->confidence <= 1))
			abort();
	} else if (rc == 1) {
		n = strlen(r->plate.canon);
		if (r->kind != API_READ_PLATE || r->lane != 7 || n == 0 ||
		    n > PSEUDO_PLATE_MAX ||
		    strspn(r->plate.canon,
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		        "0123456789") != n ||
		    !(r->confidence >= 0 && r->confidence <= 1) ||
		    r->captured > NOW + API_READ_FUTURE_MAX ||
		    r->captured < NOW - API_READ_PAST_MAX ||
		    r->ncand > API_READ_CANDIDATES_MAX ||
		    r->idlen > API_READ_ID_MAX)
			abort();
		for (i = 0; i < r->ncand; i++)
			if (!(r->cand[i].confidence >= 0 &&
			        r->cand[i].confidence <= 1))
				abort();
	} else if (rc == 0) {
		wiped(r);
	} else if (rc == -1) {
		if (err->status < 400 || err->status > 499 ||
		    err->code == NULL || err->message[0] == '\0')
			abort();
		wiped(r);
	} else {
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const adapters[])(const struct api_jvalue *,
	    const struct api_vendor_in *, struct api_read *,
	    struct api_read_err *) = { api_vendor_openalpr,
		api_vendor_platerecognizer, api_vendor_axis, api_vendor_dahua };
	static struct api_read   r;
	struct api_vendor_in     in = { 7, NOW, "Europe/Berlin" };
	struct api_read_err      err;
	struct api_jdoc         *doc;
	const struct api_jvalue *root;
	size_t                   a;

	if ((doc = api_json_parse((const char *)data, size, NULL)) == NULL)
		return (0);
	root = api_json_root(doc);
	for (a = 0; a < sizeof(adapters) / sizeof(adapters[0]); a++) {
		memset(&err, 0, sizeof(err));
		check(adapters[a](root, &in, &r, &err), &r, &err);
		api_read_wipe(&r);
	}
	api_json_free(doc);

	return (0);
}
