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
 * ocr_read(): decode, find the rows of characters, read them, choose.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ocr_internal.h"

#define LETTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGITS  "0123456789"

/* Append line b to a (a two-line plate or code read as one). */
static void
join(struct ocr_lattice *a, const struct ocr_lattice *b)
{
	size_t i;

	for (i = 0; i < b->n && a->n < OCR_TEXT_MAX; i++)
		a->pos[a->n++] = b->pos[i];
}

/*
 * One line into *l: with capitals only, and when that gives another
 * number of characters than the line has, once more with lower case
 * taken as upper; the reading closer to the count wins.
 */
static int
read_line(PIX *line, int count, const char *wl, struct ocr_lattice *l)
{
	struct ocr_lattice again;
	int                rc;

	if ((rc = ocr_engine_line(line, wl, 0, l)) == -1 || (int)l->n == count)
		return (rc);
	if (ocr_engine_line(line, wl, 1, &again) == 0 &&
	    abs((int)again.n - count) < abs((int)l->n - count))
		*l = again;
	explicit_bzero(&again, sizeof(again));

	return (0);
}

int
ocr_read(const void *img, size_t len, enum ocr_kind kind, const char *country,
    ocr_fits_fn fits, void *arg, struct ocr_result *out)
{
	struct ocr_lattice l, l2;
	PIX               *grey, *lines[OCR_ROWS_MAX];
	int                status, n, i, counts[OCR_ROWS_MAX];
	size_t             split = 0;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	if (country != NULL)
		(void)snprintf(out->country, sizeof(out->country), "%s",
		    country);
	if ((grey = ocr_decode(img, len, &status, &out->width, &out->height)) ==
	    NULL)
		return (status);
	n = ocr_lines(grey, lines, counts, kind == OCR_PLATE ? 1 : 2);
	pixDestroy(&grey);
	status = OCR_NO_TEXT;
	if (n == 0)
		return (status);
	memset(&l, 0, sizeof(l));
	memset(&l2, 0, sizeof(l2));
	if (kind == OCR_ADR) {
		/* Hazard number over UN number: two rows or nothing. */
		if (n == 2 &&
		    read_line(lines[0], counts[0], DIGITS "X", &l) == 0 &&
		    read_line(lines[1], counts[1], DIGITS, &l2) == 0) {
			split = l.n;
			join(&l, &l2);
			status = OCR_OK;
		} else if (n == 2) {
			status = OCR_UNAVAILABLE;
		}
	} else {
		if (read_line(lines[0], counts[0], LETTERS DIGITS, &l) == -1)
			status = OCR_UNAVAILABLE;
		else
			status = OCR_OK;
		/* A code written on two rows (owner over serial). */
		if (status == OCR_OK && kind == OCR_CONTAINER && n == 2 &&
		    l.n < 11 &&
		    read_line(lines[1], counts[1], LETTERS DIGITS, &l2) == 0)
			join(&l, &l2);
	}
	for (i = 0; i < n; i++)
		pixDestroy(&lines[i]);
	if (status != OCR_OK)
		return (status);
	if (l.n == 0 || (kind == OCR_ADR && (split == 0 || split == l.n)))
		return (OCR_NO_TEXT);
	ocr_confusables(&l);
	ocr_choose(&l, split, kind, out->country, fits, arg, out);
	explicit_bzero(&l, sizeof(l));
	explicit_bzero(&l2, sizeof(l2));

	return (out->text[0] != '\0' ? OCR_OK : OCR_NO_TEXT);
}

void
ocr_result_wipe(struct ocr_result *r)
{
	if (r != NULL)
		explicit_bzero(r, sizeof(*r));
}

const char *
ocr_status_name(int s)
{
	switch (s) {
	case OCR_OK:
		return ("ok");
	case OCR_NO_TEXT:
		return ("no_text");
	case OCR_BAD_IMAGE:
		return ("bad_image");
	case OCR_TOO_LARGE:
		return ("too_large");
	default:
		return ("unavailable");
	}
}
