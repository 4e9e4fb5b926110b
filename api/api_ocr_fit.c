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
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../pseudo/pseudo.h"
#include "../rules/rules_adr.h"
#include "api_json.h"
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

int
api_ocr_kind(const char *s, enum ocr_kind *kind)
{
	if (strcmp(s, "plate") == 0)
		*kind = OCR_PLATE;
	else if (strcmp(s, "container") == 0)
		*kind = OCR_CONTAINER;
	else if (strcmp(s, "adr") == 0)
		*kind = OCR_ADR;
	else
		return (-1);
	return (0);
}

int
api_ocr_read(const struct ocr_result *o, int64_t lane, int64_t now,
    struct api_read *out, struct api_read_err *err)
{
	static const char *const kinds[] = { "plate", "container", "adr" };
	struct api_jdoc         *doc;
	struct api_jerror        jerr;
	const char              *slash;
	char                     buf[1024], when[32];
	struct tm                tm;
	time_t                   secs;
	size_t                   i, n;
	int                      rc = -1;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	n = (size_t)snprintf(buf, sizeof(buf),
	    "{\"kind\":\"%s\",\"lane\":%lld,\"confidence\":%.4f",
	    kinds[o->kind], (long long)lane, o->confidence);
	if (o->kind == OCR_ADR) {
		if ((slash = strchr(o->text, '/')) == NULL)
			goto refused;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    ",\"adr\":{\"hazard\":\"%.*s\",\"un\":\"%s\"}",
		    (int)(slash - o->text), o->text, slash + 1);
	} else {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    ",\"text\":\"%s\"", o->text);
	}
	if (o->kind == OCR_PLATE && o->country[0] != '\0')
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    ",\"country\":\"%s\"", o->country);
	if (o->kind == OCR_PLATE && o->nalt > 0) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    ",\"candidates\":[");
		for (i = 0; i < o->nalt && i < API_READ_CANDIDATES_MAX; i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "%s{\"text\":\"%s\",\"confidence\":%.4f}",
			    i > 0 ? "," : "", o->alt[i].text,
			    o->alt[i].confidence);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "]");
	}
	secs = (time_t)now;
	if (gmtime_r(&secs, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		goto refused;
	n += (size_t)snprintf(buf + n, sizeof(buf) - n,
	    ",\"captured_at\":\"%s\"}", when);
	if (n >= sizeof(buf))
		goto refused;
	if ((doc = api_json_parse(buf, n, &jerr)) == NULL)
		goto refused;
	rc = api_read_parse(api_json_root(doc), now, out, err);
	api_json_free(doc);
	explicit_bzero(buf, sizeof(buf));
	return (rc);
refused:
	explicit_bzero(buf, sizeof(buf));
	err->status = 500;
	err->code = "internal";
	(void)snprintf(err->message, sizeof(err->message),
	    "cannot make a read of the text");
	return (-1);
}
