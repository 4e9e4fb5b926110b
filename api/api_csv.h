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
 * CSV (RFC 4180) records from bodies anyone may send, and fields quoted
 * for export (api_csv.c).  Pure C, no kore: unit tested and fuzzed.
 */

#ifndef API_CSV_H
#define API_CSV_H

#include <stddef.h>

/* A reader over buf[0..len); api_csv_init() fills it. */
struct api_csv {
	const char *buf;
	size_t      len;
	size_t      off; /* where the next record starts */
	size_t      line; /* its line number, from 1 */
};

/*
 * Start reading buf[0..len), which need not be NUL-terminated.  A UTF-8
 * byte order mark at the start is skipped (spreadsheets write one).
 */
void api_csv_init(struct api_csv *, const char *, size_t);

/*
 * api_csv_next(r, out, outlen, field, max, &n, &line, &errstr): the next
 * record.  Fields are separated by ',' and records end with CRLF or LF
 * (or the end of the input).  A field that starts with '"' is quoted: it
 * ends at the next '"' that is not doubled ("" is one '"') and may hold
 * ',', CR and LF; after its closing quote comes ',' or the end of the
 * record.  A '"' inside an unquoted field, a CR not followed by LF
 * outside quotes, a NUL byte, bytes that are not UTF-8, and an
 * unterminated quoted field are errors.
 *
 * The fields' text, unquoted and NUL-terminated, is written one after
 * another into out[0..outlen); field[0..*n) point at them (at most max
 * fields); *line is the line the record starts on.  An empty line is one
 * record of one empty field.  Returns 1 for a record, 0 at the end of the
 * input (nothing read), -1 with *errstr (a static message) for a record
 * that is malformed, longer than outlen allows, or has more than max
 * fields; reading should stop then.
 */
int api_csv_next(struct api_csv *, char *, size_t, char **, size_t, size_t *,
    size_t *, const char **);

/*
 * Write s as one CSV field into dst[0..dstlen), NUL-terminated when
 * dstlen > 0: quoted (with '"' doubled) when it holds ',', '"', CR or LF
 * or starts or ends with a space, else as it is.  Returns the length the
 * field needs without the NUL, like snprintf(3).
 */
size_t api_csv_quote(char *, size_t, const char *);

#endif /* API_CSV_H */
