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
 * Time profiles as the API shows them (api_profile.c): the JSON of
 * POST /api/v1/profiles into a rules_profile, with errors naming the
 * field, and a profile back into JSON.  Pure C, no kore.
 */

#ifndef API_PROFILE_H
#define API_PROFILE_H

#include <stddef.h>

#include "api_json.h"
#include "../rules/rules_profile.h"

/* Why a body was refused: status (400, 422), code, field, message. */
struct api_profile_err {
	int  status;
	char code[32];
	char field[48]; /* "windows[1].from" */
	char message[96];
};

/*
 * The members "windows" (required: an array, possibly empty, of
 * {"days":["mon",…],"from":"HH:MM","to":"HH:MM"}) and "exceptions"
 * (optional: {"date":"YYYY-MM-DD"} closed all day, or with "from" and
 * "to") of the object o into *p, normalised (rules_profile_normalise()).
 * Times are 00:00 to 23:59; "to" may be "24:00", and "00:00" as "to"
 * means midnight too; "to" before "from" runs past midnight; equal is
 * refused (422).  Other members of o are the caller's.  Returns 0, or
 * -1 with *err filled.
 */
int api_profile_from_json(const struct api_jvalue *, struct rules_profile *,
    struct api_profile_err *);

/*
 * Write "windows":[…],"exceptions":[…] (two JSON members, no braces) of
 * *p into out[0..outlen), NUL-terminated.  Returns the length needed
 * without the NUL, like snprintf(3); API_PROFILE_JSON_MAX is enough.
 */
#define API_PROFILE_JSON_MAX 16384
size_t api_profile_json(const struct rules_profile *, char *, size_t);

#endif /* API_PROFILE_H */
