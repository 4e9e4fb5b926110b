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
 * api/api_vendor.c over the payloads real cameras and engines sent (and
 * vendors documented), collected outside this repository in
 * ../shared/formats (TORWART_FORMATS names another place).  Where the
 * collection is not there, every test is skipped: the suite must pass
 * without it.  "now" is each capture's own time, so that the read's
 * time window holds.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_vendor.h"

typedef int (*jadapter)(const struct api_jvalue *, const struct api_vendor_in *,
    struct api_read *, struct api_read_err *);
typedef int (*tadapter)(const char *, size_t, const struct api_vendor_in *,
    struct api_read *, struct api_read_err *);

static const struct capture {
	const char *path; /* under the collection */
	jadapter    json; /* or */
	tadapter    text;
	const char *tz;
	int64_t     now; /* about when it was captured */
	const char *plate; /* the canonical plate it holds */
	int64_t     captured; /* unix seconds */
	const char *country;
	const char *refused; /* the field a refusal names, or NULL */
} captures[] = {
	{ "openalpr/alpr_group_webhook_agent2.8.101.json", api_vendor_openalpr,
	    NULL, "", 1609433740, "A424761", 1609433731, NULL, NULL },
	{ "axis/alpv_fflprapp_event_RLE11684.json", api_vendor_axis, NULL, "",
	    1623405940, "RLE11684", 1623405938, "PL", NULL },
	{ "hikvision/anpr_EventNotificationAlert_PECT600.xml", NULL,
	    api_vendor_hikvision, "", 1705634240, "PECT600", 1705634239, "",
	    NULL },
	{ "platerecognizer/stream_webhook_recognition_gist.json",
	    api_vendor_platerecognizer, NULL, "", 1632894975, "9JUB11",
	    1632894973, NULL, NULL },
	/*
	 * Genetec's sample has no Confidence Score analytic: refused, so
	 * that the installer turns it on (README).
	 */
	{ "genetec/sharpv_http_extension_plate_read_doc.json", NULL,
	    api_vendor_genetec, "UTC", 1472460170, NULL, 0, NULL,
	    "PlateAnalytics.Confidence Score" },
};

static const char *
collection(void)
{
	const char *d = getenv("TORWART_FORMATS");

	return (d != NULL && d[0] != '\0' ? d : "../shared/formats");
}

/* The file's bytes (malloc), or NULL when it is not there. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f;
	char *b;
	long  n;

	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (b = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return (NULL);
	}
	*len = fread(b, 1, (size_t)n, f);
	b[*len] = '\0';
	fclose(f);

	return (b);
}

static void
test_captures_map_to_their_reads(void **state)
{
	const struct capture *c;
	struct api_vendor_in  in;
	struct api_read_err   err;
	struct api_read       r;
	struct api_jdoc      *doc;
	char                  path[512], *b, *text;
	size_t                i, len, seen = 0;
	int                   rc;

	(void)state;
	for (i = 0; i < sizeof(captures) / sizeof(captures[0]); i++) {
		c = &captures[i];
		(void)snprintf(path, sizeof(path), "%s/%s", collection(),
		    c->path);
		if ((b = slurp(path, &len)) == NULL)
			continue;
		seen++;
		in.lane = 7;
		in.now = c->now;
		in.tz = c->tz;
		memset(&err, 0, sizeof(err));
		/* A byte order mark, as the route skips it. */
		text = b;
		if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
			text += 3;
			len -= 3;
		}
		if (c->json != NULL) {
			doc = api_json_parse(text, len, NULL);
			assert_non_null(doc);
			rc = c->json(api_json_root(doc), &in, &r, &err);
			api_json_free(doc);
		} else {
			rc = c->text(text, len, &in, &r, &err);
		}
		free(b);
		if (c->refused != NULL) {
			assert_int_equal(rc, -1);
			assert_string_equal(err.field, c->refused);
			continue;
		}
		if (rc != 1)
			print_error("%s: %d %s %s: %s\n", c->path, rc,
			    err.code != NULL ? err.code : "", err.field,
			    err.message);
		assert_int_equal(rc, 1);
		assert_string_equal(r.plate.canon, c->plate);
		assert_int_equal(r.captured, c->captured);
		if (c->country != NULL)
			assert_string_equal(r.country, c->country);
		api_read_wipe(&r);
	}
	if (seen == 0)
		skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captures_map_to_their_reads),
	};

	api_vendor_init();
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
