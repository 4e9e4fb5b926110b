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
 * libFuzzer target for the configuration parser (kore/app_config.c):
 * arbitrary bytes as torwart.conf must load or fail with a message that
 * names a key, never crash or read out of bounds.
 */

#include <sys/types.h>

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../kore/app_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char path[64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app_config cfg;
	char              err[1024];
	int               fd;

	if (path[0] == '\0')
		(void)snprintf(path, sizeof(path), "/tmp/fuzz-config.%ld.conf",
		    (long)getpid());
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		return (0);
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return (0);
	}
	close(fd);

	memset(err, 'X', sizeof(err));
	if (app_config_load(&cfg, path, 0, err, sizeof(err)) == -1) {
		/* The message is a NUL-terminated string within the buffer. */
		if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0')
			abort();
	} else if (!app_config_eu_eea(cfg.data_location)) {
		abort(); /* loaded, yet outside the EU/EEA */
	}

	return (0);
}
