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
 * api/api_multipart.c: the boundary of a Content-Type (quoted, in any
 * position, its length and characters); bodies as the cameras send them
 * (Hikvision, Axis, Plate Recognizer), each case kore 4.1's own parser
 * gets wrong, a missing close delimiter, LF-only lines, preamble and
 * epilogue, empty parts, delimiters that are data; and what is refused,
 * with its message.  The fixtures are written here by hand.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_multipart.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A literal with its length: bodies may hold NUL bytes. */
#define S(lit) (lit), sizeof(lit) - 1

#define CD "Content-Disposition: form-data; "

/* Append s to out[0..outlen) at *off, NUL-terminated. */
static void
add(char *out, size_t outlen, size_t *off, const char *s)
{
	size_t n = strlen(s);

	assert_true(*off + n < outlen);
	memcpy(out + *off, s, n + 1);
	*off += n;
}

/*
 * The parts of body[0..len) as "closed: " or "open: ", then
 * name(filename)[ctype]=data for each, joined by " | ", with (filename)
 * only when there was one and [ctype] only when it is not empty, and
 * the data's CR, LF, '\' and bytes outside 0x20..0x7e escaped as in C;
 * or "error: " and the message.
 */
static const char *
parts(const char *body, size_t len, const char *boundary)
{
	static char   out[16384];
	struct api_mp mp;
	const char   *why;
	char          esc[8];
	size_t        off = 0, i, j;
	unsigned char c;

	out[0] = '\0';
	if (api_mp_parse(&mp, (const uint8_t *)body, len, boundary, &why) ==
	    -1) {
		assert_non_null(why);
		assert_int_equal(mp.n, 0);
		add(out, sizeof(out), &off, "error: ");
		add(out, sizeof(out), &off, why);
		return (out);
	}
	assert_null(why);
	assert_true(mp.n <= API_MP_PARTS_MAX);
	add(out, sizeof(out), &off, mp.closed ? "closed:" : "open:");
	for (i = 0; i < mp.n; i++) {
		add(out, sizeof(out), &off, i > 0 ? " | " : " ");
		add(out, sizeof(out), &off, mp.part[i].name);
		if (mp.part[i].has_filename) {
			add(out, sizeof(out), &off, "(");
			add(out, sizeof(out), &off, mp.part[i].filename);
			add(out, sizeof(out), &off, ")");
		} else
			assert_string_equal(mp.part[i].filename, "");
		if (mp.part[i].ctype[0] != '\0') {
			add(out, sizeof(out), &off, "[");
			add(out, sizeof(out), &off, mp.part[i].ctype);
			add(out, sizeof(out), &off, "]");
		}
		add(out, sizeof(out), &off, "=");
		/* Every slice lies inside the body. */
		assert_true((const char *)mp.part[i].data >= body);
		assert_true((const char *)mp.part[i].data + mp.part[i].len <=
		    body + len);
		for (j = 0; j < mp.part[i].len; j++) {
			c = mp.part[i].data[j];
			if (c == '\r')
				(void)snprintf(esc, sizeof(esc), "\\r");
			else if (c == '\n')
				(void)snprintf(esc, sizeof(esc), "\\n");
			else if (c == '\\')
				(void)snprintf(esc, sizeof(esc), "\\\\");
			else if (c < 0x20 || c > 0x7e)
				(void)snprintf(esc, sizeof(esc), "\\x%02x", c);
			else
				(void)snprintf(esc, sizeof(esc), "%c", c);
			add(out, sizeof(out), &off, esc);
		}
	}

	return (out);
}

/* api_mp_boundary() of ct as the boundary, or "error: " and why. */
static const char *
boundary(const char *ct)
{
	static char out[256];
	char        b[API_MP_BOUNDARY_MAX + 1];
	const char *why;

	if (api_mp_boundary(ct, b, sizeof(b), &why) == -1) {
		assert_non_null(why);
		assert_string_equal(b, "");
		(void)snprintf(out, sizeof(out), "error: %s", why);
	} else {
		assert_null(why);
		(void)snprintf(out, sizeof(out), "%s", b);
	}

	return (out);
}

