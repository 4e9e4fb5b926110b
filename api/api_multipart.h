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
 * multipart/form-data (RFC 7578, framed as RFC 2046 5.1.1) from bodies
 * anyone may send: the uploads of cameras (Hikvision, Axis, Plate
 * Recognizer) with their quirks (api_multipart.c).  Pure C, no kore, no
 * allocation: unit tested and fuzzed.
 */

#ifndef API_MULTIPART_H
#define API_MULTIPART_H

#include <stddef.h>
#include <stdint.h>

#define API_MP_PARTS_MAX    8 /* parts, skipped ones included */
#define API_MP_NAME_MAX     128 /* bytes of a part's name */
#define API_MP_FILENAME_MAX 255 /* bytes of a part's filename */
#define API_MP_CTYPE_MAX    127 /* bytes of a part's Content-Type */
#define API_MP_BOUNDARY_MAX 70 /* RFC 2046 */
#define API_MP_HEADERS_MAX  8192 /* bytes of a part's header block */
#define API_MP_LINES_MAX    16 /* lines of a part's header block */

/*
 * The two messages a handler answers with another status than 400: 415
 * for the first (api_mp_boundary()), 413 for the second (api_mp_parse()).
 * Compare with strcmp(3).
 */
#define API_MP_ETYPE  "the media type is not multipart/form-data"
#define API_MP_EPARTS "more than 8 parts"

/* One part with a name, as api_mp_parse() found it. */
struct api_mp_part {
	char name[API_MP_NAME_MAX + 1]; /* unquoted, never empty */
	char filename[API_MP_FILENAME_MAX + 1]; /* "" when absent */
	int  has_filename; /* 1 even for filename="" */
	/* Content-Type, trimmed; "" when absent (text/plain). */
	char           ctype[API_MP_CTYPE_MAX + 1];
	const uint8_t *data; /* into the body, not copied */
	size_t         len;
};

/* The parts of one body, in the order they came. */
struct api_mp {
	struct api_mp_part part[API_MP_PARTS_MAX];
	size_t             n;
	int                closed; /* 0: the close delimiter never came */
};

/*
 * api_mp_boundary(content_type, out, outlen, &errstr): the boundary of
 * a Content-Type header's value (NUL-terminated), written unquoted and
 * NUL-terminated into out[0..outlen).  The media type must be
 * multipart/form-data (any case); parameters come in any order, with or
 * without spaces around ';', and their values are tokens or quoted
 * strings (RFC 9110 5.6.6); "boundary" (any case) must come exactly
 * once, with 1 to API_MP_BOUNDARY_MAX characters RFC 2046 allows
 * (bchars, not ending in a space).  Returns 0, or -1 with *errstr (a
 * static message that never quotes the input): the media type is not
 * multipart/form-data, the header is malformed, the boundary is missing,
 * given twice, not allowed, or does not fit outlen.
 */
int api_mp_boundary(const char *, char *, size_t, const char **);

/*
 * api_mp_parse(mp, body, len, boundary, &errstr): split body[0..len),
 * which need not be NUL-terminated, at the delimiters of boundary.
 *
 * A delimiter is "--" boundary at the start of the body or of a line
 * (after LF, CRLF or LF alike), then either "--" (the close delimiter:
 * whatever follows is epilogue and ignored) or spaces and tabs
 * (transport padding) up to the end of the line or of the body; the
 * line break before it belongs to it, not to the part.  "--" boundary
 * anywhere else, or followed by anything else, is data.  Everything
 * before the first delimiter (the preamble) is ignored.
 *
 * A part is a header block (lines ending in CRLF or LF, up to an empty
 * line; at most API_MP_LINES_MAX lines and API_MP_HEADERS_MAX bytes, no
 * control characters but HT, no folded lines) and then its data.
 * Header names are matched in any case.  Content-Disposition must be
 * form-data to keep the part; its "name" is required and "filename"
 * optional, in any order.  Content-Type is kept as sent.  A
 * Content-Transfer-Encoding other than 7bit, 8bit or binary is refused;
 * Content-Length and other headers are ignored (cameras send lengths
 * that are wrong).  A part without Content-Disposition, with another
 * disposition type, or without a name (or an empty one) is skipped, and
 * so is an empty part between two adjacent delimiters, but each still
 * counts towards API_MP_PARTS_MAX.
 *
 * Without a close delimiter (mp->closed is 0) the last part's data runs
 * to the end of the body, less one CRLF or LF at its very end: the line
 * break a sender writes before a delimiter it then never sent.  A body
 * that ends right after a delimiter's line adds no part.
 *
 * The parts' data point into body, which must outlive mp.  Returns 0
 * with mp filled (mp->n may be 0), or -1 with mp->n 0 and *errstr (a
 * static message that never quotes the input): no delimiter at all, a
 * malformed or oversized header block, a header that does not end
 * before the next delimiter, a name, filename or Content-Type that is
 * too long, a repeated Content-Disposition, Content-Type or
 * Content-Transfer-Encoding, an encoding refused as above, more than
 * API_MP_PARTS_MAX parts, or a boundary api_mp_boundary() would refuse.
 */
int api_mp_parse(struct api_mp *, const uint8_t *, size_t, const char *,
    const char **);

/*
 * The first part of mp named name (compared in ASCII without case), or
 * NULL when there is none.
 */
const struct api_mp_part *api_mp_find(const struct api_mp *, const char *);

#endif /* API_MULTIPART_H */
