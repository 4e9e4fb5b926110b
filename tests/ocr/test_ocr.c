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
 * ocr/: images the test draws itself (plates, container codes with right
 * and wrong check digits, ADR plates, as PNG and JPEG), hostile images,
 * the choice among alternatives, and a few real crops of the development
 * set when it is there (../shared/ocr-dev, or TORWART_OCR_DEV).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_ocr.h"
#include "../../ocr/ocr_internal.h"
#include "ocr_render.h"

/* Read the lines drawn as kind in country; the status. */
static int
read_drawn(const char *top, const char *bottom, int format, enum ocr_kind kind,
    const char *country, struct ocr_result *r)
{
	const char    *lines[3] = { top, bottom, NULL };
	unsigned char *img;
	size_t         len;
	PIX           *pix;
	int            st;

	pix = test_render(lines, 1.5f);
	assert_non_null(pix);
	img = test_encode(pix, format, &len);
	pixDestroy(&pix);
	assert_non_null(img);
	st = ocr_read(img, len, kind, country, api_ocr_fits, NULL, r);
	free(img);
	return (st);
}

static void
test_plate(void **state)
{
	struct ocr_result r;

	(void)state;
	assert_int_equal(read_drawn("B MW 1234", NULL, IFF_PNG, OCR_PLATE, "D",
	                     &r),
	    OCR_OK);
	assert_string_equal(r.text, "BMW1234");
	assert_int_equal(r.valid, 1);
	assert_string_equal(r.country, "D");
	assert_true(r.confidence > 0.5 && r.confidence <= 1.0);
	assert_true(r.width > 0 && r.height > 0);

	/* The same as JPEG. */
	assert_int_equal(read_drawn("M AB 567", NULL, IFF_JFIF_JPEG, OCR_PLATE,
	                     "D", &r),
	    OCR_OK);
	assert_string_equal(r.text, "MAB567");
	ocr_result_wipe(&r);
	assert_int_equal(r.text[0], '\0');
}

/*
 * The letter B where a German plate has digits: the grammar takes the
 * likeliest digit there (the engine's next choice, or the look-alike 8).
 * Without a country, nothing says which, and the B that was read stays.
 */
static void
test_plate_grammar_chooses(void **state)
{
	struct ocr_result r;

	(void)state;
	assert_int_equal(read_drawn("B MW 23B4", NULL, IFF_PNG, OCR_PLATE, "",
	                     &r),
	    OCR_OK);
	assert_string_equal(r.text, "BMW23B4");
	assert_int_equal(read_drawn("B MW 23B4", NULL, IFF_PNG, OCR_PLATE, "D",
	                     &r),
	    OCR_OK);
	assert_int_equal(r.valid, 1);
	assert_int_equal(strlen(r.text), 7);
	assert_memory_equal(r.text, "BMW23", 5);
	assert_true(r.text[5] >= '0' && r.text[5] <= '9');
	assert_string_equal(r.text + 6, "4");
	/* A Dutch sidecode: letters and digits where that grammar has them. */
	assert_int_equal(read_drawn("12 B8C 3", NULL, IFF_PNG, OCR_PLATE, "NL",
	                     &r),
	    OCR_OK);
	assert_string_equal(r.text, "12BBC3");
	assert_int_equal(r.valid, 1);
}

static void
test_container(void **state)
{
	struct ocr_result r;

	(void)state;
	assert_int_equal(read_drawn("CSQU 305438 3", NULL, IFF_PNG,
	                     OCR_CONTAINER, "", &r),
	    OCR_OK);
	assert_string_equal(r.text, "CSQU3054383");
	assert_int_equal(r.valid, 1);
	/* Owner code over serial, as on some doors. */
	assert_int_equal(read_drawn("MSKU", "907032 3", IFF_PNG, OCR_CONTAINER,
	                     "", &r),
	    OCR_OK);
	assert_string_equal(r.text, "MSKU9070323");
	assert_int_equal(r.valid, 1);
	/*
	 * A wrong check digit is read as written and said to be wrong: no
	 * digit is changed to make it fit.
	 */
	assert_int_equal(read_drawn("CSQU 305438 4", NULL, IFF_PNG,
	                     OCR_CONTAINER, "", &r),
	    OCR_OK);
	assert_string_equal(r.text, "CSQU3054384");
	assert_int_equal(r.valid, 0);
}

