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
 * Choosing a reading: the engine's alternatives at each position, and
 * the look-alike of the other class (a plate font's 0 and O, 1 and I,
 * 8 and B differ by little), are listed as whole readings, most likely
 * first (a beam of BEAM); the first one the caller's fits() accepts
 * wins.  Pure: no engine, no image.
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ocr_internal.h"

#define BEAM 256

/* What a look-alike of the other class is worth, against its twin. */
#define TWIN_P 0.05

static const char twins[][2] = {
	{ 'O', '0' },
	{ 'D', '0' },
	{ 'Q', '0' },
	{ 'I', '1' },
	{ 'Z', '2' },
	{ 'S', '5' },
	{ 'B', '8' },
	{ 'G', '6' },
	{ 'A', '4' },
	{ 'T', '7' },
};

/*
 * A position read that is not there (a screw, the plate's edge read as
 * I): one may be dropped, at this odds against the reading with it,
 * times how unsure the engine was of it (1 - its best choice, and at
 * least SKIP_FLOOR): of two, the one it was less sure of goes.
 */
#define SKIP_P     0.02
#define SKIP_FLOOR 0.05

/*
 * How much less likely than the best a reading may be and still be
 * chosen for fitting: two look-alikes swapped, not more.  Further down,
 * some reading always fits (one in ten has the right check digit): that
 * would be invented, not read.
 */
#define FIT_RATIO (TWIN_P * TWIN_P)

struct cand {
	char   s[OCR_TEXT_MAX + 1];
	double lp; /* log probability */
	int    len, skipped;
};

void
ocr_pos_add(struct ocr_pos *pos, char c, double p, int max)
{
	int i;

	for (i = 0; i < pos->n; i++) {
		if (pos->c[i] == c) {
			if (p > pos->p[i])
				pos->p[i] = p;
			return;
		}
	}
	if (pos->n < max && pos->n < OCR_CHOICES) {
		pos->c[pos->n] = c;
		pos->p[pos->n] = p;
		pos->n++;
	}
}

void
ocr_confusables(struct ocr_lattice *l)
{
	struct ocr_pos read;
	size_t         i, t;
	int            j;

	for (i = 0; i < l->n; i++) {
		/* Twins of what the engine read, not of twins. */
		read = l->pos[i];
		for (j = 0; j < read.n; j++) {
			for (t = 0; t < sizeof(twins) / sizeof(twins[0]); t++) {
				if (read.c[j] == twins[t][0])
					ocr_pos_add(&l->pos[i], twins[t][1],
					    read.p[j] * TWIN_P, OCR_CHOICES);
				else if (read.c[j] == twins[t][1] &&
				    twins[t][0] != 'D' && twins[t][0] != 'Q')
					ocr_pos_add(&l->pos[i], twins[t][0],
					    read.p[j] * TWIN_P, OCR_CHOICES);
			}
		}
	}
}

/*
 * The shape says win, not lose: win takes the top share, lose at most
 * a look-alike's (never more than the engine gave it).
 */
static void
swap(struct ocr_pos *pos, char win, char lose, double top)
{
	int i, seen = 0;

	for (i = 0; i < pos->n; i++) {
		if (pos->c[i] == win) {
			pos->p[i] = top;
			seen = 1;
		} else if (pos->c[i] == lose && pos->p[i] > top * TWIN_P) {
			pos->p[i] = top * TWIN_P;
		}
	}
	if (!seen)
		ocr_pos_add(pos, win, top, OCR_CHOICES);
}

/* The characters that have a counter, and those that have two. */
#define HOLED "ABDOPQR04689"
#define TWO   "B8"

/* pos's most likely choice, or '\0'. */
static char
top_of(const struct ocr_pos *pos, double *p)
{
	char c = '\0';
	int  i;

	*p = 0;
	for (i = 0; i < pos->n; i++) {
		if (pos->p[i] > *p) {
			*p = pos->p[i];
			c = pos->c[i];
		}
	}
	return (c);
}

void
ocr_shapes(struct ocr_lattice *l, const unsigned char *shape, int count)
{
	struct ocr_pos *pos;
	const char     *keep;
	double          top;
	size_t          i;
	int             j;
	char            c;

	/* Positions are the row's characters only when as many. */
	if ((int)l->n != count)
		return;
	for (i = 0; i < l->n; i++) {
		pos = &l->pos[i];
		if (shape[i] == OCR_SHAPE_NONE)
			continue;
		/*
		 * A counter seen is one there (a broken one is not seen):
		 * readings without one are look-alikes at best.
		 */
		keep = shape[i] == OCR_SHAPE_TWO ? TWO : HOLED;
		for (j = 0; j < pos->n; j++) {
			if (strchr(keep, pos->c[j]) == NULL)
				pos->p[j] *= TWIN_P;
		}
		c = top_of(pos, &top);
		if (c != 'O' && c != 'Q')
			continue;
		if (shape[i] == OCR_SHAPE_TAILED)
			swap(pos, 'Q', 'O', top);
		else if (shape[i] == OCR_SHAPE_ROUND)
			swap(pos, 'O', 'Q', top);
	}
}

