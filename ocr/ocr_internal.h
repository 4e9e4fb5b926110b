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
 * ocr/'s own parts, for its files and their tests only.
 */

#ifndef OCR_INTERNAL_H
#define OCR_INTERNAL_H

#include <leptonica/allheaders.h>

#include "ocr.h"

/* The alternatives kept at one position of a line. */
#define OCR_CHOICES 10

/* One character position: its alternatives, most likely first. */
struct ocr_pos {
	char   c[OCR_CHOICES];
	double p[OCR_CHOICES]; /* 0..1 */
	int    n;
};

/* What the engine read on one line. */
struct ocr_lattice {
	struct ocr_pos pos[OCR_TEXT_MAX];
	size_t         n;
};

/* The most rows of characters looked for (an ADR plate has two). */
#define OCR_ROWS_MAX 2

/*
 * ocr_image.c: the decoded image to clean lines.  ocr_decode() returns an
 * 8 bpp grey image or NULL with *status set; ocr_lines() finds up to max
 * rows of characters of like height and draws each alone (its
 * characters black on white, nothing else, glyphs OCR_GLYPH_H high) into
 * lines[], top row first, and how many characters each has into
 * counts[].  Returns how many rows.
 */
#define OCR_GLYPH_H 40
PIX *ocr_decode(const void *, size_t, int *, int *, int *);
int  ocr_lines(PIX *, PIX **, int *, int);

/*
 * ocr_engine.c: the calling thread's engine reads one line image into
 * *l, with only the characters of whitelist (upper case; with lower, the
 * same in lower case too, read as upper).  0, or -1 when there is no
 * engine.
 */
int ocr_engine_line(PIX *, const char *, int, struct ocr_lattice *);

/*
 * ocr_choose.c: pure.  Add the confusable twins (O and 0, I and 1 …)
 * to each position as unlikely alternatives of the other class, then
 * list readings best first and keep the first that fits (or the best):
 * into out, with up to OCR_ALT_MAX runners up.  text of l joined
 * with sep after position split (ADR: 2 or 3, or 0 for none).
 */
void ocr_confusables(struct ocr_lattice *);
void ocr_choose(const struct ocr_lattice *, size_t, enum ocr_kind, const char *,
    ocr_fits_fn, void *, struct ocr_result *);

#endif /* OCR_INTERNAL_H */
