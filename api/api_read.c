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
 * POST /api/v1/reads bodies, validated member by member.  Pure: no kore,
 * no database.  Every refusal names the member at fault; nothing of a
 * refused read survives (the struct is wiped).
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api_read.h"
#include "api_util.h"

static const char *const members[] = { "kind", "lane", "text", "adr", "country",
	"confidence", "direction", "captured_at", "device_read_id",
	"candidates", NULL };

static int refuse(struct api_read_err *, int, const char *, const char *,
    const char *, ...) __attribute__((format(printf, 5, 6)));
static int known(const char *);
static int take_kind(const struct api_jvalue *, struct api_read *,
    struct api_read_err *);
static int take_lane(const struct api_jvalue *, struct api_read *,
    struct api_read_err *);
static int take_text(const struct api_jvalue *, struct api_read *,
    struct api_read_err *);
static int take_adr(const struct api_jvalue *, struct api_read *,
    struct api_read_err *);
static int take_confidence(const struct api_jvalue *, const char *, double *,
    struct api_read_err *);
static int take_time(const struct api_jvalue *, int64_t, struct api_read *,
    struct api_read_err *);
static int take_optional(const struct api_jvalue *, struct api_read *,
    struct api_read_err *);
static int take_candidates(const struct api_jvalue *, struct api_read *,
    struct api_read_err *);
static int digits_only(const char *, size_t);

int
api_read_parse(const struct api_jvalue *root, int64_t now, struct api_read *out,
    struct api_read_err *err)
{
	const struct api_jvalue *m;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (root == NULL || root->type != API_JOBJECT)
		return (refuse(err, 400, "invalid_body", NULL,
		    "the body must be a JSON object"));
	for (m = root->child; m != NULL; m = m->next) {
		if (!known(m->key)) {
			refuse(err, 400, "unknown_field", m->key,
			    "%s is not a member of a read", m->key);
			return (-1);
		}
	}
	if (take_kind(root, out, err) == -1 ||
	    take_lane(root, out, err) == -1 ||
	    take_text(root, out, err) == -1 || take_adr(root, out, err) == -1 ||
	    take_confidence(api_json_get(root, "confidence"), "confidence",
	        &out->confidence, err) == -1 ||
	    take_time(root, now, out, err) == -1 ||
	    take_optional(root, out, err) == -1 ||
	    take_candidates(root, out, err) == -1) {
		api_read_wipe(out);
		return (-1);
	}

	return (0);
}

void
api_read_wipe(struct api_read *r)
{
	if (r != NULL)
		explicit_bzero(r, sizeof(*r));
}

static int
refuse(struct api_read_err *err, int status, const char *code,
    const char *field, const char *fmt, ...)
{
	va_list ap;

	err->status = status;
	err->code = code;
	(void)snprintf(err->field, sizeof(err->field), "%s",
	    field != NULL ? field : "");
	va_start(ap, fmt);
	(void)vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);

	return (-1);
}

static int
known(const char *key)
{
	size_t i;

	for (i = 0; members[i] != NULL; i++) {
		if (strcmp(members[i], key) == 0)
			return (1);
	}

	return (0);
}

static int
missing(struct api_read_err *err, const char *field)
{
	return (
	    refuse(err, 400, "missing_field", field, "%s is required", field));
}

static int
take_kind(const struct api_jvalue *root, struct api_read *out,
    struct api_read_err *err)
{
	const struct api_jvalue *v = api_json_get(root, "kind");

	if (v == NULL)
		return (missing(err, "kind"));
	if (v->type == API_JSTRING && strcmp(v->str, "plate") == 0)
		out->kind = API_READ_PLATE;
	else if (v->type == API_JSTRING && strcmp(v->str, "container") == 0)
		out->kind = API_READ_CONTAINER;
	else if (v->type == API_JSTRING && strcmp(v->str, "adr") == 0)
		out->kind = API_READ_ADR;
	else
		return (refuse(err, 400, "invalid_value", "kind",
		    "kind is one of plate, container, adr"));

	return (0);
}

/* A lane id: a positive integer, or one as a string (API.md's "<id>"). */
static int
take_lane(const struct api_jvalue *root, struct api_read *out,
    struct api_read_err *err)
{
	const struct api_jvalue *v = api_json_get(root, "lane");
	int64_t                  id = 0;
	size_t                   i;

	if (v == NULL)
		return (missing(err, "lane"));
	if (v->type == API_JNUMBER && v->is_int)
		id = v->i;
	else if (v->type == API_JSTRING && v->len > 0 && v->len <= 18 &&
	    digits_only(v->str, v->len) && v->str[0] != '0') {
		for (i = 0; i < v->len; i++)
			id = id * 10 + (v->str[i] - '0');
	}
	if (id <= 0)
		return (refuse(err, 400, "invalid_value", "lane",
		    "lane is a lane id (a positive integer)"));
	out->lane = id;

