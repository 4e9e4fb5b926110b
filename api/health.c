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
 * GET /health: can this node serve?  No authentication.  Runs one
 * prepared statement through the worker's pool, so it reports what a real
 * request would meet: 200 {"status":"ok","db":"ok","purge":"ok"}, 200
 * with "status":"degraded","purge":"overdue" while a record is more than
 * a minute past its retention, or 503 with "db":"fail" while the database
 * cannot be reached.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "api.h"
#include "../kore/app.h"

struct health_state {
	struct app_db_job *job;
};

static void health_free(struct http_request *);

/*
 * The database, and whether the purge keeps up: a record more than a
 * minute past its expiry (sql/schema/013 deletes them every 30 s).
 */
static const char q_health[] =
    "SELECT EXISTS(SELECT 1 FROM plate_reads WHERE expires_at < "
    "UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE) OR EXISTS(SELECT 1 FROM "
    "parking_sessions WHERE expires_at < UTC_TIMESTAMP(3) - INTERVAL 1 "
    "MINUTE AND open_token IS NULL) OR EXISTS(SELECT 1 FROM events WHERE "
    "expires_at < UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE) OR EXISTS(SELECT "
    "1 FROM manual_queue WHERE expires_at < UTC_TIMESTAMP(3) - INTERVAL 1 "
    "MINUTE)";
static const char ok[] = "{\"status\":\"ok\",\"db\":\"ok\",\"purge\":\"ok\"}";
static const char late[] =
    "{\"status\":\"degraded\",\"db\":\"ok\",\"purge\":\"overdue\"}";
static const char fail[] = "{\"status\":\"fail\",\"db\":\"fail\"}";

int
api_health(struct http_request *req)
{
	struct health_state *st;
	int64_t              v;

	if ((st = http_state_get(req)) == NULL) {
		if (!api_method_allowed(req,
		        HTTP_METHOD_GET | HTTP_METHOD_HEAD))
			return (KORE_RESULT_OK);
		st = http_state_create(req, sizeof(*st), health_free);
		st->job = app_db_submit(req, q_health, NULL, 0);
		return (KORE_RESULT_RETRY);
	}

	if (!app_db_finished(st->job)) {
		http_request_sleep(req);
		return (KORE_RESULT_RETRY);
	}

	if (st->job->state == APP_DB_DONE) {
		/* Serving, but records outlive their retention. */
		if (st->job->result != NULL &&
		    sql_result_int(st->job->result, 0, 0, &v) == 0 && v != 0)
			api_json_response(req, HTTP_STATUS_OK, late,
			    sizeof(late) - 1);
		else
			api_json_response(req, HTTP_STATUS_OK, ok,
			    sizeof(ok) - 1);
	} else {
		/*
		 * Not logged per request: monitoring polls this during an
		 * outage, and the pool logs each connection's change once.
		 */
		api_json_response(req, HTTP_STATUS_SERVICE_UNAVAILABLE, fail,
		    sizeof(fail) - 1);
	}

	return (KORE_RESULT_OK);
}

static void
health_free(struct http_request *req)
{
	struct health_state *st;

	if ((st = http_state_get(req)) != NULL) {
		app_db_job_free(st->job);
		st->job = NULL;
	}
}
