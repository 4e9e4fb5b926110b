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
 * make bench-ocr DATA=<dir>: ocr/ over a labelled set of real crops
 * (labels.tsv: path, TEXT, box[, extra]), as the server reads them (the
 * same choice of reading, api_ocr_fits()).  Prints the exact-match rate
 * (strictly, and with the letter O and the digit 0 taken as one), the
 * character error rate, the median and 90th percentile time per crop on
 * this one thread, and the process's peak memory with one engine.
 *
 * bench-ocr [-k plate|container|adr] [-c COUNTRY] [-v] DIR
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../api/api_ocr.h"
#include "../../ocr/ocr.h"

#define ROWS_MAX 20000

static char *
slurp(const char *path, size_t *len)
{
	FILE *f;
	char *b = NULL;
	long  n;

	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (b = malloc((size_t)n + 1)) != NULL) {
		*len = fread(b, 1, (size_t)n, f);
		b[*len] = '\0';
	}
	fclose(f);
	return (b);
}

static int
dist(const char *a, const char *b)
{
	int    d[OCR_TEXT_MAX * 4 + 2][OCR_TEXT_MAX * 4 + 2];
	size_t i, j, na = strlen(a), nb = strlen(b);

	if (na > OCR_TEXT_MAX * 4 || nb > OCR_TEXT_MAX * 4)
		return ((int)(na > nb ? na : nb));
	for (i = 0; i <= na; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= nb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= na; i++) {
		for (j = 1; j <= nb; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	}
	return (d[na][nb]);
}

static void
fold(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == 'O')
			*s = '0';
	}
}

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static long
peak_kb(void)
{
	FILE *f;
	char  line[256];
	long  kb = -1;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	}
	fclose(f);
	return (kb);
}

int
main(int argc, char **argv)
{
	static double     ms[ROWS_MAX];
	struct ocr_result r;
	struct timespec   t0, t1;
	enum ocr_kind     kind = OCR_PLATE;
	const char       *country = "", *dir;
	char             *tsv, *line, *save, *f[4], path[4096], want[64];
	char              got[OCR_TEXT_MAX + 1];
	size_t            len, ilen, n = 0, exact = 0, folded = 0, chars = 0;
	size_t            errs = 0, nores = 0;
	int               ch, verbose = 0, i, st;
	void             *img;
	long              rss0;

	while ((ch = getopt(argc, argv, "c:k:v")) != -1) {
		switch (ch) {
		case 'c':
			country = optarg;
			break;
		case 'k':
			kind = strcmp(optarg, "container") == 0 ?
			    OCR_CONTAINER :
			    strcmp(optarg, "adr") == 0 ? OCR_ADR :
			                                 OCR_PLATE;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			goto usage;
		}
	}
	if (optind + 1 != argc)
		goto usage;
	dir = argv[optind];
	rss0 = peak_kb();
	if (ocr_init(OCR_MODEL_DEFAULT) == -1) {
		fprintf(stderr, "bench-ocr: cannot read %s\n",
		    OCR_MODEL_DEFAULT);
		return (1);
	}
	(void)snprintf(path, sizeof(path), "%s/labels.tsv", dir);
	if ((tsv = slurp(path, &len)) == NULL) {
		fprintf(stderr, "bench-ocr: %s: %s\n", path, strerror(errno));
		return (1);
	}
	for (line = strtok_r(tsv, "\n", &save); line != NULL && n < ROWS_MAX;
	     line = strtok_r(NULL, "\n", &save)) {
		for (i = 0; i < 4; i++)
			f[i] = NULL;
		f[0] = line;
		for (i = 1; i < 4; i++) {
			if ((f[i] = strchr(f[i - 1], '\t')) == NULL)
				break;
			*f[i]++ = '\0';
		}
		if (f[1] == NULL)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, f[0]);
		(void)snprintf(want, sizeof(want), "%s", f[1]);
		if ((img = slurp(path, &ilen)) == NULL) {
			fprintf(stderr, "bench-ocr: %s: %s\n", path,
			    strerror(errno));
			continue;
		}
		/* The first read makes the engine: not timed as a read. */
		if (n == 0)
			(void)ocr_read(img, ilen, kind, country, api_ocr_fits,
			    NULL, &r);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		st = ocr_read(img, ilen, kind, country, api_ocr_fits, NULL, &r);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		free(img);
		ms[n] = (t1.tv_sec - t0.tv_sec) * 1e3 +
		    (t1.tv_nsec - t0.tv_nsec) / 1e6;
		(void)snprintf(got, sizeof(got), "%s",
		    st == OCR_OK ? r.text : "");
		if (st != OCR_OK)
			nores++;
		chars += strlen(want);
		errs += (size_t)dist(got, want);
		if (strcmp(got, want) == 0)
			exact++;
		fold(got);
		fold(want);
		if (strcmp(got, want) == 0)
			folded++;
		else if (verbose)
			printf("miss\t%s\t%s\t%s\t%.0f%%\t%s\n", f[0], f[1],
			    st == OCR_OK ? r.text : ocr_status_name(st),
			    r.confidence * 100, r.valid ? "fits" : "-");
		n++;
	}
	free(tsv);
	if (n == 0) {
		fprintf(stderr, "bench-ocr: no labelled images in %s\n", dir);
		return (1);
	}
	qsort(ms, n, sizeof(ms[0]), by_double);
	printf("bench-ocr %s: %zu crops (kind %s%s%s)\n", dir, n,
	    kind == OCR_PLATE   ? "plate" :
	        kind == OCR_ADR ? "adr" :
	                          "container",
	    country[0] != '\0' ? ", country " : "", country);
	printf("  exact            %5.1f%%  (%zu)\n", 100.0 * exact / n, exact);
	printf("  exact, O=0       %5.1f%%  (%zu)\n", 100.0 * folded / n,
	    folded);
	printf("  char error rate  %5.1f%%\n",
	    chars > 0 ? 100.0 * errs / chars : 0.0);
	printf("  no text          %zu\n", nores);
	printf("  time per crop    median %.2f ms, p90 %.2f ms (one thread)\n",
	    ms[n / 2], ms[(n * 9) / 10]);
	printf("  peak RSS         %ld MB (%ld MB before the engine)\n",
	    peak_kb() / 1024, rss0 / 1024);
	ocr_thread_done();
	return (0);
usage:
	fprintf(stderr,
	    "usage: bench-ocr [-k plate|container|adr] "
	    "[-c country] [-v] dir\n");
	return (2);
}
