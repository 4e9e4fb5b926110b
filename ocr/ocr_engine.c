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
 * Tesseract engines: the model is read into memory once (ocr_init(),
 * before the sandbox and before threads); each thread makes its own
 * engine from that memory on first use (TessBaseAPIInit5: no file is
 * opened then) and keeps it.  One engine costs about 14-18 MB.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tesseract/capi.h>

#include "ocr_internal.h"

/* The model file may not be larger than this. */
#define MODEL_MAX (64 * 1024 * 1024)

/* The engine's alternatives kept: the rest of a position is for twins. */
#define ENGINE_CHOICES 5

static char  *model;
static size_t model_len;

static __thread TessBaseAPI *engine;
static __thread int          engine_failed;

int
ocr_init(const char *path)
{
	struct stat st;
	ssize_t     n;
	size_t      off;
	int         fd, rc = -1;

	if (model != NULL)
		return (0);
	/* Leptonica's messages go to stderr unasked: none. */
	setMsgSeverity(L_SEVERITY_NONE);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > MODEL_MAX)
		goto out;
	if ((model = malloc((size_t)st.st_size)) == NULL)
		goto out;
	for (off = 0; off < (size_t)st.st_size; off += (size_t)n) {
		n = read(fd, model + off, (size_t)st.st_size - off);
		if (n == -1 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0) {
			free(model);
			model = NULL;
			goto out;
		}
	}
	model_len = (size_t)st.st_size;
	rc = 0;
out:
	close(fd);
	return (rc);
}

/*
 * The thread's engine: LSTM only (Debian's model has nothing else), with
 * per-character alternatives.  Settings read at initialisation only go
 * in Init5's arrays; SetVariable would accept and ignore them.
 */
static TessBaseAPI *
engine_get(void)
{
	static const char *names[] = { "lstm_choice_mode",
		"lstm_choice_iterations", "load_system_dawg", "load_freq_dawg",
		"user_defined_dpi", "debug_file" };
	static const char *values[] = { "2", "3", "0", "0", "300",
		"/dev/null" };

	if (engine != NULL)
		return (engine);
	if (engine_failed || model == NULL)
		return (NULL);
	if ((engine = TessBaseAPICreate()) == NULL) {
		engine_failed = 1;
		return (NULL);
	}
	if (TessBaseAPIInit5(engine, model, (int)model_len, "eng",
	        OEM_LSTM_ONLY, NULL, 0, (char **)(uintptr_t)names,
	        (char **)(uintptr_t)values, sizeof(names) / sizeof(names[0]),
	        0) != 0) {
		TessBaseAPIDelete(engine);
		engine = NULL;
		engine_failed = 1;
		return (NULL);
	}
	TessBaseAPISetPageSegMode(engine, PSM_SINGLE_LINE);

	return (engine);
}

void
ocr_thread_done(void)
{
	if (engine != NULL) {
		TessBaseAPIEnd(engine);
		TessBaseAPIDelete(engine);
	}
	engine = NULL;
	engine_failed = 0;
}

/*
 * A character read with lower case allowed, as upper case: a lower case
 * l is a plate's I (an L has its foot).
 */
static char
upper(char c)
{
	if (c == 'l')
		return ('I');
	return ((char)toupper((unsigned char)c));
}

/* A choice's confidence (100 - 5 x rating, 0..100) as 0..1. */
static double
choice_p(float conf)
{
	double p = conf / 100.0;

	if (p < 0.001)
		p = 0.001;
	if (p > 1.0)
		p = 1.0;
	return (p);
}

int
ocr_engine_line(PIX *line, const char *whitelist, int lower,
    struct ocr_lattice *l)
{
	TessBaseAPI        *api;
	TessResultIterator *it;
	TessPageIterator   *pit;
	TessChoiceIterator *ch;
	struct ocr_pos     *pos;
	const char         *s;
	char               *t, wl[128];
	size_t              i, n;

	memset(l, 0, sizeof(*l));
	if ((api = engine_get()) == NULL)
		return (-1);
	/*
	 * With lower: the model reads a bold plate letter as lower case at
	 * times (j for J) and drops it when only capitals may be: lower
	 * case is read too and taken as upper.
	 */
	for (i = 0, n = 0; whitelist[i] != '\0' && n + 2 < sizeof(wl); i++) {
		wl[n++] = whitelist[i];
		if (lower && isupper((unsigned char)whitelist[i]))
			wl[n++] = (char)tolower((unsigned char)whitelist[i]);
	}
	wl[n] = '\0';
	TessBaseAPISetVariable(api, "tessedit_char_whitelist", wl);
	TessBaseAPISetImage2(api, line);
	TessBaseAPISetSourceResolution(api, 300);
	if (TessBaseAPIRecognize(api, NULL) != 0) {
		TessBaseAPIClear(api);
		return (0);
	}
	if ((it = TessBaseAPIGetIterator(api)) == NULL) {
		TessBaseAPIClear(api);
		return (0);
	}
	pit = TessResultIteratorGetPageIterator(it);
	do {
		if (l->n == OCR_TEXT_MAX)
			break;
		if ((t = TessResultIteratorGetUTF8Text(it, RIL_SYMBOL)) == NULL)
			continue;
		if (t[0] == '\0' || t[1] != '\0' ||
		    strchr(whitelist, upper(t[0])) == NULL) {
			TessDeleteText(t);
			continue;
		}
		pos = &l->pos[l->n++];
		ocr_pos_add(pos, (char)upper(t[0]),
		    choice_p(TessResultIteratorConfidence(it, RIL_SYMBOL)),
		    ENGINE_CHOICES);
		TessDeleteText(t);
		if ((ch = TessResultIteratorGetChoiceIterator(it)) == NULL)
			continue;
		do {
			s = TessChoiceIteratorGetUTF8Text(ch);
			if (s != NULL && s[0] != '\0' && s[1] == '\0' &&
			    strchr(whitelist, upper(s[0])) != NULL)
				ocr_pos_add(pos, (char)upper(s[0]),
				    choice_p(TessChoiceIteratorConfidence(ch)),
				    ENGINE_CHOICES);
		} while (TessChoiceIteratorNext(ch));
		TessChoiceIteratorDelete(ch);
	} while (TessPageIteratorNext(pit, RIL_SYMBOL));
	TessResultIteratorDelete(it);
	TessBaseAPIClear(api);

	return (0);
}
