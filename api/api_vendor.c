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
 * Vendor payloads mapped to reads (api_vendor.h).  Each adapter collects
 * the vendor's members into a struct mapped (and the vendor's name of
 * each), writes our read as JSON and parses that with api_read_parse();
 * a refusal of our member is reported under the vendor's.  The JSON text
 * holds the plate: it is wiped on every path.
 */

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/evp.h>

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api_local.h"
#include "api_util.h"
#include "api_vendor.h"

enum { F_TEXT, F_CONF, F_COUNTRY, F_TIME, F_ID, F_CANDS, F_MAX };

/* The read as we write it, and where each value came from. */
struct mapped {
	const struct api_jvalue *text, *confidence, *country, *id;
	const struct api_jvalue *cands; /* array of objects */
	const char              *cand_text, *cand_conf; /* their members */
	double                   scale; /* confidence divisor (100 or 1) */
	int64_t                  epoch_ms; /* -1: none, use when */
	const struct api_jvalue *when; /* a time with a zone */
	const char              *dir; /* "in", "out" or NULL */
	const char              *kind; /* NULL: "plate" */
	char                     where[F_MAX][48]; /* vendor names, by field */
};

static const char *const our_fields[F_MAX] = { "text", "confidence", "country",
	"captured_at", "device_read_id", "candidates" };

struct out {
	char   buf[4096];
	size_t len;
	int    over;
};

static void put(struct out *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void put_str(struct out *, const char *, size_t);
static int  refuse(struct api_read_err *, int, const char *, const char *,
     const char *);
static int  emit(const struct mapped *, const struct api_vendor_in *,
     struct api_read *, struct api_read_err *);
static int  epoch_of(const struct api_jvalue *, int64_t *);
static const struct api_jvalue *member(const struct api_jvalue *, const char *,
    enum api_jtype);

static void
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int     n;

	if (o->over)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, sizeof(o->buf) - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(o->buf) - o->len)
		o->over = 1;
	else
		o->len += (size_t)n;
}

static void
put_str(struct out *o, const char *s, size_t len)
{
	size_t n;

	if (o->over)
		return;
	n = api_json_escape(o->buf + o->len, sizeof(o->buf) - o->len, s, len);
	if (n >= sizeof(o->buf) - o->len)
		o->over = 1;
	else
		o->len += n;
}

static int
refuse(struct api_read_err *err, int status, const char *code,
    const char *field, const char *message)
{
	err->status = status;
	err->code = code;
	(void)snprintf(err->field, sizeof(err->field), "%s", field);
	(void)snprintf(err->message, sizeof(err->message), "%s", message);

	return (-1);
}

/* root's member name when it has type (API_JNUMBER also takes strings). */
static const struct api_jvalue *
member(const struct api_jvalue *root, const char *name, enum api_jtype type)
{
	const struct api_jvalue *v;

	if (root == NULL || root->type != API_JOBJECT ||
	    (v = api_json_get(root, name)) == NULL)
		return (NULL);
	if (v->type == type || (type == API_JNUMBER && v->type == API_JSTRING))
		return (v);

	return (NULL);
}

/*
 * An epoch number (or numeric string) in milliseconds, or in seconds
 * when it is below 10^11 (before 1973 in ms, after 5138 in s).
 */
static int
epoch_of(const struct api_jvalue *v, int64_t *ms)
{
	char     *end;
	long long n;

	if (v == NULL)
		return (-1);
	if (v->type == API_JNUMBER && v->is_int) {
		n = v->i;
	} else if (v->type == API_JSTRING && v->len > 0 && v->len < 20) {
		n = strtoll(v->str, &end, 10);
		if (*end != '\0')
			return (-1);
	} else {
		return (-1);
	}
	if (n <= 0)
		return (-1);
	*ms = n < 100000000000LL ? n * 1000 : n;

	return (0);
}

/* A number or a numeric string as a double; -1 when neither. */
static int
number_of(const struct api_jvalue *v, double *d)
{
	char *end;

	if (v == NULL)
		return (-1);
	if (v->type == API_JNUMBER) {
		*d = v->d;
		return (0);
	}
	if (v->type != API_JSTRING || v->len == 0 || v->len > 32)
		return (-1);
	*d = strtod(v->str, &end);
	if (*end != '\0' || !isfinite(*d))
		return (-1);

	return (0);
}

/*
 * A region ("us-ca", "gb", "de") or country code to the sign
 * pseudo_country() gives; "" when unknown.
 */
static void
country_of(const struct api_jvalue *v, char out[PSEUDO_COUNTRY_MAX + 1])
{
	size_t n;

	out[0] = '\0';
	if (v == NULL || v->type != API_JSTRING)
		return;
	for (n = 0; n < v->len && v->str[n] != '-' && v->str[n] != '_'; n++)
		;
	if (n == 0 || pseudo_country(v->str, n, out) == -1)
		out[0] = '\0';
}

/* Our read as JSON, parsed as POST /reads parses it. */
static int
emit(const struct mapped *m, const struct api_vendor_in *in, struct api_read *r,
    struct api_read_err *err)
{
	struct api_jdoc         *doc;
	struct api_jerror        jerr;
	const struct api_jvalue *c, *t, *cf;
	struct out               o;
	char                     country[PSEUDO_COUNTRY_MAX + 1];
	char                     when[40];
	unsigned char            md[32];
	struct tm                tm;
	time_t                   secs;
	double                   d;
	size_t                   i, k;
	int                      rc;

