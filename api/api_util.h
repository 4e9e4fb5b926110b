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
/* Helpers the handlers share (api_util.c); kore side. */

#ifndef API_UTIL_H
#define API_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define API_LIST_DEFAULT 50
#define API_LIST_MAX     500

struct api_ctx;
struct kore_buf;
struct sql_result;

void api_time_rfc3339(time_t, char *, size_t);
/* t as DATETIME text in UTC, "YYYY-MM-DD HH:MM:SS". */
void api_time_sql(time_t, char *, size_t);
/* n random bytes into raw and as 2n hex digits (NUL-terminated) in hex. */
int api_random_hex(unsigned char *, size_t, char *);
/*
 * The aad that binds a sealed plate to its read (sql/schema/016):
 * "torwart-read:<tenant>:<read id as 32 lowercase hex digits>" into out;
 * its length, or 0 when out is too small.  Reads seal with it and the
 * evidence export writes it for torwart-open.
 */
size_t api_evidence_aad(int64_t, const char *, char *, size_t);
void   api_buf_col(struct kore_buf *, struct sql_result *, size_t, size_t);
void   api_buf_bool(struct kore_buf *, struct sql_result *, size_t, size_t);
/* A stored list "a,b" as the JSON array ["a","b"] (items up to 63 bytes). */
void api_buf_list(struct kore_buf *, const char *);
/*
 * The query argument name, percent-decoded, into out[0..len): 1 when
 * present, 0 when absent, -1 (out "") when present but too long or badly
 * encoded: callers refuse it, never take it as absent.
 */
int api_query(struct api_ctx *, const char *, char *, size_t);
/*
 * ?limit= (1..API_LIST_MAX, default API_LIST_DEFAULT) and ?cursor= (an id
 * from next_cursor); 0 when bad (answered 400).
 */
int api_query_limit(struct api_ctx *, int64_t *, int64_t *);
/*
 * The raw body of a route flagged API_R_RAW, up to max bytes, into a
 * buffer of its own (malloc, NUL-terminated: free it with
 * api_body_free()); kore's copy is wiped.  1, or 0 when refused
 * (answered: 413 above max, 400 when it ends early).
 */
int  api_body_take(struct api_ctx *, size_t, char **, size_t *);
void api_body_free(char *, size_t);
/*
 * Answer {"items":[…],"next_cursor":…} from the last statement's rows,
 * item() writing each; the cursor is the last row's first column (its
 * id) when the page was full.
 */
void api_list_send(struct api_ctx *, int64_t,
    void (*)(struct kore_buf *, struct sql_result *, size_t));
int  api_username_ok(const char *);
/* RFC 3339 with a zone ("Z" or +hh:mm) to a time_t; 0, or -1 when bad. */
int api_parse_rfc3339(const char *, time_t *);
/*
 * The same with the fraction: seconds since the epoch in *out and the
 * milliseconds (0..999; finer digits dropped) in *ms (NULL: not wanted).
 * Pure (api_time.c).
 */
int api_parse_rfc3339_ms(const char *, int64_t *, int *);
/*
 * The unix time of the civil time y-mo-d h:mi:sec read as UTC into *out;
 * -1 for a day the month does not have (31 February).  Pure (api_time.c).
 */
int api_civil_utc(int, int, int, int, int, int, int64_t *);

#endif /* API_UTIL_H */
