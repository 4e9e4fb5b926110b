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
 * libFuzzer target for api_json_escape(): whatever the input, the output
 * must be one JSON string literal of valid UTF-8 with no raw control
 * character, and the length it reports must be the length it wrote.
 * Any violation aborts, so the fuzzer reports it.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../api/api_json.h"
#include "fuzz_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *out;
	size_t         need, i, n;

	need = api_json_escape(NULL, 0, (const char *)data, size);
	if ((out = malloc(need + 1)) == NULL)
		return (0);
	if (api_json_escape((char *)out, need + 1, (const char *)data, size) !=
	        need ||
	    strlen((char *)out) != need)
		abort();

	if (need < 2 || out[0] != '"' || out[need - 1] != '"')
		abort();
	for (i = 1; i < need - 1; i += n) {
		if (out[i] < 0x20 || out[i] == 0x7f)
			abort();
		if (out[i] == '"')
			abort(); /* an unescaped quote ends the string */
		if (out[i] == '\\') {
			/* An escape: \" \\ \n \r \t or \uXXXX. */
			if (i + 1 >= need - 1)
				abort();
			n = out[i + 1] == 'u' ? 6 : 2;
			if (i + n > need - 1)
				abort();
			continue;
		}
		if ((n = utf8_len(&out[i], need - 1 - i)) == 0)
			abort();
	}
	free(out);

	return (0);
}