	/* Too long to be what it says: refused before it is written. */
	if (m->text != NULL && m->text->type == API_JSTRING &&
	    m->text->len > 256)
		return (refuse(err, 400, "invalid_value", m->where[F_TEXT],
		    "far too long for a plate or code"));
	if (m->id != NULL && m->id->len > 1024)
		return (refuse(err, 400, "invalid_value", m->where[F_ID],
		    "far too long for an id"));
	memset(&o, 0, sizeof(o));
	put(&o, "{\"kind\":\"%s\",\"lane\":%lld",
	    m->kind != NULL ? m->kind : "plate", (long long)in->lane);
	if (m->text != NULL && m->text->type == API_JSTRING) {
		put(&o, ",\"text\":");
		put_str(&o, m->text->str, m->text->len);
	} else if (m->text != NULL) {
		put(&o, ",\"text\":0");
	}
	if (m->confidence != NULL) {
		if (number_of(m->confidence, &d) == -1)
			put(&o, ",\"confidence\":\"x\"");
		else
			put(&o, ",\"confidence\":%.6f", d / m->scale);
	}
	country_of(m->country, country);
	if (country[0] != '\0')
		put(&o, ",\"country\":\"%s\"", country);
	if (m->epoch_ms > 0) {
		secs = (time_t)(m->epoch_ms / 1000);
		if (gmtime_r(&secs, &tm) == NULL ||
		    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
			return (refuse(err, 400, "invalid_value",
			    m->where[F_TIME], "not a time"));
		put(&o, ",\"captured_at\":\"%s.%03dZ\"", when,
		    (int)(m->epoch_ms % 1000));
	} else if (m->when != NULL && m->when->type == API_JSTRING) {
		put(&o, ",\"captured_at\":");
		put_str(&o, m->when->str, m->when->len);
	}
	if (m->dir != NULL)
		put(&o, ",\"direction\":\"%s\"", m->dir);
	if (m->id != NULL &&
	    (m->id->type == API_JSTRING || m->id->type == API_JNUMBER)) {
		put(&o, ",\"device_read_id\":");
		if (m->id->len <= API_READ_ID_MAX) {
			put_str(&o, m->id->str, m->id->len);
		} else {
			/* Longer than ours: its SHA-256, as unique. */
			if (EVP_Digest(m->id->str, m->id->len, md, NULL,
			        EVP_sha256(), NULL) != 1)
				return (refuse(err, 500, "internal", "",
				    "cannot map the read"));
			put(&o, "\"");
			for (i = 0; i < sizeof(md); i++)
				put(&o, "%02x", md[i]);
			put(&o, "\"");
		}
	}
	if (m->cands != NULL && m->cands->type == API_JARRAY) {
		put(&o, ",\"candidates\":[");
		for (c = m->cands->child, k = 0;
		     c != NULL && k < API_READ_CANDIDATES_MAX; c = c->next) {
			t = member(c, m->cand_text, API_JSTRING);
			cf = member(c, m->cand_conf, API_JNUMBER);
			if (t == NULL || number_of(cf, &d) == -1)
				continue;
			/* The read itself is no candidate of its own. */
			if (m->text != NULL && m->text->type == API_JSTRING &&
			    strcasecmp(t->str, m->text->str) == 0)
				continue;
			put(&o, "%s{\"text\":", k > 0 ? "," : "");
			put_str(&o, t->str, t->len);
			put(&o, ",\"confidence\":%.6f}", d / m->scale);
			k++;
		}
		put(&o, "]");
	}
	put(&o, "}");
	if (o.over) {
		explicit_bzero(&o, sizeof(o));
		return (refuse(err, 400, "invalid_value", m->where[F_TEXT],
		    "the read does not fit"));
	}

	doc = api_json_parse(o.buf, o.len, &jerr);
	explicit_bzero(&o, sizeof(o));
	if (doc == NULL)
		return (
		    refuse(err, 500, "internal", "", "cannot map the read"));
	rc = api_read_parse(api_json_root(doc), in->now, r, err);
	api_json_free(doc);
	if (rc == 0)
		return (1);

	/* Our member's name to the vendor's. */
	for (i = 0; i < sizeof(our_fields) / sizeof(our_fields[0]); i++) {
		if (strncmp(err->field, our_fields[i], strlen(our_fields[i])) ==
		        0 &&
		    m->where[i][0] != '\0') {
			(void)snprintf(err->field, sizeof(err->field), "%s",
			    m->where[i]);
			break;
		}
	}

	return (-1);
}

int
api_vendor_local(const char *s, const char *tz, int64_t *out)
{
	struct rules_local loc;
	int64_t            wall, t, ta, tb;
	int                y, mo, d, h, mi, sec, ms = 0, n, i, oka, okb;
	char               sep;

	if (tz == NULL || tz[0] == '\0' ||
	    sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi,
	        &sec, &n) != 7 ||
	    (sep != ' ' && sep != 'T') || n != 19 || y < 1970 || mo < 1 ||
	    mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
		return (-1);
	if (s[n] == '.') {
		n++;
		for (i = 0; s[n] >= '0' && s[n] <= '9'; i++, n++) {
			if (i == 9)
				return (-1);
			if (i < 3)
				ms = ms * 10 + (s[n] - '0');
		}
		if (i == 0)
			return (-1);
		for (; i < 3; i++)
			ms *= 10;
	}
	if (s[n] != '\0')
		return (-1);
	if (api_civil_utc(y, mo, d, h, mi, sec, &wall) == -1)
		return (-1);
	/*
	 * The offsets a day before and after (changes are months apart):
	 * each gives an instant, kept when its own offset gives the reading
	 * back.  Both (a repeated hour): the earlier; neither (a gap): the
	 * offset before the change, so 02:30 of a spring night is 03:30.
	 */
	if (api_local_time(tz, wall - 86400, &loc) == -1)
		return (-1);
	ta = wall - loc.offset;
	if (api_local_time(tz, wall + 86400, &loc) == -1)
		return (-1);
	tb = wall - loc.offset;
	if (api_local_time(tz, ta, &loc) == -1)
		return (-1);
	oka = ta + loc.offset == wall;
	if (api_local_time(tz, tb, &loc) == -1)
		return (-1);
	okb = tb + loc.offset == wall;
	if (oka && okb)
		t = ta < tb ? ta : tb;
	else if (okb)
		t = tb;
	else
		t = ta;
	*out = t * 1000 + ms;

	return (0);
}

/*
 * t, a time: with its zone (RFC 3339), else a wall-clock time
 * ("YYYY-MM-DD HH:MM:SS[.fff]") read in the device's zone; into
 * m->epoch_ms.  m->where[F_TIME] names the field.  0, or -1 refused.
 */
static int
time_of(const struct api_jvalue *t, const struct api_vendor_in *in,
    struct mapped *m, struct api_read_err *err)
{
	int64_t at;
	int     ms = 0;

	if (t == NULL || t->type != API_JSTRING || t->len > 40)
		return (refuse(err, 400, "invalid_value", m->where[F_TIME],
		    "an ISO 8601 time"));
	if (api_parse_rfc3339_ms(t->str, &at, &ms) == 0) {
		m->epoch_ms = at * 1000 + ms;
		return (0);
	}
	/* Well formed, read as UTC: only the zone is missing. */
	if (api_vendor_local(t->str, "UTC", &at) == -1)
		return (refuse(err, 400, "invalid_value", m->where[F_TIME],
		    "an ISO 8601 time"));
	if (in->tz == NULL || in->tz[0] == '\0')
		return (refuse(err, 422, "time_zone_required", m->where[F_TIME],
		    "a local time without a zone: give the device's zone as "
		    "?tz=Area/City"));
	if (api_vendor_local(t->str, in->tz, &m->epoch_ms) == -1)
		return (refuse(err, 400, "invalid_value", m->where[F_TIME],
		    "not a time"));

	return (0);
}

/* A string value made for emit() (an id put together, a text). */
struct sval {
	char              s[128];
	struct api_jvalue jv;
};

static const struct api_jvalue *
sval_set(struct sval *v, const char *s)
{
	(void)snprintf(v->s, sizeof(v->s), "%s", s);
	memset(&v->jv, 0, sizeof(v->jv));
	v->jv.type = API_JSTRING;
	v->jv.str = v->s;
	v->jv.len = strlen(v->s);

	return (&v->jv);
}

/* --- OpenALPR / Rekor Scout -------------------------------------------- */

/*
 * One JSON object a message, its type in data_type: alpr_group (one per
 * vehicle: the read), alpr_results (one per frame: the best result),
 * alpr_alert (a group wrapped in "group"), heartbeat (nothing).  A
 * missing or null data_type is alpr_results when there are results.
 */
int
api_vendor_openalpr(const struct api_jvalue *root,
    const struct api_vendor_in *in, struct api_read *r,
    struct api_read_err *err)
{
	const struct api_jvalue *type, *g, *res, *best, *e, *conf;
	struct mapped            m;
	double                   d, top = -1;