	return (0);
}

/* The text of a plate or a container; none for ADR. */
static int
take_text(const struct api_jvalue *root, struct api_read *out,
    struct api_read_err *err)
{
	const struct api_jvalue *v = api_json_get(root, "text");
	const struct api_jvalue *c = api_json_get(root, "country");
	const char              *why;

	/* The country first, of any kind: it decides how a text folds. */
	if (c != NULL &&
	    (c->type != API_JSTRING ||
	        pseudo_country(c->str, c->len, out->country) == -1))
		return (refuse(err, 400, "invalid_value", "country",
		    "country is a vehicle registration code (D, NL, GB) or "
		    "an ISO 3166 code (DE, NLD)"));
	if (out->kind == API_READ_ADR) {
		if (v != NULL)
			return (refuse(err, 400, "invalid_field", "text",
			    "an adr read has adr, not text"));
		return (0);
	}
	if (v == NULL)
		return (missing(err, "text"));
	if (v->type != API_JSTRING)
		return (refuse(err, 400, "invalid_type", "text",
		    "text is a string"));
	if (out->kind == API_READ_CONTAINER) {
		if (pseudo_container_canon(v->str, v->len, out->code,
		        &out->check_ok, &why) == -1)
			return (refuse(err, 400, "invalid_value", "text", "%s",
			    why));
		return (0);
	}
	if (pseudo_plate_canon(v->str, v->len, out->country, &out->plate,
	        &why) == -1)
		return (refuse(err, 400, "invalid_value", "text", "%s", why));

	return (0);
}

/*
 * ADR: {"hazard": "33", "un": "1203"}.  The hazard identification number
 * is two or three digits, the first 2..9, with an optional leading X
 * (water reacts dangerously); the UN number four digits.  Whether the pair
 * fits the ADR tables is the rules' business.
 */
static int
take_adr(const struct api_jvalue *root, struct api_read *out,
    struct api_read_err *err)
{
	const struct api_jvalue *v = api_json_get(root, "adr");
	const struct api_jvalue *h, *u, *m;
	const char              *d;
	size_t                   n;

	if (out->kind != API_READ_ADR) {
		if (v != NULL)
			return (refuse(err, 400, "invalid_field", "adr",
			    "only an adr read has adr"));
		return (0);
	}
	if (v == NULL)
		return (missing(err, "adr"));
	if (v->type != API_JOBJECT)
		return (refuse(err, 400, "invalid_type", "adr",
		    "adr is an object {\"hazard\", \"un\"}"));
	for (m = v->child; m != NULL; m = m->next) {
		if (strcmp(m->key, "hazard") != 0 && strcmp(m->key, "un") != 0)
			return (refuse(err, 400, "unknown_field", "adr",
			    "adr has only hazard and un"));
	}
	h = api_json_get(v, "hazard");
	u = api_json_get(v, "un");
	if (h == NULL)
		return (missing(err, "adr.hazard"));
	d = h->type == API_JSTRING ? h->str : "";
	n = h->type == API_JSTRING ? h->len : 0;
	if (n > 0 && d[0] == 'X') {
		d++;
		n--;
	}
	if (n < 2 || n > 3 || !digits_only(d, n) || d[0] < '2')
		return (refuse(err, 400, "invalid_value", "adr.hazard",
		    "a hazard identification number: 2 or 3 digits, the "
		    "first 2..9, optionally after an X"));
	(void)snprintf(out->hazard, sizeof(out->hazard), "%s", h->str);
	if (u == NULL)
		return (missing(err, "adr.un"));
	if (u->type != API_JSTRING || u->len != 4 ||
	    !digits_only(u->str, u->len))
		return (refuse(err, 400, "invalid_value", "adr.un",
		    "a UN number: 4 digits"));
	(void)snprintf(out->un, sizeof(out->un), "%s", u->str);

	return (0);
}

static int
take_confidence(const struct api_jvalue *v, const char *field, double *out,
    struct api_read_err *err)
{
	if (v == NULL)
		return (missing(err, field));
	if (v->type != API_JNUMBER)
		return (refuse(err, 400, "invalid_type", field,
		    "%s is a number from 0 to 1", field));
	if (!(v->d >= 0.0 && v->d <= 1.0))
		return (refuse(err, 400, "invalid_value", field,
		    "%s is a number from 0 to 1", field));
	*out = v->d;

	return (0);
}

static int
take_time(const struct api_jvalue *root, int64_t now, struct api_read *out,
    struct api_read_err *err)
{
	const struct api_jvalue *v = api_json_get(root, "captured_at");

