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
 * torwart-config [-f] file: validate torwart.conf with the same loader
 * kore's parent uses and print it as shell assignments (TW_<KEY>='value'),
 * so that `make run' and the scripts read exactly the values the server
 * will.  -f also checks the key and password files and the socket
 * directory.  Exit status: 0 valid, 1 invalid (the reason on stderr),
 * 2 usage.
 */

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app_config.h"

static void usage(void) __attribute__((__noreturn__));

static void
usage(void)
{
	fprintf(stderr, "usage: torwart-config [-f] file\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct app_config cfg;
	char              errbuf[1024 + 2 * PATH_MAX];
	int               ch, flags = 0;

	while ((ch = getopt(argc, argv, "f")) != -1) {
		switch (ch) {
		case 'f':
			flags |= APP_CONFIG_CHECK_FILES;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();

	if (app_config_load(&cfg, argv[0], flags, errbuf, sizeof(errbuf)) ==
	    -1) {
		fprintf(stderr, "torwart-config: %s\n", errbuf);
		return (1);
	}
	if (app_config_print_shell(&cfg, stdout) == -1) {
		fprintf(stderr, "torwart-config: cannot write to stdout\n");
		return (1);
	}

	return (0);
}