	memset(r, 0, sizeof(*r));
	memset(&m, 0, sizeof(m));
	m.scale = 100;
	if (root == NULL || root->type != API_JOBJECT)
		return (refuse(err, 400, "invalid_body", "",
		    "an OpenALPR message is a JSON object"));
	type = api_json_get(root, "data_type");
	if (type != NULL && type->type != API_JSTRING &&
	    type->type != API_JNULL)
		return (refuse(err, 400, "invalid_type", "data_type",
		    "data_type is a string"));
	if (type != NULL && type->type == API_JSTRING &&
	    strcmp(type->str, "heartbeat") == 0)
		return (0);

	g = NULL;
	if (type != NULL && type->type == API_JSTRING &&
	    strcmp(type->str, "alpr_alert") == 0) {
		if ((g = member(root, "group", API_JOBJECT)) == NULL)
			return (refuse(err, 400, "missing_field", "group",
			    "an alpr_alert carries its group"));
	} else if (type != NULL && type->type == API_JSTRING &&
	    strcmp(type->str, "alpr_group") == 0) {
		g = root;
	} else if (type != NULL && type->type == API_JSTRING &&
	    strcmp(type->str, "alpr_results") != 0) {
		return (refuse(err, 400, "invalid_value", "data_type",
		    "alpr_group, alpr_results, alpr_alert or heartbeat"));
	}

	if (g != NULL) {
		/* The group's own best plate (best_plate.plate may differ). */
		m.text = api_json_get(g, "best_plate_number");
		m.confidence = api_json_get(g, "best_confidence");
		m.country = member(g, "best_region", API_JSTRING);
		if (m.country == NULL)
			m.country = member(g, "country", API_JSTRING);
		m.id = member(g, "best_uuid", API_JSTRING);
		m.cands = member(g, "candidates", API_JARRAY);
		if (epoch_of(api_json_get(g, "epoch_start"), &m.epoch_ms) == -1)
			return (refuse(err, 400, "invalid_value",
			    g == root ? "epoch_start" : "group.epoch_start",
			    "epoch_start is the epoch in milliseconds"));
		(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]), "%s",
		    g == root ? "best_plate_number" :
		                "group.best_plate_number");
		(void)snprintf(m.where[F_CONF], sizeof(m.where[F_CONF]), "%s",
		    g == root ? "best_confidence" : "group.best_confidence");
		(void)snprintf(m.where[F_ID], sizeof(m.where[F_ID]), "%s",
		    g == root ? "best_uuid" : "group.best_uuid");
		(void)snprintf(m.where[F_CANDS], sizeof(m.where[F_CANDS]), "%s",
		    g == root ? "candidates" : "group.candidates");
	} else {
		if ((res = member(root, "results", API_JARRAY)) == NULL)
			return (refuse(err, 400, "missing_field", "results",
			    "alpr_results carry results"));
		best = NULL;
		for (e = res->child; e != NULL; e = e->next) {
			conf = member(e, "confidence", API_JNUMBER);
			if (number_of(conf, &d) == 0 && d > top) {
				top = d;
				best = e;
			}
		}
		if (best == NULL)
			return (0); /* a frame without a plate */
		m.text = api_json_get(best, "plate");
		m.confidence = api_json_get(best, "confidence");
		m.country = member(best, "region", API_JSTRING);
		m.cands = member(best, "candidates", API_JARRAY);
		m.id = member(root, "uuid", API_JSTRING);
		if (epoch_of(api_json_get(root, "epoch_time"), &m.epoch_ms) ==
		    -1)
			return (refuse(err, 400, "invalid_value", "epoch_time",
			    "epoch_time is the epoch in milliseconds"));
		(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]),
		    "results[].plate");
		(void)snprintf(m.where[F_CONF], sizeof(m.where[F_CONF]),
		    "results[].confidence");
		(void)snprintf(m.where[F_ID], sizeof(m.where[F_ID]), "uuid");
		(void)snprintf(m.where[F_CANDS], sizeof(m.where[F_CANDS]),
		    "results[].candidates");
	}
	m.cand_text = "plate";
	m.cand_conf = "confidence";
	(void)snprintf(m.where[F_TIME], sizeof(m.where[F_TIME]), "%s",
	    g != NULL ? "epoch_start" : "epoch_time");

	return (emit(&m, in, r, err));
}

/* --- Plate Recognizer -------------------------------------------------- */

/*
 * A webhook ({"hook": {...}, "data": {...}}) of Snapshot or Stream, or
 * the Snapshot API's answer itself ({"results": [...], ...}).  The read
 * is the result with the best score; plates come in lower case (the
 * canonical form takes care of it), region codes like "gb" or "us-ca",
 * scores 0..1.  Stream's timestamp carries its zone ("Z"); Snapshot's
 * webhook's does not, and is refused until the device's zone is known.
 */
/*
 * The best text of a Plate Recognizer container result labelled label
 * (Shipping Container: one result each for the owner code, the serial
 * number and the size and type), with its score; NULL when none.
 */
static const char *
pr_label(const struct api_jvalue *res, const char *label, double *score)
{
	const struct api_jvalue *e, *l, *t, *v;
	const char              *best = NULL;
	double                   d;

	for (e = res->child; e != NULL; e = e->next) {
		l = member(e, "label", API_JSTRING);
		if (l == NULL || strcmp(l->str, label) != 0 ||
		    (t = member(e, "texts", API_JARRAY)) == NULL)
			continue;
		for (t = t->child; t != NULL; t = t->next) {
			v = member(t, "value", API_JSTRING);
			if (v != NULL &&
			    number_of(api_json_get(t, "score"), &d) == 0 &&
			    (best == NULL || d > *score)) {
				best = v->str;
				*score = d;
			}
		}
	}

	return (best);
}

int
api_vendor_platerecognizer(const struct api_jvalue *root,
    const struct api_vendor_in *in, struct api_read *r,
    struct api_read_err *err)
{
	const struct api_jvalue *data, *res, *e, *best = NULL, *ts;
	const char              *owner, *serial;
	struct api_jvalue        cj, sj;
	struct mapped            m;
	int64_t                  at;
	double                   d = 0, top = -1;
	char                     code[40], score[32];
	int                      ms = 0, container = 0;