static void
test_mp_boundary(void **state)
{
	static const struct {
		const char *ct;
		const char *want;
	} cases[] = {
		/* Hikvision: the literal word, unquoted. */
		{ "multipart/form-data; boundary=boundary", "boundary" },
		{ "multipart/form-data; boundary=\"boundary\"", "boundary" },
		{ "multipart/form-data; charset=utf-8; boundary=boundary",
		    "boundary" },
		{ "multipart/form-data; boundary=b; charset=utf-8", "b" },
		{ "Multipart/Form-Data;BOUNDARY=x", "x" },
		{ "  multipart/form-data ;boundary=x ; ", "x" },
		{ "multipart/form-data;; boundary=x;;", "x" },
		{ "multipart/form-data; boundary=\tx",
		    "error: malformed "
		    "parameters in Content-"
		    "Type" },
		/* IE's 27 dashes and an id. */
		{ "multipart/form-data; "
		  "boundary=---------------------------7e13971310878",
		    "---------------------------7e13971310878" },
		/* Plate Recognizer (Python requests): random hex. */
		{ "multipart/form-data; boundary=9a3f0c2b7e5d41c8a1f2",
		    "9a3f0c2b7e5d41c8a1f2" },
		/* bchars a token cannot hold, quoted; an escape. */
		{ "multipart/form-data; boundary=\"a:b=c d/(e)?f,g\"",
		    "a:b=c d/(e)?f,g" },
		{ "multipart/form-data; boundary=\"a\\b\"", "ab" },
		{ "multipart/form-data; title=\"x;y=\\\"z\\\"\"; boundary=q",
		    "q" },
		{ "text/plain; boundary=x", "error: " API_MP_ETYPE },
		{ "multipart/mixed; boundary=x", "error: " API_MP_ETYPE },
		{ "multipart/form-data-x; boundary=x", "error: " API_MP_ETYPE },
		{ "", "error: " API_MP_ETYPE },
		{ "multipart/form-data", "error: no boundary in Content-Type" },
		{ "multipart/form-data; charset=utf-8",
		    "error: no boundary in Content-Type" },
		{ "multipart/form-data; boundary=",
		    "error: malformed parameters in Content-Type" },
		{ "multipart/form-data; boundary = x",
		    "error: malformed parameters in Content-Type" },
		{ "multipart/form-data; boundary=\"x",
		    "error: malformed parameters in Content-Type" },
		{ "multipart/form-data; boundary=a:b",
		    "error: malformed parameters in Content-Type" },
		{ "multipart/form-data boundary=x",
		    "error: malformed parameters in Content-Type" },
		{ "multipart/form-data; boundary=\"a\x01\"",
		    "error: malformed parameters in Content-Type" },
		{ "multipart/form-data; boundary=a; Boundary=a",
		    "error: the boundary is given twice" },
		{ "multipart/form-data; boundary=\"\"",
		    "error: the boundary is not one RFC 2046 allows" },
		{ "multipart/form-data; boundary=\"ab \"",
		    "error: the boundary is not one RFC 2046 allows" },
		{ "multipart/form-data; boundary=\"a;b\"",
		    "error: the boundary is not one RFC 2046 allows" },
		{ "multipart/form-data; boundary=\"\xc3\xa4\"",
		    "error: the boundary is not one RFC 2046 allows" },
		{ "multipart/form-data; boundary=a*b",
		    "error: the boundary is not one RFC 2046 allows" },
	};
	char        ct[128], b[API_MP_BOUNDARY_MAX + 1], small[4];
	const char *why;
	size_t      i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		assert_string_equal(boundary(cases[i].ct), cases[i].want);

	/* 70 characters are allowed, 71 are not. */
	memcpy(ct, "multipart/form-data; boundary=", 30);
	memset(ct + 30, 'b', 71);
	ct[30 + 70] = '\0';
	assert_int_equal(api_mp_boundary(ct, b, sizeof(b), &why), 0);
	assert_int_equal(strlen(b), 70);
	ct[30 + 70] = 'b';
	ct[30 + 71] = '\0';
	assert_string_equal(boundary(ct),
	    "error: the boundary is not one RFC 2046 allows");

	/* The caller's buffer. */
	assert_int_equal(api_mp_boundary("multipart/form-data; boundary=abc",
	                     small, sizeof(small), &why),
	    0);
	assert_string_equal(small, "abc");
	assert_int_equal(api_mp_boundary("multipart/form-data; boundary=abcd",
	                     small, sizeof(small), &why),
	    -1);
	assert_string_equal(why, "no room for the boundary");
}

/*
 * Each row of kore 4.1's table in the research notes (2.3) and GMime's
 * (3.2), here as the rows should come out.
 */
