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
 * The permission matrix and the route table (API_ROUTES of api_rbac.h)
 * without handlers.  Pure: no kore.  The README's matrix is printed from
 * here (obj/torwart-routes --matrix) and a test compares the two.
 */

#include <stdint.h>
#include <string.h>

#include "api_rbac.h"

#define DEF(m, p, perm, fl, h) { API_##m, p, API_PERM_##perm, fl, #h },

const struct api_route_def api_route_defs[] = { API_ROUTES(DEF) };
const size_t api_nroutes = sizeof(api_route_defs) / sizeof(api_route_defs[0]);

static const char *const role_names[API_ROLE_COUNT] = { "admin", "operator",
	"viewer", "statistics", "auditor", "integrator", "device" };

static const char *const perm_names[API_PERM_COUNT] = { "public", "self",
	"users.read", "users.write", "tenants", "apikeys", "audit.read",
	"approvals", "settings.read", "settings.write", "config.read",
	"config.write", "reads.ingest", "reads.search", "lists.read",
	"lists.write", "operations.read", "operations.resolve",
	"occupancy.read", "decisions.watch", "gate.command", "bookings.read",
	"bookings.write", "dsr", "evidence" };

#define A  (1u << API_ROLE_ADMIN)
#define OP (1u << API_ROLE_OPERATOR)
#define VI (1u << API_ROLE_VIEWER)
#define ST (1u << API_ROLE_STATISTICS)
#define AU (1u << API_ROLE_AUDITOR)
#define IN (1u << API_ROLE_INTEGRATOR)
#define DE (1u << API_ROLE_DEVICE)

/*
 * The matrix: for each permission, the roles that have it.  Devices
 * send reads (issue 4) and watch their lanes' decisions (issue 5); API
 * keys are for every role but device, each holder managing its own
 * (admins: the tenant's).
 */
static const unsigned int matrix[API_PERM_COUNT] = {
	[API_PERM_PUBLIC] = A | OP | VI | ST | AU | IN | DE,
	[API_PERM_SELF] = A | OP | VI | ST | AU | IN | DE,
	[API_PERM_USERS_READ] = A,
	[API_PERM_USERS_WRITE] = A,
	[API_PERM_TENANTS] = A,
	[API_PERM_KEYS] = A | OP | VI | ST | AU | IN,
	[API_PERM_AUDIT_READ] = A | AU,
	[API_PERM_APPROVALS] = A,
	[API_PERM_SETTINGS_READ] = A | AU,
	[API_PERM_SETTINGS_WRITE] = A,
	[API_PERM_CONFIG_READ] = A | OP | VI | AU | IN,
	[API_PERM_CONFIG_WRITE] = A,
	[API_PERM_READS_INGEST] = IN | DE,
	[API_PERM_READS_SEARCH] = A | OP | VI | AU,
	/* Entries show their plates: to those who keep the lists. */
	[API_PERM_LISTS_READ] = A | OP,
	[API_PERM_LISTS_WRITE] = A,
	/* The operator queue and events: who watches the gates. */
	[API_PERM_OPERATIONS_READ] = A | OP | VI,
	[API_PERM_OPERATIONS_RESOLVE] = A | OP,
	/* Live occupancy: a number, for the dashboard too. */
	[API_PERM_OCCUPANCY_READ] = A | OP | VI | ST,
	/*
	 * Gate controllers watch their lanes' decisions (devices: only the
	 * lanes of their key); a person opens a gate by hand, never a device.
	 */
	[API_PERM_DECISIONS_WATCH] = A | OP | IN | DE,
	[API_PERM_GATE_COMMAND] = A | OP,
	/*
	 * Expected containers: a terminal's dispatchers and its transport
	 * system (an integrator's key) keep them.
	 */
	[API_PERM_BOOKINGS_READ] = A | OP | VI | IN,
	[API_PERM_BOOKINGS_WRITE] = A | OP | IN,
	/*
	 * Data subject requests: the DPO (an auditor) finds and erases
	 * what is stored about a vehicle, logged in, never with a key.
	 */
	[API_PERM_DSR] = AU,
	/* Ask for and download sealed evidence (a second admin approves). */
	[API_PERM_EVIDENCE] = A | AU,
};

const char *
api_role_name(enum api_role r)
{
	if ((int)r < 0 || r >= API_ROLE_COUNT)
		return (NULL);
	return (role_names[r]);
}

const char *
api_perm_name(enum api_perm p)
{
	if ((int)p < 0 || p >= API_PERM_COUNT)
		return (NULL);
	return (perm_names[p]);
}

const char *
api_method_name(int m)
{
	switch (m) {
	case API_GET:
		return ("GET");
	case API_POST:
		return ("POST");
	case API_PUT:
		return ("PUT");
	case API_DELETE:
		return ("DELETE");
	case API_HEAD:
		return ("HEAD");
	case API_PATCH:
		return ("PATCH");
	default:
		return (NULL);
	}
}

int
api_role_parse(const char *s, size_t len)
{
	int r;

	for (r = 0; r < API_ROLE_COUNT; r++) {
		if (strlen(role_names[r]) == len &&
		    memcmp(role_names[r], s, len) == 0)
			return (r);
	}

	return (-1);
}

int
api_role_allows(enum api_role r, enum api_perm p)
{
	if ((int)r < 0 || r >= API_ROLE_COUNT || (int)p < 0 ||
	    p >= API_PERM_COUNT)
		return (0);

	return ((matrix[p] & (1u << r)) != 0);
}

/*
 * Not by today's permission sets (several roles hold the same ones now
 * and differ once reads exist): admin covers every role, every role
 * covers itself, and an integrator covers device (the keys of its
 * cameras).
 */
int
api_role_covers(enum api_role a, enum api_role b)
{
	if ((int)a < 0 || a >= API_ROLE_COUNT || (int)b < 0 ||
	    b >= API_ROLE_COUNT)
		return (0);

	return (a == API_ROLE_ADMIN || a == b ||
	    (a == API_ROLE_INTEGRATOR && b == API_ROLE_DEVICE));
}

/*
 * Does path match pattern?  Each "{id}" takes 1 to 18 digits into the next
 * of ids[0..API_ROUTE_IDS).
 */
static int
path_match(const char *pat, const char *path, int64_t *ids)
{
	int64_t v;
	int     n, k = 0;

	while (*pat != '\0') {
		if (strncmp(pat, "{id}", 4) == 0) {
			if (k == API_ROUTE_IDS)
				return (0);
			v = 0;
			for (n = 0; path[n] >= '0' && path[n] <= '9'; n++) {
				if (n == 18)
					return (0);
				v = v * 10 + (path[n] - '0');
			}
			if (n == 0 || v == 0)
				return (0);
			ids[k++] = v;
			pat += 4;
			path += n;
			continue;
		}
		if (*pat++ != *path++)
			return (0);
	}

	return (*path == '\0');
}

long
api_route_match(int method, const char *path, int64_t *ids, int *methods)
{
	size_t  i;
	int64_t v[API_ROUTE_IDS];

	*methods = 0;
	memset(ids, 0, API_ROUTE_IDS * sizeof(*ids));
	for (i = 0; i < api_nroutes; i++) {
		memset(v, 0, sizeof(v));
		if (!path_match(api_route_defs[i].path, path, v))
			continue;
		*methods |= api_route_defs[i].method;
		if (api_route_defs[i].method == method ||
		    (method == API_HEAD &&
		        api_route_defs[i].method == API_GET)) {
			memcpy(ids, v, sizeof(v));
			return ((long)i);
		}
	}

	return (-1);
}
