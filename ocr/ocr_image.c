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
 * From bytes to clean lines of characters (ocr/README.md, "Method"):
 *
 *  1. decode JPEG or PNG in memory, after the header's size is checked;
 *  2. grey, scaled to NORM_H rows;
 *  3. binarised several ways (one threshold for the whole crop, and
 *     Sauvola's local one; dark on light and light on dark);
 *  4. connected components of character shape, grouped into rows of like
 *     height and line; the row with the most character height wins.  The
 *     EU band, seals, coats of arms, the state's name, frames and screws
 *     are not of that height or shape and fall away;
 *  5. the row's components alone drawn black on white, scaled so that
 *     glyphs are OCR_GLYPH_H high, with a white margin; and the row's box
 *     cut from the grey crop at that scale, for what the components lost
 *     (a character broken in two, one touching the plate's frame);
 *  6. each component's counter (the hole of an O) looked at: a Q's tail
 *     cuts it at the lower right.
 */

#include <stdlib.h>
#include <string.h>

#include "ocr_internal.h"

/* Height the crop is scaled to before it is binarised. */
#define NORM_H 120

/* Components looked at, and kept in one row. */
#define COMPS_MAX 256

/* A character's box within NORM_H: its height, and its width to it. */
#define CHAR_H_MIN 0.15
#define CHAR_H_MAX 0.95
#define CHAR_W_MAX 6.0

/*
 * A counter whose lower right quarter is less filled than this share of
 * its other quarters' is cut by a tail (Q); even all round, it is an O.
 * Measured on the Brazilian crops: a Q at most 0.84, an O 0.87 and more
 * but for two of 43 (one broken); on German plates a Q 0.55.
 */
#define TAIL_CUT 0.85

/*
 * Or the tail hangs below the counter (a serif Q): the ink below the
 * counter is more than this many times the ink above it.
 */
#define TAIL_BELOW 1.8

/* Margins of the grey row: of the row's height, across and up and down. */
#define GREY_MX 0.3
#define GREY_MY 0.15

struct comp {
	int x, y, w, h;
	int idx; /* in the PIXA */
	int used;
};

struct row {
	int    m[OCR_ROW_COMPS]; /* indices into comps, left to right */
	int    n;
	double score; /* the sum of its characters' heights */
	int    x0, y0, x1, y1;
	int    ymid;
};

static int  comp_char(PIX *, int, int, int);
static void row_find(struct comp *, int, struct row *);
static int  by_x(const void *, const void *);
static PIX *row_draw(const struct comp *, PIXA *, const struct row *);
static PIX *row_grey(PIX *, const struct row *, int);

PIX *
ocr_decode(const void *buf, size_t len, int *status, int *pw, int *ph)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
		0x1a, '\n' };
	const l_uint8             *b = buf;
	PIX                       *pix, *grey;
	l_int32                    fmt, w, h, bps, spp, cmap;

	*status = OCR_BAD_IMAGE;
	*pw = *ph = 0;
	if (len > OCR_IMAGE_BYTES_MAX) {
		*status = OCR_TOO_LARGE;
		return (NULL);
	}
	/* JPEG and PNG only: Leptonica reads more, none of it needed. */
	if (len < 16 ||
	    !((b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff) ||
	        memcmp(b, png, sizeof(png)) == 0))
		return (NULL);
	if (pixReadHeaderMem(b, len, &fmt, &w, &h, &bps, &spp, &cmap) != 0 ||
	    (fmt != IFF_JFIF_JPEG && fmt != IFF_PNG) || w <= 0 || h <= 0)
		return (NULL);
	if (w > OCR_IMAGE_SIDE_MAX || h > OCR_IMAGE_SIDE_MAX ||
	    (long)w * h > OCR_IMAGE_PIXELS_MAX) {
		*status = OCR_TOO_LARGE;
		return (NULL);
	}
	if ((pix = pixReadMem(b, len)) == NULL)
		return (NULL);
	if (pixGetWidth(pix) != w || pixGetHeight(pix) != h) {
		pixDestroy(&pix);
		return (NULL);
	}
	grey = pixConvertTo8(pix, 0);
	pixDestroy(&pix);
	if (grey == NULL)
		return (NULL);
	*pw = w;
	*ph = h;
	*status = OCR_OK;

	return (grey);
}

/*
 * Whether component c (its box w by h) may be a character: its
 * height a share of the crop's, not a filled block (a narrow one is an I
 * or a 1).  It may be wide: neighbours that touch (dirt, a bold font)
 * are one component, and the engine reads them as they are.
 */
