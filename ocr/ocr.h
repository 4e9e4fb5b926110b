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
 * ocr/: an image crop (JPEG or PNG, in memory) to the text of a plate, an
 * ISO 6346 container code or an ADR plate, with Tesseract and Leptonica.
 * Plain C, no kore.  See ocr/README.md for the method.
 *
 * Threads: ocr_init() once, before any thread exists (kore's parent: the
 * model is read into memory there, before the sandbox).  ocr_read() may
 * then be called from any thread; each thread gets its own Tesseract
 * engine on its first call, initialised from that memory, and keeps it
 * until ocr_thread_done().
 *
 * What fits: ocr/ does not know plate grammars, check digits or the ADR
 * tables (they live in pseudo/ and rules/).  The caller passes fits(),
 * which says whether a reading is well formed; ocr_read() returns the
 * most likely reading that fits, or the most likely one when none does
 * (with valid 0).
 */

#ifndef OCR_H
#define OCR_H

#include <stddef.h>
#include <stdint.h>

/* The longest text ocr_read() returns, the most alternatives. */
#define OCR_TEXT_MAX 16
#define OCR_ALT_MAX  4

/* Images refused before they are decoded. */
#define OCR_IMAGE_BYTES_MAX  (8 * 1024 * 1024)
#define OCR_IMAGE_SIDE_MAX   4096
#define OCR_IMAGE_PIXELS_MAX (4096 * 2160)

enum ocr_kind {
	OCR_PLATE,
	OCR_CONTAINER,
	OCR_ADR,
};

enum ocr_status {
	OCR_OK, /* text found (it may still not fit: valid) */
	OCR_NO_TEXT, /* a good image without a line of characters */
	OCR_BAD_IMAGE, /* not a JPEG or PNG we can decode */
	OCR_TOO_LARGE, /* beyond the limits above */
	OCR_UNAVAILABLE, /* no model, or the engine failed */
};

/*
 * Whether text (NUL-terminated, [A-Z0-9]; for OCR_ADR "hazard/un") is
 * well formed for kind in country ("" unknown).  1 yes, 0 no.
 */
typedef int (*ocr_fits_fn)(enum ocr_kind, const char *, const char *, void *);

struct ocr_alt {
	char   text[OCR_TEXT_MAX + 1];
	double confidence;
};

struct ocr_result {
	enum ocr_kind kind;
	/* The plate or code, [A-Z0-9]; for ADR "33/1203". */
	char           text[OCR_TEXT_MAX + 1];
	double         confidence; /* 0..1 */
	int            valid; /* fits() said yes */
	char           country[4]; /* as asked; "" unknown */
	struct ocr_alt alt[OCR_ALT_MAX]; /* other readings, best first */
	size_t         nalt;
	int            width, height; /* of the decoded image */
};

/*
 * Read the model (Tesseract's eng.traineddata) at path into memory.
 * 0, or -1 when it cannot be read (ocr_read() then answers
 * OCR_UNAVAILABLE).  Call once, before threads.
 */
int ocr_init(const char *);

/* The model's path on Debian (tesseract-ocr-eng). */
#define OCR_MODEL_DEFAULT "/usr/share/tesseract-ocr/5/tessdata/eng.traineddata"

/*
 * Read img[0..len) as kind; country ("", or a sign pseudo_country()
 * gives) is handed to fits (which may be NULL: anything fits).  Fills
 * *out (wiped first) and returns an enum ocr_status; *out holds text
 * only for OCR_OK.  The image is decoded in memory and never written.
 */
int ocr_read(const void *, size_t, enum ocr_kind, const char *, ocr_fits_fn,
    void *, struct ocr_result *);

/* Wipe a result: it holds a plate. */
void ocr_result_wipe(struct ocr_result *);

/* Free the calling thread's engine (it is made again when needed). */
void ocr_thread_done(void);

/* "ok", "no_text", "bad_image", "too_large", "unavailable". */
const char *ocr_status_name(int);

#endif /* OCR_H */
