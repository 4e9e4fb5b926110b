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
 * How a stored record is written as JSON, by the database (JSON_OBJECT
 * over the row's columns): one shape for everything that hands records
 * out whole, a data subject's access (api_dsr.c) and a tenant's export
 * (api_tenant_export.c).  No token, no seal: a record says what happened,
 * not how to link it.
 */

#ifndef API_RECORDS_H
#define API_RECORDS_H

/* A UTC time column as RFC 3339 text (NULL stays NULL). */
#define ISO(c) "DATE_FORMAT(" c ", '%Y-%m-%dT%H:%i:%sZ')"

/* clang-format off */
/* plate_reads */
#define RECORD_READ							\
	"JSON_OBJECT('id', LOWER(HEX(id)), 'received_at', "		\
	ISO("received_at") ", 'captured_at', " ISO("captured_at") ", "	\
	"'site', site_id, 'lane', lane_id, 'source', source, 'kind', "	\
	"kind, 'code', code, 'adr_hazard', adr_hazard, 'adr_un', "	\
	"adr_un, 'country', country, 'plausible', plausible = 1, "	\
	"'confidence', confidence, 'direction', direction, 'action', "	\
	"action, 'reasons', reasons, 'class', class, 'expires_at', "	\
	ISO("expires_at") ", 'key_version', key_version, 'session', "	\
	"session_id, 'sealed', sealed IS NOT NULL)"
/* parking_sessions */
#define RECORD_SESSION							\
	"JSON_OBJECT('id', id, 'site', site_id, 'state', state, "	\
	"'entered_at', " ISO("entered_at") ", 'exited_at', "		\
	ISO("exited_at") ", 'overstay', overstay = 1, 'amount_cents', "	\
	"amount_cents, 'expires_at', " ISO("expires_at") ", "		\
	"'key_version', key_version)"
/* events */
#define RECORD_EVENT							\
	"JSON_OBJECT('id', id, 'site', site_id, 'lane', lane_id, "	\
	"'kind', kind, 'at', " ISO("at") ", 'details', details, "	\
	"'read', LOWER(HEX(read_id)), 'session', session_id, "		\
	"'expires_at', " ISO("expires_at") ")"
/* manual_queue */
#define RECORD_QUEUE							\
	"JSON_OBJECT('id', id, 'site', site_id, 'lane', lane_id, "	\
	"'read', LOWER(HEX(read_id)), 'direction', direction, "		\
	"'reasons', reasons, 'state', state, 'created_at', "		\
	ISO("created_at") ", 'resolved_at', " ISO("resolved_at") ", "	\
	"'resolved_by', resolved_by, 'expires_at', " ISO("expires_at")	\
	")"
/* clang-format on */

#endif /* API_RECORDS_H */
