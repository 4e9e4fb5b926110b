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

/* Shared between the files of sql/ only; nothing outside includes it. */

#ifndef SQL_INTERNAL_H
#define SQL_INTERNAL_H

#define SQL_ERRLEN 512

/*
 * Replace the connection's error text, keeping its error number.  The
 * arguments may include sql_errstr(c) itself.
 */
void sql_seterr(struct sql_conn *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * How long sql_migrate() waits for another node's migrations, seconds
 * (sql_migrate.c; tests shorten it).
 */
extern unsigned int sql_migrate_lock_wait;

#endif /* SQL_INTERNAL_H */
