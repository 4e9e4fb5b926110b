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
 * One row into *l: with capitals only, and when that gives another
 * number of characters than the row has, once more with lower case
 * taken as upper; the reading closer to the count wins.  Each
 * character's counters then weigh its alternatives (ocr_shapes()).
 */
static int
read_line(const struct ocr_row *row, const char *wl, struct ocr_lattice *l)
{
	struct ocr_lattice again;
	int                rc;

	if ((rc = ocr_engine_line(row->line, wl, 0, l)) == -1)
		return (rc);
	if ((int)l->n != row->count &&
	    ocr_engine_line(row->line, wl, 1, &again) == 0 &&
	    abs((int)again.n - row->count) < abs((int)l->n - row->count))
		*l = again;
	explicit_bzero(&again, sizeof(again));
	ocr_shapes(l, row->shape, row->count);

	return (0);
}

/*
 * The clean row's reading did not fit, or the engine was unsure of it
 * (a character broken in two or touching the frame is lost from the
 * clean row): the row's grey box is read too, and wins when it fits and
 * the engine is surer of it.
 */
#define GREY_BELOW 0.2

static void
read_grey(const struct ocr_row *row, enum ocr_kind kind, ocr_fits_fn fits,
    void *arg, struct ocr_result *out)
{
	struct ocr_lattice l;
	struct ocr_result  r;

	if (row->grey == NULL ||
	    (out->valid && out->confidence >= GREY_BELOW) ||
	    ocr_engine_line(row->grey, LETTERS DIGITS, 0, &l) != 0 || l.n == 0)
		return;
	memset(&r, 0, sizeof(r));
	r.kind = kind;
	memcpy(r.country, out->country, sizeof(r.country));
	r.width = out->width;
	r.height = out->height;
	ocr_shapes(&l, row->shape, row->count);
	ocr_confusables(&l);
	ocr_choose(&l, 0, kind, r.country, fits, arg, &r);
	if (r.valid && (!out->valid || r.confidence > out->confidence))
		*out = r;
	explicit_bzero(&l, sizeof(l));
	explicit_bzero(&r, sizeof(r));
}

int
ocr_read(const void *img, size_t len, enum ocr_kind kind, const char *country,
    ocr_fits_fn fits, void *arg, struct ocr_result *out)
{
	struct ocr_lattice l, l2;
	struct ocr_row     rows[OCR_ROWS_MAX];
	PIX               *grey;
	int                status, n;
	size_t             split = 0;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	if (country != NULL)
		(void)snprintf(out->country, sizeof(out->country), "%s",
		    country);
	if ((grey = ocr_decode(img, len, &status, &out->width, &out->height)) ==
	    NULL)
		return (status);
	n = ocr_lines(grey, rows, kind == OCR_PLATE ? 1 : 2);
	pixDestroy(&grey);
	status = OCR_NO_TEXT;
	if (n == 0)
		return (status);
	memset(&l, 0, sizeof(l));
	memset(&l2, 0, sizeof(l2));
	if (kind == OCR_ADR) {
		/* Hazard number over UN number: two rows or nothing. */
		if (n == 2 && read_line(&rows[0], DIGITS "X", &l) == 0 &&
		    read_line(&rows[1], DIGITS, &l2) == 0) {
			split = l.n;
			join(&l, &l2);
			status = OCR_OK;
		} else if (n == 2) {
			status = OCR_UNAVAILABLE;
		}
	} else {
		if (read_line(&rows[0], LETTERS DIGITS, &l) == -1)
			status = OCR_UNAVAILABLE;
		else
			status = OCR_OK;
		/* A code written on two rows (owner over serial). */
		if (status == OCR_OK && kind == OCR_CONTAINER && n == 2 &&
		    l.n < 11 && read_line(&rows[1], LETTERS DIGITS, &l2) == 0)
			join(&l, &l2);
	}
	if (status == OCR_OK &&
	    (l.n == 0 || (kind == OCR_ADR && (split == 0 || split == l.n))))
		status = OCR_NO_TEXT;
	if (status == OCR_OK) {
		ocr_confusables(&l);
		ocr_choose(&l, split, kind, out->country, fits, arg, out);
		/* One row read: its grey box may do better. */
		if (kind != OCR_ADR && l2.n == 0)
			read_grey(&rows[0], kind, fits, arg, out);
	}
	ocr_rows_free(rows, n);
	explicit_bzero(&l, sizeof(l));
	explicit_bzero(&l2, sizeof(l2));
	if (status != OCR_OK)
		return (status);

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
