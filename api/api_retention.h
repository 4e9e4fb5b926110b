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
 * The retention classes (api_retention_classes.c): their names, their
 * privacy-first defaults and why, and the bounds a tenant's setting must
 * keep.  Pure (libc, no kore), unit tested in
 * tests/api/test_api_retention_classes.c; the reads (api_reads.c) and
 * GET|PUT /api/v1/retention (api_retention.c) use them.
 */

#ifndef API_RETENTION_H
#define API_RETENTION_H

#include <stddef.h>
#include <stdint.h>

enum api_class {
	C_NO_EFFECT,
	C_OPENED,
	C_DENIED,
	C_HOTLIST,
	C_MANUAL,
	C_VIOLATION,
	C_SESSION,
	C_OPERATOR,
	C_AUDIT,
	C_HEALTH,
	CLASSES
};

/* The longest retention a tenant may set: ten years. */
#define API_RETENTION_MAX_HOURS 87600

struct api_class_def {
	const char *name;
	int64_t     hours; /* the default */
	int64_t     min_hours; /* below it, a setting is refused */
	const char *what; /* what the class holds */
	const char *why; /* why its default */
};

extern const struct api_class_def api_classes[CLASSES];

/* The class named s[0..len), or -1. */
int api_class_find(const char *, size_t);

/*
 * A tenant's stored setting "class=hours,class=hours,…" over the
 * defaults, into hours[CLASSES]; unknown classes and bad numbers are
 * skipped (the default holds).
 */
void api_class_hours(const char *, int64_t *);

/* The classes a read (plate_reads) can have: the first, to the last. */
#define API_READ_CLASS_FIRST C_NO_EFFECT
#define API_READ_CLASS_LAST  C_VIOLATION

/*
 * The read classes named in "class,class,…" as bits (1u << class);
 * unknown names and classes no read has are skipped.  NULL is none.
 */
unsigned int api_class_mask(const char *);

#endif /* API_RETENTION_H */