static void
test_mp_camera_bodies(void **state)
{
	static const struct {
		const char *in;
		size_t      len;
		const char *b;
		const char *want;
	} cases[] = {
		/* 1: Hikvision, filename not the name, close delimiter. */
		{ S("--boundary\r\n" CD "name=\"anpr.xml\"; filename=\"anpr."
		    "xml\"\r\n"
		    "Content-Type: text/xml\r\n"
		    "Content-Length: 9\r\n"
		    "\r\n"
		    "<x>1</x>\n"
		    "\r\n"
		    "--boundary\r\n" CD
		    "name=\"vehiclePicture.jpg\"; filename=\"2023081114023616"
		    "000te10ogXYg\"\r\n"
		    "Content-Type: image/jpeg\r\n"
		    "Content-Length: 4\r\n"
		    "\r\n"
		    "\xff\xd8\xff\xe0"
		    "\r\n"
		    "--boundary--\r\n"),
		    "boundary",
		    "closed: anpr.xml(anpr.xml)[text/xml]=<x>1</x>\\n | "
		    "vehiclePicture.jpg(2023081114023616000te10ogXYg)"
		    "[image/jpeg]=\\xff\\xd8\\xff\\xe0" },
		/* 2: no close delimiter; the last part is kept. */
		{ S("--boundary\r\n" CD "name=\"anpr.xml\"\r\n\r\n<x/>\r\n"
		    "--boundary\r\n" CD "name=\"licensePlatePicture.jpg\"; "
		    "filename=\"p.jpg\"\r\n"
		    "Content-Type: image/jpeg\r\n\r\nJPEG\r\n"),
		    "boundary",
		    "open: anpr.xml=<x/> | "
		    "licensePlatePicture.jpg(p.jpg)[image/jpeg]=JPEG" },
		/* 3: "--boundary" at the very end, without "--" or CRLF. */
		{ S("--boundary\r\n" CD "name=\"a\"\r\n\r\nJPEG\r\n"
		    "--boundary"),
		    "boundary", "open: a=JPEG" },
		/* 4 and 5 are Content-Type rows (test_mp_boundary). */
		/* 6: LF-only lines. */
		{ S("--boundary\n" CD "name=\"anpr.xml\"\nContent-Type: "
		    "text/xml\n\n<x/>\n--boundary\n" CD
		    "name=\"img\"; filename=\"i.jpg\"\n\nJPEG\n--boundary--\n"),
		    "boundary",
		    "closed: anpr.xml[text/xml]=<x/> | img(i.jpg)=JPEG" },
		/* 7 and 8: Plate Recognizer, a field without filename. */
		{ S("--9a3f0c2b7e5d41c8\r\n" CD "name=\"json\"\r\n\r\n"
		    "{\"data\":{\"results\":[]}}\r\n"
		    "--9a3f0c2b7e5d41c8\r\n" CD
		    "name=\"upload\"; filename=\"car.jpg\"\r\n"
		    "Content-Type: image/jpeg\r\n\r\nJPEG\r\n"
		    "--9a3f0c2b7e5d41c8--\r\n"),
		    "9a3f0c2b7e5d41c8",
		    "closed: json={\"data\":{\"results\":[]}} | "
		    "upload(car.jpg)[image/jpeg]=JPEG" },
		/* 9: a filename with ':' and a normal part after it. */
		{ S("--boundary\r\n" CD "name=\"img\"; "
		    "filename=\"12:00:01.jpg\"\r\n\r\nA\r\n"
		    "--boundary\r\n" CD "name=\"b\"\r\n\r\nB\r\n"
		    "--boundary--\r\n"),
		    "boundary", "closed: img(12:00:01.jpg)=A | b=B" },
		/* 10: filename before name. */
		{ S("--boundary\r\nContent-Disposition: form-data; "
		    "filename=\"a.jpg\"; name=\"img\"\r\n\r\nA\r\n"
		    "--boundary--\r\n"),
		    "boundary", "closed: img(a.jpg)=A" },
		/* 11: the boundary in the middle of a line is data. */
		{ S("--boundary\r\n" CD "name=\"a\"\r\n\r\n"
		    "AA--boundaryZZ\r\n--boundary--\r\n"),
		    "boundary", "closed: a=AA--boundaryZZ" },
		/* 12: Axis, a JSON event with a filename and an image. */
		{ S("--axis\r\n" CD
		    "name=\"event\"; filename=\"event.json\"\r\n"
		    "Content-Type: application/json\r\n\r\n{\"plate\":1}\r\n"
		    "--axis\r\n" CD "name=\"image\"; filename=\"img.jpg\"\r\n"
		    "Content-Type: image/jpeg\r\n\r\nJPEG\r\n--axis--\r\n"),
		    "axis",
		    "closed: event(event.json)[application/json]={\"plate\":1} "
		    "| image(img.jpg)[image/jpeg]=JPEG" },
		/* 13: a 1-byte file, and filename="" (present, empty). */
		{ S("--boundary\r\n" CD "name=\"one\"; filename=\"1\"\r\n\r\n"
		    "x\r\n--boundary\r\n" CD
		    "name=\"empty\"; filename=\"\"\r\n\r\n"
		    "y\r\n--boundary--\r\n"),
		    "boundary", "closed: one(1)=x | empty()=y" },
		/* 14: five headers, Content-Disposition the fifth. */
		{ S("--boundary\r\nContent-Type: image/jpeg\r\n"
		    "Content-Length: 4\r\nX-A: 1\r\nX-B: 2\r\n" CD
		    "name=\"img\"\r\n\r\nJPEG\r\n--boundary--\r\n"),
		    "boundary", "closed: img[image/jpeg]=JPEG" },
		/* 15: names of headers and the type in any case. */
		{ S("--boundary\r\ncontent-disposition: FORM-DATA; "
		    "NAME=\"a\"; FileName=\"f\"\r\nCONTENT-TYPE: text/plain"
		    "\r\n\r\nA\r\n--boundary--\r\n"),
		    "boundary", "closed: a(f)[text/plain]=A" },
		/* GMime's rows: transport padding after a delimiter. */
		{ S("--boundary  \r\n" CD "name=\"a\"\r\n\r\nA\r\n"
		    "--boundary\t \r\n" CD "name=\"b\"\r\n\r\nB\r\n"
		    "--boundary--\r\n"),
		    "boundary", "closed: a=A | b=B" },
		/* A nested multipart is data, its delimiters too. */
		{ S("--outer\r\n" CD "name=\"n\"\r\nContent-Type: "
		    "multipart/mixed; boundary=inner\r\n\r\n"
		    "--inner\r\nContent-Type: text/plain\r\n\r\ni\r\n"
		    "--inner--\r\n--outer--\r\n"),
		    "outer",
		    "closed: n[multipart/mixed; boundary=inner]=--inner\\r\\n"
		    "Content-Type: text/plain\\r\\n\\r\\ni\\r\\n--inner--" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		assert_string_equal(parts(cases[i].in, cases[i].len,
		                        cases[i].b),
		    cases[i].want);
}

/*
 * Without the close delimiter the last part runs to the end of the
 * body, less exactly one CRLF or LF.
 */
static void
test_mp_unterminated(void **state)
{
	static const struct {
		const char *in;
		size_t      len;
		const char *want;
	} cases[] = {
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nJPEG"), "open: a=JPEG" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nJPEG\n"), "open: a=JPEG" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nJPEG\r\n"),
		    "open: a=JPEG" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nJPEG\r\n\r\n"),
		    "open: a=JPEG\\r\\n" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nJPEG\n\n"),
		    "open: a=JPEG\\n" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nJPEG\r"),
		    "open: a=JPEG\\r" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\n\r\n"), "open: a=" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\n"), "open: a=" },
		/* A body that ends after a delimiter adds no part. */
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b\r\n"),
		    "open: a=A" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b  "), "open: a=A" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b\r"), "open: a=A" },
		{ S("--b\r\n"), "open:" },
		{ S("--b"), "open:" },
		/* The close delimiter at the very end, no line break. */
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--"),
		    "closed: a=A" },
		{ S("--b--"), "closed:" },
		/* Headers cut short by the end of the body. */
		{ S("--b\r\n" CD "name=\"a\"\r\n"),
		    "error: a part's header block does not end before the "
		    "next delimiter" },
		{ S("--b\r\n" CD "name=\"a\""),
		    "error: a part's header block does not end before the "
		    "next delimiter" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		assert_string_equal(parts(cases[i].in, cases[i].len, "b"),
		    cases[i].want);
}