static int
by_lp(const void *a, const void *b)
{
	const struct cand *ca = a, *cb = b;

	if (ca->lp > cb->lp)
		return (-1);
	return (ca->lp < cb->lp ? 1 : 0);
}

/* How unsure the engine was of pos (its best choice's confidence). */
static double
skip_odds(const struct ocr_pos *pos)
{
	double top = 0;
	int    j;

	for (j = 0; j < pos->n; j++) {
		if (pos->p[j] > top)
			top = pos->p[j];
	}
	return (1.0 - top > SKIP_FLOOR ? 1.0 - top : SKIP_FLOOR);
}

/* The reading with the separator (ADR: "33/1203"). */
static void
render(const char *s, size_t split, char *out, size_t len)
{
	size_t n = strlen(s);

	if (split == 0 || split >= n)
		(void)snprintf(out, len, "%s", s);
	else
		(void)snprintf(out, len, "%.*s/%s", (int)split, s, s + split);
}

void
ocr_choose(const struct ocr_lattice *l, size_t split, enum ocr_kind kind,
    const char *country, ocr_fits_fn fits, void *arg, struct ocr_result *out)
{
	struct cand *a, *b, *t;
	size_t       na = 1, nb, i, k;
	int          j, chosen = -1;
	char         text[OCR_TEXT_MAX + 1];
	double       sum;

	if (l->n == 0 || l->n + (split != 0) > OCR_TEXT_MAX)
		return;
	a = calloc(BEAM * (OCR_CHOICES + 1), sizeof(*a));
	b = calloc(BEAM * (OCR_CHOICES + 1), sizeof(*b));
	if (a == NULL || b == NULL)
		goto out;
	for (i = 0; i < l->n; i++) {
		/* Each position's shares: its choices sum to 1. */
		for (j = 0, sum = 0; j < l->pos[i].n; j++)
			sum += l->pos[i].p[j];

		for (k = 0, nb = 0; k < na; k++) {
			for (j = 0; j < l->pos[i].n; j++) {
				b[nb] = a[k];
				b[nb].s[b[nb].len++] = l->pos[i].c[j];
				b[nb].lp += log(l->pos[i].p[j] / sum);
				nb++;
			}
			/* Not across the rows of an ADR plate. */
			if (split == 0 && !a[k].skipped && l->n > 2) {
				b[nb] = a[k];
				b[nb].skipped = 1;
				b[nb].lp +=
				    log(SKIP_P) + log(skip_odds(&l->pos[i]));
				nb++;
			}
		}
		qsort(b, nb, sizeof(*b), by_lp);
		na = nb < BEAM ? nb : BEAM;
		t = a;
		a = b;
		b = t;
	}
	for (k = 0; k < na && a[k].lp >= a[0].lp + log(FIT_RATIO) - 1e-9; k++) {
		render(a[k].s, split, text, sizeof(text));
		if (fits == NULL || fits(kind, text, country, arg)) {
			chosen = (int)k;
			break;
		}
	}
	out->valid = chosen >= 0;
	if (chosen < 0)
		chosen = 0;
	render(a[chosen].s, split, out->text, sizeof(out->text));
	out->confidence = exp(a[chosen].lp);
	/* Runners up: the next readings that fit as well as it does. */
	for (k = 0; k < na && out->nalt < OCR_ALT_MAX; k++) {
		if ((int)k == chosen)
			continue;
		render(a[k].s, split, text, sizeof(text));
		if (out->valid && fits != NULL &&
		    !fits(kind, text, country, arg))
			continue;
		(void)snprintf(out->alt[out->nalt].text,
		    sizeof(out->alt[0].text), "%s", text);
		out->alt[out->nalt].confidence = exp(a[k].lp);
		out->nalt++;
	}
	explicit_bzero(text, sizeof(text));
out:
	if (a != NULL) {
		explicit_bzero(a, BEAM * (OCR_CHOICES + 1) * sizeof(*a));
		free(a);
	}
	if (b != NULL) {
		explicit_bzero(b, BEAM * (OCR_CHOICES + 1) * sizeof(*b));
		free(b);
	}
}
