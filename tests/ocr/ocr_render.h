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
 * Test images: lines of text drawn with Leptonica's own bitmap font
 * (bmfCreate(NULL, …) needs no font files), one character at a time so
 * that neighbours do not touch, dark on a light grey, then scaled and
 * encoded as PNG or JPEG in memory.  For tests/ocr/test_ocr.c and
 * tests/ocr-render.c (the integration tests' images).
 */

#ifndef TEST_OCR_RENDER_H
#define TEST_OCR_RENDER_H

#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

/* Lines top to bottom (NULL ends), drawn and scaled by scale. */
static PIX *
test_render(const char *const *lines, float scale)
{
	static L_BMF *bmf;
	PIX          *p, *s;
	size_t        i, j, n, longest = 0;
	int           x, w, over, lh, base;
	char          ch[2] = { 0, 0 };

	if (bmf == NULL && (bmf = bmfCreate(NULL, 20)) == NULL)
		return (NULL);
	for (n = 0; lines[n] != NULL; n++) {
		if (strlen(lines[n]) > longest)
			longest = strlen(lines[n]);
	}
	/* A line's pitch, and the baseline of the first below the margin. */
	lh = bmf->lineheight + bmf->lineheight / 3;
	if (bmfGetBaseline(bmf, 'A', &base) != 0)
		return (NULL);
	if ((p = pixCreate(40 + (bmf->lineheight + 8) * (int)longest,
	         40 + lh * (int)n, 8)) == NULL)
		return (NULL);
	pixSetAllArbitrary(p, 220);
	for (i = 0; i < n; i++) {
		for (j = 0, x = 20; lines[i][j] != '\0'; j++) {
			ch[0] = lines[i][j];
			if (bmfGetWidth(bmf, ch[0], &w) != 0)
				w = bmf->spacewidth;
			if (ch[0] != ' ')
				pixSetTextline(p, bmf, ch, 0x20, x,
				    20 + base + lh * (int)i, &w, &over);
			x += w + bmf->lineheight / 6;
		}
	}
	s = pixScale(p, scale, scale);
	pixDestroy(&p);
	return (s);
}

/* pix as PNG (format IFF_PNG) or JPEG (IFF_JFIF_JPEG); free() it. */
static unsigned char *
test_encode(PIX *pix, int format, size_t *len)
{
	l_uint8 *data = NULL;

	*len = 0;
	if (pix == NULL || pixWriteMem(&data, len, pix, format) != 0)
		return (NULL);
	return (data);
}

#endif /* TEST_OCR_RENDER_H */
