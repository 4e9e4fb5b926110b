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
 * A data subject's tokens (issue 6, api/api_dsr.c): every pseudonym the
 * records about one vehicle may carry.  A read's token depends on the
 * tenant's key version and read epoch at the time it was stored, so a
 * request for access or erasure recomputes them all: every key version
 * from 1 to the current one, and every epoch of every epoch mode within
 * the window the longest retention spans.  Pure C, no kore: unit tested.
 */

#ifndef API_SUBJECT_H
#define API_SUBJECT_H

#include <stddef.h>
#include <stdint.h>

#include "../pseudo/pseudo.h"

/* At most this many key versions are searched (a tenant rotates rarely). */
#define API_SUBJECT_VERSIONS_MAX 64

/*
 * The tokens as JSON arrays of hex strings, ["0a1b…", …], for SQL's
 * JSON_TABLE: reads, the read tokens (purpose "read", every epoch);
 * match, the match tokens (purpose "match", no epoch) sessions, queue
 * items and list entries carry.  Free with api_subject_free().
 */
struct api_subject {
	char  *reads;
	size_t nreads;
	char  *match;
	size_t nmatch;
};

/* A key version of the tenant and the master key it was made under. */
struct api_subject_version {
	uint32_t                 version;
	const struct pseudo_key *master;
};

/*
 * The tokens of skeleton (pseudo_plate's) for tenant: under each of the
 * key versions v[0..nv) (1 to API_SUBJECT_VERSIONS_MAX of them), and the
 * epochs of every mode that unix times from now - hours - one day (a
 * day's margin: the epoch a read was stored in began before it) to now
 * fall in.  hours is clamped to 0..87600.  Returns 0, or -1 (bad
 * argument, out of memory, an OpenSSL failure) with *s empty.
 */
int api_subject_tokens(const struct api_subject_version *, size_t, int64_t,
    const char *, int64_t, int64_t, struct api_subject *);

/* Wipe and free the arrays; NULL and an empty one are ok. */
void api_subject_free(struct api_subject *);

#endif /* API_SUBJECT_H */
