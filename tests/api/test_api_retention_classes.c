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
 * api/api_retention_classes.c: the classes, their privacy-first
 * defaults, and a tenant's stored setting read over them.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_retention.h"

static void
test_classes_are_named_and_privacy_first(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < CLASSES; i++) {
		assert_non_null(api_classes[i].name);
		assert_true(strlen(api_classes[i].why) > 0);
		assert_true(strlen(api_classes[i].what) > 0);
		assert_true(api_classes[i].hours >= api_classes[i].min_hours);
		assert_int_equal(api_class_find(api_classes[i].name,
		                     strlen(api_classes[i].name)),
		    (int)i);
	}
	/* Nothing a rule did not need is kept by default. */
	assert_int_equal(api_classes[C_NO_EFFECT].hours, 0);
	assert_int_equal(api_classes[C_OPENED].hours, 0);
	assert_int_equal(api_classes[C_SESSION].hours, 24);
	assert_int_equal(api_classes[C_VIOLATION].hours, 720);
	assert_int_equal(api_class_find("hotlist", 7), -1);
	assert_int_equal(api_class_find("hotlist_hit_", 12), -1);
}

static void
test_class_hours_over_the_defaults(void **state)
{
	int64_t h[CLASSES];

	(void)state;
	api_class_hours(NULL, h);
	assert_int_equal(h[C_HOTLIST], 720);
	api_class_hours("hotlist_hit=2,read_no_effect=24", h);
	assert_int_equal(h[C_HOTLIST], 2);
	assert_int_equal(h[C_NO_EFFECT], 24);
	assert_int_equal(h[C_DENIED], 24);
	/* Unknown classes, bad or out-of-range numbers: the default holds. */
	api_class_hours("colour=3,read_denied=x,violation=-1,"
	                "manual_decision=87601,parking_session=5h,"
	                "read_opened=,camera_health=7",
	    h);
	assert_int_equal(h[C_DENIED], 24);
	assert_int_equal(h[C_VIOLATION], 720);
	assert_int_equal(h[C_MANUAL], 72);
	assert_int_equal(h[C_SESSION], 24);
	assert_int_equal(h[C_OPENED], 0);
	assert_int_equal(h[C_HEALTH], 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes_are_named_and_privacy_first),
		cmocka_unit_test(test_class_hours_over_the_defaults),
	};

	return (cmocka_run_group_tests_name("api_retention_classes", tests,
	    NULL, NULL));
}
