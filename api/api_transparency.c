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
 * The transparency notice (issue 6): GET /api/v1/transparency, public,
 * renders the information Art. 13 GDPR asks for from a tenant's live
 * configuration, in German or English: the controller and its data
 * protection officer (GET|PUT /api/v1/settings/transparency), what is
 * processed and why, how it is pseudonymised, how long each kind of
 * record is kept (the tenant's retention), who receives it, where it is
 * stored (torwart.conf's data_location), and the rights and how to use
 * them.  A notice whose controller is not yet set says so
 * ("complete":false) rather than leave the reader guessing.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "api_retention.h"
#include "api_util.h"

#define LANG_EN 0
#define LANG_DE 1

/* The settings the notice needs and nothing else holds. */
static const struct field {
	const char *name;
	size_t      max;
	int         email;
} fields[] = {
	{ "controller_name", 200, 0 },
	{ "controller_address", 400, 0 },
	{ "controller_email", 254, 1 },
	{ "dpo_email", 254, 1 },
	{ "recipients", 1000, 0 },
	{ "purposes", 1000, 0 },
};
#define FIELDS (sizeof(fields) / sizeof(fields[0]))

struct notice {
	int64_t            tenant;
	int                lang, text;
	int64_t            hours[CLASSES];
	char               details[256];
	char               cur[FIELDS][1001]; /* PUT: what was stored */
	int                curnull[FIELDS];
	struct sql_param   p[FIELDS + 2];
	struct sql_param   ap[6];
	struct app_db_stmt s[2];
};

static const char q_notice[] =
    "SELECT t.name, s.controller_name, s.controller_address, "
    "s.controller_email, s.dpo_email, s.recipients, s.purposes, "
    "COALESCE(s.read_epoch, 'day'), (SELECT GROUP_CONCAT(class, '=', "
    "hours) FROM retention WHERE tenant_id = t.id), (SELECT "
    "GROUP_CONCAT(name ORDER BY id SEPARATOR ', ') FROM sites WHERE "
    "tenant_id = t.id) FROM tenants t LEFT JOIN tenant_settings s ON "
    "s.tenant_id = t.id WHERE t.id = ?";
static const char q_settings[] =
    "SELECT controller_name, controller_address, controller_email, "
    "dpo_email, recipients, purposes FROM tenant_settings "
    "WHERE tenant_id = ?";
static const char q_settings_set[] =
    "UPDATE tenant_settings SET controller_name = ?, controller_address = "
    "?, controller_email = ?, dpo_email = ?, recipients = ?, purposes = ?, "
    "updated_at = UTC_TIMESTAMP(6) WHERE tenant_id = ?";

/* Per retention class that holds a plate's token: what it is, EN and DE. */
static const char *const kept[CLASSES][2] = {
	[C_NO_EFFECT] = { "a read no rule needed",
	    "eine Erfassung, die keine Regel brauchte" },
	[C_OPENED] = { "a read that opened the gate",
	    "eine Erfassung, die die Schranke geöffnet hat" },
	[C_DENIED] = { "a read refused for a full site or a closed gate",
	    "eine abgewiesene Erfassung (voll, geschlossen)" },
	[C_HOTLIST] = { "a read of a vehicle on a deny list",
	    "eine Erfassung eines gesperrten Fahrzeugs" },
	[C_MANUAL] = { "a read a person had to decide",
	    "eine Erfassung, über die ein Mensch entscheiden musste" },
	[C_VIOLATION] = { "an overstay or a passback violation",
	    "eine Überschreitung der Parkdauer oder ein Passback-Verstoß" },
	[C_SESSION] = { "a closed parking session (entry, exit, amount)",
	    "ein beendeter Parkvorgang (Einfahrt, Ausfahrt, Betrag)" },
	[C_OPERATOR] = { "a decision a person made",
	    "eine Entscheidung eines Menschen" },
};

static const char *const epochs[][2] = {
	{ "never (the pseudonym stays the same)",
	    "nie (das Pseudonym bleibt gleich)" },
	{ "every day", "täglich" },
	{ "every week", "wöchentlich" },
	{ "every month", "monatlich" },
};

/* The EU and EEA states by ISO 3166-1 alpha-2 code. */
static const char eea[] = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS "
                          "IT LI LT LU LV MT NL NO PL PT RO SE SI SK";

static int
in_eea(const char *cc)
{
	const char *p;

	if (strlen(cc) != 2)
		return (0);
	for (p = eea; *p != '\0'; p += 3) {
		if (p[0] == cc[0] && p[1] == cc[1])
			return (1);
		if (p[2] == '\0')
			break;
	}
	return (0);
}

/* Column c of the notice row, or NULL when NULL or empty. */
static const char *
col(struct sql_result *r, size_t c)
{
	const char *s;

	if (sql_result_null(r, 0, c))
		return (NULL);
	s = sql_result_text(r, 0, c, NULL);
	return (s[0] != '\0' ? s : NULL);
}

/* One section: {"heading":…,"text":…} or, as text, heading and body. */
static void
section(struct kore_buf *b, int text, int *first, const char *heading,
    const char *body)
{
	if (text) {
		kore_buf_appendf(b, "\n%s\n\n%s\n", heading, body);
		return;
	}
	if (!*first)
		kore_buf_append(b, ",", 1);
	*first = 0;
	kore_buf_append(b, "{\"heading\":", 11);
	api_buf_str(b, heading);
	kore_buf_append(b, ",\"text\":", 8);
	api_buf_str(b, body);
	kore_buf_append(b, "}", 1);
}

/* The text of one section, built in t (reset first). */
#define T(...) kore_buf_appendf(t, __VA_ARGS__)

static void
render(struct api_ctx *ctx, struct notice *n, struct sql_result *r)
{
	struct kore_buf *b = kore_buf_alloc(4096), *t = kore_buf_alloc(1024);
	const char      *name = col(r, 0), *ctrl = col(r, 1), *addr = col(r, 2);
	const char      *mail = col(r, 3), *dpo = col(r, 4), *rcpt = col(r, 5);
	const char      *purp = col(r, 6), *sites = col(r, 9);
	const char      *contact;
	int              de = n->lang == LANG_DE, first = 1, e, complete;
	size_t           c, k;

	e = pseudo_epoch_parse(sql_result_text(r, 0, 7, NULL));
	if (e < 0)
		e = PSEUDO_EPOCH_DAY;
	api_class_hours(col(r, 8), n->hours);
	complete = ctrl != NULL && (mail != NULL || dpo != NULL);
	contact = dpo != NULL ? dpo : mail;

	if (n->text) {
		kore_buf_appendf(b, "%s\n",
		    de ? "Datenschutzhinweise zur Kennzeichenerfassung "
		         "(Art. 13 DSGVO)" :
		         "Privacy notice on licence plate recognition "
		         "(Art. 13 GDPR)");
	} else {
		kore_buf_appendf(b,
		    "{\"tenant\":%" PRId64 ",\"lang\":\"%s\",\"complete\":%s,"
		    "\"title\":",
		    n->tenant, de ? "de" : "en", complete ? "true" : "false");
		api_buf_str(b,
		    de ? "Datenschutzhinweise zur Kennzeichenerfassung "
		         "(Art. 13 DSGVO)" :
		         "Privacy notice on licence plate recognition "
		         "(Art. 13 GDPR)");
		kore_buf_append(b, ",\"sections\":[", 13);
	}

	/* 1. Who is responsible. */
	kore_buf_reset(t);
	if (ctrl != NULL) {
		T("%s", ctrl);
		if (addr != NULL)
			T(", %s", addr);
		if (mail != NULL)
			T(". %s %s", de ? "E-Mail:" : "Email:", mail);
	} else {
		T("%s",
		    de ? "Noch nicht angegeben: bitte fragen Sie den "
		         "Betreiber des Parkplatzes." :
		         "Not given yet: please ask the operator of the "
		         "car park.");
	}
	T(de ? " (Mandant: %s)" : " (tenant: %s)", name);
	kore_buf_append(t, "", 1);
	section(b, n->text, &first, de ? "Verantwortlicher" : "Controller",
	    (const char *)t->data);

	kore_buf_reset(t);
	if (dpo != NULL)
		T("%s", dpo);
	else
		T("%s",
		    de ? "Nicht gesondert benannt: wenden Sie sich an den "
		         "Verantwortlichen." :
		         "None named separately: write to the controller.");
	kore_buf_append(t, "", 1);
	section(b, n->text, &first,
	    de ? "Datenschutzbeauftragte(r)" : "Data protection officer",
	    (const char *)t->data);

	/* 2. What and why. */
	kore_buf_reset(t);
	if (de)
		T("Kameras an den Ein- und Ausfahrten%s%s lesen die "
		  "Kennzeichen von Fahrzeugen (bei Containern und Gefahrgut "
		  "auch Container- und Gefahrgutnummern), um Zufahrt und "
		  "Parken zu steuern: Schranke öffnen, Parkdauer und Entgelt "
		  "ermitteln, Sperrlisten und Kapazität durchsetzen. "
		  "Rechtsgrundlage: Art. 6 Abs. 1 lit. b DSGVO (Ihr "
		  "Parkvertrag) und Art. 6 Abs. 1 lit. f DSGVO (berechtigtes "
		  "Interesse an Zugangskontrolle und Parkraumbewirtschaftung).",
		    sites != NULL ? " von " : "", sites != NULL ? sites : "");
	else
		T("Cameras at the entrances and exits%s%s read vehicles' "
		  "licence plates (and container and hazardous goods numbers "
		  "where they apply) to control access and parking: to open "
		  "the gate, to work out parking time and fees, and to enforce "
		  "deny lists and capacity. Legal basis: Art. 6(1)(b) GDPR "
		  "(your parking contract) and Art. 6(1)(f) GDPR (legitimate "
		  "interest in access control and parking management).",
		    sites != NULL ? " of " : "", sites != NULL ? sites : "");
	if (purp != NULL)
		T(" %s %s", de ? "Außerdem:" : "Also:", purp);
	kore_buf_append(t, "", 1);
	section(b, n->text, &first,
	    de ? "Zwecke und Rechtsgrundlage" : "Purposes and legal basis",
	    (const char *)t->data);

	/* 3. How. */
	kore_buf_reset(t);
	T(de ? "Ein Kennzeichen wird beim Eingang sofort in ein "
	       "schlüsselbasiertes Pseudonym (HMAC) umgewandelt; das "
	       "Kennzeichen im Klartext wird mit einer Erfassung nicht "
	       "gespeichert, Bilder werden nicht gespeichert. Das Pseudonym "
	       "einer Erfassung wechselt %s. Einträge auf Zugangs- und "
	       "Sperrlisten sind verschlüsselt gespeichert." :
	       "A plate is turned into a keyed pseudonym (HMAC) the moment "
	       "it arrives; the plain plate is not stored with a read, and "
	       "images are not stored. The pseudonym of a read changes %s. "
	       "Entries on allow and deny lists are stored encrypted.",
	    epochs[e][de]);
	kore_buf_append(t, "", 1);
	section(b, n->text, &first,
	    de ? "Pseudonymisierung" : "Pseudonymisation",
	    (const char *)t->data);

	/* 4. How long: the tenant's retention now. */
	kore_buf_reset(t);
	for (c = 0, k = 0; c < CLASSES; c++) {
		if (kept[c][0] == NULL)
			continue;
		if (n->hours[c] == 0)
			T("%s%s: %s", k++ > 0 ? "; " : "", kept[c][de],
			    de ? "nicht gespeichert (nur gezählt)" :
			         "not stored (counted only)");
		else
			T("%s%s: %" PRId64 " %s", k++ > 0 ? "; " : "",
			    kept[c][de], n->hours[c], de ? "Stunden" : "hours");
	}
	T(de ? ". Danach wird gelöscht, automatisch und mindestens "
	       "jede Minute." :
	       ". Then it is deleted, automatically, at least every "
	       "minute.");
	kore_buf_append(t, "", 1);
	section(b, n->text, &first, de ? "Speicherdauer" : "How long",
	    (const char *)t->data);

	/* 5. Who receives it, and where. */
	kore_buf_reset(t);
	if (rcpt != NULL)
		T("%s%s", rcpt, rcpt[strlen(rcpt) - 1] == '.' ? "" : ".");
	else
		T("%s",
		    de ? "Niemand außer dem Verantwortlichen und seinen "
		         "Auftragsverarbeitern (Betrieb und Hosting)." :
		         "No one but the controller and its processors "
		         "(operation and hosting).");
	T(de ? " Gespeichert in: %s (%s)." : " Stored in: %s (%s).",
	    app_config.data_location,
	    in_eea(app_config.data_location) ?
	        (de ? "EU/EWR" : "EU/EEA") :
	        (de ? "außerhalb von EU/EWR" : "outside the EU/EEA"));
	kore_buf_append(t, "", 1);
	section(b, n->text, &first,
	    de ? "Empfänger und Speicherort" : "Recipients and location",
	    (const char *)t->data);

	/* 6. Rights. */
	kore_buf_reset(t);
	T(de ? "Sie haben das Recht auf Auskunft (Art. 15), Berichtigung "
	       "(Art. 16), Löschung (Art. 17), Einschränkung (Art. 18) und "
	       "Widerspruch (Art. 21 DSGVO) sowie das Recht, sich bei einer "
	       "Datenschutzaufsichtsbehörde zu beschweren (Art. 77). " :
	       "You have the right of access (Art. 15), rectification "
	       "(Art. 16), erasure (Art. 17), restriction (Art. 18) and to "
	       "object (Art. 21 GDPR), and the right to lodge a complaint "
	       "with a data protection supervisory authority (Art. 77). ");
	if (contact != NULL)
		T(de ? "Schreiben Sie an %s und nennen Sie Ihr Kennzeichen: "
		       "Auskunft und Löschung umfassen jede gespeicherte "
		       "Erfassung, jeden Parkvorgang und jeden Listeneintrag "
		       "zu Ihrem Fahrzeug." :
		       "Write to %s and give your licence plate: access and "
		       "erasure cover every stored read, parking session and "
		       "list entry about your vehicle.",
		    contact);
	else
		T("%s",
		    de ? "Wenden Sie sich an den Betreiber des Parkplatzes." :
		         "Ask the operator of the car park.");
	kore_buf_append(t, "", 1);
	section(b, n->text, &first, de ? "Ihre Rechte" : "Your rights",
	    (const char *)t->data);
	kore_buf_free(t);

	if (n->text) {
		http_response_header(ctx->req, "content-type",
		    "text/plain; charset=utf-8");
		http_response_header(ctx->req, "content-language",
		    de ? "de" : "en");
		http_response(ctx->req, HTTP_STATUS_OK, b->data, b->offset);
		kore_buf_free(b);
		return;
	}
	kore_buf_append(b, "]}", 2);
	api_buf_send(ctx, HTTP_STATUS_OK, b);
}

/*
 * GET /api/v1/transparency?tenant=N&lang=de|en&format=json|text.  lang
 * defaults to the Accept-Language's first choice of the two, else en.
 */
int
api_transparency(struct api_ctx *ctx)
{
	struct notice     *n = api_priv(ctx, sizeof(*n));
	struct sql_result *r;
	char               v[24];
	const char        *al;
	char              *end;
	int                q;

	API_BEGIN(ctx);
	if ((q = api_query(ctx, "tenant", v, sizeof(v))) != 1 ||
	    (n->tenant = strtoll(v, &end, 10)) <= 0 || *end != '\0' ||
	    v[0] == '0' || strspn(v, "0123456789") != strlen(v)) {
		api_error(ctx->req, 400,
		    q == 0 ? "missing_field" : "invalid_value", "tenant",
		    "the tenant's id, ?tenant=1");
		return (KORE_RESULT_OK);
	}
	n->lang = LANG_EN;
	if ((q = api_query(ctx, "lang", v, sizeof(v))) == 1 &&
	    strcmp(v, "de") == 0)
		n->lang = LANG_DE;
	else if (q == 1 && strcmp(v, "en") != 0) {
		api_error(ctx->req, 400, "invalid_value", "lang", "de or en");
		return (KORE_RESULT_OK);
	} else if (q == 0 &&
	    http_request_header(ctx->req, "accept-language", &al) &&
	    strncasecmp(al, "de", 2) == 0)
		n->lang = LANG_DE;
	if ((q = api_query(ctx, "format", v, sizeof(v))) == 1 &&
	    strcmp(v, "text") == 0)
		n->text = 1;
	else if (q == 1 && strcmp(v, "json") != 0) {
		api_error(ctx->req, 400, "invalid_value", "format",
		    "json or text");
		return (KORE_RESULT_OK);
	}
	n->p[0] = sql_p_int(n->tenant);
	API_SQL(ctx, q_notice, n->p, 1);
	r = api_result(ctx);
	if (r == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found",
		    "tenant", "no such tenant");
		return (KORE_RESULT_OK);
	}
	render(ctx, n, r);
	API_END(ctx);
}

/* The settings as JSON: each field a string or null. */
static void
settings_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	size_t c;

	kore_buf_append(b, "{", 1);
	for (c = 0; c < FIELDS; c++) {
		kore_buf_appendf(b, "%s\"%s\":", c > 0 ? "," : "",
		    fields[c].name);
		api_buf_col(b, r, i, c);
	}
	kore_buf_append(b, "}", 1);
}

