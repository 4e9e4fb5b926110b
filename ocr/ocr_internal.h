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

/* The most characters one row may have. */
#define OCR_ROW_COMPS 24

/* A character's counters (the holes of an O, a B), where they tell apart. */
enum ocr_shape {
	OCR_SHAPE_NONE = 0, /* no counter seen (or one broken open) */
	OCR_SHAPE_ROUND, /* one, even all round: O, D, 0, 9, P … */
	OCR_SHAPE_TAILED, /* one, cut at its lower right by a tail: Q */
	OCR_SHAPE_TWO, /* two: B, 8 */
};

/*
 * One row of characters: the characters alone, drawn clean (black on
 * white, nothing else, glyphs OCR_GLYPH_H high); the row's box in the
 * grey crop, dark on light, at the same scale (what was not taken for a
 * character, as the engine sees it); how many characters, and each one's
 * shape, left to right.
 */
struct ocr_row {
	PIX          *line;
	PIX          *grey;
	int           count;
	unsigned char shape[OCR_ROW_COMPS];
};

/*
 * ocr_image.c: the decoded image to rows.  ocr_decode() returns an
 * 8 bpp grey image or NULL with *status set; ocr_lines() finds up to max
 * rows of characters of like height, top row first, into rows[].
 * Returns how many; ocr_rows_free() frees them.
 */
#define OCR_GLYPH_H 40
PIX *ocr_decode(const void *, size_t, int *, int *, int *);
int  ocr_lines(PIX *, struct ocr_row *, int);
void ocr_rows_free(struct ocr_row *, int);

/*
 * ocr_engine.c: the calling thread's engine reads one line image into
 * *l, with only the characters of whitelist (upper case; with lower, the
 * same in lower case too, read as upper).  0, or -1 when there is no
 * engine.
 */
int ocr_engine_line(PIX *, const char *, int, struct ocr_lattice *);

/*
 * ocr_choose.c: pure.  Add the confusable twins (O and 0, I and 1 …)
 * to each position as unlikely alternatives of the other class; where the
 * line has as many positions as the row has characters, let each
 * character's counters make the readings without them unlikely and
 * decide between O and Q (ocr_shapes()).  Then list
 * readings best first and keep the first that fits (or the best): into
 * out, with up to OCR_ALT_MAX runners up.  text of l joined with sep
 * after position split (ADR: 2 or 3, or 0 for none).
 */
void ocr_confusables(struct ocr_lattice *);

/*
 * c at pos, at least as likely as p: added while pos has fewer than max
 * choices (and OCR_CHOICES), raised when it is there and less likely.
 */
void ocr_pos_add(struct ocr_pos *, char, double, int);
void ocr_shapes(struct ocr_lattice *, const unsigned char *, int);
void ocr_choose(const struct ocr_lattice *, size_t, enum ocr_kind, const char *,
    ocr_fits_fn, void *, struct ocr_result *);

#endif /* OCR_INTERNAL_H */