/*
 * Delimiters: only "--" boundary at the start of a line, followed by
 * "--" or padding and the end of the line.  Preamble and epilogue are
 * ignored; empty parts and data that start with the delimiter.
 */
static void
test_mp_framing(void **state)
{
	static const struct {
		const char *in;
		size_t      len;
		const char *want;
	} cases[] = {
		/* A preamble, with things that look like delimiters. */
		{ S("This is a preamble.\r\n--bx\r\n--b x\r\nA--b\r\n"
		    "\r\n--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--\r\n"),
		    "closed: a=A" },
		/* An epilogue, with headers and even a delimiter. */
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--\r\n"
		    "epilogue\r\n\r\n--b\r\n" CD "name=\"z\"\r\n\r\nZ\r\n"),
		    "closed: a=A" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--junk"),
		    "closed: a=A" },
		/* An empty part between adjacent delimiters is skipped. */
		{ S("--b\r\n--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--\r\n"),
		    "closed: a=A" },
		{ S("--b\n--b\n--b\n" CD "name=\"a\"\n\nA\n--b\n--b--"),
		    "closed: a=A" },
		/* A part without headers nor data. */
		{ S("--b\r\n\r\n--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--"),
		    "closed: a=A" },
		/* The delimiter right after the empty line: no data. */
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\n--b\r\n" CD
		    "name=\"c\"\r\n\r\nC\r\n--b--\r\n"),
		    "closed: a= | c=C" },
		{ S("--b\n" CD "name=\"a\"\n\n--b--\n"), "closed: a=" },
		/* Data that are one line break, and only line breaks. */
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\n\r\n\r\n--b--"),
		    "closed: a=\\r\\n" },
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\n\n\r\n\n--b--"),
		    "closed: a=\\n\\r\\n" },
		/* "--b" and more on its own line is data. */
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nx\r\n--bx\r\n--b x\r\n"
		    "--b-\r\n--B\r\n-- b\r\n--b\rx\r\ny\r\n--b--\r\n"),
		    "closed: a=x\\r\\n--bx\\r\\n--b x\\r\\n--b-\\r\\n--B\\r\\n"
		    "-- b\\r\\n--b\\rx\\r\\ny" },
		/* After a CR alone it is not the start of a line. */
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\nx\r--b\r\n--b--\r\n"),
		    "closed: a=x\\r--b" },
		/* Mixed CRLF and LF; the CR before LF goes with the LF. */
		{ S("--b\n" CD "name=\"a\"\r\n\nA\r\r\n--b\r\n" CD
		    "name=\"c\"\n\r\nC\n--b--"),
		    "closed: a=A\\r | c=C" },
		/* NUL bytes in the data. */
		{ S("--b\r\n" CD "name=\"a\"\r\n\r\na\0b\0\0c\r\n--b--\r\n"),
		    "closed: a=a\\x00b\\x00\\x00c" },
		/* A part's Content-Length is ignored: both lie here. */
		{ S("--b\r\n" CD "name=\"a\"\r\nContent-Length: 3\r\n\r\n"
		    "0123456789\r\n--b\r\n" CD "name=\"c\"\r\n"
		    "Content-Length: 99999999\r\n\r\nC\r\n--b--\r\n"),
		    "closed: a=0123456789 | c=C" },
		/* Parts without Content-Disposition, name, or form-data. */
		{ S("--b\r\nContent-Type: text/plain\r\n\r\nX\r\n"
		    "--b\r\nContent-Disposition: form-data\r\n\r\nX\r\n"
		    "--b\r\n" CD "name=\"\"\r\n\r\nX\r\n"
		    "--b\r\nContent-Disposition: attachment; "
		    "name=\"x\"\r\n\r\nX\r\n"
		    "--b\r\n" CD "filename=\"f\"\r\n\r\nX\r\n"
		    "--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--\r\n"),
		    "closed: a=A" },
		/* Parameters without spaces, quoted ';' ':' '"', filename*. */
		{ S("--b\r\nContent-Disposition:form-data;name=a;filename="
		    "\"x;y.jpg\"\r\n\r\nA\r\n--b\r\n"
		    "Content-Disposition: form-data;name=\"k;l:m\\\"n\";"
		    "filename*=UTF-8''%e4.jpg\r\n\r\nB\r\n--b--\r\n"),
		    "closed: a(x;y.jpg)=A | k;l:m\"n=B" },
		/* Content-Transfer-Encoding that needs no decoding. */
		{ S("--b\r\n" CD "name=\"a\"\r\nContent-Transfer-Encoding: "
		    "BINARY\r\n\r\nA\r\n--b\r\n" CD "name=\"c\"\r\n"
		    "Content-Transfer-Encoding: 8bit \r\n\r\nC\r\n"
		    "--b\r\n" CD "name=\"d\"\r\n"
		    "Content-Transfer-Encoding:7bit\r\n\r\nD\r\n--b--\r\n"),
		    "closed: a=A | c=C | d=D" },
		/* UTF-8 in a filename; a content type trimmed. */
		{ S("--b\r\n" CD "name=\"a\"; filename=\"K\xc3\xb6ln.jpg\""
		    "\r\nContent-Type: \t image/jpeg \t\r\n\r\nA\r\n--b--"),
		    "closed: a(K\xc3\xb6ln.jpg)[image/jpeg]=A" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		assert_string_equal(parts(cases[i].in, cases[i].len, "b"),
		    cases[i].want);

	/* "boundary" is a word too (Hikvision's boundary). */
	assert_string_equal(parts(S("--boundary\r\n" CD "name=\"x\"\r\n\r\n"
	                            "<boundary>--boundary</boundary>\r\n"
	                            " --boundary\r\n--boundary--\r\n"),
	                        "boundary"),
	    "closed: x=<boundary>--boundary</boundary>\\r\\n --boundary");
}