static void
test_adr(void **state)
{
	struct ocr_result r;

	(void)state;
	assert_int_equal(read_drawn("33", "1203", IFF_PNG, OCR_ADR, "", &r),
	    OCR_OK);
	assert_string_equal(r.text, "33/1203");
	assert_int_equal(r.valid, 1);
	assert_int_equal(read_drawn("X423", "1428", IFF_PNG, OCR_ADR, "", &r),
	    OCR_OK);
	assert_string_equal(r.text, "X423/1428");
	assert_int_equal(r.valid, 1);
	/* A pair the tables do not give: read, and not valid. */
	assert_int_equal(read_drawn("33", "1005", IFF_PNG, OCR_ADR, "", &r),
	    OCR_OK);
	assert_string_equal(r.text, "33/1005");
	assert_int_equal(r.valid, 0);
	/* One line is no ADR plate. */
	assert_int_equal(read_drawn("1203", NULL, IFF_PNG, OCR_ADR, "", &r),
	    OCR_NO_TEXT);
	assert_int_equal(r.text[0], '\0');
}

static void
test_hostile_images(void **state)
{
	static const char garbage[] = "this is no image at all, not at all";
	const char       *lines[2] = { "B MW 1234", NULL };
	struct ocr_result r;
	unsigned char    *img, gif[64] = "GIF89a";
	size_t            len;
	PIX              *pix;

	(void)state;
	assert_int_equal(ocr_read(garbage, sizeof(garbage), OCR_PLATE, "", NULL,
	                     NULL, &r),
	    OCR_BAD_IMAGE);
	assert_int_equal(ocr_read(garbage, 0, OCR_PLATE, "", NULL, NULL, &r),
	    OCR_BAD_IMAGE);
	assert_int_equal(ocr_read(gif, sizeof(gif), OCR_PLATE, "", NULL, NULL,
	                     &r),
	    OCR_BAD_IMAGE);
	assert_int_equal(ocr_read(garbage, OCR_IMAGE_BYTES_MAX + 1, OCR_PLATE,
	                     "", NULL, NULL, &r),
	    OCR_TOO_LARGE);

	/* A real PNG cut short, and one with its pixels overwritten. */
	pix = test_render(lines, 1.0f);
	img = test_encode(pix, IFF_PNG, &len);
	pixDestroy(&pix);
	assert_non_null(img);
	assert_int_equal(ocr_read(img, 60, OCR_PLATE, "", NULL, NULL, &r),
	    OCR_BAD_IMAGE);
	memset(img + 60, 0xa5, len - 70);
	assert_int_equal(ocr_read(img, len, OCR_PLATE, "", NULL, NULL, &r),
	    OCR_BAD_IMAGE);
	free(img);

	/* Wider than any crop: refused from its header. */
	pix = pixCreate(OCR_IMAGE_SIDE_MAX + 1, 16, 1);
	img = test_encode(pix, IFF_PNG, &len);
	pixDestroy(&pix);
	assert_non_null(img);
	assert_int_equal(ocr_read(img, len, OCR_PLATE, "", NULL, NULL, &r),
	    OCR_TOO_LARGE);
	free(img);

	/* An empty plate: nothing to read. */
	pix = pixCreate(300, 80, 8);
	pixSetAllArbitrary(pix, 200);
	img = test_encode(pix, IFF_PNG, &len);
	pixDestroy(&pix);
	assert_int_equal(ocr_read(img, len, OCR_PLATE, "", NULL, NULL, &r),
	    OCR_NO_TEXT);
	free(img);
}

/* One position of l: choices c (a string) with their shares p. */
static void
pos_set(struct ocr_lattice *l, size_t i, const char *c, const double *p)
{
	struct ocr_pos *pos = &l->pos[i];

	memset(pos, 0, sizeof(*pos));
	for (pos->n = 0; c[pos->n] != '\0'; pos->n++) {
		pos->c[pos->n] = c[pos->n];
		pos->p[pos->n] = p[pos->n];
	}
	if (i >= l->n)
		l->n = i + 1;
}

/* c's share at position i of l, or -1 when it is not a choice there. */
static double
share_of(const struct ocr_lattice *l, size_t i, char c)
{
	int j;

	for (j = 0; j < l->pos[i].n; j++) {
		if (l->pos[i].c[j] == c)
			return (l->pos[i].p[j]);
	}
	return (-1);
}

/* Only "A8" and "AB" fit. */
static int
fits_a8(enum ocr_kind kind, const char *text, const char *country, void *arg)
{
	(*(int *)arg)++;
	(void)kind;
	(void)country;
	return (strcmp(text, "A8") == 0 || strcmp(text, "AB") == 0);
}