	memset(r, 0, sizeof(*r));
	memset(&m, 0, sizeof(m));
	m.scale = 1;
	if (root == NULL || root->type != API_JOBJECT)
		return (refuse(err, 400, "invalid_body", "",
		    "a Plate Recognizer message is a JSON object"));
	data = member(root, "data", API_JOBJECT);
	if (data == NULL) {
		if (api_json_get(root, "hook") != NULL)
			return (refuse(err, 400, "missing_field", "data",
			    "a webhook carries its data"));
		data = root;
	}
	if ((res = member(data, "results", API_JARRAY)) == NULL)
		return (refuse(err, 400, "missing_field",
		    data == root ? "results" : "data.results",
		    "the recognition carries results"));
	for (e = res->child; e != NULL; e = e->next) {
		if (member(e, "label", API_JSTRING) != NULL)
			container = 1;
		if (member(e, "plate", API_JSTRING) != NULL &&
		    number_of(api_json_get(e, "score"), &d) == 0 && d > top) {
			top = d;
			best = e;
		}
	}
	if (container) {
		/* Owner code and serial number (its check digit included). */
		owner = pr_label(res, "Owner Code and Category Identifier", &d);
		serial = pr_label(res, "Serial Number", &top);
		if (owner == NULL || serial == NULL)
			return (refuse(err, 400, "missing_field",
			    data == root ? "results[].label" :
			                   "data.results[].label",
			    "a container needs its owner code and serial "
			    "number"));
		(void)snprintf(code, sizeof(code), "%.16s%.16s", owner, serial);
		memset(&cj, 0, sizeof(cj));
		cj.type = API_JSTRING;
		cj.str = code;
		cj.len = strlen(code);
		(void)snprintf(score, sizeof(score), "%.6f", d < top ? d : top);
		memset(&sj, 0, sizeof(sj));
		sj.type = API_JSTRING;
		sj.str = score;
		sj.len = strlen(score);
		m.kind = "container";
		m.text = &cj;
		m.confidence = &sj;
	} else if (best == NULL) {
		return (0); /* nothing recognised */
	} else {
		m.text = api_json_get(best, "plate");
		m.confidence = api_json_get(best, "score");
		m.country = member(member(best, "region", API_JOBJECT), "code",
		    API_JSTRING);
		m.cands = member(best, "candidates", API_JARRAY);
	}
	m.cand_text = "plate";
	m.cand_conf = "score";
	(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]),
	    "%sresults[].plate", data == root ? "" : "data.");
	(void)snprintf(m.where[F_CONF], sizeof(m.where[F_CONF]),
	    "%sresults[].score", data == root ? "" : "data.");
	(void)snprintf(m.where[F_CANDS], sizeof(m.where[F_CANDS]),
	    "%sresults[].candidates", data == root ? "" : "data.");
	(void)snprintf(m.where[F_TIME], sizeof(m.where[F_TIME]), "%stimestamp",
	    data == root ? "" : "data.");

	if (container)
		(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]),
		    "%sresults[].texts", data == root ? "" : "data.");
	ts = member(data, "timestamp", API_JSTRING);
	if (ts == NULL)
		return (refuse(err, 400, "missing_field", m.where[F_TIME],
		    "the recognition carries its timestamp"));
	if (ts->len <= 40 && api_parse_rfc3339_ms(ts->str, &at, &ms) == 0) {
		m.epoch_ms = at * 1000 + ms;
	} else if (ts->len >= 19 && ts->len <= 40 && ts->str[4] == '-' &&
	    (ts->str[10] == ' ' || ts->str[10] == 'T')) {
		/* "2025-09-09 23:22:38.030345": Snapshot's local time. */
		if (in->tz == NULL || in->tz[0] == '\0')
			return (refuse(err, 422, "time_zone_required",
			    m.where[F_TIME],
			    "a local time without a zone: give the device's "
			    "zone as ?tz=Area/City"));
		if (api_vendor_local(ts->str, in->tz, &m.epoch_ms) == -1)
			return (refuse(err, 400, "invalid_value",
			    m.where[F_TIME], "not a local time"));
	} else {
		return (refuse(err, 400, "invalid_value", m.where[F_TIME],
		    "an ISO 8601 time with its zone"));
	}

	return (emit(&m, in, r, err));
}

/* --- Axis License Plate Verifier -------------------------------------- */

/*
 * The FF Group app's event (a multipart's "event" part, or the body):
 * almost every number a string.  plateUTF8 (else plateASCII), the
 * confidence 0..1, plateCountry alpha-3, capture_timestamp in epoch ms
 * (datetime "YYYYMMDD HHMMSSmmm" is local time: read in the device's
 * zone when there is no epoch), carMoveDirection, and carID as the
 * device read id: the new, updated and lost events of one car make one
 * decision (the first).
 */
int
api_vendor_axis(const struct api_jvalue *root, const struct api_vendor_in *in,
    struct api_read *r, struct api_read_err *err)
{
	const struct api_jvalue *v, *dt;
	struct mapped            m;
	char                     local[32];

	memset(r, 0, sizeof(*r));
	memset(&m, 0, sizeof(m));
	m.scale = 1;
	if (root == NULL || root->type != API_JOBJECT)
		return (refuse(err, 400, "invalid_body", "",
		    "an Axis event is a JSON object"));
	if ((m.text = member(root, "plateUTF8", API_JSTRING)) == NULL)
		m.text = api_json_get(root, "plateASCII");
	(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]), "%s",
	    member(root, "plateUTF8", API_JSTRING) != NULL ? "plateUTF8" :
	                                                     "plateASCII");
	if (m.text == NULL)
		return (refuse(err, 400, "missing_field", "plateUTF8",
		    "the event carries plateUTF8"));
	m.confidence = api_json_get(root, "plateConfidence");
	m.country = member(root, "plateCountry", API_JSTRING);
	m.id = member(root, "carID", API_JNUMBER);
	(void)snprintf(m.where[F_CONF], sizeof(m.where[F_CONF]),
	    "plateConfidence");
	(void)snprintf(m.where[F_ID], sizeof(m.where[F_ID]), "carID");
	v = member(root, "carMoveDirection", API_JSTRING);
	if (v != NULL && strcmp(v->str, "in") == 0)
		m.dir = "in";
	else if (v != NULL && strcmp(v->str, "out") == 0)
		m.dir = "out";

	v = api_json_get(root, "capture_timestamp");
	dt = member(root, "datetime", API_JSTRING);
	if (v != NULL) {
		(void)snprintf(m.where[F_TIME], sizeof(m.where[F_TIME]),
		    "capture_timestamp");
		if (epoch_of(v, &m.epoch_ms) == -1)
			return (refuse(err, 400, "invalid_value",
			    "capture_timestamp",
			    "capture_timestamp is the epoch in milliseconds"));
	} else if (dt != NULL) {
		(void)snprintf(m.where[F_TIME], sizeof(m.where[F_TIME]),
		    "datetime");
		/* "20210611 130538252" */
		if (dt->len != 18 || dt->str[8] != ' ' ||
		    strspn(dt->str, "0123456789") != 8 ||
		    strspn(dt->str + 9, "0123456789") != 9)
			return (refuse(err, 400, "invalid_value", "datetime",
			    "datetime is YYYYMMDD HHMMSSmmm"));
		if (in->tz == NULL || in->tz[0] == '\0')
			return (refuse(err, 422, "time_zone_required",
			    "datetime",
			    "a local time without a zone: give the device's "
			    "zone as ?tz=Area/City"));
		(void)snprintf(local, sizeof(local),
		    "%.4s-%.2s-%.2s %.2s:%.2s:%.2s.%.3s", dt->str, dt->str + 4,
		    dt->str + 6, dt->str + 9, dt->str + 11, dt->str + 13,
		    dt->str + 15);
		if (api_vendor_local(local, in->tz, &m.epoch_ms) == -1)
			return (refuse(err, 400, "invalid_value", "datetime",
			    "datetime is no date"));
	} else {
		return (refuse(err, 400, "missing_field", "capture_timestamp",
		    "the event carries capture_timestamp"));
	}

	return (emit(&m, in, r, err));
}

/* --- Vaxtor -------------------------------------------------------------- */

/*
 * The template's text with its unfilled values made null: after a ':'
 * outside strings, nothing (before ',', '}' or ']') or a "$token$" that
 * was not replaced.  A new buffer (malloc), NUL-terminated, or NULL.
 */