int
api_transparency_get(struct api_ctx *ctx)
{
	struct notice *n = api_priv(ctx, sizeof(*n));

	API_BEGIN(ctx);
	n->p[0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_settings, n->p, 1);
	api_item_send(ctx, "tenant settings", settings_json);
	API_END(ctx);
}

/*
 * PUT {"controller_name"?, …}: each member given is set (null or ""
 * clears it), the others kept; audited with the names of what changed.
 */
int
api_transparency_put(struct api_ctx *ctx)
{
	static const char *const names[] = { "controller_name",
		"controller_address", "controller_email", "dpo_email",
		"recipients", "purposes", NULL };
	struct notice           *n = api_priv(ctx, sizeof(*n));
	struct sql_result       *r;
	const struct api_jvalue *v;
	size_t                   c, i, len, k = 0;
	const char              *s;

	API_BEGIN(ctx);
	if (!api_body_fields(ctx, names))
		return (KORE_RESULT_OK);
	for (c = 0; c < FIELDS; c++) {
		if ((v = api_json_get(ctx->json, fields[c].name)) == NULL ||
		    v->type == API_JNULL)
			continue;
		if (v->type != API_JSTRING) {
			api_error(ctx->req, 400, "invalid_type", fields[c].name,
			    "a string or null");
			return (KORE_RESULT_OK);
		}
		if (v->len > fields[c].max) {
			api_error(ctx->req, 400, "too_long", fields[c].name,
			    "longer than this field takes");
			return (KORE_RESULT_OK);
		}
		for (i = 0; i < v->len; i++) {
			if ((unsigned char)v->str[i] < 0x20 ||
			    v->str[i] == 0x7f) {
				api_error(ctx->req, 400, "invalid_value",
				    fields[c].name, "no control characters");
				return (KORE_RESULT_OK);
			}
		}
		if (fields[c].email && v->len > 0 &&
		    ((s = memchr(v->str, '@', v->len)) == NULL || s == v->str ||
		        s == v->str + v->len - 1 ||
		        memchr(v->str, ' ', v->len) != NULL)) {
			api_error(ctx->req, 400, "invalid_value",
			    fields[c].name, "an email address");
			return (KORE_RESULT_OK);
		}
	}

	/* What is stored now, for the members not given. */
	n->p[0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_settings, n->p, 1);
	r = api_result(ctx);
	if (r == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
		    "no settings for this tenant");
		return (KORE_RESULT_OK);
	}
	/* Copied: the result goes when the transaction is submitted. */
	for (c = 0; c < FIELDS; c++) {
		n->curnull[c] = sql_result_null(r, 0, c);
		(void)snprintf(n->cur[c], sizeof(n->cur[c]), "%s",
		    n->curnull[c] ? "" : sql_result_text(r, 0, c, NULL));
	}
	len =
	    (size_t)snprintf(n->details, sizeof(n->details), "{\"changed\":[");
	for (c = 0; c < FIELDS; c++) {
		v = api_json_get(ctx->json, fields[c].name);
		if (v == NULL) {
			n->p[c] =
			    n->curnull[c] ? sql_p_null() : sql_p_str(n->cur[c]);
			continue;
		}
		n->p[c] = v->type == API_JNULL || v->len == 0 ?
		    sql_p_null() :
		    sql_p_text(v->str, v->len);
		len +=
		    (size_t)snprintf(n->details + len, sizeof(n->details) - len,
		        "%s\"%s\"", k++ > 0 ? "," : "", fields[c].name);
	}
	(void)snprintf(n->details + len, sizeof(n->details) - len, "]}");
	n->p[FIELDS] = sql_p_int(ctx->who.tenant);
	api_stmt(&n->s[0], q_settings_set, n->p, FIELDS + 1, 0);
	api_audit_stmt(ctx, &n->s[1], n->ap, "settings.transparency",
	    "settings:transparency", "success", n->details, 0);
	API_TX(ctx, n->s, 2);
	n->p[0] = sql_p_int(ctx->who.tenant);
	API_SQL(ctx, q_settings, n->p, 1);
	api_item_send(ctx, "tenant settings", settings_json);
	API_END(ctx);
}