/* What is refused, with its message, which never quotes the body. */
static void
test_mp_refused(void **state)
{
	static const struct {
		const char *in;
		size_t      len;
		const char *want;
	} cases[] = {
		{ S(""), "error: no multipart delimiter in the body" },
		{ S("just text\r\n"),
		    "error: no multipart delimiter in the body" },
		{ S("--bx\r\n" CD "name=\"a\"\r\n\r\nA\r\n--bx--\r\n"),
		    "error: no multipart delimiter in the body" },
		{ S("x--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n"),
		    "error: no multipart delimiter in the body" },
		{ S("--b\r\n" CD "name=\"a\"\r\n--b--\r\n"),
		    "error: a part's header block does not end before the "
		    "next delimiter" },
		{ S("--b\r\nA\r\n--b--\r\n"),
		    "error: a malformed header line in a part" },
		{ S("--b\r\nContent-Disposition: form-data;\r\n name=\"a\""
		    "\r\n\r\nA\r\n--b--\r\n"),
		    "error: a folded header line in a part" },
		{ S("--b\r\n" CD "name=\"a\0\"\r\n\r\nA\r\n--b--\r\n"),
		    "error: a control character in a part's headers" },
		{ S("--b\r\n" CD "name=\"a\"\rX: y\r\n\r\nA\r\n--b--\r\n"),
		    "error: a control character in a part's headers" },
		{ S("--b\r\nContent-Disposition form-data\r\n\r\nA\r\n--b--"),
		    "error: a malformed header line in a part" },
		{ S("--b\r\n: x\r\n\r\nA\r\n--b--"),
		    "error: a malformed header line in a part" },
		{ S("--b\r\nX Y: z\r\n\r\nA\r\n--b--"),
		    "error: a malformed header line in a part" },
		{ S("--b\r\n" CD "name=\"a\r\n\r\nA\r\n--b--\r\n"),
		    "error: a malformed Content-Disposition in a part" },
		{ S("--b\r\nContent-Disposition: ; name=a\r\n\r\nA\r\n--b--"),
		    "error: a malformed Content-Disposition in a part" },
		{ S("--b\r\n" CD "name=a b\r\n\r\nA\r\n--b--"),
		    "error: a malformed Content-Disposition in a part" },
		{ S("--b\r\n" CD "name=\"a\"\r\n" CD "name=\"c\"\r\n\r\nA\r\n"
		    "--b--\r\n"),
		    "error: a part has two Content-Disposition headers" },
		{ S("--b\r\n" CD "name=\"a\"\r\nContent-Type: a/b\r\n"
		    "content-type: c/d\r\n\r\nA\r\n--b--\r\n"),
		    "error: a part has two Content-Type headers" },
		{ S("--b\r\n" CD "name=\"a\"; NAME=\"c\"\r\n\r\nA\r\n--b--"),
		    "error: a part's name is given twice" },
		{ S("--b\r\n" CD "name=a; filename=x; filename=y\r\n\r\nA\r\n"
		    "--b--"),
		    "error: a part's filename is given twice" },
		{ S("--b\r\n" CD "name=\"a\"\r\nContent-Transfer-Encoding: "
		    "base64\r\n\r\nQUJD\r\n--b--\r\n"),
		    "error: a part's Content-Transfer-Encoding is not 7bit, "
		    "8bit or binary" },
		{ S("--b\r\n" CD "name=\"a\"\r\nContent-Transfer-Encoding: "
		    "quoted-printable\r\n\r\nA\r\n--b--\r\n"),
		    "error: a part's Content-Transfer-Encoding is not 7bit, "
		    "8bit or binary" },
		{ S("--b\r\n" CD "name=\"a\"\r\nContent-Transfer-Encoding: "
		    "binary\r\nContent-Transfer-Encoding: binary\r\n\r\nA\r\n"
		    "--b--\r\n"),
		    "error: a part has two Content-Transfer-Encoding headers" },
		/* Refused in a part that would have been skipped too. */
		{ S("--b\r\nContent-Transfer-Encoding: base64\r\n\r\nQUJD\r\n"
		    "--b--\r\n"),
		    "error: a part's Content-Transfer-Encoding is not 7bit, "
		    "8bit or binary" },
	};
	struct api_mp mp;
	const char   *why;
	char          b[80];
	size_t        i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		assert_string_equal(parts(cases[i].in, cases[i].len, "b"),
		    cases[i].want);

	/* A boundary api_mp_boundary() would refuse. */
	assert_string_equal(parts(S("--\r\n"), ""),
	    "error: the boundary is not one RFC 2046 allows");
	assert_string_equal(parts(S("--b \r\n"), "b "),
	    "error: the boundary is not one RFC 2046 allows");
	assert_string_equal(parts(S("--b;\r\n"), "b;"),
	    "error: the boundary is not one RFC 2046 allows");
	memset(b, 'x', 71);
	b[71] = '\0';
	assert_int_equal(api_mp_parse(&mp, (const uint8_t *)"--", 2, b, &why),
	    -1);
	assert_string_equal(why, "the boundary is not one RFC 2046 allows");
	b[70] = '\0';
	assert_int_equal(api_mp_parse(&mp, (const uint8_t *)"--", 2, b, &why),
	    -1);
	assert_string_equal(why, "no multipart delimiter in the body");
}