static char *
vaxtor_repair(const char *s, size_t len, size_t *outlen)
{
	size_t i, j, k, o = 0, colons = 0;
	int    instr = 0, esc = 0;
	char  *out;

	for (i = 0; i < len; i++)
		colons += s[i] == ':';
	if ((out = malloc(len + 5 * colons + 1)) == NULL)
		return (NULL);
	for (i = 0; i < len; i++) {
		out[o++] = s[i];
		if (instr) {
			if (esc)
				esc = 0;
			else if (s[i] == '\\')
				esc = 1;
			else if (s[i] == '"')
				instr = 0;
			continue;
		}
		if (s[i] == '"')
			instr = 1;
		if (s[i] != ':')
			continue;
		for (j = i + 1; j < len && isspace((unsigned char)s[j]); j++)
			;
		if (j == len || s[j] == ',' || s[j] == '}' || s[j] == ']') {
			memcpy(out + o, "null", 4);
			o += 4;
		} else if (s[j] == '$') {
			for (k = j + 1; k < len &&
			     (isalnum((unsigned char)s[k]) || s[k] == '_');
			     k++)
				;
			if (k < len && s[k] == '$') {
				memcpy(out + o, "null", 4);
				o += 4;
				i = k;
			}
		}
	}
	out[o] = '\0';
	*outlen = o;

	return (out);
}

/* root's member name, or NULL when absent, null or a "$token$" left. */
static const struct api_jvalue *
filled(const struct api_jvalue *root, const char *name)
{
	const struct api_jvalue *v = api_json_get(root, name);

	if (v == NULL || v->type == API_JNULL ||
	    (v->type == API_JSTRING &&
	        (v->len == 0 ||
	            (v->len >= 2 && v->str[0] == '$' &&
	                v->str[v->len - 1] == '$'))))
		return (NULL);

	return (v);
}

/*
 * Our template: {"plate":"$plateutf8$","country":"$country$",
 * "confidence":$confidence$,"date":"$date$"} for plates; VaxOCR's
 * {"code":"$containercode$","confidence":$readconfidence$,
 * "timestamp":"$timestamp$"} for containers (its default template, with
 * "date" and the box, is taken too).  confidence is 0..100; "timestamp"
 * carries its offset, "date" is local time (the device's zone, ?tz=).
 */
int
api_vendor_vaxtor(const char *text, size_t len, const struct api_vendor_in *in,
    struct api_read *r, struct api_read_err *err)
{
	const struct api_jvalue *root, *ts, *dt;
	struct api_jdoc         *doc;
	struct mapped            m;
	size_t                   n;
	char                    *fixed;
	int                      rc;

	memset(r, 0, sizeof(*r));
	memset(&m, 0, sizeof(m));
	m.scale = 100;
	if ((fixed = vaxtor_repair(text, len, &n)) == NULL)
		return (refuse(err, 400, "invalid_body", "",
		    "the body does not fit"));
	doc = api_json_parse(fixed, n, NULL);
	explicit_bzero(fixed, n);
	free(fixed);
	if (doc == NULL)
		return (refuse(err, 400, "invalid_json", "",
		    "the body is no JSON document, even with its unfilled "
		    "values as null"));
	root = api_json_root(doc);
	rc = -1;
	if (root->type != API_JOBJECT) {
		refuse(err, 400, "invalid_body", "",
		    "a Vaxtor event is a JSON object");
		goto done;
	}
	if ((m.text = filled(root, "code")) != NULL ||
	    (m.text = filled(root, "containercode")) != NULL) {
		m.kind = "container";
		(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]), "%s",
		    filled(root, "code") != NULL ? "code" : "containercode");
	} else if ((m.text = filled(root, "plate")) != NULL ||
	    (m.text = filled(root, "plateutf8")) != NULL) {
		(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]), "%s",
		    filled(root, "plate") != NULL ? "plate" : "plateutf8");
		m.country = filled(root, "country");
	} else {
		refuse(err, 400, "missing_field", "plate",
		    "the event carries plate (or code, for a container)");
		goto done;
	}
	if ((m.confidence = filled(root, "confidence")) == NULL &&
	    (m.confidence = filled(root, "readconfidence")) == NULL) {
		refuse(err, 400, "missing_field", "confidence",
		    "the event carries confidence");
		goto done;
	}
	(void)snprintf(m.where[F_CONF], sizeof(m.where[F_CONF]), "%s",
	    filled(root, "confidence") != NULL ? "confidence" :
	                                         "readconfidence");
	ts = filled(root, "timestamp");
	dt = filled(root, "date");
	(void)snprintf(m.where[F_TIME], sizeof(m.where[F_TIME]), "%s",
	    ts != NULL ? "timestamp" : "date");
	if (ts == NULL)
		ts = dt;
	if (ts == NULL) {
		refuse(err, 400, "missing_field", "date",
		    "the event carries date or timestamp");
		goto done;
	}
	if (time_of(ts, in, &m, err) == -1)
		goto done;
	rc = emit(&m, in, r, err);
done:
	api_json_free(doc);

	return (rc);
}

/* --- Dahua --------------------------------------------------------------- */

/*
 * A plate text that stands for no plate: empty, Dahua's sentinels for
 * a vehicle without one ("--", "unlicensed", "无牌"), or a read of
 * nothing but dashes and blanks.
 */
