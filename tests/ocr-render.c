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
 * ocr-render [-j] LINE [LINE]: a test image of the lines (PNG, or JPEG
 * with -j) on standard output, for tests/run-integ-ocr.
 */

#include <stdio.h>
#include <unistd.h>

#include "ocr/ocr_render.h"

int
main(int argc, char **argv)
{
	const char    *lines[3] = { NULL, NULL, NULL };
	unsigned char *img;
	size_t         len;
	int            i, format = IFF_PNG;
	PIX           *pix;

	setMsgSeverity(L_SEVERITY_NONE);
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] == 'j') {
		format = IFF_JFIF_JPEG;
		argv++;
		argc--;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: ocr-render [-j] line [line]\n");
		return (2);
	}
	for (i = 1; i < argc; i++)
		lines[i - 1] = argv[i];
	pix = test_render(lines, 1.5f);
	if ((img = test_encode(pix, format, &len)) == NULL)
		return (1);
	pixDestroy(&pix);
	if (fwrite(img, 1, len, stdout) != len)
		return (1);
	free(img);
	return (0);
}