/* A 70-character boundary frames as a short one does. */
static void
test_mp_long_boundary(void **state)
{
	char   body[512], b[API_MP_BOUNDARY_MAX + 1];
	size_t off = 0;

	(void)state;
	memset(b, '-', 27);
	memset(b + 27, '7', API_MP_BOUNDARY_MAX - 27);
	b[API_MP_BOUNDARY_MAX] = '\0';
	body[0] = '\0';
	add(body, sizeof(body), &off, "--");
	add(body, sizeof(body), &off, b);
	add(body, sizeof(body), &off, "\r\n" CD "name=\"a\"\r\n\r\nA\r\n--");
	add(body, sizeof(body), &off, b);
	add(body, sizeof(body), &off, "--\r\n");
	assert_string_equal(parts(body, off, b), "closed: a=A");
	/* A delimiter with one character less is data. */
	b[API_MP_BOUNDARY_MAX - 1] = '\0';
	assert_string_equal(parts(body, off, b),
	    "error: no multipart delimiter in the body");
}

/* Write n parts p0.. (named when named), closed, into out; the length. */
static size_t
many(char *out, size_t outlen, size_t n, int named)
{
	char   line[64];
	size_t i, off = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		add(out, outlen, &off, "--b\r\n");
		if (named) {
			(void)snprintf(line, sizeof(line),
			    CD "name=\"p%zu\"\r\n", i);
			add(out, outlen, &off, line);
		} else
			add(out, outlen, &off, "Content-Type: text/plain\r\n");
		add(out, outlen, &off, "\r\nx\r\n");
	}
	add(out, outlen, &off, "--b--\r\n");

	return (off);
}

/* At most 8 parts, the ones skipped included. */
static void
test_mp_parts_max(void **state)
{
	char   body[2048];
	size_t len;

	(void)state;
	len = many(body, sizeof(body), 8, 1);
	assert_string_equal(parts(body, len, "b"),
	    "closed: p0=x | p1=x | p2=x | p3=x | p4=x | p5=x | p6=x | p7=x");
	len = many(body, sizeof(body), 9, 1);
	assert_string_equal(parts(body, len, "b"), "error: " API_MP_EPARTS);

	/* Seven parts without Content-Disposition and one named. */
	len = many(body, sizeof(body), 7, 0) - strlen("--b--\r\n");
	memcpy(body + len, "--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--",
	    sizeof("--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--"));
	len += strlen(body + len);
	assert_string_equal(parts(body, len, "b"), "closed: a=A");
	/* Eight and one named. */
	len = many(body, sizeof(body), 8, 0) - strlen("--b--\r\n");
	memcpy(body + len, "--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--",
	    sizeof("--b\r\n" CD "name=\"a\"\r\n\r\nA\r\n--b--"));
	len += strlen(body + len);
	assert_string_equal(parts(body, len, "b"), "error: " API_MP_EPARTS);

	/* Nine empty parts between adjacent delimiters count too. */
	assert_string_equal(parts(S("--b\r\n--b\r\n--b\r\n--b\r\n--b\r\n"
	                            "--b\r\n--b\r\n--b\r\n--b\r\n--b--"),
	                        "b"),
	    "error: " API_MP_EPARTS);
	assert_string_equal(parts(S("--b\r\n--b\r\n--b\r\n--b\r\n--b\r\n"
	                            "--b\r\n--b\r\n--b\r\n--b--"),
	                        "b"),
	    "closed:");
}

