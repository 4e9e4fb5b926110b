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
 * routes: print the route table with the roles each route allows, one
 * line per route: METHOD PATH PERMISSION FLAGS ROLES (FLAGS: "session",
 * "system" or "-", joined with ","; ROLES joined with ",").  The
 * integration tests walk every line with every role.
 * routes --matrix: the permission matrix as the README's Markdown table.
 */

#include <stdio.h>
#include <string.h>

#include "../api/api_rbac.h"

static void
matrix(void)
{
	int r, p;

	printf("| permission |");
	for (r = 0; r < API_ROLE_COUNT; r++)
		printf(" %s |", api_role_name((enum api_role)r));
	printf("\n| --- |");
	for (r = 0; r < API_ROLE_COUNT; r++)
		printf(" --- |");
	printf("\n");
	for (p = API_PERM_SELF; p < API_PERM_COUNT; p++) {
		printf("| %s |", api_perm_name((enum api_perm)p));
		for (r = 0; r < API_ROLE_COUNT; r++)
			printf(" %s |",
			    api_role_allows((enum api_role)r,
			        (enum api_perm)p) ?
			        "yes" :
			        "-");
		printf("\n");
	}
}

int
main(int argc, char **argv)
{
	const struct api_route_def *d;
	size_t                      i;
	int                         r, n;

	if (argc == 2 && strcmp(argv[1], "--matrix") == 0) {
		matrix();
		return (0);
	}
	for (i = 0; i < api_nroutes; i++) {
		d = &api_route_defs[i];
		printf("%s %s %s ", api_method_name(d->method), d->path,
		    api_perm_name(d->perm));
		n = 0;
		if (d->flags & API_R_SESSION)
			printf("%ssession", n++ ? "," : "");
		if (d->flags & API_R_SYSTEM)
			printf("%ssystem", n++ ? "," : "");
		printf("%s ", n ? "" : "-");
		for (n = 0, r = 0; r < API_ROLE_COUNT; r++) {
			if (api_role_allows((enum api_role)r, d->perm))
				printf("%s%s", n++ ? "," : "",
				    api_role_name((enum api_role)r));
		}
		printf("\n");
	}

	return (0);
}
