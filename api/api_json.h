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
 * A strict JSON (RFC 8259) parser for request bodies, which come from
 * anyone.  Pure C, no kore (api_json_parse.c): handlers hand it the body
 * bytes and read the tree; unit tested and fuzzed on its own.
 */

#ifndef API_JSON_H
#define API_JSON_H

#include <stddef.h>
#include <stdint.h>

/* Arrays and objects nest at most this deep ("[[1]]" is 2). */
#define API_JSON_DEPTH_MAX   32
/* An object has at most this many members. */
#define API_JSON_MEMBERS_MAX 256

enum api_jtype {
	API_JNULL,
	API_JFALSE,
	API_JTRUE,
	API_JNUMBER,
	API_JSTRING,
	API_JARRAY,
	API_JOBJECT
};

/*
 * One value of a parsed document.  Every pointer points into the
 * document and stays valid until api_json_free().  key is the decoded
 * member name inside an object, else NULL.  str is the decoded UTF-8 of
 * an API_JSTRING or the source text of an API_JNUMBER, else NULL; both
 * are NUL-terminated and hold no other NUL.  A number always has d
 * (finite), and is_int and i when it is an integer (no fraction, no
 * exponent) in the range of int64_t.  Arrays and objects have count
 * children, linked from child through next in document order.
 */
struct api_jvalue {
	enum api_jtype     type;
	const char        *key;
	size_t             keylen;
	const char        *str;
	size_t             len; /* bytes in str */
	int                is_int;
	int64_t            i;
	double             d;
	size_t             count;
	struct api_jvalue *child; /* first element or member */
	struct api_jvalue *next; /* next sibling */
};

/* A parsed document: owns every value and string. */
struct api_jdoc;

/* Why the input was refused: where, and what is wrong (NUL-terminated). */
struct api_jerror {
	size_t offset;
	char   message[96];
};

/*
 * Parse buf[0..len), which need not be NUL-terminated, as exactly one
 * JSON value with optional whitespace (space, tab, CR, LF) around it.
 * Strict: strings must be valid UTF-8 without raw control characters,
 * escapes must be complete (surrogate pairs are combined, lone
 * surrogates and \u0000 are refused, so every decoded string is a C
 * string), numbers follow the RFC grammar and must be finite as a double,
 * members of one object have different names, there are at most
 * API_JSON_MEMBERS_MAX of them, and nesting stops at API_JSON_DEPTH_MAX.
 *
 * Returns the document, which the caller frees with api_json_free().
 * Returns NULL on any error and, when err is not NULL, fills *err with
 * the byte offset of the fault and a message safe to show to the client
 * (it may quote a member name; escape it like any string).  Memory grows
 * linearly with len, up to about 60 bytes per input byte for "[0,0,...]":
 * the caller bounds len (kore's http_body_max).  The function is
 * reentrant; strtod(3) reads the numbers, so LC_NUMERIC must be "C".
 */
struct api_jdoc *api_json_parse(const char *, size_t, struct api_jerror *);

/* The top-level value of a document. */
const struct api_jvalue *api_json_root(const struct api_jdoc *);

/*
 * Free a document and everything in it, NULL is fine.  The memory is
 * wiped first (explicit_bzero): bodies carry passwords.
 */
void api_json_free(struct api_jdoc *);

/*
 * The member of object o named key (a C string), or NULL when o is NULL
 * or not an object, or has no such member.
 */
const struct api_jvalue *api_json_get(const struct api_jvalue *, const char *);

/*
 * Write s[0..len) as a JSON string literal, quotes included, into
 * dst[0..dstlen), NUL-terminated when dstlen > 0.  Escapes '"', '\\',
 * control characters, DEL, '<', '>', '&', U+2028 and U+2029, and replaces
 * every byte that is not part of valid UTF-8 (overlong forms, surrogates,
 * code points past U+10FFFF) with U+FFFD.  Returns the length the literal
 * needs without the NUL, like snprintf(3): the output was cut when the
 * result is >= dstlen.  Pure: no kore (api_json.c).
 */
size_t api_json_escape(char *, size_t, const char *, size_t);

/*
 * The UTF-8 sequence of 2 to 4 bytes at s[0..len): its length, with the
 * code point in *cp, or 0 when it is not valid UTF-8 (overlong forms,
 * surrogates, code points past U+10FFFF, truncation; ASCII is the
 * caller's).  api_json.c.
 */
size_t api_utf8_decode(const unsigned char *, size_t, uint32_t *);

#endif /* API_JSON_H */