static int
dahua_no_plate(const struct api_jvalue *t)
{
	static const char *const none[] = { "unlicensed", "unknown", "noplate",
		"\xe6\x97\xa0\xe7\x89\x8c" /* 无牌 */ };
	size_t                   i;

	if (t == NULL || t->type != API_JSTRING ||
	    strspn(t->str, "- ") == t->len)
		return (1);
	for (i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		if (strcasecmp(t->str, none[i]) == 0)
			return (1);

	return (0);
}

/* A boolean Dahua may send as true, 1 or "true"; -1 when it is none. */
static int
dahua_bool(const struct api_jvalue *v)
{
	if (v == NULL)
		return (-1);
	if (v->type == API_JTRUE)
		return (1);
	if (v->type == API_JFALSE)
		return (0);
	if (v->type == API_JNUMBER)
		return (v->d != 0);
	if (v->type == API_JSTRING)
		return (strcasecmp(v->str, "true") == 0 ||
		    strcmp(v->str, "1") == 0);

	return (-1);
}

/*
 * A device read id "camera/event": the camera's name (its printable
 * ASCII, at most 32 characters) and the event's number or time.
 */
static const struct api_jvalue *
dahua_id(struct sval *id, const struct api_jvalue *cam, const char *event)
{
	char   buf[API_READ_ID_MAX + 1];
	size_t i, n = 0;

	for (i = 0; cam != NULL && i < cam->len && n < 32; i++)
		if (cam->str[i] >= 0x21 && cam->str[i] <= 0x7e)
			buf[n++] = cam->str[i];
	(void)snprintf(buf + n, sizeof(buf) - n, "/%s", event);

	return (sval_set(id, buf));
}

/*
 * ITSAPI's TollgateInfo push: Picture.Plate (PlateNumber, Confidence
 * 0..100, IsExist), Picture.SnapInfo (AccurateTime, else SnapTime:
 * local time, the device's zone; DeviceID).  A camera that was not
 * answered {"Result":true} sends the same picture again: DeviceID and
 * AccurateTime are its device read id.
 */
static int
dahua_tollgate(const struct api_jvalue *pic, const struct api_vendor_in *in,
    struct api_read *r, struct api_read_err *err)
{
	const struct api_jvalue *plate, *snap, *t, *dev;
	struct mapped            m;
	struct sval              id;
	char                     buf[24];

	memset(&m, 0, sizeof(m));
	m.scale = 100;
	plate = member(pic, "Plate", API_JOBJECT);
	snap = member(pic, "SnapInfo", API_JOBJECT);
	m.text = member(plate, "PlateNumber", API_JSTRING);
	if (dahua_no_plate(m.text) ||
	    dahua_bool(api_json_get(plate, "IsExist")) == 0)
		return (0);
	(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]),
	    "Picture.Plate.PlateNumber");
	(void)snprintf(m.where[F_CONF], sizeof(m.where[F_CONF]),
	    "Picture.Plate.Confidence");
	if ((m.confidence = api_json_get(plate, "Confidence")) == NULL)
		return (refuse(err, 400, "missing_field", m.where[F_CONF],
		    "the picture carries Plate.Confidence"));
	m.country = member(plate, "Region", API_JSTRING);
	if ((t = member(snap, "AccurateTime", API_JSTRING)) != NULL)
		(void)snprintf(m.where[F_TIME], sizeof(m.where[F_TIME]),
		    "Picture.SnapInfo.AccurateTime");
	else if ((t = member(snap, "SnapTime", API_JSTRING)) != NULL)
		(void)snprintf(m.where[F_TIME], sizeof(m.where[F_TIME]),
		    "Picture.SnapInfo.SnapTime");
	else
		return (refuse(err, 400, "missing_field",
		    "Picture.SnapInfo.AccurateTime",
		    "the picture carries SnapInfo.AccurateTime"));
	if (time_of(t, in, &m, err) == -1)
		return (-1);
	dev = member(snap, "DeviceID", API_JSTRING);
	(void)snprintf(buf, sizeof(buf), "%lld", (long long)m.epoch_ms);
	m.id = dahua_id(&id, dev, buf);
	(void)snprintf(m.where[F_ID], sizeof(m.where[F_ID]),
	    "Picture.SnapInfo.DeviceID");

	return (emit(&m, in, r, err));
}

/*
 * A TrafficJunction (or TrafficGate) event's Data, as the camera's
 * event stream gives it: TrafficCar.PlateNumber, else Object.Text of a
 * Plate object, with Object.Confidence (0..100).  Its time: RealUTC (the
 * epoch) with UTCMS; else UTC, which is the local time written as if it
 * were UTC, read in the device's zone; else LocaleTime.  GroupID (with
 * the camera's MachineName) is the device read id.
 */
static int
dahua_junction(const struct api_jvalue *data, const struct api_vendor_in *in,
    struct api_read *r, struct api_read_err *err)
{
	const struct api_jvalue *car, *obj, *type, *v, *ms, *name;
	struct mapped            m;
	struct sval              id, wall;
	struct tm                tm;
	time_t                   secs;
	int64_t                  epoch;
	char                     buf[32];

	memset(&m, 0, sizeof(m));
	m.scale = 100;
	car = member(data, "TrafficCar", API_JOBJECT);
	obj = member(data, "Object", API_JOBJECT);
	type = member(obj, "ObjectType", API_JSTRING);
	if (type != NULL && strcmp(type->str, "Plate") != 0)
		obj = NULL;
	if (!dahua_no_plate(m.text = member(car, "PlateNumber", API_JSTRING)))
		(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]),
		    "Data.TrafficCar.PlateNumber");
	else if (!dahua_no_plate(m.text = member(obj, "Text", API_JSTRING)))
		(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]),
		    "Data.Object.Text");
	else
		return (0);
	(void)snprintf(m.where[F_CONF], sizeof(m.where[F_CONF]),
	    "Data.Object.Confidence");
	if ((m.confidence = api_json_get(obj, "Confidence")) == NULL)
		return (refuse(err, 400, "missing_field", m.where[F_CONF],
		    "the event carries a Plate Object with its Confidence"));
	if ((m.country = member(car, "Country", API_JSTRING)) == NULL)
		m.country = member(member(data, "CommInfo", API_JOBJECT),
		    "Country", API_JSTRING);

	ms = member(data, "UTCMS", API_JNUMBER);
	if ((v = api_json_get(data, "RealUTC")) != NULL) {
		(void)snprintf(m.where[F_TIME], sizeof(m.where[F_TIME]),
		    "Data.RealUTC");
		if (epoch_of(v, &epoch) == -1 || epoch % 1000 != 0)
			return (
			    refuse(err, 400, "invalid_value", m.where[F_TIME],
			        "RealUTC is the epoch in seconds"));
		m.epoch_ms = epoch;
		if (ms != NULL && ms->type == API_JNUMBER && ms->is_int &&
		    ms->i >= 0 && ms->i < 1000)
			m.epoch_ms += ms->i;
	} else if ((v = api_json_get(data, "UTC")) != NULL) {
		(void)snprintf(m.where[F_TIME], sizeof(m.where[F_TIME]),
		    "Data.UTC");
		if (epoch_of(v, &epoch) == -1 || epoch % 1000 != 0)
			return (refuse(err, 400, "invalid_value",
			    m.where[F_TIME], "UTC is the epoch in seconds"));
		secs = (time_t)(epoch / 1000);
		if (gmtime_r(&secs, &tm) == NULL ||
		    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm) == 0)
			return (refuse(err, 400, "invalid_value",
			    m.where[F_TIME], "not a time"));
		if (ms != NULL && ms->type == API_JNUMBER && ms->is_int &&
		    ms->i >= 0 && ms->i < 1000)
			(void)snprintf(buf + 19, sizeof(buf) - 19, ".%03d",
			    (int)ms->i);
		if (time_of(sval_set(&wall, buf), in, &m, err) == -1)
			return (-1);
	} else if ((v = member(data, "LocaleTime", API_JSTRING)) != NULL) {
		(void)snprintf(m.where[F_TIME], sizeof(m.where[F_TIME]),
		    "Data.LocaleTime");
		if (time_of(v, in, &m, err) == -1)
			return (-1);
	} else {
		return (refuse(err, 400, "missing_field", "Data.RealUTC",
		    "the event carries RealUTC or UTC"));
	}
	if ((v = member(data, "GroupID", API_JNUMBER)) != NULL &&
	    v->len <= 20) {
		name = member(car, "MachineName", API_JSTRING);
		(void)snprintf(buf, sizeof(buf), "%.*s", (int)v->len, v->str);
		m.id = dahua_id(&id, name, buf);
		(void)snprintf(m.where[F_ID], sizeof(m.where[F_ID]),
		    "Data.GroupID");
	}

	return (emit(&m, in, r, err));
}

/*
 * What a Dahua camera sends: ITSAPI's TollgateInfo ({"Picture": …}),
 * a TrafficJunction event ({"Code", "Data"}, its Data alone, or the
 * JSON-RPC client.notifyEventStream with params.eventList: the first
 * event with a plate), or its KeepAlive (anything else: no read).
 */
int
api_vendor_dahua(const struct api_jvalue *root, const struct api_vendor_in *in,
    struct api_read *r, struct api_read_err *err)
{
	const struct api_jvalue *pic, *list, *e, *code, *data;
	int                      rc;

