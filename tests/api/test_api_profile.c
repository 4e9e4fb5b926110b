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
 * api/api_profile.c: time profiles from JSON (every refusal naming the
 * field, with 400 or 422), into the stored form, and back to JSON.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_profile.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Parse json; run it through api_profile_from_json(). */
static int
from(const char *json, struct rules_profile *p, struct api_profile_err *err)
{
	struct api_jdoc *d;
	int              rc;

	d = api_json_parse(json, strlen(json), NULL);
	assert_non_null(d);
	rc = api_profile_from_json(api_json_root(d), p, err);
	api_json_free(d);

	return (rc);
}

static void
test_profile_json_round_trip(void **state)
{
	static const struct {
		const char *in, *spec, *out;
	} cases[] = {
		{ "{\"windows\":[{\"days\":[\"fri\",\"mon\",\"tue\",\"wed\","
		  "\"thu\"],\"from\":\"07:00\",\"to\":\"19:00\"}],"
		  "\"exceptions\":[{\"date\":\"2026-12-31\",\"from\":\"07:00\","
		  "\"to\":\"12:00\"},{\"date\":\"2026-12-24\"}]}",
		    "w12345@0700-1900;x20261224;x20261231@0700-1200",
		    "\"windows\":[{\"days\":[\"mon\",\"tue\",\"wed\",\"thu\","
		    "\"fri\"],\"from\":\"07:00\",\"to\":\"19:00\"}],"
		    "\"exceptions\":[{\"date\":\"2026-12-24\"},{\"date\":"
		    "\"2026-12-31\",\"from\":\"07:00\",\"to\":\"12:00\"}]" },
		{ "{\"windows\":[{\"days\":[\"sun\",\"sat\"],\"from\":\"22:00\","
		  "\"to\":\"06:00\"}]}",
		    "w06@2200-0600",
		    "\"windows\":[{\"days\":[\"sat\",\"sun\"],\"from\":\"22:00\","
		    "\"to\":\"06:00\"}],\"exceptions\":[]" },
		{ "{\"windows\":[{\"days\":[\"mon\"],\"from\":\"00:00\","
		  "\"to\":\"00:00\"},{\"days\":[\"tue\"],\"from\":\"18:00\","
		  "\"to\":\"24:00\"}],\"exceptions\":[]}",
		    "w1@0000-2400;w2@1800-2400",
		    "\"windows\":[{\"days\":[\"mon\"],\"from\":\"00:00\","
		    "\"to\":\"24:00\"},{\"days\":[\"tue\"],\"from\":\"18:00\","
		    "\"to\":\"24:00\"}],\"exceptions\":[]" },
		{ "{\"windows\":[]}", "", "\"windows\":[],\"exceptions\":[]" },
	};
	struct rules_profile   p, q;
	struct api_profile_err err;
	char                   spec[RULES_PROFILE_TEXT_MAX], json[1024];
	const char            *why;
	size_t                 i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		if (from(cases[i].in, &p, &err) == -1)
			fail_msg("case %zu: %s %s", i, err.field, err.message);
		assert_true(rules_profile_format(&p, spec, sizeof(spec)) >= 0);
		assert_string_equal(spec, cases[i].spec);
		assert_int_equal(rules_profile_parse(spec, strlen(spec), &q,
		                     &why),
		    0);
		assert_int_equal(api_profile_json(&q, json, sizeof(json)),
		    strlen(cases[i].out));
		assert_string_equal(json, cases[i].out);
	}
}

