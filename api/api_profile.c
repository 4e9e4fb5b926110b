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
 * Time profiles in and out of JSON.  Every refusal names the field
 * ("windows[1].from", "exceptions[0].date").  Pure: no kore.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api_profile.h"

/* Weekdays as JSON names them, in the order the API writes them. */
static const char *const day_names[7] = { "sun", "mon", "tue", "wed", "thu",
	"fri", "sat" };
static const int         day_order[7] = { 1, 2, 3, 4, 5, 6, 0 };

static int fail(struct api_profile_err *, int, const char *, const char *,
    const char *, ...) __attribute__((format(printf, 5, 6)));
static int hhmm(const char *, int);
static int member_time(const struct api_jvalue *, const char *, const char *,
    int, int *, struct api_profile_err *);
static int members_only(const struct api_jvalue *, const char *const *,
    const char *, struct api_profile_err *);
static int take_window(const struct api_jvalue *, size_t, struct rules_window *,
    struct api_profile_err *);
static int take_exception(const struct api_jvalue *, size_t,
    struct rules_exception *, struct api_profile_err *);
static void put(char *, size_t, size_t *, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(struct api_profile_err *err, int status, const char *code,
    const char *message, const char *fmt, ...)
{
	va_list ap;

	err->status = status;
	(void)snprintf(err->code, sizeof(err->code), "%s", code);
	(void)snprintf(err->message, sizeof(err->message), "%s", message);
	va_start(ap, fmt);
	(void)vsnprintf(err->field, sizeof(err->field), fmt, ap);
	va_end(ap);

	return (-1);
}

/* "HH:MM" into minutes; 24:00 only when end.  -1 when it is not one. */
static int
hhmm(const char *s, int end)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' ||
	    s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '5' ||
	    s[4] < '0' || s[4] > '9')
		return (-1);
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || (h == 24 && (m != 0 || !end)))
		return (-1);
	/* As an end, midnight is the end of the day. */
	if (end && h * 60 + m == 0)
		return (RULES_DAY);

	return (h * 60 + m);
}

/* Only the members names[] in the object o (what: "windows[1]"). */
static int
members_only(const struct api_jvalue *o, const char *const *names,
    const char *what, struct api_profile_err *err)
{
	const struct api_jvalue *m;
	size_t                   i;

	if (o->type != API_JOBJECT)
		return (fail(err, 400, "invalid_type", "must be an object",
		    "%s", what));
	for (m = o->child; m != NULL; m = m->next) {
		for (i = 0; names[i] != NULL; i++) {
			if (strcmp(names[i], m->key) == 0)
				break;
		}
		if (names[i] == NULL)
			return (fail(err, 400, "unknown_field", "unknown field",
			    "%s.%s", what, m->key));
	}

	return (0);
}

/*
 * The time member name of o ("HH:MM") into *out; absent is -1 in *out
 * when !required.
 */
static int
member_time(const struct api_jvalue *o, const char *what, const char *name,
    int required, int *out, struct api_profile_err *err)
{
	const struct api_jvalue *v;
	int                      end = strcmp(name, "to") == 0;

	*out = -1;
	if ((v = api_json_get(o, name)) == NULL) {
		if (required)
			return (fail(err, 400, "missing_field", "is required",
			    "%s.%s", what, name));
		return (0);
	}
	if (v->type != API_JSTRING || (*out = hhmm(v->str, end)) == -1)
		return (fail(err, 400, "invalid_value",
		    end ? "a time HH:MM from 00:00 to 24:00" :
		          "a time HH:MM from 00:00 to 23:59",
		    "%s.%s", what, name));

	return (0);
}

static int
take_window(const struct api_jvalue *o, size_t i, struct rules_window *w,
    struct api_profile_err *err)
{
	static const char *const names[] = { "days", "from", "to", NULL };
	const struct api_jvalue *days, *d;
	char                     what[24];
	size_t                   j, k;

	(void)snprintf(what, sizeof(what), "windows[%zu]", i);
	if (members_only(o, names, what, err) == -1)
		return (-1);
	if ((days = api_json_get(o, "days")) == NULL)
		return (fail(err, 400, "missing_field", "is required",
		    "%s.days", what));
	if (days->type != API_JARRAY || days->count == 0 || days->count > 7)
		return (fail(err, 400, "invalid_value",
		    "an array of 1 to 7 weekdays", "%s.days", what));
	w->days = 0;
	for (d = days->child, j = 0; d != NULL; d = d->next, j++) {
		for (k = 0; k < 7; k++) {
			if (d->type == API_JSTRING &&
			    strcmp(d->str, day_names[k]) == 0)
				break;
		}
		if (k == 7)
			return (fail(err, 400, "invalid_value",
			    "mon, tue, wed, thu, fri, sat or sun",
			    "%s.days[%zu]", what, j));
		if (w->days & (1u << k))
			return (fail(err, 400, "invalid_value",
			    "a weekday listed twice", "%s.days[%zu]", what, j));
		w->days |= 1u << k;
	}
	if (member_time(o, what, "from", 1, &w->from, err) == -1 ||
	    member_time(o, what, "to", 1, &w->to, err) == -1)
		return (-1);
	if (w->from == w->to)
		return (fail(err, 422, "empty_window",
		    "to must differ from from", "%s.to", what));

	return (0);
}