static void
test_choose(void **state)
{
	static const double qo[] = { 0.99, 0.001, 0.001 };
	struct ocr_lattice  l;
	struct ocr_result   r;
	int                 calls = 0;

	(void)state;
	/* A then B (0.9) or 8 (0.1): "AB" is likelier, and fits. */
	memset(&l, 0, sizeof(l));
	memset(&r, 0, sizeof(r));
	l.n = 2;
	l.pos[0].c[0] = 'A';
	l.pos[0].p[0] = 1.0;
	l.pos[0].n = 1;
	l.pos[1].c[0] = 'B';
	l.pos[1].p[0] = 0.9;
	l.pos[1].c[1] = '8';
	l.pos[1].p[1] = 0.1;
	l.pos[1].n = 2;
	ocr_choose(&l, 0, OCR_PLATE, "", fits_a8, &calls, &r);
	assert_string_equal(r.text, "AB");
	assert_int_equal(r.valid, 1);
	assert_true(calls > 0);
	assert_true(r.confidence > 0.85 && r.confidence < 0.95);
	/* The runner up that fits too. */
	assert_int_equal(r.nalt, 1);
	assert_string_equal(r.alt[0].text, "A8");

	/* Now B is out: the 8 is taken, with its lower confidence. */
	l.pos[1].c[0] = 'X';
	memset(&r, 0, sizeof(r));
	ocr_choose(&l, 0, OCR_PLATE, "", fits_a8, &calls, &r);
	assert_string_equal(r.text, "A8");
	assert_int_equal(r.valid, 1);
	assert_true(r.confidence < 0.2);

	/* Far less likely than the best: not chosen for fitting. */
	l.pos[1].p[0] = 1.0;
	l.pos[1].p[1] = 0.0001;
	memset(&r, 0, sizeof(r));
	ocr_choose(&l, 0, OCR_PLATE, "", fits_a8, &calls, &r);
	assert_string_equal(r.text, "AX");
	assert_int_equal(r.valid, 0);

	/* Twins: an O gets a 0, a 1 gets an I; the split of an ADR plate. */
	l.pos[0].c[0] = 'O';
	l.pos[1].c[0] = '1';
	l.pos[1].n = 1;
	ocr_confusables(&l);
	assert_int_equal(l.pos[0].n, 2);
	assert_int_equal(l.pos[0].c[1], '0');
	assert_int_equal(l.pos[1].c[1], 'I');
	memset(&r, 0, sizeof(r));
	ocr_choose(&l, 1, OCR_ADR, "", NULL, NULL, &r);
	assert_string_equal(r.text, "O/1");

	/*
	 * A twin raises the engine's own unlikely choice to a look-alike's
	 * worth, but a twin's twin is not one: Q's 0 does not make the O
	 * (which the engine all but ruled out) any likelier.
	 */
	memset(&l, 0, sizeof(l));
	pos_set(&l, 0, "QO0", qo);
	ocr_confusables(&l);
	assert_true(share_of(&l, 0, '0') == 0.99 * 0.05);
	assert_true(share_of(&l, 0, 'O') == 0.001);
}

/* Real crops the engine reads today, with their independent labels. */
/*
 * The characters' shapes: a tail makes an O a Q and a round counter a
 * Q an O, the loser never more likely than the engine said; a counter
 * makes readings without one unlikely (a 3 where a 9's loop is), two
 * counters all but B and 8; nothing when the line has another number of
 * positions than the row has characters.
 */
static void
test_shapes(void **state)
{
	static const double p1[] = { 0.9, 0.3 }, p2[] = { 0.9, 0.001 },
	                    p3[] = { 0.92, 0.74, 0.6 }, p4[] = { 0.8, 0.7 };
	unsigned char      sh[5] = { OCR_SHAPE_TAILED, OCR_SHAPE_TAILED,
		     OCR_SHAPE_ROUND, OCR_SHAPE_TWO, OCR_SHAPE_ROUND };
	struct ocr_lattice l, before;
	struct ocr_result  r;

	(void)state;
	memset(&l, 0, sizeof(l));
	pos_set(&l, 0, "OQ", p1);
	pos_set(&l, 1, "QO", p2);
	pos_set(&l, 2, "398", p3);
	pos_set(&l, 3, "E8", p4);
	pos_set(&l, 4, "QO", p1);
	before = l;
	ocr_shapes(&l, sh, 6);
	assert_memory_equal(&l, &before, sizeof(l));
	ocr_shapes(&l, sh, 5);
	assert_true(share_of(&l, 0, 'Q') == 0.9);
	assert_true(share_of(&l, 0, 'O') <= 0.9 * 0.05 + 1e-12);
	/* Not raised above what the engine gave it. */
	assert_true(share_of(&l, 1, 'Q') == 0.9);
	assert_true(share_of(&l, 1, 'O') == 0.001);
	assert_true(share_of(&l, 2, '3') < share_of(&l, 2, '9'));
	assert_true(share_of(&l, 2, '9') == 0.74);
	assert_true(share_of(&l, 3, 'E') < share_of(&l, 3, '8'));
	assert_true(share_of(&l, 4, 'O') == 0.9);
	assert_true(share_of(&l, 4, 'Q') <= 0.9 * 0.05 + 1e-12);
	memset(&r, 0, sizeof(r));
	ocr_choose(&l, 0, OCR_PLATE, "", NULL, NULL, &r);
	assert_string_equal(r.text, "QQ98O");

	/* A tail where the engine saw no O or Q: nothing to decide. */
	memset(&l, 0, sizeof(l));
	pos_set(&l, 0, "D", p1);
	before = l;
	ocr_shapes(&l, sh, 1);
	assert_memory_equal(&l, &before, sizeof(l));
}