static void
test_profile_json_refusals_name_the_field(void **state)
{
	static const struct {
		const char *in;
		int         status;
		const char *code, *field;
	} cases[] = {
		{ "{}", 400, "missing_field", "windows" },
		{ "{\"windows\":{}}", 400, "invalid_value", "windows" },
		{ "{\"windows\":[1]}", 400, "invalid_type", "windows[0]" },
		{ "{\"windows\":[{\"days\":[\"mon\"],\"from\":\"07:00\","
		  "\"to\":\"08:00\"},{\"from\":\"07:00\",\"to\":\"08:00\"}]}",
		    400, "missing_field", "windows[1].days" },
		{ "{\"windows\":[{\"days\":\"mon\",\"from\":\"07:00\","
		  "\"to\":\"08:00\"}]}",
		    400, "invalid_value", "windows[0].days" },
		{ "{\"windows\":[{\"days\":[\"mon\",\"Tue\"],\"from\":\"07:00\","
		  "\"to\":\"08:00\"}]}",
		    400, "invalid_value", "windows[0].days[1]" },
		{ "{\"windows\":[{\"days\":[\"mon\",2],\"from\":\"07:00\","
		  "\"to\":\"08:00\"}]}",
		    400, "invalid_value", "windows[0].days[1]" },
		{ "{\"windows\":[{\"days\":[\"mon\"],\"from\":\"7:00\","
		  "\"to\":\"08:00\"}]}",
		    400, "invalid_value", "windows[0].from" },
		{ "{\"windows\":[{\"days\":[\"mon\"],\"from\":700,"
		  "\"to\":\"08:00\"}]}",
		    400, "invalid_value", "windows[0].from" },
		{ "{\"windows\":[{\"days\":[\"mon\"],\"from\":\"07:00\","
		  "\"to\":\"25:00\"}]}",
		    400, "invalid_value", "windows[0].to" },
		{ "{\"windows\":[{\"days\":[\"mon\"],\"from\":\"07:00\","
		  "\"to\":\"24:01\"}]}",
		    400, "invalid_value", "windows[0].to" },
		{ "{\"windows\":[{\"days\":[\"mon\"],\"from\":\"07:00\","
		  "\"to\":\"07:00\"}]}",
		    422, "empty_window", "windows[0].to" },
		{ "{\"windows\":[{\"days\":[\"mon\"],\"from\":\"07:00\","
		  "\"to\":\"08:00\",\"x\":1}]}",
		    400, "unknown_field", "windows[0].x" },
		{ "{\"windows\":[],\"exceptions\":[{}]}", 400, "missing_field",
		    "exceptions[0].date" },
		{ "{\"windows\":[],\"exceptions\":[{\"date\":\"2026-2-1\"}]}",
		    400, "invalid_value", "exceptions[0].date" },
		{ "{\"windows\":[],\"exceptions\":[{\"date\":\"2026-04-31\"}]}",
		    400, "invalid_value", "exceptions[0].date" },
		{ "{\"windows\":[],\"exceptions\":[{\"date\":\"2026-04-01\","
		  "\"to\":\"08:00\"}]}",
		    400, "missing_field", "exceptions[0].from" },
		{ "{\"windows\":[],\"exceptions\":[{\"date\":\"2026-04-01\","
		  "\"from\":\"08:00\",\"to\":\"08:00\"}]}",
		    422, "empty_window", "exceptions[0].to" },
		{ "{\"windows\":[],\"exceptions\":[{\"date\":\"2026-04-02\"},"
		  "{\"date\":\"2026-04-01\"},{\"date\":\"2026-04-02\"}]}",
		    422, "conflicting_exception", "exceptions[2].date" },
	};
	struct rules_profile   p;
	struct api_profile_err err;
	size_t                 i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(from(cases[i].in, &p, &err), -1);
		if (err.status != cases[i].status ||
		    strcmp(err.code, cases[i].code) != 0 ||
		    strcmp(err.field, cases[i].field) != 0)
			fail_msg("case %zu: %d %s %s (%s)", i, err.status,
			    err.code, err.field, err.message);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_json_round_trip),
		cmocka_unit_test(test_profile_json_refusals_name_the_field),
	};

	return (cmocka_run_group_tests_name("api_profile", tests, NULL, NULL));
}