static int
comp_char(PIX *c, int w, int h, int H)
{
	l_int32 count;

	if (h < CHAR_H_MIN * H || h > CHAR_H_MAX * H || w < 2 ||
	    w > CHAR_W_MAX * h || h < 8)
		return (0);
	if (pixCountPixels(c, &count, NULL) != 0)
		return (0);
	if (count < 0.08 * w * h)
		return (0);
	if (count > 0.85 * w * h && w > 0.35 * h)
		return (0);
	return (1);
}

static int
by_x(const void *a, const void *b)
{
	const struct comp *const *ca = a;
	const struct comp *const *cb = b;

	return ((*ca)->x - (*cb)->x);
}

/*
 * Whether b stands in a's row: of like height on its line, or a letter
 * with a tail (Q) that starts where a does and reaches lower.
 */
static int
like(const struct comp *a, const struct comp *b)
{
	if (abs(b->h - a->h) <= 0.2 * a->h &&
	    abs((b->y + b->h / 2) - (a->y + a->h / 2)) <= 0.35 * a->h)
		return (1);
	return (abs(b->y - a->y) <= 0.1 * a->h && b->h > a->h &&
	    b->h <= 1.4 * a->h);
}

/*
 * The best row among comps not used yet: for each as a seed, the
 * components of like height on its line, cut where a gap is wider than
 * two characters, the seed's run kept.
 */
static void
row_find(struct comp *c, int n, struct row *best)
{
	struct comp *m[COMPS_MAX];
	int          i, j, k, nm, lo, hi, s;
	double       score;

	memset(best, 0, sizeof(*best));
	for (i = 0; i < n; i++) {
		if (c[i].used)
			continue;
		for (j = 0, nm = 0; j < n; j++) {
			if (c[j].used)
				continue;
			if (!like(&c[i], &c[j]))
				continue;
			m[nm++] = &c[j];
		}
		qsort(m, (size_t)nm, sizeof(m[0]), by_x);
		for (s = 0; s < nm && m[s] != &c[i]; s++)
			;
		for (lo = s; lo > 0; lo--) {
			if (m[lo]->x - (m[lo - 1]->x + m[lo - 1]->w) >
			    2 * c[i].h)
				break;
		}
		for (hi = s; hi + 1 < nm; hi++) {
			if (m[hi + 1]->x - (m[hi]->x + m[hi]->w) > 2 * c[i].h)
				break;
		}
		if (hi - lo + 1 > OCR_ROW_COMPS)
			continue;
		for (k = lo, score = 0; k <= hi; k++)
			score += m[k]->h;
		if (score <= best->score)
			continue;
		best->score = score;
		best->n = 0;
		best->x0 = best->y0 = 1 << 30;
		best->x1 = best->y1 = 0;
		for (k = lo; k <= hi; k++) {
			best->m[best->n++] = (int)(m[k] - c);
			if (m[k]->x < best->x0)
				best->x0 = m[k]->x;
			if (m[k]->y < best->y0)
				best->y0 = m[k]->y;
			if (m[k]->x + m[k]->w > best->x1)
				best->x1 = m[k]->x + m[k]->w;
			if (m[k]->y + m[k]->h > best->y1)
				best->y1 = m[k]->y + m[k]->h;
		}
		best->ymid = (best->y0 + best->y1) / 2;
	}
}

/* The row's components alone, black on white, glyphs OCR_GLYPH_H high. */
static PIX *
row_draw(const struct comp *c, PIXA *pixa, const struct row *r)
{
	PIX   *canvas, *g, *scaled, *out;
	int    i, hs[OCR_ROW_COMPS], t;
	double f;

	canvas = pixCreate(r->x1 - r->x0, r->y1 - r->y0, 1);
	if (canvas == NULL)
		return (NULL);
	for (i = 0; i < r->n; i++) {
		const struct comp *k = &c[r->m[i]];
		PIX               *p = pixaGetPix(pixa, k->idx, L_CLONE);

		if (p == NULL)
			continue;
		pixRasterop(canvas, k->x - r->x0, k->y - r->y0, k->w, k->h,
		    PIX_PAINT, p, 0, 0);
		pixDestroy(&p);
		hs[i] = k->h;
	}
	/* The median height: an I as tall as the rest, a dot is none. */
	for (i = 1; i < r->n; i++) {
		for (t = i; t > 0 && hs[t - 1] > hs[t]; t--) {
			int v = hs[t];

			hs[t] = hs[t - 1];
			hs[t - 1] = v;
		}
	}
	f = (double)OCR_GLYPH_H / hs[r->n / 2];
	g = pixConvert1To8(NULL, canvas, 255, 0);
	pixDestroy(&canvas);
	if (g == NULL)
		return (NULL);
	scaled = pixScale(g, (l_float32)f, (l_float32)f);
	pixDestroy(&g);
	if (scaled == NULL)
		return (NULL);
	out = pixAddBorder(scaled, OCR_GLYPH_H / 2, 255);
	pixDestroy(&scaled);

	return (out);
}

