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
 * api/api_read.c: what a device posts is validated member by member; a
 * refusal names the member and leaves nothing behind, an accepted read
 * carries the canonical forms and no more.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_read.h"

/* 2026-11-22T10:15:00Z */
#define NOW 1795342500

static int
parse(const char *json, struct api_read *r, struct api_read_err *err)
{
	struct api_jdoc  *doc;
	struct api_jerror jerr;
	int               rc;

	doc = api_json_parse(json, strlen(json), &jerr);
	assert_non_null(doc);
	rc = api_read_parse(api_json_root(doc), NOW, r, err);
	api_json_free(doc);

	return (rc);
}

/* Every byte of r is zero: nothing of a refused read is left. */
static int
wiped(const struct api_read *r)
{
	const unsigned char *p = (const unsigned char *)r;
	size_t               i;

	for (i = 0; i < sizeof(*r); i++) {
		if (p[i] != 0)
			return (0);
	}

	return (1);
}

static void
test_read_plate_accepted(void **state)
{
	struct api_read     r;
	struct api_read_err err;

	(void)state;
	assert_int_equal(
	    parse("{\"kind\":\"plate\",\"lane\":\"3\","
	          "\"text\":\"b-ab 1234\",\"country\":\"DE\","
	          "\"confidence\":0.93,\"direction\":\"out\","
	          "\"captured_at\":\"2026-11-22T11:14:59.25+01:00\","
	          "\"device_read_id\":\"cam7-000123\","
	          "\"candidates\":[{\"text\":\"B-AB 1284\","
	          "\"confidence\":0.41}]}",
	        &r, &err),
	    0);
	assert_int_equal(r.kind, API_READ_PLATE);
	assert_int_equal(r.lane, 3);
	assert_string_equal(r.country, "D");
	assert_string_equal(r.plate.canon, "BAB1234");
	assert_string_equal(r.plate.skeleton, "8A81234");
	assert_int_equal(r.plate.plausible, 1);
	assert_true(r.confidence > 0.929 && r.confidence < 0.931);
	assert_int_equal(r.direction, API_READ_DIR_OUT);
	assert_int_equal(r.captured, NOW - 1);
	assert_int_equal(r.captured_ms, 250);
	assert_int_equal(r.idlen, 11);
	assert_memory_equal(r.id, "cam7-000123", 11);
	assert_int_equal(r.ncand, 1);
	assert_string_equal(r.cand[0].plate.canon, "BAB1284");
	api_read_wipe(&r);
	assert_true(wiped(&r));
}

static void
test_read_container_and_adr(void **state)
{
	struct api_read     r;
	struct api_read_err err;

	(void)state;
	assert_int_equal(parse("{\"kind\":\"container\",\"lane\":1,"
	                       "\"text\":\"CSQU 305438-3\",\"confidence\":1,"
	                       "\"captured_at\":\"2026-11-22T10:15:00Z\"}",
	                     &r, &err),
	    0);
	assert_string_equal(r.code, "CSQU3054383");
	assert_int_equal(r.check_ok, 1);
	assert_int_equal(r.direction, API_READ_DIR_UNKNOWN);
	assert_int_equal(parse("{\"kind\":\"adr\",\"lane\":1,"
	                       "\"adr\":{\"hazard\":\"X423\",\"un\":\"1428\"},"
	                       "\"confidence\":0,"
	                       "\"captured_at\":\"2026-11-22T10:15:00Z\"}",
	                     &r, &err),
	    0);
	assert_string_equal(r.hazard, "X423");
	assert_string_equal(r.un, "1428");
}

