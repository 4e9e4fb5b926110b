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
 * OCR in the API (issue 8): what counts as a well-formed reading, for
 * ocr_read() to choose with.  Pure C, no kore (api/api_ocr_fit.c), so the
 * unit tests and make bench-ocr choose exactly as the server does.
 */

#ifndef API_OCR_H
#define API_OCR_H

#include <stdint.h>

#include "../ocr/ocr.h"
#include "api_read.h"

/*
 * ocr_fits_fn: a plate that fits its country's grammar (pseudo/; the
 * generic one for an unknown country), a container code with the right
 * ISO 6346 check digit, an ADR "hazard/un" pair the ADR tables list.
 */
int api_ocr_fits(enum ocr_kind, const char *, const char *, void *);

/*
 * What OCR read (status OCR_OK) as the read a device would post for
 * lane, captured at unix time now: written as our JSON and parsed by
 * api_read_parse(), so it is validated as any read is; the runners up
 * become candidates.  0, or -1 with *err.  *out holds the plate: wipe
 * it (api_read_wipe()).
 */
int api_ocr_read(const struct ocr_result *, int64_t, int64_t, struct api_read *,
    struct api_read_err *);

/* "plate", "container", "adr" to *kind: 0, or -1 for anything else. */
int api_ocr_kind(const char *, enum ocr_kind *);

#endif /* API_OCR_H */