static int
take_exception(const struct api_jvalue *o, size_t i, struct rules_exception *x,
    struct api_profile_err *err)
{
	static const char *const names[] = { "date", "from", "to", NULL };
	const struct api_jvalue *v;
	char                     what[24];
	const char              *s;
	int                      y, m, d;

	(void)snprintf(what, sizeof(what), "exceptions[%zu]", i);
	if (members_only(o, names, what, err) == -1)
		return (-1);
	if ((v = api_json_get(o, "date")) == NULL)
		return (fail(err, 400, "missing_field", "is required",
		    "%s.date", what));
	s = v->type == API_JSTRING ? v->str : "";
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789") != 4 || strspn(s + 5, "0123456789") != 2 ||
	    strspn(s + 8, "0123456789") != 2)
		return (fail(err, 400, "invalid_value", "a date YYYY-MM-DD",
		    "%s.date", what));
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	x->ymd = y * 10000 + m * 100 + d;
	if (!rules_ymd_valid(x->ymd))
		return (fail(err, 400, "invalid_value",
		    "a date YYYY-MM-DD that exists", "%s.date", what));
	if (member_time(o, what, "from", 0, &x->from, err) == -1 ||
	    member_time(o, what, "to", 0, &x->to, err) == -1)
		return (-1);
	if (x->from == -1 && x->to != -1)
		return (fail(err, 400, "missing_field", "is required with to",
		    "%s.from", what));
	if (x->from != -1 && x->to == -1)
		return (fail(err, 400, "missing_field", "is required with from",
		    "%s.to", what));
	if (x->from != -1 && x->from == x->to)
		return (fail(err, 422, "empty_window",
		    "to must differ from from", "%s.to", what));

	return (0);
}

int
api_profile_from_json(const struct api_jvalue *o, struct rules_profile *p,
    struct api_profile_err *err)
{
	const struct api_jvalue *a, *v;
	const char              *why;
	size_t                   i, bad;
	int                      window;

	memset(p, 0, sizeof(*p));
	memset(err, 0, sizeof(*err));
	if ((a = api_json_get(o, "windows")) == NULL)
		return (fail(err, 400, "missing_field", "is required", "%s",
		    "windows"));
	if (a->type != API_JARRAY || a->count > RULES_PROFILE_WINDOWS_MAX)
		return (fail(err, 400, "invalid_value",
		    "an array of at most 32 windows", "%s", "windows"));
	for (v = a->child, i = 0; v != NULL; v = v->next, i++) {
		if (take_window(v, i, &p->windows[i], err) == -1)
			return (-1);
	}
	p->nwindows = i;

	if ((a = api_json_get(o, "exceptions")) != NULL) {
		if (a->type != API_JARRAY ||
		    a->count > RULES_PROFILE_EXCEPTIONS_MAX)
			return (fail(err, 400, "invalid_value",
			    "an array of at most 128 exception dates", "%s",
			    "exceptions"));
		for (v = a->child, i = 0; v != NULL; v = v->next, i++) {
			if (take_exception(v, i, &p->exceptions[i], err) == -1)
				return (-1);
		}
		p->nexceptions = i;
	}

	if (rules_profile_normalise(p, &bad, &window, &why) == -1) {
		if (window)
			return (fail(err, 422, "invalid_profile", why,
			    "windows[%zu]", bad));
		return (fail(err, 422, "conflicting_exception", why,
		    "exceptions[%zu].date", bad));
	}

	return (0);
}

/* snprintf at out[*off..outlen), counting what it needs beyond. */
static void
put(char *out, size_t outlen, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int     n;

	va_start(ap, fmt);
	n = vsnprintf(*off < outlen ? out + *off : NULL,
	    *off < outlen ? outlen - *off : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off += (size_t)n;
}

size_t
api_profile_json(const struct rules_profile *p, char *out, size_t outlen)
{
	const struct rules_exception *x;
	size_t                        i, off = 0;
	int                           d, n;

	if (outlen > 0)
		out[0] = '\0';
	put(out, outlen, &off, "\"windows\":[");
	for (i = 0; i < p->nwindows && i < RULES_PROFILE_WINDOWS_MAX; i++) {
		put(out, outlen, &off, "%s{\"days\":[", i > 0 ? "," : "");
		for (d = 0, n = 0; d < 7; d++) {
			if (p->windows[i].days & (1u << day_order[d]))
				put(out, outlen, &off, "%s\"%s\"",
				    n++ > 0 ? "," : "",
				    day_names[day_order[d]]);
		}
		put(out, outlen, &off,
		    "],\"from\":\"%02d:%02d\",\"to\":\"%02d:%02d\"}",
		    p->windows[i].from / 60, p->windows[i].from % 60,
		    p->windows[i].to / 60, p->windows[i].to % 60);
	}
	put(out, outlen, &off, "],\"exceptions\":[");
	for (i = 0; i < p->nexceptions && i < RULES_PROFILE_EXCEPTIONS_MAX;
	     i++) {
		x = &p->exceptions[i];
		put(out, outlen, &off, "%s{\"date\":\"%04d-%02d-%02d\"",
		    i > 0 ? "," : "", x->ymd / 10000, x->ymd / 100 % 100,
		    x->ymd % 100);
		if (x->from != -1)
			put(out, outlen, &off,
			    ",\"from\":\"%02d:%02d\",\"to\":\"%02d:%02d\"",
			    x->from / 60, x->from % 60, x->to / 60, x->to % 60);
		put(out, outlen, &off, "}");
	}
	put(out, outlen, &off, "]");

	return (off);
}