	memset(r, 0, sizeof(*r));
	if (root == NULL || root->type != API_JOBJECT)
		return (refuse(err, 400, "invalid_body", "",
		    "a Dahua message is a JSON object"));
	if ((pic = member(root, "Picture", API_JOBJECT)) != NULL)
		return (dahua_tollgate(pic, in, r, err));
	if (member(root, "TrafficCar", API_JOBJECT) != NULL ||
	    member(root, "Object", API_JOBJECT) != NULL)
		return (dahua_junction(root, in, r, err));
	if ((list = member(member(root, "params", API_JOBJECT), "eventList",
	         API_JARRAY)) == NULL &&
	    (list = member(root, "eventList", API_JARRAY)) == NULL) {
		if (member(root, "Data", API_JOBJECT) == NULL)
			return (0); /* a KeepAlive, another message */
		list = NULL;
	}
	for (e = list != NULL ? list->child : root; e != NULL;
	     e = list != NULL ? e->next : NULL) {
		code = member(e, "Code", API_JSTRING);
		data = member(e, "Data", API_JOBJECT);
		if (code == NULL || data == NULL ||
		    strncmp(code->str, "Traffic", 7) != 0)
			continue;
		if ((rc = dahua_junction(data, in, r, err)) != 0)
			return (rc);
	}

	return (0);
}

/* --- Hikvision ISAPI ----------------------------------------------------- */

void
api_vendor_init(void)
{
	xmlInitParser();
}

/* The first element child of n with the local name name, or NULL. */
static const xmlNode *
xchild(const xmlNode *n, const char *name)
{
	const xmlNode *c;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return (c);

	return (NULL);
}

/*
 * n's text (its text and CDATA children, trimmed) into v: the value, or
 * NULL when n is absent.  Text longer than v holds is cut, which no
 * field of ours survives (plates, numbers, times are short).
 */
static const struct api_jvalue *
xtext(const xmlNode *n, struct sval *v)
{
	const xmlNode *c;
	size_t         len = 0, k, b, e;

	if (n == NULL)
		return (NULL);
	v->s[0] = '\0';
	for (c = n->children; c != NULL; c = c->next) {
		if ((c->type != XML_TEXT_NODE &&
		        c->type != XML_CDATA_SECTION_NODE) ||
		    c->content == NULL)
			continue;
		k = strlen((const char *)c->content);
		if (k > sizeof(v->s) - 1 - len)
			k = sizeof(v->s) - 1 - len;
		memcpy(v->s + len, c->content, k);
		len += k;
		v->s[len] = '\0';
	}
	for (b = 0; b < len && strchr(" \t\r\n", v->s[b]) != NULL; b++)
		;
	for (e = len; e > b && strchr(" \t\r\n", v->s[e - 1]) != NULL; e--)
		;
	memmove(v->s, v->s + b, e - b);
	v->s[e - b] = '\0';
	memset(&v->jv, 0, sizeof(v->jv));
	v->jv.type = API_JSTRING;
	v->jv.str = v->s;
	v->jv.len = e - b;

	return (&v->jv);
}

/*
 * The XML document xml[0..len) whose root element is named name, *root;
 * NULL refused.  No DTD: no entities to expand, nothing to fetch.
 */
static xmlDoc *
xml_open(const char *xml, size_t len, const char *name, const xmlNode **root,
    struct api_read_err *err)
{
	xmlDoc *doc;
	char    why[64];

	if (len > API_VENDOR_XML_MAX) {
		(void)refuse(err, 400, "invalid_body", "",
		    "the XML is larger than 256 KiB");
		return (NULL);
	}
	doc = xmlReadMemory(xml, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	        XML_PARSE_NOCDATA);
	if (doc == NULL) {
		(void)refuse(err, 400, "invalid_body", "",
		    "the body is no XML document");
		return (NULL);
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		xmlFreeDoc(doc);
		(void)refuse(err, 400, "invalid_body", "",
		    "a document type declaration is not taken");
		return (NULL);
	}
	*root = xmlDocGetRootElement(doc);
	if (*root == NULL || strcmp((const char *)(*root)->name, name) != 0) {
		xmlFreeDoc(doc);
		(void)snprintf(why, sizeof(why), "the document is no %s", name);
		(void)refuse(err, 400, "invalid_body", "", why);
		return (NULL);
	}

	return (doc);
}

/*
 * The event's time: dateTime with its zone; else, in the device's zone,
 * dateTime without one or the picture's absTime (yyyyMMddHHmmssfff).
 * 0, or -1 refused.
 */
static int
hik_time(const xmlNode *root, const xmlNode *anpr,
    const struct api_vendor_in *in, struct mapped *m, struct api_read_err *err)
{
	const xmlNode *pic;
	struct sval    dt, abs;
	char           local[sizeof(dt.s)];
	int64_t        at;
	int            ms = 0;

	(void)snprintf(m->where[F_TIME], sizeof(m->where[F_TIME]), "dateTime");
	if (xtext(xchild(root, "dateTime"), &dt) != NULL &&
	    api_parse_rfc3339_ms(dt.s, &at, &ms) == 0) {
		m->epoch_ms = at * 1000 + ms;
		return (0);
	}
	pic = xchild(xchild(anpr, "pictureInfoList"), "pictureInfo");
	if (xtext(xchild(pic, "absTime"), &abs) != NULL &&
	    strlen(abs.s) == 17 && strspn(abs.s, "0123456789") == 17) {
		(void)snprintf(m->where[F_TIME], sizeof(m->where[F_TIME]),
		    "ANPR.pictureInfoList.pictureInfo.absTime");
		(void)snprintf(local, sizeof(local),
		    "%.4s-%.2s-%.2s %.2s:%.2s:%.2s.%.3s", abs.s, abs.s + 4,
		    abs.s + 6, abs.s + 8, abs.s + 10, abs.s + 12, abs.s + 14);
	} else if (xchild(root, "dateTime") != NULL) {
		(void)snprintf(local, sizeof(local), "%s", dt.s);
	} else {
		return (refuse(err, 400, "missing_field", "dateTime",
		    "the event carries dateTime"));
	}
	if (in->tz == NULL || in->tz[0] == '\0')
		return (refuse(err, 422, "time_zone_required", m->where[F_TIME],
		    "a local time without a zone: give the device's zone as "
		    "?tz=Area/City"));
	if (api_vendor_local(local, in->tz, &m->epoch_ms) == -1)
		return (refuse(err, 400, "invalid_value", m->where[F_TIME],
		    "not a time"));

	return (0);
}

/*
 * EventNotificationAlert (either namespace: elements are matched by
 * their local names): eventType ANPR with ANPR/licensePlate,
 * confidenceLevel 0..100, countryAbbreviation when it names a country
 * (the numeric ANPR/country is Hikvision's own enumeration, not used),
 * dateTime, and UUID as the device read id (a retransmitted event is
 * the same read).  Other event types (heartBeat, videoloss) hold no
 * read.
 */
int
api_vendor_hikvision(const char *xml, size_t len,
    const struct api_vendor_in *in, struct api_read *r,
    struct api_read_err *err)
{
	const xmlNode *root, *anpr;
	xmlDoc        *doc;
	struct mapped  m;
	struct sval    type, plate, conf, country, uuid;
	int            rc;

