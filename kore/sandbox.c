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
 * The module's seccomp filter: the one place that widens what a kore
 * worker may do.  Each syscall says which library needs it and how it was
 * found (seccomp_tracing yes in the test configuration).
 */

#include <kore/kore.h>
#include <kore/hooks.h>
#include <kore/seccomp.h>

/* clang-format off */
KORE_SECCOMP_FILTER("torwart",
	/* sql/: Connector/C stats its option files in mysql_real_connect(). */
	KORE_SYSCALL_ALLOW(newfstatat),

	/*
	 * glibc's realloc() of a block it has mmap()ed (a tenant's list
	 * cache growing past a few hundred kB, api/api_lcache.c): found
	 * when a worker was killed (audit: syscall 25) under make bench.
	 */
	KORE_SYSCALL_ALLOW(mremap),

	/* kore/app_work.c: its threads, pthread_create() in glibc >= 2.34 */
	KORE_SYSCALL_ALLOW(clone3),
	KORE_SYSCALL_ALLOW(rseq),
	/* ... and the eventfd they wake the event loop with. */
	KORE_SYSCALL_ALLOW(eventfd2),
)
/* clang-format on */