	if (v == NULL)
		return (missing(err, "captured_at"));
	if (v->type != API_JSTRING || v->len > 40 ||
	    api_parse_rfc3339_ms(v->str, &out->captured, &out->captured_ms) ==
	        -1)
		return (refuse(err, 400, "invalid_value", "captured_at",
		    "an RFC 3339 time with an offset, like "
		    "2026-11-22T10:15:00.250+01:00"));
	if (out->captured > now + API_READ_FUTURE_MAX)
		return (refuse(err, 422, "implausible_time", "captured_at",
		    "captured_at lies more than %d minutes ahead of the "
		    "server's clock",
		    API_READ_FUTURE_MAX / 60));
	if (out->captured < now - API_READ_PAST_MAX)
		return (refuse(err, 422, "implausible_time", "captured_at",
		    "captured_at lies more than %d days in the past",
		    API_READ_PAST_MAX / 86400));

	return (0);
}

/* direction and device_read_id. */
static int
take_optional(const struct api_jvalue *root, struct api_read *out,
    struct api_read_err *err)
{
	const struct api_jvalue *v;
	size_t                   i;

	if ((v = api_json_get(root, "direction")) != NULL) {
		if (v->type == API_JSTRING && strcmp(v->str, "in") == 0)
			out->direction = API_READ_DIR_IN;
		else if (v->type == API_JSTRING && strcmp(v->str, "out") == 0)
			out->direction = API_READ_DIR_OUT;
		else
			return (refuse(err, 400, "invalid_value", "direction",
			    "direction is in or out"));
	}
	if ((v = api_json_get(root, "device_read_id")) != NULL) {
		if (v->type != API_JSTRING || v->len == 0 ||
		    v->len > API_READ_ID_MAX)
			return (refuse(err, 400, "invalid_value",
			    "device_read_id",
			    "device_read_id is a string of 1 to %d printable "
			    "ASCII characters",
			    API_READ_ID_MAX));
		for (i = 0; i < v->len; i++) {
			if (v->str[i] < 0x21 || v->str[i] > 0x7e)
				return (refuse(err, 400, "invalid_value",
				    "device_read_id",
				    "device_read_id is a string of 1 to %d "
				    "printable ASCII characters",
				    API_READ_ID_MAX));
		}
		memcpy(out->id, v->str, v->len);
		out->idlen = v->len;
	}

	return (0);
}

/* [{"text", "confidence"}, …]: other readings of a plate or container. */
static int
take_candidates(const struct api_jvalue *root, struct api_read *out,
    struct api_read_err *err)
{
	const struct api_jvalue   *v = api_json_get(root, "candidates");
	const struct api_jvalue   *e, *t, *m;
	struct api_read_candidate *c;
	const char                *why;
	char                       field[48];

	if (v == NULL)
		return (0);
	if (out->kind == API_READ_ADR)
		return (refuse(err, 400, "invalid_field", "candidates",
		    "an adr read has no candidates"));
	if (v->type != API_JARRAY)
		return (refuse(err, 400, "invalid_type", "candidates",
		    "candidates is an array of {\"text\", \"confidence\"}"));
	if (v->count > API_READ_CANDIDATES_MAX)
		return (refuse(err, 400, "too_many", "candidates",
		    "at most %d candidates", API_READ_CANDIDATES_MAX));
	for (e = v->child; e != NULL; e = e->next) {
		c = &out->cand[out->ncand];
		(void)snprintf(field, sizeof(field), "candidates[%zu]",
		    out->ncand);
		if (e->type != API_JOBJECT)
			return (refuse(err, 400, "invalid_type", field,
			    "a candidate is {\"text\", \"confidence\"}"));
		for (m = e->child; m != NULL; m = m->next) {
			if (strcmp(m->key, "text") != 0 &&
			    strcmp(m->key, "confidence") != 0)
				return (refuse(err, 400, "unknown_field", field,
				    "a candidate has only text and "
				    "confidence"));
		}
		(void)snprintf(field, sizeof(field), "candidates[%zu].text",
		    out->ncand);
		if ((t = api_json_get(e, "text")) == NULL)
			return (missing(err, field));
		if (t->type != API_JSTRING)
			return (refuse(err, 400, "invalid_type", field,
			    "text is a string"));
		if (out->kind == API_READ_CONTAINER ?
		        pseudo_container_canon(t->str, t->len, c->code,
		            &c->check_ok, &why) == -1 :
		        pseudo_plate_canon(t->str, t->len, out->country,
		            &c->plate, &why) == -1)
			return (refuse(err, 400, "invalid_value", field, "%s",
			    why));
		(void)snprintf(field, sizeof(field),
		    "candidates[%zu].confidence", out->ncand);
		if (take_confidence(api_json_get(e, "confidence"), field,
		        &c->confidence, err) == -1)
			return (-1);
		out->ncand++;
	}

	return (0);
}

static int
digits_only(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
	}

	return (n > 0);
}