	memset(r, 0, sizeof(*r));
	memset(&m, 0, sizeof(m));
	m.scale = 100;
	if ((doc = xml_open(xml, len, "EventNotificationAlert", &root, err)) ==
	    NULL)
		return (-1);
	if (xtext(xchild(root, "eventType"), &type) != NULL &&
	    strcasecmp(type.s, "ANPR") != 0) {
		xmlFreeDoc(doc);
		return (0);
	}
	if ((anpr = xchild(root, "ANPR")) == NULL) {
		xmlFreeDoc(doc);
		return (refuse(err, 400, "missing_field", "ANPR",
		    "an ANPR event carries ANPR"));
	}
	m.text = xtext(xchild(anpr, "licensePlate"), &plate);
	m.confidence = xtext(xchild(anpr, "confidenceLevel"), &conf);
	m.country = xtext(xchild(root, "countryAbbreviation"), &country);
	if (m.country == NULL)
		m.country =
		    xtext(xchild(anpr, "countryAbbreviation"), &country);
	m.id = xtext(xchild(root, "UUID"), &uuid);
	(void)snprintf(m.where[F_TEXT], sizeof(m.where[F_TEXT]),
	    "ANPR.licensePlate");
	(void)snprintf(m.where[F_CONF], sizeof(m.where[F_CONF]),
	    "ANPR.confidenceLevel");
	(void)snprintf(m.where[F_ID], sizeof(m.where[F_ID]), "UUID");
	rc = hik_time(root, anpr, in, &m, err);
	if (rc == 0 && m.text == NULL)
		rc = refuse(err, 400, "missing_field", "ANPR.licensePlate",
		    "the event carries ANPR/licensePlate");
	if (rc == 0 && m.confidence == NULL)
		rc = refuse(err, 400, "missing_field", "ANPR.confidenceLevel",
		    "the event carries ANPR/confidenceLevel");
	if (rc == 0)
		rc = emit(&m, in, r, err);
	xmlFreeDoc(doc);
	explicit_bzero(&plate, sizeof(plate));

	return (rc);
}

/* --- Genetec AutoVu SharpV ----------------------------------------------- */

/* A SharpV value that is there: not absent, empty, or its "-". */
static const struct api_jvalue *
genetec_value(const struct api_jvalue *v)
{
	if (v == NULL ||
	    (v->type == API_JSTRING &&
	        (v->len == 0 || strcmp(v->str, "-") == 0)))
		return (NULL);

	return (v);
}

/*
 * The read of a SharpV plate read, whichever its syntax: PlateRead,
 * Timestamp ("2016-08-29T08:42:45.797": local time, the device's zone,
 * unless it carries its own), the PlateAnalytics "Confidence Score"
 * (0..100) and "Context" (the plate's country), and Id as the device
 * read id.
 */
static int
genetec_read(struct mapped *m, const struct api_jvalue *ts,
    const struct api_vendor_in *in, struct api_read *r,
    struct api_read_err *err)
{
	m->scale = 100;
	(void)snprintf(m->where[F_TEXT], sizeof(m->where[F_TEXT]), "PlateRead");
	(void)snprintf(m->where[F_CONF], sizeof(m->where[F_CONF]),
	    "PlateAnalytics.Confidence Score");
	(void)snprintf(m->where[F_TIME], sizeof(m->where[F_TIME]), "Timestamp");
	(void)snprintf(m->where[F_ID], sizeof(m->where[F_ID]), "Id");
	if ((m->text = genetec_value(m->text)) == NULL)
		return (0); /* a read without a plate */
	if ((m->confidence = genetec_value(m->confidence)) == NULL)
		return (refuse(err, 400, "missing_field", m->where[F_CONF],
		    "the read carries the Confidence Score analytic: turn "
		    "it on in the HTTP extension"));
	m->country = genetec_value(m->country);
	m->id = genetec_value(m->id);
	if ((ts = genetec_value(ts)) == NULL)
		return (refuse(err, 400, "missing_field", "Timestamp",
		    "the read carries Timestamp"));
	if (time_of(ts, in, m, err) == -1)
		return (-1);

	return (emit(m, in, r, err));
}

static int
genetec_json(const char *text, size_t len, const struct api_vendor_in *in,
    struct api_read *r, struct api_read_err *err)
{
	const struct api_jvalue *root, *a, *k;
	struct api_jdoc         *doc;
	struct mapped            m;
	int                      rc;

	memset(&m, 0, sizeof(m));
	if (len > API_VENDOR_JSON_MAX ||
	    (doc = api_json_parse(text, len, NULL)) == NULL)
		return (refuse(err, 400, "invalid_json", "",
		    "the body is no JSON document"));
	root = api_json_root(doc);
	if (root->type != API_JOBJECT) {
		api_json_free(doc);
		return (refuse(err, 400, "invalid_body", "",
		    "a SharpV read is a JSON object"));
	}
	m.text = api_json_get(root, "PlateRead");
	m.id = member(root, "Id", API_JSTRING);
	a = member(root, "PlateAnalytics", API_JARRAY);
	for (a = a != NULL ? a->child : NULL; a != NULL; a = a->next) {
		if ((k = member(a, "Key", API_JSTRING)) == NULL)
			continue;
		if (strcmp(k->str, "Confidence Score") == 0)
			m.confidence = api_json_get(a, "Value");
		else if (strcmp(k->str, "Context") == 0)
			m.country = member(a, "Value", API_JSTRING);
	}
	rc = genetec_read(&m, api_json_get(root, "Timestamp"), in, r, err);
	api_json_free(doc);

	return (rc);
}

static int
genetec_xml(const char *xml, size_t len, const struct api_vendor_in *in,
    struct api_read *r, struct api_read_err *err)
{
	const xmlNode *root, *a;
	xmlDoc        *doc;
	struct mapped  m;
	struct sval    plate, ts, id, key, conf, ctx;
	int            rc;

	memset(&m, 0, sizeof(m));
	if ((doc = xml_open(xml, len, "Plate", &root, err)) == NULL)
		return (-1);
	m.text = xtext(xchild(root, "PlateRead"), &plate);
	m.id = xtext(xchild(root, "Id"), &id);
	a = xchild(root, "PlateAnalytics");
	for (a = a != NULL ? a->children : NULL; a != NULL; a = a->next) {
		if (a->type != XML_ELEMENT_NODE ||
		    xtext(xchild(a, "Key"), &key) == NULL)
			continue;
		if (strcmp(key.s, "Confidence Score") == 0)
			m.confidence = xtext(xchild(a, "Value"), &conf);
		else if (strcmp(key.s, "Context") == 0)
			m.country = xtext(xchild(a, "Value"), &ctx);
	}
	rc =
	    genetec_read(&m, xtext(xchild(root, "Timestamp"), &ts), in, r, err);
	xmlFreeDoc(doc);
	explicit_bzero(&plate, sizeof(plate));

	return (rc);
}

int
api_vendor_genetec(const char *text, size_t len, const struct api_vendor_in *in,
    struct api_read *r, struct api_read_err *err)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < len && strchr(" \t\r\n", text[i]) != NULL; i++)
		;
	if (i < len && text[i] == '<')
		return (genetec_xml(text, len, in, r, err));

	return (genetec_json(text, len, in, r, err));
}
