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
 * rules/ only: the ADR tables rules/adr-gen writes into
 * rules/rules_adr_table.c, read by rules/rules_adr.c (and its tests).
 * Constant data; any thread may read it.
 */

#ifndef RULES_INTERNAL_H
#define RULES_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* One UN number ADR lists today (obsolete numbers are not here). */
struct rules_adr_un {
	uint16_t un; /* 4 for UN 0004 */
	uint16_t hin; /* its HINs: rules_adr_un_hins[hin .. hin + nhin) */
	uint8_t  nhin; /* 0: the tables give it no HIN */
	char     cls[4]; /* ADR class: "1", "2", "3", "4.1" .. "9" */
	char     code[6]; /* classification code ("1.1D", "2TC", "F1"), or "" */
};

/* Every valid HIN, sorted in strcmp() order ("20" .. "99", "X323" ..). */
extern const char   rules_adr_hins[][5];
extern const size_t rules_adr_nhins;

/* Indices into rules_adr_hins, each UN's run ascending. */
extern const uint8_t rules_adr_un_hins[];
extern const size_t  rules_adr_nun_hins;

/* Sorted by un, no duplicates. */
extern const struct rules_adr_un rules_adr_uns[];
extern const size_t              rules_adr_nuns;

#endif /* RULES_INTERNAL_H */
