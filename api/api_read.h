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
 * A read as a device posts it (POST /api/v1/reads), validated: pure (no
 * kore), so it is unit tested and fuzzed on its own.  The plate's text is
 * canonicalised here (pseudo/); the caller computes the tokens and then
 * wipes the struct with api_read_wipe(): the plaintext lives in it and
 * nowhere else.
 */

#ifndef API_READ_H
#define API_READ_H

#include <stddef.h>
#include <stdint.h>

#include "api_json.h"
#include "../pseudo/pseudo.h"

/* The most candidates, the longest device read id. */
#define API_READ_CANDIDATES_MAX 8
#define API_READ_ID_MAX         64

/* How far captured_at may lie ahead of the server's clock, and behind. */
#define API_READ_FUTURE_MAX (10 * 60)
#define API_READ_PAST_MAX   (31 * 86400)

enum api_read_kind {
	API_READ_PLATE,
	API_READ_CONTAINER,
	API_READ_ADR,
};

enum api_read_dir {
	API_READ_DIR_UNKNOWN, /* absent: the lane's, when it has one */
	API_READ_DIR_IN,
	API_READ_DIR_OUT,
};

struct api_read_candidate {
	struct pseudo_plate plate; /* kind plate */
	char                code[12]; /* kind container */
	int                 check_ok;
	double              confidence;
};

struct api_read {
	enum api_read_kind        kind;
	int64_t                   lane;
	double                    confidence;
	enum api_read_dir         direction;
	int64_t                   captured; /* unix seconds, UTC */
	int                       captured_ms;
	char                      country[PSEUDO_COUNTRY_MAX + 1];
	char                      id[API_READ_ID_MAX + 1]; /* device_read_id */
	size_t                    idlen; /* 0: none */
	struct pseudo_plate       plate; /* kind plate */
	char                      code[12]; /* kind container: ISO 6346 */
	int                       check_ok; /* its check digit is right */
	char                      hazard[5]; /* kind adr */
	char                      un[5];
	struct api_read_candidate cand[API_READ_CANDIDATES_MAX];
	size_t                    ncand;
};

/* Why a read was refused: the HTTP status and the API's error members. */
struct api_read_err {
	int         status; /* 400 or 422 */
	const char *code;
	char        field[48];
	char        message[128];
};

/*
 * Validate the body root (an object) of a read received at unix time now
 * into *out.  Returns 0, or -1 with *err naming the field at fault: an
 * unknown or missing member, a wrong type, text no plate has, a
 * confidence outside 0..1, a time that is not RFC 3339 with an offset or
 * lies more than API_READ_FUTURE_MAX ahead or API_READ_PAST_MAX behind
 * now, too many candidates.  *out is wiped on failure.
 */
int api_read_parse(const struct api_jvalue *, int64_t, struct api_read *,
    struct api_read_err *);

/* Wipe a read (explicit_bzero): plates and candidates.  NULL is fine. */
void api_read_wipe(struct api_read *);

#endif /* API_READ_H */
