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
 * libFuzzer target for time profiles: the stored form's parser
 * (rules_profile_parse()) accepts only the normal form, so what it
 * accepts is written back byte for byte by rules_profile_format(); and
 * the JSON of the API (input starting with '{'): what
 * api_profile_from_json() accepts is a normal form that the parser takes
 * again.  Either way every local time of a week is evaluated, and a
 * profile without windows or exceptions allows none.  Any violation
 * aborts.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../api/api_profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
evaluate(const struct rules_profile *p)
{
	struct rules_local l;
	int                d, m, any = 0;

	memset(&l, 0, sizeof(l));
	for (d = 0; d < 7; d++) {
		l.ymd = 20261123 + d; /* a Monday */
		l.prev_ymd = l.ymd - 1;
		l.wday = (1 + d) % 7;
		l.prev_wday = d % 7;
		for (m = 0; m < RULES_DAY; m += 7)
			any |= (l.minute = m, rules_profile_allows(p, &l));
	}
	if (any && p->nwindows == 0 && p->nexceptions == 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rules_profile   p, q;
	struct api_profile_err err;
	struct api_jdoc       *doc;
	char                   out[RULES_PROFILE_TEXT_MAX];
	const char            *why;
	int                    n;

	if (size > 0 && data[0] == '{') {
		if ((doc = api_json_parse((const char *)data, size, NULL)) ==
		    NULL)
			return (0);
		if (api_profile_from_json(api_json_root(doc), &p, &err) == 0) {
			if ((n = rules_profile_format(&p, out, sizeof(out))) <
			        0 ||
			    rules_profile_parse(out, (size_t)n, &q, &why) ==
			        -1 ||
			    memcmp(&p, &q, sizeof(p)) != 0)
				abort();
			evaluate(&p);
		} else if (err.field[0] == '\0' ||
		    (err.status != 400 && err.status != 422)) {
			abort();
		}
		api_json_free(doc);
		return (0);
	}

	if (rules_profile_parse((const char *)data, size, &p, &why) == -1) {
		if (why == NULL || p.nwindows != 0 || p.nexceptions != 0)
			abort();
		return (0);
	}
	n = rules_profile_format(&p, out, sizeof(out));
	if (n < 0 || (size_t)n != size || memcmp(out, data, size) != 0)
		abort();
	evaluate(&p);

	return (0);
}
