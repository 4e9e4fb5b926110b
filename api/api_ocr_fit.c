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
 * What a reading must be for OCR to prefer it (api/api_ocr.h).
 */

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../pseudo/pseudo.h"
#include "../rules/rules_adr.h"
#include "api_ocr.h"

int
api_ocr_fits(enum ocr_kind kind, const char *text, const char *country,
    void *arg)
{
	struct pseudo_plate p;
	struct rules_adr    adr;
	const char         *err, *slash;
	char                code[12], hazard[5], un[5];
	int                 ok = 0;

	(void)arg;
	switch (kind) {
	case OCR_PLATE:
		if (pseudo_plate_canon(text, strlen(text), country, &p, &err) ==
		    0)
			ok = p.plausible;
		pseudo_plate_wipe(&p);
		break;
	case OCR_CONTAINER:
		if (pseudo_container_canon(text, strlen(text), code, &ok,
		        &err) == -1)
			ok = 0;
		break;
	case OCR_ADR:
		if ((slash = strchr(text, '/')) == NULL ||
		    (size_t)(slash - text) >= sizeof(hazard) ||
		    strlen(slash + 1) >= sizeof(un))
			break;
		memcpy(hazard, text, (size_t)(slash - text));
		hazard[slash - text] = '\0';
		(void)snprintf(un, sizeof(un), "%s", slash + 1);
		ok = rules_adr_check(hazard, un, &adr) == RULES_ADR_OK;
		break;
	}

	return (ok);
}