/* Each bad body is refused with this status and field. */
static void
test_read_refusals_name_the_field(void **state)
{
	static const struct {
		const char *json;
		int         status;
		const char *field;
	} cases[] = {
#define T "\"captured_at\":\"2026-11-22T10:15:00Z\""
		{ "{\"lane\":1,\"text\":\"B1\",\"confidence\":1," T "}", 400,
		    "kind" },
		{ "{\"kind\":\"car\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1," T "}",
		    400, "kind" },
		{ "{\"kind\":\"plate\",\"lane\":0,\"text\":\"B1\","
		  "\"confidence\":1," T "}",
		    400, "lane" },
		{ "{\"kind\":\"plate\",\"lane\":\"01\",\"text\":\"B1\","
		  "\"confidence\":1," T "}",
		    400, "lane" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1," T ",\"extra\":1}",
		    400, "extra" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B<1\","
		  "\"confidence\":1," T "}",
		    400, "text" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":[],"
		  "\"confidence\":1," T "}",
		    400, "text" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"country\":\"ZZ\",\"confidence\":1," T "}",
		    400, "country" },
		{ "{\"kind\":\"adr\",\"lane\":1,\"country\":42,"
		  "\"adr\":{\"hazard\":\"33\",\"un\":\"1203\"},"
		  "\"confidence\":1," T "}",
		    400, "country" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1.0001," T "}",
		    400, "confidence" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":null," T "}",
		    400, "confidence" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1,\"captured_at\":\"2026-11-22 10:15:00Z\"}",
		    400, "captured_at" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1,\"captured_at\":\"2026-02-30T10:15:00Z\"}",
		    400, "captured_at" },
		/* 10 minutes and 1 second ahead; 31 days and 1 second back. */
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1,\"captured_at\":\"2026-11-22T10:25:01Z\"}",
		    422, "captured_at" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1,\"captured_at\":\"2026-10-22T10:14:59Z\"}",
		    422, "captured_at" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1," T ",\"direction\":\"both\"}",
		    400, "direction" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1," T ",\"device_read_id\":\"a b\"}",
		    400, "device_read_id" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1," T ",\"candidates\":{}}",
		    400, "candidates" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1," T ",\"candidates\":[{\"text\":\"B2\"}]}",
		    400, "candidates[0].confidence" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"confidence\":1," T ",\"candidates\":[{\"text\":\"B2\","
		  "\"confidence\":1,\"x\":1}]}",
		    400, "candidates[0]" },
		{ "{\"kind\":\"container\",\"lane\":1,\"text\":\"CSQ3054383\","
		  "\"confidence\":1," T "}",
		    400, "text" },
		{ "{\"kind\":\"adr\",\"lane\":1,\"adr\":{\"hazard\":\"33\"},"
		  "\"confidence\":1," T "}",
		    400, "adr.un" },
		{ "{\"kind\":\"adr\",\"lane\":1,\"adr\":{\"hazard\":\"13\","
		  "\"un\":\"1203\"},\"confidence\":1," T "}",
		    400, "adr.hazard" },
		{ "{\"kind\":\"adr\",\"lane\":1,\"adr\":{\"hazard\":\"33\","
		  "\"un\":\"1203\",\"class\":3},\"confidence\":1," T "}",
		    400, "adr" },
		{ "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		  "\"adr\":{},\"confidence\":1," T "}",
		    400, "adr" },
#undef T
	};
	struct api_read     r;
	struct api_read_err err;
	size_t              i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&r, 0xa5, sizeof(r));
		if (parse(cases[i].json, &r, &err) != -1 ||
		    err.status != cases[i].status ||
		    strcmp(err.field, cases[i].field) != 0 ||
		    err.message[0] == '\0' || !wiped(&r))
			fail_msg("case %zu: %s: got %d %s (%s)", i,
			    cases[i].json, err.status, err.field, err.message);
	}
}

/* Nine candidates are one too many; eight are fine. */
static void
test_read_candidate_limit(void **state)
{
	struct api_read     r;
	struct api_read_err err;
	char                json[2048];
	size_t              off, n;

	(void)state;
	for (n = 8; n <= 9; n++) {
		off = (size_t)snprintf(json, sizeof(json),
		    "{\"kind\":\"plate\",\"lane\":1,\"text\":\"B1\","
		    "\"confidence\":1,\"captured_at\":\"2026-11-22T10:15:00Z\","
		    "\"candidates\":[");
		for (size_t i = 0; i < n; i++)
			off += (size_t)snprintf(json + off, sizeof(json) - off,
			    "%s{\"text\":\"B%zu\",\"confidence\":0.1}",
			    i ? "," : "", i + 2);
		(void)snprintf(json + off, sizeof(json) - off, "]}");
		if (n == 8) {
			assert_int_equal(parse(json, &r, &err), 0);
			assert_int_equal(r.ncand, 8);
		} else {
			assert_int_equal(parse(json, &r, &err), -1);
			assert_string_equal(err.field, "candidates");
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_plate_accepted),
		cmocka_unit_test(test_read_container_and_adr),
		cmocka_unit_test(test_read_refusals_name_the_field),
		cmocka_unit_test(test_read_candidate_limit),
	};

	return (cmocka_run_group_tests_name("api_read", tests, NULL, NULL));
}
