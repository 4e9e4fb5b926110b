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
 * libFuzzer target for ocr/'s hostile input: the bytes as an image
 * (ocr_decode(): JPEG and PNG only, the size checked from the header
 * before the pixels are decoded) and, when one decodes, the search for
 * rows of characters and their drawing (ocr_lines()).  A decoded image
 * must have the size its header gave and lie within the limits; every
 * row drawn must be 8 bpp with its glyphs' height, its grey box 8 bpp,
 * its count and shapes in range.  Then the same bytes as an engine's
 * alternatives and the characters' shapes (ocr_shapes()), chosen among
 * as every kind (ocr_choose()): the text must be [A-Z0-9] (an ADR one split by
 * one
 * "/"), its confidence 0..1.  The engine itself is not run here: it only
 * ever sees the rows ocr_lines() draws.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../api/api_ocr.h"
#include "../../ocr/ocr_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_text(const struct ocr_result *r, enum ocr_kind kind)
{
	const char *s;
	int         slashes = 0;

	if (r->confidence < 0 || r->confidence > 1.0 + 1e-9)
		abort();
	for (s = r->text; *s != '\0'; s++) {
		if (*s == '/')
			slashes++;
		else if (!((*s >= 'A' && *s <= 'Z') ||
		             (*s >= '0' && *s <= '9')))
			abort();
	}
	if (slashes > (kind == OCR_ADR))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char  set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789X";
	struct ocr_lattice l;
	struct ocr_result  r;
	struct ocr_row     rows[OCR_ROWS_MAX];
	PIX               *grey;
	int                st, w, h, n, i, j;
	size_t             k, split;
	unsigned char      shape[OCR_ROW_COMPS];

	setMsgSeverity(L_SEVERITY_NONE);
	if ((grey = ocr_decode(data, size, &st, &w, &h)) != NULL) {
		if (st != OCR_OK || pixGetWidth(grey) != w ||
		    pixGetHeight(grey) != h || pixGetDepth(grey) != 8 ||
		    w > OCR_IMAGE_SIDE_MAX || h > OCR_IMAGE_SIDE_MAX)
			abort();
		n = ocr_lines(grey, rows, OCR_ROWS_MAX);
		for (i = 0; i < n; i++) {
			if (pixGetDepth(rows[i].line) != 8 ||
			    rows[i].count < 1 ||
			    rows[i].count > OCR_ROW_COMPS ||
			    pixGetHeight(rows[i].line) < OCR_GLYPH_H ||
			    (rows[i].grey != NULL &&
			        pixGetDepth(rows[i].grey) != 8))
				abort();
			for (j = 0; j < rows[i].count; j++) {
				if (rows[i].shape[j] > OCR_SHAPE_TWO)
					abort();
			}
		}
		ocr_rows_free(rows, n);
		pixDestroy(&grey);
	} else if (st == OCR_OK) {
		abort();
	}

	/* Two bytes a choice: its character, its probability. */
	memset(&l, 0, sizeof(l));
	for (k = 0; k + 1 < size && l.n < OCR_TEXT_MAX; k += 2) {
		struct ocr_pos *p = &l.pos[l.n];

		if (p->n == 0 || data[k] & 0x80) {
			if (p->n != 0)
				p = &l.pos[++l.n];
			if (l.n == OCR_TEXT_MAX)
				break;
		}
		if (p->n < 5) {
			p->c[p->n] = set[data[k] % (sizeof(set) - 1)];
			p->p[p->n] = (data[k + 1] + 1) / 256.0;
			p->n++;
		}
	}
	if (l.n < OCR_TEXT_MAX && l.pos[l.n].n > 0)
		l.n++;
	/* A shape for each position, from the same bytes. */
	for (k = 0; k < OCR_ROW_COMPS; k++)
		shape[k] = k < size ? data[k] % 4 : OCR_SHAPE_NONE;
	ocr_shapes(&l, shape, (int)l.n);
	ocr_confusables(&l);
	split = size > 0 ? data[0] % 4 : 0;
	for (i = OCR_PLATE; i <= OCR_ADR; i++) {
		memset(&r, 0, sizeof(r));
		ocr_choose(&l, i == OCR_ADR ? split : 0, (enum ocr_kind)i, "D",
		    api_ocr_fits, NULL, &r);
		check_text(&r, (enum ocr_kind)i);
		for (k = 0; k < r.nalt; k++) {
			if (r.alt[k].confidence < 0 || r.alt[k].confidence > 1)
				abort();
		}
	}

	return (0);
}