/* The row's box in the grey crop, dark on light, glyphs OCR_GLYPH_H high. */
static PIX *
row_grey(PIX *norm, const struct row *r, int invert)
{
	BOX   *b;
	PIX   *c, *out;
	int    h = r->y1 - r->y0, x0, y0, x1, y1;
	double f;

	if (h <= 0)
		return (NULL);
	x0 = r->x0 - (int)(GREY_MX * h);
	x1 = r->x1 + (int)(GREY_MX * h);
	y0 = r->y0 - (int)(GREY_MY * h);
	y1 = r->y1 + (int)(GREY_MY * h);
	if (x0 < 0)
		x0 = 0;
	if (y0 < 0)
		y0 = 0;
	if (x1 > pixGetWidth(norm))
		x1 = pixGetWidth(norm);
	if (y1 > pixGetHeight(norm))
		y1 = pixGetHeight(norm);
	if ((b = boxCreate(x0, y0, x1 - x0, y1 - y0)) == NULL)
		return (NULL);
	c = pixClipRectangle(norm, b, NULL);
	boxDestroy(&b);
	if (c == NULL)
		return (NULL);
	if (invert)
		pixInvert(c, c);
	f = (double)OCR_GLYPH_H / h;
	out = pixScale(c, (l_float32)f, (l_float32)f);
	pixDestroy(&c);

	return (out);
}

/* Pixels set in p within x0..x1, y0..y1, as a share. */
static double
ink(PIX *p, int x0, int y0, int x1, int y1)
{
	BOX    *b;
	l_int32 n = 0;

	if (x1 <= x0 || y1 <= y0 ||
	    (b = boxCreate(x0, y0, x1 - x0, y1 - y0)) == NULL)
		return (0);
	(void)pixCountPixelsInRect(p, b, &n, NULL);
	boxDestroy(&b);

	return ((double)n / ((x1 - x0) * (y1 - y0)));
}

/*
 * The shape of component p (a character, set pixels its ink): how many
 * counters it has, and when one, how much of its lower right quarter is
 * left against its other quarters.  A counter is a hole of at least
 * HOLE_MIN pixels a side: a speck inside a stroke is none.
 */
#define HOLE_MIN 4

static unsigned char
comp_shape(PIX *p)
{
	PIX    *holes, *hp;
	PIXA   *pixa = NULL;
	BOXA   *boxa;
	l_int32 x, y, w, h, i, n, best = -1, count = 0, above = 0, below = 0;
	double  br, rest;

	if ((holes = pixHolesByFilling(p, 4)) == NULL)
		return (OCR_SHAPE_NONE);
	boxa = pixConnComp(holes, &pixa, 4);
	pixDestroy(&holes);
	if (boxa == NULL)
		return (OCR_SHAPE_NONE);
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h) == 0 &&
		    w >= HOLE_MIN && h >= HOLE_MIN) {
			count++;
			best = i;
			above = y;
			below = pixGetHeight(p) - (y + h);
		}
	}
	boxaDestroy(&boxa);
	if (count != 1 || (hp = pixaGetPix(pixa, best, L_CLONE)) == NULL) {
		pixaDestroy(&pixa);
		return (count == 2 ? OCR_SHAPE_TWO : OCR_SHAPE_NONE);
	}
	pixaDestroy(&pixa);
	w = pixGetWidth(hp);
	h = pixGetHeight(hp);
	br = ink(hp, w / 2, h / 2, w, h);
	rest = (ink(hp, 0, 0, w / 2, h / 2) + ink(hp, w / 2, 0, w, h / 2) +
	           ink(hp, 0, h / 2, w / 2, h)) /
	    3;
	pixDestroy(&hp);
	if (rest <= 0)
		return (OCR_SHAPE_NONE);
	/* A tail that cuts the counter, or one that hangs below it. */
	if (br < TAIL_CUT * rest || below > TAIL_BELOW * above + 2)
		return (OCR_SHAPE_TAILED);

	return (OCR_SHAPE_ROUND);
}

/* One binarisation's rows (up to max, best first) with their components. */
struct cut {
	struct comp c[COMPS_MAX];
	int         n;
	BOXA       *boxa;
	PIXA       *pixa;
	struct row  rows[OCR_ROWS_MAX];
	int         nrows;
	double      score;
	int         invert; /* light characters on dark */
};