/*
 * A body whose part has a header of hlen bytes (X-Pad) and nlines lines
 * (Content-Disposition included) in all: the header block is hlen + 2
 * bytes with its empty line.
 */
static const char *
padded(size_t block, size_t nlines)
{
	static char body[API_MP_HEADERS_MAX * 2];
	size_t      off = 0, i, pad;

	body[0] = '\0';
	add(body, sizeof(body), &off, "--b\r\n" CD "name=\"a\"\r\n");
	for (i = 2; i < nlines; i++)
		add(body, sizeof(body), &off, "X-Line: 1\r\n");
	/* "X-Pad: " pad "\r\n" and the empty line fill the block. */
	pad = block - (off - 5) - strlen("X-Pad: \r\n\r\n");
	add(body, sizeof(body), &off, "X-Pad: ");
	memset(body + off, 'p', pad);
	off += pad;
	body[off] = '\0';
	add(body, sizeof(body), &off, "\r\n\r\nA\r\n--b--\r\n");

	return (parts(body, off, "b"));
}

/* A header block of at most 8 KB and 16 lines; the lengths of values. */
static void
test_mp_header_limits(void **state)
{
	struct api_mp mp;
	const char   *why;
	char          body[1024], v[300];
	size_t        off;

	(void)state;
	assert_string_equal(padded(API_MP_HEADERS_MAX, 2), "closed: a=A");
	assert_string_equal(padded(API_MP_HEADERS_MAX + 1, 2),
	    "error: a part's header block is too long");
	assert_string_equal(padded(1000, API_MP_LINES_MAX), "closed: a=A");
	assert_string_equal(padded(1000, API_MP_LINES_MAX + 1),
	    "error: too many header lines in a part");

	/* A name of 128 bytes, a filename of 255, a Content-Type of 127. */
	memset(v, 'n', sizeof(v));
	off = 0;
	body[0] = '\0';
	add(body, sizeof(body), &off, "--b\r\n" CD "name=\"");
	memcpy(body + off, v, API_MP_NAME_MAX);
	off += API_MP_NAME_MAX;
	memcpy(body + off, "\"; filename=", 12);
	off += 12;
	memset(body + off, 'f', API_MP_FILENAME_MAX);
	off += API_MP_FILENAME_MAX;
	memcpy(body + off, "\r\nContent-Type: ", 16);
	off += 16;
	memset(body + off, 't', API_MP_CTYPE_MAX);
	off += API_MP_CTYPE_MAX;
	body[off] = '\0';
	add(body, sizeof(body), &off, "\r\n\r\nA\r\n--b--\r\n");
	assert_int_equal(api_mp_parse(&mp, (const uint8_t *)body, off, "b",
	                     &why),
	    0);
	assert_int_equal(mp.n, 1);
	assert_int_equal(strlen(mp.part[0].name), API_MP_NAME_MAX);
	assert_int_equal(strlen(mp.part[0].filename), API_MP_FILENAME_MAX);
	assert_int_equal(strlen(mp.part[0].ctype), API_MP_CTYPE_MAX);
	assert_int_equal(mp.part[0].len, 1);

	/* One byte more each. */
	off = 0;
	add(body, sizeof(body), &off, "--b\r\n" CD "name=");
	memset(body + off, 'n', API_MP_NAME_MAX + 1);
	off += API_MP_NAME_MAX + 1;
	body[off] = '\0';
	add(body, sizeof(body), &off, "\r\n\r\nA\r\n--b--\r\n");
	assert_string_equal(parts(body, off, "b"),
	    "error: a part's name is too long");

	off = 0;
	add(body, sizeof(body), &off, "--b\r\n" CD "name=a; filename=\"");
	memset(body + off, 'f', API_MP_FILENAME_MAX + 1);
	off += API_MP_FILENAME_MAX + 1;
	body[off] = '\0';
	add(body, sizeof(body), &off, "\"\r\n\r\nA\r\n--b--\r\n");
	assert_string_equal(parts(body, off, "b"),
	    "error: a part's filename is too long");

	off = 0;
	add(body, sizeof(body), &off, "--b\r\n" CD "name=a\r\nContent-Type: ");
	memset(body + off, 't', API_MP_CTYPE_MAX + 1);
	off += API_MP_CTYPE_MAX + 1;
	body[off] = '\0';
	add(body, sizeof(body), &off, "\r\n\r\nA\r\n--b--\r\n");
	assert_string_equal(parts(body, off, "b"),
	    "error: a part's Content-Type is too long");
}

/*
 * A Hikvision upload as the CN capture was sent (the notes' quirks 4-13):
 * IE-style boundary, parameters without spaces, a quoted charset, part
 * lengths counted wrong, blank lines in the XML, and no close delimiter
 * after the last picture.  Written here, normalised: CRLF and "--".
 */
