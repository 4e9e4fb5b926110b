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
 * libFuzzer target for the adapters that take the body's text: Hikvision
 * (api_vendor_hikvision(): libxml2 and our mapping), Vaxtor
 * (api_vendor_vaxtor(): the repair of unfilled template values, then
 * JSON) and Genetec (api_vendor_genetec(): XML or JSON): any bytes, in a device
 * zone or without one, without a crash; a read is one api_read_parse() accepts,
 * anything else leaves it wiped, a refusal has a 4xx status, a code and a
 * message.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../api/api_vendor.h"

#define NOW 1795342500

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(int rc, const struct api_read *r, const struct api_read_err *err)
{
	const unsigned char *p = (const unsigned char *)r;
	size_t               i, n;

	if (rc == 1) {
		/* A container (Vaxtor's "code"): its ISO 6346 code. */
		n = r->kind == API_READ_CONTAINER ?
		    (strlen(r->code) == 11 ? 1 : 0) :
		    strlen(r->plate.canon);
		if ((r->kind != API_READ_PLATE &&
		        r->kind != API_READ_CONTAINER) ||
		    r->lane != 7 || n == 0 || n > PSEUDO_PLATE_MAX ||
		    !(r->confidence >= 0 && r->confidence <= 1) ||
		    r->captured > NOW + API_READ_FUTURE_MAX ||
		    r->captured < NOW - API_READ_PAST_MAX)
			abort();
		return;
	}
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1 &&
	    (err->status < 400 || err->status > 499 || err->code == NULL ||
	        err->message[0] == '\0'))
		abort();
	for (i = 0; i < sizeof(*r); i++)
		if (p[i] != 0)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const adapters[])(const char *, size_t,
	    const struct api_vendor_in *, struct api_read *,
	    struct api_read_err *) = { api_vendor_hikvision, api_vendor_vaxtor,
		api_vendor_genetec };
	static const char *const zones[] = { "", "Asia/Bangkok" };
	static struct api_read   r;
	static int               init;
	struct api_vendor_in     in = { 7, NOW, "" };
	struct api_read_err      err;
	size_t                   a, z;

	if (!init) {
		api_vendor_init();
		init = 1;
	}
	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		in.tz = zones[z];
		for (a = 0; a < sizeof(adapters) / sizeof(adapters[0]); a++) {
			memset(&err, 0, sizeof(err));
			check(adapters[a]((const char *)data, size, &in, &r,
			          &err),
			    &r, &err);
			api_read_wipe(&r);
		}
	}

	return (0);
}