static void
cut_make(PIX *bin, int H, int max, struct cut *k)
{
	l_int32 x, y, w, h, i, nb;
	PIX    *p;

	k->n = 0;
	k->nrows = 0;
	k->score = 0;
	k->pixa = NULL;
	if ((k->boxa = pixConnComp(bin, &k->pixa, 8)) == NULL)
		return;
	nb = boxaGetCount(k->boxa);
	for (i = 0; i < nb && k->n < COMPS_MAX; i++) {
		if (boxaGetBoxGeometry(k->boxa, i, &x, &y, &w, &h) != 0)
			continue;
		if ((p = pixaGetPix(k->pixa, i, L_CLONE)) == NULL)
			continue;
		if (comp_char(p, w, h, H)) {
			k->c[k->n].x = x;
			k->c[k->n].y = y;
			k->c[k->n].w = w;
			k->c[k->n].h = h;
			k->c[k->n].idx = i;
			k->c[k->n].used = 0;
			k->n++;
		}
		pixDestroy(&p);
	}
	while (k->nrows < max) {
		struct row *r = &k->rows[k->nrows];

		row_find(k->c, k->n, r);
		if (r->n < 2 || (k->nrows > 0 && r->score < 0.3 * k->score))
			break;
		for (i = 0; i < r->n; i++)
			k->c[r->m[i]].used = 1;
		if (k->nrows == 0)
			k->score = r->score;
		k->nrows++;
	}
}

static void
cut_free(struct cut *k)
{
	boxaDestroy(&k->boxa);
	pixaDestroy(&k->pixa);
}

/* Row r of cut k into *out: drawn clean, its grey box, its shapes. */
static int
row_make(const struct cut *k, PIX *norm, const struct row *r,
    struct ocr_row *out)
{
	PIX *p;
	int  i;

	memset(out, 0, sizeof(*out));
	if ((out->line = row_draw(k->c, k->pixa, r)) == NULL)
		return (-1);
	out->grey = row_grey(norm, r, k->invert);
	out->count = r->n;
	for (i = 0; i < r->n; i++) {
		p = pixaGetPix(k->pixa, k->c[r->m[i]].idx, L_CLONE);
		if (p != NULL)
			out->shape[i] = comp_shape(p);
		pixDestroy(&p);
	}

	return (0);
}

int
ocr_lines(PIX *grey, struct ocr_row *rows, int max)
{
	struct cut *k, *best = NULL;
	PIX        *norm, *bin[4] = { NULL, NULL, NULL, NULL };
	double      f;
	int         i, j, n = 0, w, h;

	if (max > OCR_ROWS_MAX)
		max = OCR_ROWS_MAX;
	h = pixGetHeight(grey);
	f = (double)NORM_H / h;
	if ((norm = pixScale(grey, (l_float32)f, (l_float32)f)) == NULL)
		return (0);
	w = pixGetWidth(norm);
	h = pixGetHeight(norm);
	if (w < 24 || h < 24)
		goto out;
	(void)pixOtsuAdaptiveThreshold(norm, w, h, 0, 0, 0.1f, NULL, &bin[0]);
	if (w >= 2 * 20 + 3)
		(void)pixSauvolaBinarize(norm, 20, 0.3f, 1, NULL, NULL, NULL,
		    &bin[1]);
	for (i = 0; i < 2; i++) {
		if (bin[i] != NULL)
			bin[2 + i] = pixInvert(NULL, bin[i]);
	}
	if ((k = calloc(4, sizeof(*k))) == NULL)
		goto out;
	for (i = 0; i < 4; i++) {
		if (bin[i] == NULL)
			continue;
		cut_make(bin[i], h, max, &k[i]);
		k[i].invert = i >= 2;
		if (k[i].nrows > 0 &&
		    (best == NULL || k[i].score > best->score))
			best = &k[i];
	}
	if (best != NULL) {
		/* Top row first. */
		if (best->nrows == 2 &&
		    best->rows[1].ymid < best->rows[0].ymid) {
			struct row t = best->rows[0];

			best->rows[0] = best->rows[1];
			best->rows[1] = t;
		}
		for (j = 0; j < best->nrows; j++) {
			if (row_make(best, norm, &best->rows[j], &rows[n]) == 0)
				n++;
		}
	}
	for (i = 0; i < 4; i++)
		cut_free(&k[i]);
	free(k);
out:
	for (i = 0; i < 4; i++)
		pixDestroy(&bin[i]);
	pixDestroy(&norm);

	return (n);
}

void
ocr_rows_free(struct ocr_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		pixDestroy(&rows[i].line);
		pixDestroy(&rows[i].grey);
	}
}