/*
 * The shapes ocr_lines() sees in drawn characters: the bitmap font's Q
 * hangs its tail below the counter, its O is round, B and 8 have two
 * counters, 3 and X none.
 */
static void
test_shapes_drawn(void **state)
{
	static const unsigned char want[] = { OCR_SHAPE_ROUND, OCR_SHAPE_TAILED,
		OCR_SHAPE_TWO, OCR_SHAPE_NONE, OCR_SHAPE_TWO, OCR_SHAPE_NONE };
	const char                *lines[2] = { "O Q 8 3 B X", NULL };
	struct ocr_row             rows[OCR_ROWS_MAX];
	PIX                       *pix, *grey;
	int                        n, i;

	(void)state;
	assert_non_null(pix = test_render(lines, 1.5f));
	assert_non_null(grey = pixConvertTo8(pix, 0));
	pixDestroy(&pix);
	n = ocr_lines(grey, rows, 1);
	pixDestroy(&grey);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].count, 6);
	assert_non_null(rows[0].grey);
	assert_int_equal(pixGetDepth(rows[0].grey), 8);
	for (i = 0; i < 6; i++)
		assert_int_equal(rows[0].shape[i], want[i]);
	ocr_rows_free(rows, n);
}

/*
 * Real crops: plain ones; a Q told from an O by the tail that cuts its
 * counter (JQS5683), an O that the engine took for a Q (OUN4297); an I
 * read as lower case l (PJI5921); a 9 read as 3 whose loop is closed
 * (OUH9191); a J that touches the frame and is only in the grey box
 * (PJP2783); the plate's edge read as I before the N (NTD9247).
 */
static void
test_real_crops(void **state)
{
	static const char *const crops[] = { "AYO9034", "GWT2180", "HPM9362",
		"JGZ3298", "JIT7463", "JOG9221", "JQS5683", "OUN4297",
		"PJI5921", "OUH9191", "PJP2783", "NTD9247" };
	struct ocr_result        r;
	const char              *dir = getenv("TORWART_OCR_DEV");
	char                     path[512];
	unsigned char           *img;
	FILE                    *f;
	size_t                   i, len;

	(void)state;
	if (dir == NULL)
		dir = "../shared/ocr-dev";
	(void)snprintf(path, sizeof(path), "%s/br-crops/labels.tsv", dir);
	if ((f = fopen(path, "r")) == NULL)
		skip();
	fclose(f);
	for (i = 0; i < sizeof(crops) / sizeof(crops[0]); i++) {
		(void)snprintf(path, sizeof(path), "%s/br-crops/%s.png", dir,
		    crops[i]);
		assert_non_null(f = fopen(path, "rb"));
		img = malloc(1 << 20);
		len = fread(img, 1, 1 << 20, f);
		fclose(f);
		assert_int_equal(ocr_read(img, len, OCR_PLATE, "BR",
		                     api_ocr_fits, NULL, &r),
		    OCR_OK);
		assert_string_equal(r.text, crops[i]);
		free(img);
	}
}

static int
setup(void **state)
{
	(void)state;
	/* No model there: refused, and the module still answers. */
	if (ocr_init("/nonexistent/eng.traineddata") != -1)
		return (-1);
	return (ocr_init(OCR_MODEL_DEFAULT));
}

static int
teardown(void **state)
{
	(void)state;
	ocr_thread_done();
	return (0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plate),
		cmocka_unit_test(test_plate_grammar_chooses),
		cmocka_unit_test(test_container),
		cmocka_unit_test(test_adr),
		cmocka_unit_test(test_hostile_images),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_shapes_drawn),
		cmocka_unit_test(test_real_crops),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