static void
test_mp_hikvision_unterminated(void **state)
{
	static const char ct[] = "multipart/form-data; "
	                         "boundary=---------------------------"
	                         "7e13971310878";
	static const char body[] =
	    "-----------------------------7e13971310878\r\n"
	    "Content-Disposition: form-data;name=\"anpr.xml\";"
	    "filename=\"anpr.xml\"\r\n"
	    "Content-Type: application/xml; charset=\"UTF-8\"\r\n"
	    "Content-Length: 3686\r\n"
	    "\r\n"
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
	    "\r\n"
	    "<EventNotificationAlert>\r\n"
	    "<eventType>ANPR</eventType>\r\n"
	    "\r\n"
	    "</EventNotificationAlert>\r\n"
	    "\r\n"
	    "-----------------------------7e13971310878\r\n"
	    "Content-Disposition: form-data;name=\"licensePlatePicture.jpg\";"
	    "filename=\"licensePlatePicture.jpg\"\r\n"
	    "Content-Type: image/jpeg\r\n"
	    "Content-Length: 12\r\n"
	    "\r\n"
	    "efwefwefwef\r\n";
	static const char xml[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	                          "\r\n\r\n<EventNotificationAlert>\r\n"
	                          "<eventType>ANPR</eventType>\r\n\r\n"
	                          "</EventNotificationAlert>\r\n";
	static const char xmllf[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	                            "\n\n<EventNotificationAlert>\n"
	                            "<eventType>ANPR</eventType>\n\n"
	                            "</EventNotificationAlert>\n";
	const struct api_mp_part *x, *p;
	struct api_mp             mp;
	char                      b[API_MP_BOUNDARY_MAX + 1], lf[sizeof(body)];
	const char               *why;
	size_t                    i, n = 0;

	(void)state;
	assert_int_equal(api_mp_boundary(ct, b, sizeof(b), &why), 0);
	assert_string_equal(b, "---------------------------7e13971310878");
	assert_int_equal(api_mp_parse(&mp, (const uint8_t *)body,
	                     sizeof(body) - 1, b, &why),
	    0);
	assert_int_equal(mp.n, 2);
	assert_int_equal(mp.closed, 0);

	/* Looked up by name, in any case (the docs write ANPR.xml). */
	x = api_mp_find(&mp, "ANPR.xml");
	assert_non_null(x);
	assert_ptr_equal(x, &mp.part[0]);
	assert_string_equal(x->filename, "anpr.xml");
	assert_string_equal(x->ctype, "application/xml; charset=\"UTF-8\"");
	/* The blank lines stay; the delimiter's CRLF goes. */
	assert_int_equal(x->len, sizeof(xml) - 1);
	assert_memory_equal(x->data, xml, sizeof(xml) - 1);

	p = api_mp_find(&mp, "licenseplatepicture.jpg");
	assert_non_null(p);
	assert_ptr_equal(p, &mp.part[1]);
	assert_string_equal(p->ctype, "image/jpeg");
	assert_int_equal(p->len, 11);
	assert_memory_equal(p->data, "efwefwefwef", 11);
	assert_ptr_equal(p->data, body + sizeof(body) - 1 - 13);

	/* The same with LF-only lines. */
	for (i = 0; i < sizeof(body) - 1; i++) {
		if (body[i] != '\r')
			lf[n++] = body[i];
	}
	assert_int_equal(api_mp_parse(&mp, (const uint8_t *)lf, n, b, &why), 0);
	assert_int_equal(mp.n, 2);
	assert_int_equal(mp.closed, 0);
	assert_string_equal(mp.part[0].name, "anpr.xml");
	assert_int_equal(mp.part[0].len, sizeof(xmllf) - 1);
	assert_memory_equal(mp.part[0].data, xmllf, sizeof(xmllf) - 1);
	assert_int_equal(mp.part[1].len, 11);
	assert_memory_equal(mp.part[1].data, "efwefwefwef", 11);
}

/* api_mp_find(): names without case, the first of two, NULL. */
static void
test_mp_find(void **state)
{
	static const char body[] = "--b\r\n" CD "name=\"Event\"\r\n\r\n1\r\n"
	                           "--b\r\n" CD "name=\"event\"\r\n\r\n2\r\n"
	                           "--b\r\n" CD "name=\"image\"\r\n\r\n3\r\n"
	                           "--b--\r\n";
	struct api_mp     mp;
	const char       *why;

	(void)state;
	assert_int_equal(api_mp_parse(&mp, (const uint8_t *)body,
	                     sizeof(body) - 1, "b", &why),
	    0);
	assert_int_equal(mp.n, 3);
	assert_ptr_equal(api_mp_find(&mp, "EVENT"), &mp.part[0]);
	assert_ptr_equal(api_mp_find(&mp, "event"), &mp.part[0]);
	assert_ptr_equal(api_mp_find(&mp, "Image"), &mp.part[2]);
	assert_null(api_mp_find(&mp, "imag"));
	assert_null(api_mp_find(&mp, "images"));
	assert_null(api_mp_find(&mp, ""));

	/* Nothing is left behind a failure. */
	assert_int_equal(api_mp_parse(&mp, (const uint8_t *)"x", 1, "b", &why),
	    -1);
	assert_int_equal(mp.n, 0);
	assert_null(api_mp_find(&mp, "event"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mp_boundary),
		cmocka_unit_test(test_mp_camera_bodies),
		cmocka_unit_test(test_mp_unterminated),
		cmocka_unit_test(test_mp_framing),
		cmocka_unit_test(test_mp_refused),
		cmocka_unit_test(test_mp_long_boundary),
		cmocka_unit_test(test_mp_parts_max),
		cmocka_unit_test(test_mp_header_limits),
		cmocka_unit_test(test_mp_hikvision_unterminated),
		cmocka_unit_test(test_mp_find),
	};

	return (
	    cmocka_run_group_tests_name("api_multipart", tests, NULL, NULL));
}
