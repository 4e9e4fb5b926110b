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
 * api/api_rekey.c: entries made under one key version come out sealed
 * and tokenised as if made under the next, in chunks; an entry that
 * will not unseal stops it all.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_import.h"
#include "../../api/api_rekey.h"

#define TENANT 5

static struct pseudo_key master, master2;

/* The entry plate of list under version of m, as api_lists.c makes it. */
static void
make_under(const struct pseudo_key *m, const char *plate, int64_t list,
    uint32_t version, struct api_entry *e)
{
	struct api_entry_keys k;
	const char           *why;

	assert_int_equal(api_entry_keys(m, TENANT, version, list, &k), 0);
	memset(e, 0, sizeof(*e));
	assert_int_equal(api_entry_plate(&k, plate, strlen(plate), "D", e,
	                     &why),
	    0);
	api_entry_keys_wipe(&k);
}

static void
make(const char *plate, int64_t list, uint32_t version, struct api_entry *e)
{
	make_under(&master, plate, list, version, e);
}

static int
has_token(const char *json, const unsigned char *tok)
{
	static const char d[] = "0123456789abcdef";
	char              hex[2 * PSEUDO_TOKEN_LEN + 1];
	size_t            i;

	for (i = 0; i < PSEUDO_TOKEN_LEN; i++) {
		hex[2 * i] = d[tok[i] >> 4];
		hex[2 * i + 1] = d[tok[i] & 15];
	}
	hex[2 * PSEUDO_TOKEN_LEN] = '\0';
	return (strstr(json, hex) != NULL);
}

static void
test_entries_come_out_as_made_under_the_new_version(void **state)
{
	static const char *const plates[] = { "M-AB 1", "HH-XY 22", "B-Q 3" };
	struct api_entry         old[3], want;
	struct api_rekey_in      in[3];
	struct api_rekey         out;
	size_t                   i, j, bad, ntok = 0;

	(void)state;
	for (i = 0; i < 3; i++) {
		make(plates[i], i < 2 ? 7 : 8, 1, &old[i]);
		in[i].id = 100 + (int64_t)i;
		in[i].list = i < 2 ? 7 : 8;
		in[i].version = 1;
		in[i].sealed = old[i].sealed;
		in[i].sealedlen = old[i].sealedlen;
		in[i].country = "D";
	}
	assert_int_equal(api_rekey(&master, &master, TENANT, 2, in, 3, &out,
	                     &bad),
	    0);
	assert_int_equal(out.nchunks, 1);
	assert_non_null(strstr(out.sealed[0], "[[100,\""));
	assert_non_null(strstr(out.sealed[0], "[102,\""));
	for (i = 0; i < 3; i++) {
		make(plates[i], in[i].list, 2, &want);
		for (j = 0; j < want.ntok; j++) {
			assert_true(has_token(out.tokens[0], want.tok[j]));
			/* Version 1's tokens are gone. */
			assert_false(has_token(out.tokens[0], old[i].tok[j]));
		}
		ntok += want.ntok;
	}
	assert_int_equal(out.ntokens, ntok);
	api_rekey_free(&out);
	assert_null(out.sealed);
}

/* A master key's rotation: unsealed under the old, made under the new. */
static void
test_a_new_master_takes_over(void **state)
{
	struct api_entry    old, want, other;
	struct api_rekey_in in;
	struct api_rekey    out;
	size_t              j, bad;

	(void)state;
	make("M-AB 1", 7, 3, &old);
	in.id = 1;
	in.list = 7;
	in.version = 3;
	in.sealed = old.sealed;
	in.sealedlen = old.sealedlen;
	in.country = "D";
	assert_int_equal(api_rekey(&master, &master2, TENANT, 4, &in, 1, &out,
	                     &bad),
	    0);
	make_under(&master2, "M-AB 1", 7, 4, &want);
	make("M-AB 1", 7, 4, &other);
	for (j = 0; j < want.ntok; j++) {
		assert_true(has_token(out.tokens[0], want.tok[j]));
		/* Not version 4 of the old master. */
		assert_false(has_token(out.tokens[0], other.tok[j]));
	}
	api_rekey_free(&out);

	/* Sealed under the old master: the new one cannot open it. */
	assert_int_equal(api_rekey(&master2, &master2, TENANT, 4, &in, 1, &out,
	                     &bad),
	    -1);
	assert_int_equal(bad, 0);
}

static void
test_chunks_and_a_bad_entry(void **state)
{
	struct api_entry     e;
	struct api_rekey_in *in;
	struct api_rekey     out;
	size_t               i, n = 2 * API_REKEY_CHUNK + 1, bad;

	(void)state;
	make("M-AB 1", 7, 1, &e);
	in = calloc(n, sizeof(*in));
	assert_non_null(in);
	for (i = 0; i < n; i++) {
		in[i].id = (int64_t)i + 1;
		in[i].list = 7;
		in[i].version = 1;
		in[i].sealed = e.sealed;
		in[i].sealedlen = e.sealedlen;
		in[i].country = "";
	}
	assert_int_equal(api_rekey(&master, &master, TENANT, 2, in, n, &out,
	                     &bad),
	    0);
	assert_int_equal(out.nchunks, 3);
	assert_non_null(strstr(out.sealed[2], "[[2001,"));
	api_rekey_free(&out);

	/* Sealed for another list: it will not unseal here. */
	in[5].list = 9;
	assert_int_equal(api_rekey(&master, &master, TENANT, 2, in, n, &out,
	                     &bad),
	    -1);
	assert_int_equal(bad, 5);
	assert_int_equal(out.nchunks, 0);
	assert_null(out.tokens);
	free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_entries_come_out_as_made_under_the_new_version),
		cmocka_unit_test(test_a_new_master_takes_over),
		cmocka_unit_test(test_chunks_and_a_bad_entry),
	};
	size_t i;

	for (i = 0; i < sizeof(master.bytes); i++)
		master.bytes[i] = (unsigned char)(i * 13 + 5);
	for (i = 0; i < sizeof(master2.bytes); i++)
		master2.bytes[i] = (unsigned char)(i * 7 + 1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
