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
 * The retention classes and their defaults: privacy first, each with
 * the reason the README repeats.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api_retention.h"

const struct api_class_def api_classes[CLASSES] = {
	[C_NO_EFFECT] = { "read_no_effect", 0, 0,
	    "a read no list or policy decided anything for",
	    "a fresh install stores no read no rule needed (counted only)" },
	[C_OPENED] = { "read_opened", 0, 0, "a read that opened the gate",
	    "nothing is left to prove once the gate opened" },
	[C_DENIED] = { "read_denied", 24, 0,
	    "a read denied by the site (full, passback), not by a deny list",
	    "a day to answer \"why was I refused?\"" },
	[C_HOTLIST] = { "hotlist_hit", 720, 0, "a read a deny list denied",
	    "a wanted vehicle is evidence to follow up (30 days)" },
	[C_MANUAL] = { "manual_decision", 72, 0,
	    "a read a person must decide, and its queue item",
	    "the operator's decision needs its read; the item stays at "
	    "least an hour" },
	[C_VIOLATION] = { "violation", 720, 0,
	    "an overstay or anti-passback read and the site's events",
	    "a dispute or a fine takes weeks (30 days)" },
	[C_SESSION] = { "parking_session", 24, 0, "a closed parking session",
	    "the exit's amount may be questioned the same day; open "
	    "sessions stay while open" },
	[C_OPERATOR] = { "operator_action", 168, 0,
	    "a manual decision once a person resolved it (who, when, what; "
	    "gates opened by hand are in the audit log)",
	    "a week to review who opened which gate" },
	[C_AUDIT] = { "audit_log", 2160, 720,
	    "the audit trail (no plates, no tokens)",
	    "90 days of accountability; never under 30 days "
	    "(audit_policy)" },
	[C_HEALTH] = { "camera_health", 720, 0,
	    "cameras' and lanes' health records (no personal data; none "
	    "are stored yet)",
	    "30 days to see a camera's trend" },
};

int
api_class_find(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < CLASSES; i++) {
		if (strlen(api_classes[i].name) == len &&
		    memcmp(api_classes[i].name, s, len) == 0)
			return ((int)i);
	}

	return (-1);
}

void
api_class_hours(const char *s, int64_t *hours)
{
	char     *end;
	long long h;
	size_t    i, n;
	int       c;

	for (i = 0; i < CLASSES; i++)
		hours[i] = api_classes[i].hours;
	while (s != NULL && *s != '\0') {
		n = strcspn(s, "=,");
		if (s[n] == '=') {
			errno = 0;
			h = strtoll(s + n + 1, &end, 10);
			c = api_class_find(s, n);
			if (c >= 0 && errno == 0 && end != s + n + 1 &&
			    (*end == ',' || *end == '\0') && h >= 0 &&
			    h <= API_RETENTION_MAX_HOURS)
				hours[c] = h;
		}
		s += strcspn(s, ",");
		if (*s == ',')
			s++;
	}
}

unsigned int
api_class_mask(const char *s)
{
	unsigned int mask = 0;
	size_t       n;
	int          c;

	while (s != NULL && *s != '\0') {
		n = strcspn(s, ",");
		c = api_class_find(s, n);
		if (c >= API_READ_CLASS_FIRST && c <= API_READ_CLASS_LAST)
			mask |= 1u << c;
		s += n;
		if (*s == ',')
			s++;
	}

	return (mask);
}
