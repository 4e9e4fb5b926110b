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
 * Reads (/api/v1/reads): a device's POST, validated (api_read.c), its
 * plate turned into a keyed token and wiped, decided, stored as the
 * tenant's retention allows, and answered after the commit that holds it
 * (group commit, kore/app_db.c); and the pseudonymous search.
 *
 * A read's token: HMAC-SHA-256 of the plate's skeleton under the key for
 * (tenant, "read", key version), with the epoch of the day (week, month)
 * the server received it in, truncated to 128 bits (pseudo_token()).
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api.h"
#include "api_read.h"
#include "api_util.h"
#include "../rules/rules.h"
#include "../rules/rules_adr.h"
#include "../rules/rules_profile.h"
#include "api_gate.h"
#include "api_lcache.h"
#include "api_local.h"
#include "api_retention.h"
#include "api_multipart.h"
#include "api_vendor.h"
#include "api_ocr.h"

/* How long a device's read id is remembered, so a retry is recognised. */
#define IDEM_HOURS 24

/* Columns of a stored read: one batched row (kore/app_db.c). */
#define READ_COLS   31
#define MANUAL_COLS 14
#define EVENT_COLS  9

/* A manual decision waits in the queue at least this long. */
#define MANUAL_MIN_HOURS 1

/* How often a read is decided again because the state moved meanwhile. */
#define TRIES 4

/* The tokens a read looks lists up by: its own, its deletions, candidates. */
#define HIT_TOKENS (1 + PSEUDO_NEIGHBOURS_MAX + API_READ_CANDIDATES_MAX)
/*
 * The list rows a read's tokens meet, at most: entries' own tokens first
 * (the only ones that match exactly), then their deletions.
 */
#define HITS_MAX   256

/* A sealed plate: plate_reads.sealed is VARBINARY(1080) (016). */
#define SEALED_MAX PSEUDO_EVIDENCE_SEALED_MAX(PSEUDO_PLATE_MAX)
_Static_assert(SEALED_MAX == 1080, "plate_reads.sealed holds 1080 bytes");

static struct app_db_table t_read_ids = APP_DB_TABLE(
    "INSERT INTO read_ids (source, id_hash, tenant_id, answer, created_at, "
    "expires_at) VALUES ",
    "(?, ?, ?, ?, ?, ?)", 6, 1);
static struct app_db_table t_reads = APP_DB_TABLE(
    "INSERT INTO plate_reads (id, received_at, tenant_id, site_id, lane_id, "
    "source, kind, captured_at, token, key_version, epoch_mode, epoch, "
    "code, adr_hazard, adr_un, country, plausible, confidence, direction, "
    "action, reasons, class, expires_at, list_id, entry_id, match_kind, "
    "trace, shadow_action, shadow_reasons, session_id, sealed) VALUES ",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?)",
    READ_COLS, 2);
static struct app_db_table t_manual = APP_DB_TABLE(
    "INSERT INTO manual_queue (tenant_id, site_id, lane_id, read_id, kind, "
    "direction, reasons, confidence, code, token, key_version, holder, "
    "created_at, expires_at) VALUES ",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", MANUAL_COLS, 3);
static struct app_db_table t_events = APP_DB_TABLE(
    "INSERT INTO events (tenant_id, site_id, lane_id, kind, read_id, "
    "session_id, at, details, expires_at) VALUES ",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?)", EVENT_COLS, 4);

/*
 * The lane (and its site), the tenant's retention, an earlier answer to
 * the same read id, the configuration epoch, and whether the API key (0:
 * a session, checked by the dispatcher) still holds.
 */
static const char q_lane[] =
    "SELECT l.site_id, l.direction, "
    "(SELECT GROUP_CONCAT(class, '=', hours) FROM retention "
    "WHERE tenant_id = ?), "
    "(SELECT answer FROM read_ids WHERE source = ? AND id_hash = ? "
    "AND expires_at > UTC_TIMESTAMP(3)), "
    "(SELECT v FROM config_epoch WHERE id = 1), "
    "? = 0 OR EXISTS (SELECT 1 FROM api_keys k WHERE k.id = ? "
    "AND k.revoked_at IS NULL AND k.pending_approval = 0 AND "
    "(k.expires_at IS NULL OR k.expires_at > UTC_TIMESTAMP(6))), "
    "(SELECT COUNT(*) FROM lists WHERE tenant_id = l.tenant_id AND "
    "(site_id IS NULL OR site_id = l.site_id)), "
    "s.manual_below, s.parking, s.default_action, s.adr_forbidden, "
    "s.adr_tunnel, l.adr_forbidden, l.adr_tunnel, s.timezone, "
    "s.unbooked_action, ts.evidence_classes, ts.evidence_fingerprint, "
    "IF(COALESCE(ts.evidence_classes, '') = '', NULL, ts.evidence_key) "
    "FROM lanes l JOIN sites s ON s.id = l.site_id "
    "LEFT JOIN tenant_settings ts ON ts.tenant_id = l.tenant_id "
    "WHERE l.id = ? AND l.tenant_id = ?";

/*
 * The list entries the read's tokens meet at its site, with what rules/
 * needs of them.  Unused token places repeat the read's own.
 */
static const char q_hits[] =
    "SELECT t.token, t.is_exact, e.id, e.list_id, l.kind, l.priority, "
    "l.fuzzy, l.fuzzy_action, "
    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01', e.valid_from), 0), "
    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01', e.valid_to), 0), "
    "l.mode = 'shadow', e.profile_id, p.spec "
    "FROM list_tokens t JOIN list_entries e ON e.id = t.entry_id "
    "LEFT JOIN time_profiles p ON p.id = e.profile_id "
    "JOIN lists l ON l.id = e.list_id WHERE t.tenant_id = ? AND t.token IN "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?) AND (l.site_id IS NULL OR l.site_id = ?) "
    "ORDER BY t.is_exact DESC LIMIT 256";
/*
 * A parking site's policy, its occupancy and the vehicle's open session
 * (by its match token), read without locks: the transaction that stores
 * the decision asserts what the decision took for granted.
 */
static const char q_state[] =
    "SELECT st.occupancy, st.holders, COALESCE(s.capacity, -1), s.reserved, "
    "s.passback, s.passback_reset_min, COALESCE(s.max_stay_min, -1), "
    "s.grace_min, s.free_min, s.period_min, s.period_cents, "
    "COALESCE(s.daily_cap_cents, -1), s.currency, p.id, "
    "TIMESTAMPDIFF(SECOND, '1970-01-01', p.entered_at) "
    "FROM site_state st JOIN sites s ON s.id = st.site_id "
    "LEFT JOIN parking_sessions p ON p.site_id = st.site_id "
    "AND p.open_token IN (?, ?) WHERE st.site_id = ? AND s.tenant_id = ?";

/*
 * A read's session change (sql/schema/009_parking_apply.sql), a row of
 * the group commit after all others: the site's state row is locked as
 * late as possible, and the calls of one batch lock sites in the order
 * of their ids.
 */
static struct app_db_table t_parking = APP_DB_CALL_MANY("CALL parking_apply ",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 16, 9,
    "CALL parking_apply_many(?)");

/* A booking of the container at the site whose window holds the read. */
static const char q_booking[] =
    "SELECT id FROM container_bookings WHERE tenant_id = ? AND site_id = ? "
    "AND code = ? AND (window_from IS NULL OR window_from <= ?) AND "
    "(window_to IS NULL OR window_to > ?) ORDER BY id LIMIT 1";

static const char q_answer[] =
    "SELECT answer FROM read_ids WHERE source = ? AND id_hash = ? "
    "AND expires_at > UTC_TIMESTAMP(3)";
static const char q_answer_expired[] =
    "DELETE FROM read_ids WHERE source = ? AND id_hash = ? "
    "AND expires_at <= UTC_TIMESTAMP(3)";

/*
 * What a read needs of its lane, its site and its tenant (q_lane's row),
 * kept per worker in the lane cache.
 */
struct lane_conf {
	int64_t site;
	int64_t cls[CLASSES]; /* retention hours by class */
	int     has_lists; /* the site has lists to look in */
	double  manual_below; /* the site's confidence tier */
	int     parking; /* the site tracks sessions */
	int     default_action; /* enum rules_action */
	int     unbooked; /* containers: -1 no booking check, else the action */
	char    dir[8]; /* the lane's direction */
	char    tz[API_LOCAL_TZ_MAX + 1]; /* the site's, for time profiles */
	/* Dangerous goods restrictions of the site and the lane. */
	char adr_site[65], adr_site_tunnel[2];
	char adr_lane[65], adr_lane_tunnel[2];
	/* Sealed evidence: the classes sealed, the key's fingerprint. */
	unsigned int ev_classes;
	char         ev_fp[PSEUDO_EVIDENCE_FP_HEX + 1];
};

enum vendor {
	V_NONE, /* POST /api/v1/reads */
	V_OPENALPR,
	V_PLATERECOGNIZER,
	V_AXIS,
	V_HIKVISION,
	V_VAXTOR,
	V_DAHUA,
	V_GENETEC,
	V_OCR, /* POST /api/v1/ocr: an image */
};

struct ingest {
	struct api_read r; /* plaintext until the token is made */
	/* The canonical plate, kept only to be sealed (evidence_seal()). */
	char             evplate[PSEUDO_PLATE_MAX + 1];
	unsigned char    sealed[SEALED_MAX];
	size_t           sealedlen;
	int              kind;
	char             code[12];
	char             hazard[5], un[5];
	char             country[PSEUDO_COUNTRY_MAX + 1];
	int              plausible, check_ok;
	double           confidence;
	int64_t          lane;
	int              dir;
	unsigned char    token[PSEUDO_TOKEN_LEN];
	uint32_t         epoch;
	unsigned char    idhash[PSEUDO_TOKEN_LEN];
	int              has_id;
	unsigned char    id[16];
	char             idhex[33];
	struct lane_conf c;
	int              vendor; /* enum vendor */
	char             tz[API_LOCAL_TZ_MAX + 1]; /* the device's zone */
	int64_t          hours, now, at;
	int              ms;
	int              fresh; /* the lane came from the database */
	int              replay; /* an earlier answer to the read id */
	int              tries;
	uint64_t         cfg; /* config epoch it was decided with */
	int              stateful; /* decided on the site's state */
	int              hazard_event; /* an orange plate arrived */
	char             hazard_details[64];
	int              have_match; /* rt and cand are made */
	char             skel[PSEUDO_PLATE_MAX + 1]; /* until then */
	char             cskel[API_READ_CANDIDATES_MAX][PSEUDO_PLATE_MAX + 1];
	struct rules_tokens rt; /* match tokens of the read */
	/* rt.exact under the previous key version: sessions opened before */
	unsigned char         prev[PSEUDO_TOKEN_LEN];
	unsigned char         cand[API_READ_CANDIDATES_MAX][PSEUDO_TOKEN_LEN];
	size_t                ncand;
	struct rules_decision d;
	struct rules_decision shadow; /* of the shadow lists */
	int                   has_shadow;
	struct rules_site     site_rules;
	struct rules_state    st;
	struct rules_effect   e;
	char                  currency[4];
	int64_t               session; /* the read's session, 0: none */
	int64_t               cls[CLASSES]; /* retention hours by class */
	int                   cls_i; /* the read's class */
	struct sql_param      hp[2 + HIT_TOKENS];
	struct sql_param      sp[4]; /* q_state's */
	struct sql_param      bp[5]; /* q_booking's */
	struct sql_param      so[16];
	struct sql_param      mp[MANUAL_COLS];
	struct sql_param      ev[2][EVENT_COLS];
	char                  sess_expires[32], ev_expires[32];
	char                  man_expires[32];
	const char           *direction;
	int                   stored;
	char                  received[32], captured[32], expires[32];
	char                  idem_expires[32];
	char                  expires_rfc[40];
	char                  answer[768];
	struct sql_param      p[READ_COLS];
	struct sql_param      ip[6];
	struct sql_param      lp[8];
	struct app_db_stmt    s[9];
	/* POST /api/v1/ocr: the body, the image in it, what was read. */
	char             *body;
	size_t            bodylen;
	const void       *img;
	size_t            imglen;
	enum ocr_kind     okind;
	int               ostatus;
	char              ocountry[PSEUDO_COUNTRY_MAX + 1];
	struct ocr_result ocr;
};

static const char *const kind_names[] = { "plate", "container", "adr" };

/* --- keys --------------------------------------------------------------- */

/*
 * The read or match key of (tenant, version): HKDF from the master key
 * that version was made under, kept in a small per-worker cache (a
 * worker serves few tenants; HKDF costs more than the HMAC it keys).
 * NULL when that master is not in the keyring (or OpenSSL fails).
 */
#define KEY_CACHE 16

struct key_slot {
	int64_t           tenant;
	uint32_t          version, master;
	int               match; /* purpose "match", else "read" */
	uint64_t          used;
	struct pseudo_key key;
};

static struct key_slot key_cache[KEY_CACHE];
static uint64_t        key_tick;

static const struct pseudo_key *
token_key(int64_t tenant, uint32_t version, uint32_t master, int match)
{
	struct key_slot *e, *lru = &key_cache[0];
	size_t           i;

	for (i = 0; i < KEY_CACHE; i++) {
		e = &key_cache[i];
		if (e->used != 0 && e->tenant == tenant &&
		    e->version == version && e->master == master &&
		    e->match == match) {
			e->used = ++key_tick;
			return (&e->key);
		}
		if (e->used < lru->used)
			lru = e;
	}
	if (pseudo_key_derive(app_master_key(master), match ? "match" : "read",
	        (uint64_t)tenant, version, &lru->key) == -1) {
		lru->used = 0;
		return (NULL);
	}
	lru->tenant = tenant;
	lru->version = version;
	lru->master = master;
	lru->match = match;
	lru->used = ++key_tick;

	return (&lru->key);
}

/* --- sealed evidence --------------------------------------------------- */

/*
 * Each tenant's disclosure key, parsed, per worker.  A slot holds while
 * its fingerprint is the one the lane's row names: a configuration epoch
 * that moves for anything else (a list entry, say) does not parse the key
 * again, which costs 5 ms for RSA-2048 and 160 ms for RSA-8192 on the
 * event loop (once per worker and key).
 */
#define EV_CACHE 16

struct ev_slot {
	int64_t                     tenant;
	char                        fp[PSEUDO_EVIDENCE_FP_HEX + 1];
	struct pseudo_evidence_key *key;
};

static struct ev_slot ev_cache[EV_CACHE];

static struct ev_slot *
ev_slot(int64_t tenant)
{
	return (&ev_cache[(uint64_t)tenant % EV_CACHE]);
}

/* The tenant's key with this fingerprint, or NULL when not loaded. */
static const struct pseudo_evidence_key *
ev_key(int64_t tenant, const char *fp)
{
	struct ev_slot *e = ev_slot(tenant);

	if (e->key == NULL || e->tenant != tenant || strcmp(e->fp, fp) != 0)
		return (NULL);

	return (e->key);
}

/* Load pem[0..len) as the tenant's key; 0 when it cannot be. */
static int
ev_load(int64_t tenant, const char *fp, const char *pem, size_t len)
{
	struct ev_slot             *e = ev_slot(tenant);
	struct pseudo_evidence_key *k;
	const char                 *why;

	if (ev_key(tenant, fp) != NULL)
		return (1);
	if (pseudo_evidence_key_load(pem, len, &k, &why) == -1) {
		kore_log(LOG_ERR,
		    "reads: tenant %" PRId64 ": evidence key unusable: %s",
		    tenant, why);
		return (0);
	}
	if (strcmp(pseudo_evidence_key_fingerprint(k), fp) != 0) {
		kore_log(LOG_ERR,
		    "reads: tenant %" PRId64 ": evidence key does not match "
		    "its fingerprint",
		    tenant);
		pseudo_evidence_key_free(k);
		return (0);
	}
	pseudo_evidence_key_free(e->key);
	e->tenant = tenant;
	(void)snprintf(e->fp, sizeof(e->fp), "%s", fp);
	e->key = k;

	return (1);
}

/*
 * Seal the plate when the tenant seals the read's class; then, or when
 * it does not, the plaintext goes.  Once sealed, a read decided again
 * keeps its seal.  A seal that fails is logged and the read goes on
 * without it (a gate does not wait for evidence).
 */
static void
evidence_seal(struct api_ctx *ctx, struct ingest *a)
{
	const struct pseudo_evidence_key *k;
	char                              aad[64];
	size_t                            aadlen;

	if (a->sealedlen > 0 || a->evplate[0] == '\0' || !a->stored ||
	    (a->c.ev_classes & (1u << a->cls_i)) == 0)
		return;
	if ((k = ev_key(ctx->who.tenant, a->c.ev_fp)) == NULL ||
	    (aadlen = api_evidence_aad(ctx->who.tenant, a->idhex, aad,
	         sizeof(aad))) == 0 ||
	    pseudo_evidence_seal(k, aad, aadlen, a->evplate, strlen(a->evplate),
	        a->sealed, sizeof(a->sealed), &a->sealedlen) == -1) {
		a->sealedlen = 0;
		kore_log(LOG_ERR,
		    "reads: tenant %" PRId64 ": a read could not be sealed",
		    ctx->who.tenant);
	}
}

/* --- times -------------------------------------------------------------- */

/* Unix time t + ms as DATETIME(3) text, UTC. */
static void
sql_time_ms(int64_t t, int ms, char *out, size_t len)
{
	struct tm tm;
	time_t    tt = (time_t)t;
	size_t    n;

	if (gmtime_r(&tt, &tm) == NULL ||
	    (n = strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm)) == 0) {
		(void)snprintf(out, len, "1970-01-01 00:00:00.000");
		return;
	}
	(void)snprintf(out + n, len - n, ".%03d", ms % 1000);
}

/* --- ingest ------------------------------------------------------------- */

/* A device key reads only for its lanes ("1,2"); other roles for any. */
static int
lane_allowed(const struct api_ctx *ctx, int64_t lane)
{
	const char *s = ctx->who.lanes;
	char       *end;
	long long   v;

	if (ctx->who.role != API_ROLE_DEVICE)
		return (1);
	while (*s != '\0') {
		v = strtoll(s, &end, 10);
		if (end == s)
			return (0);
		if (v == lane)
			return (1);
		s = *end == ',' ? end + 1 : end;
	}

	return (0);
}

/*
 * The match tokens lists are looked up by: the read's skeleton and its
 * one-deletion neighbourhood (fuzzy), and each candidate's skeleton.
 * Made only for a site with lists (17 and more HMACs); the skeletons are
 * wiped then, or when the request ends.
 */
static void
wipe_skeletons(struct ingest *a)
{
	explicit_bzero(a->skel, sizeof(a->skel));
	explicit_bzero(a->cskel, sizeof(a->cskel));
}

static int
match_tokens(struct api_ctx *ctx, struct ingest *a)
{
	const struct pseudo_key *key;
	char   nb[PSEUDO_NEIGHBOURS_MAX][PSEUDO_PLATE_MAX + 1];
	int    n, i, rc = 0;
	size_t c;

	if ((key = token_key(ctx->who.tenant, ctx->who.key_version,
	         ctx->who.key_master, 1)) == NULL ||
	    (n = pseudo_neighbourhood(a->skel, nb)) == -1 ||
	    pseudo_token(key, PSEUDO_EPOCH_NONE, 0, a->skel, a->rt.exact) == -1)
		return (-1);
	for (i = 0; i < n && rc == 0; i++)
		rc = pseudo_token(key, PSEUDO_EPOCH_NONE, 0, nb[i],
		    a->rt.dels[i]);
	a->rt.ndels = (size_t)n;
	for (c = 0; c < a->ncand && rc == 0; c++)
		rc = pseudo_token(key, PSEUDO_EPOCH_NONE, 0, a->cskel[c],
		    a->cand[c]);
	/*
	 * A parking site: the session may have been opened before the last
	 * key rotation (api_keyrot.c).  Other reads need no second token,
	 * nor does a version whose master key file is gone (its sessions
	 * can no longer be found).
	 */
	memcpy(a->prev, a->rt.exact, sizeof(a->prev));
	if (rc == 0 && a->stateful && ctx->who.key_version > 1 &&
	    app_master_key(ctx->who.prev_master) != NULL &&
	    ((key = token_key(ctx->who.tenant, ctx->who.key_version - 1,
	          ctx->who.prev_master, 1)) == NULL ||
	        pseudo_token(key, PSEUDO_EPOCH_NONE, 0, a->skel, a->prev) ==
	            -1))
		rc = -1;
	explicit_bzero(nb, sizeof(nb));
	wipe_skeletons(a);
	a->have_match = rc == 0;

	return (rc);
}

/*
 * Everything that needs the plaintext: the token, the idempotency hash.
 * The plate and its candidates are wiped before this returns.
 */
static int
pseudonymise(struct api_ctx *ctx, struct ingest *a, int64_t now)
{
	const struct pseudo_key *key;
	unsigned char            mac[PSEUDO_MAC_LEN];
	char                     buf[sizeof(ctx->who.actor) + API_READ_ID_MAX];
	size_t                   c;
	int                      n, rc = 0;

	a->kind = (int)a->r.kind;
	a->at = a->r.captured;
	a->confidence = a->r.confidence;
	a->lane = a->r.lane;
	a->dir = (int)a->r.direction;
	(void)snprintf(a->country, sizeof(a->country), "%s", a->r.country);
	a->plausible = a->r.plate.plausible;
	a->check_ok = a->r.check_ok;
	(void)snprintf(a->code, sizeof(a->code), "%s", a->r.code);
	(void)snprintf(a->hazard, sizeof(a->hazard), "%s", a->r.hazard);
	(void)snprintf(a->un, sizeof(a->un), "%s", a->r.un);

	if (a->r.kind == API_READ_PLATE) {
		a->epoch = pseudo_epoch(ctx->who.read_epoch, now);
		if ((key = token_key(ctx->who.tenant, ctx->who.key_version,
		         ctx->who.key_master, 0)) == NULL ||
		    pseudo_token(key, ctx->who.read_epoch, a->epoch,
		        a->r.plate.skeleton, a->token) == -1)
			rc = -1;
		/* For match tokens, if the site has lists. */
		(void)snprintf(a->skel, sizeof(a->skel), "%s",
		    a->r.plate.skeleton);
		/* Until the tenant's evidence classes are known. */
		(void)snprintf(a->evplate, sizeof(a->evplate), "%s",
		    a->r.plate.canon);
		for (c = 0; c < a->r.ncand; c++)
			(void)snprintf(a->cskel[c], sizeof(a->cskel[c]), "%s",
			    a->r.cand[c].plate.skeleton);
		a->ncand = a->r.ncand;
	}

	/* The device's id, keyed: a camera may have put the plate in it. */
	if (rc == 0 && a->r.idlen > 0) {
		n = snprintf(buf, sizeof(buf), "%s%c%.*s", ctx->who.actor, 0,
		    (int)a->r.idlen, a->r.id);
		if (n < 0 || (size_t)n >= sizeof(buf) ||
		    pseudo_mac(&app_keys.idem, buf, (size_t)n, mac) == -1)
			rc = -1;
		memcpy(a->idhash, mac, sizeof(a->idhash));
		a->has_id = 1;
		explicit_bzero(buf, sizeof(buf));
		explicit_bzero(mac, sizeof(mac));
	}

	api_read_wipe(&a->r);

	return (rc);
}

/* Reason codes "a,b" ([a-z_], rules/) as a JSON array. */
static void
reasons_json(const char *s, char *out, size_t len)
{
	size_t off = 0, n;
	int    w;

	w = snprintf(out, len, "[");
	off = w > 0 ? (size_t)w : 0;
	while (*s != '\0' && off < len) {
		n = strcspn(s, ",");
		w = snprintf(out + off, len - off, "%s\"%.*s\"",
		    off > 1 ? "," : "", (int)n, s);
		off += w > 0 ? (size_t)w : 0;
		s += n;
		if (*s == ',')
			s++;
	}
	if (off < len)
		(void)snprintf(out + off, len - off, "]");
}

/* The answer, kept for retries: it holds no plate. */
static void
make_answer(struct ingest *a)
{
	char exp[48], why[RULES_REASONS_MAX + 32], list[32], sess[96];
	if (a->session != 0 && a->e.close != 0)
		(void)snprintf(sess, sizeof(sess),
		    "\"%" PRId64 "\",\"duration_s\":%" PRId64
		    ",\"amount_due\":{\"cents\":%" PRId64
		    ",\"currency\":\"%s\"}",
		    a->session, a->e.duration_s, a->e.amount_cents,
		    a->currency);
	else if (a->session != 0)
		(void)snprintf(sess, sizeof(sess), "\"%" PRId64 "\"",
		    a->session);
	else
		(void)snprintf(sess, sizeof(sess), "null");
	if (a->stored)
		(void)snprintf(exp, sizeof(exp), "\"%s\"", a->expires_rfc);
	else
		(void)snprintf(exp, sizeof(exp), "null");
	reasons_json(a->d.reasons, why, sizeof(why));
	if (a->d.list != 0)
		(void)snprintf(list, sizeof(list), "\"%" PRId64 "\"",
		    a->d.list);
	else
		(void)snprintf(list, sizeof(list), "null");
	(void)snprintf(a->answer, sizeof(a->answer),
	    "{\"read_id\":\"%s\",\"decision\":{\"action\":\"%s\","
	    "\"reasons\":%s,\"list\":%s,\"match\":\"%s\",\"session_id\":%s,"
	    "\"stored\":%s,\"expires_at\":%s},\"checks\":{%s}}",
	    a->idhex, rules_action_name(a->d.action), why, list,
	    rules_match_name(a->d.match), sess, a->stored ? "true" : "false",
	    exp,
	    a->kind == API_READ_PLATE ?
	        (a->plausible ? "\"plausible\":true" : "\"plausible\":false") :
	        a->kind == API_READ_CONTAINER ?
	        (a->check_ok ? "\"check_digit\":true" :
	                       "\"check_digit\":false") :
	        "");
}

/* The answer; a Dahua camera sends it again unless told "Result": true. */
static void
send_answer(struct api_ctx *ctx, struct ingest *a, const char *s, size_t len)
{
	struct kore_buf *b;

	if (a->vendor != V_DAHUA || len < 2 || s[0] != '{') {
		api_json_response(ctx->req, HTTP_STATUS_OK, s, len);
		return;
	}
	b = kore_buf_alloc(len + 16);
	kore_buf_appendf(b, "{\"Result\":true,");
	kore_buf_append(b, s + 1, len - 1);
	api_buf_send(ctx, HTTP_STATUS_OK, b);
}

static struct sql_param
opt_str(const char *s)
{
	return (*s != '\0' ? sql_p_str(s) : sql_p_null());
}

static void
row(struct ingest *a, size_t *n, struct app_db_table *t, struct sql_param *p,
    size_t np)
{
	memset(&a->s[*n], 0, sizeof(a->s[*n]));
	a->s[*n].table = t;
	a->s[*n].params = p;
	a->s[(*n)++].nparams = np;
}

/* An event (kind, details) of the read, with the violation's retention. */
static void
event(struct api_ctx *ctx, struct ingest *a, size_t *n, size_t i,
    const char *kind, int64_t session, const char *details)
{
	struct sql_param *p = a->ev[i];

	p[0] = sql_p_int(ctx->who.tenant);
	p[1] = sql_p_int(a->c.site);
	p[2] = sql_p_int(a->lane);
	p[3] = sql_p_str(kind);
	p[4] = sql_p_blob(a->id, sizeof(a->id));
	p[5] = session != 0 ? sql_p_int(session) : sql_p_null();
	p[6] = sql_p_str(a->received);
	p[7] = sql_p_str(details);
	p[8] = sql_p_str(a->ev_expires);
	row(a, n, &t_events, p, EVENT_COLS);
}

/* A manual decision's place in the operator queue. */
static void
manual(struct api_ctx *ctx, struct ingest *a, size_t *n)
{
	struct sql_param *p = a->mp;

	p[0] = sql_p_int(ctx->who.tenant);
	p[1] = sql_p_int(a->c.site);
	p[2] = sql_p_int(a->lane);
	p[3] = sql_p_blob(a->id, sizeof(a->id));
	p[4] = sql_p_str(kind_names[a->kind]);
	p[5] = sql_p_str(a->direction);
	p[6] = sql_p_str(a->d.reasons);
	memset(&p[7], 0, sizeof(p[7]));
	p[7].type = SQL_DOUBLE;
	p[7].d = a->confidence;
	p[8] = opt_str(a->code);
	/* A parking site's vehicle: opening it starts or ends its session. */
	if (a->c.parking && a->have_match) {
		p[9] = sql_p_blob(a->rt.exact, sizeof(a->rt.exact));
		p[10] = sql_p_int(ctx->who.key_version);
	} else {
		p[9] = p[10] = sql_p_null();
	}
	p[11] = sql_p_int(a->e.holder);
	p[12] = sql_p_str(a->received);
	p[13] = sql_p_str(a->man_expires);
	row(a, n, &t_manual, p, MANUAL_COLS);
}

/*
 * The session change, the last statement before COMMIT: parking_apply()
 * (sql/schema/009) locks the site's state row, asserts a free space when
 * one is needed and that a closed session is still open, and opens the
 * new one.  As late as possible, so the lock is held for one round trip
 * and the commit.
 */
static void
session_stmt(struct api_ctx *ctx, struct ingest *a, size_t *n)
{
	const struct rules_site *rs = &a->site_rules;
	struct sql_param        *p = a->so;
	int64_t closing = a->e.close ? a->e.close : a->e.supersede;

	p[0] = sql_p_int(a->c.site);
	p[1] = sql_p_int(a->e.need_space);
	p[2] = sql_p_int(rs->capacity);
	p[3] = sql_p_int(a->e.holder);
	p[4] = sql_p_int(rs->capacity - rs->reserved);
	p[5] = closing != 0 ? sql_p_int(closing) : sql_p_null();
	p[6] = sql_p_str(a->e.close ? "closed" : "superseded");
	p[7] = a->e.close ? sql_p_int(a->e.amount_cents) : sql_p_null();
	p[8] = sql_p_int(a->e.overstay);
	p[9] = sql_p_str(a->received);
	p[10] = sql_p_blob(a->id, sizeof(a->id));
	p[11] = sql_p_str(a->sess_expires);
	p[12] = a->e.open ? sql_p_int(a->session) : sql_p_null();
	p[13] = sql_p_int(ctx->who.tenant);
	p[14] = sql_p_blob(a->rt.exact, sizeof(a->rt.exact));
	p[15] = sql_p_int(ctx->who.key_version);
	row(a, n, &t_parking, p, 16);
}

/*
 * The rows of this read from a->s[n] on: its id's memory, the read as
 * allowed, its place in the operator queue, its events.
 */
static size_t
rows(struct api_ctx *ctx, struct ingest *a, size_t n)
{
	struct sql_param *p = a->p;

	if (a->d.action == RULES_MANUAL)
		manual(ctx, a, &n);
	if (a->e.overstay)
		event(ctx, a, &n, 0, "overstay", a->e.close, "");
	if (a->hazard_event)
		event(ctx, a, &n, 0, "hazard", 0, a->hazard_details);
	if (a->e.passback)
		event(ctx, a, &n, 1, "passback", a->st.session,
		    a->site_rules.passback == RULES_PASSBACK_HARD ? "hard" :
		                                                    "soft");

	if (a->has_id) {
		a->ip[0] = sql_p_str(ctx->who.actor);
		a->ip[1] = sql_p_blob(a->idhash, sizeof(a->idhash));
		a->ip[2] = sql_p_int(ctx->who.tenant);
		a->ip[3] = sql_p_str(a->answer);
		a->ip[4] = sql_p_str(a->received);
		a->ip[5] = sql_p_str(a->idem_expires);
		row(a, &n, &t_read_ids, a->ip, 6);
	}
	if (!a->stored)
		return (n);

	p[0] = sql_p_blob(a->id, sizeof(a->id));
	p[1] = sql_p_str(a->received);
	p[2] = sql_p_int(ctx->who.tenant);
	p[3] = sql_p_int(a->c.site);
	p[4] = sql_p_int(a->lane);
	p[5] = sql_p_str(ctx->who.actor);
	p[6] = sql_p_str(kind_names[a->kind]);
	p[7] = sql_p_str(a->captured);
	if (a->kind == API_READ_PLATE) {
		p[8] = sql_p_blob(a->token, sizeof(a->token));
		p[9] = sql_p_int(ctx->who.key_version);
		p[10] = sql_p_str(pseudo_epoch_name(ctx->who.read_epoch));
		p[11] = sql_p_int(a->epoch);
	} else {
		p[8] = p[9] = p[10] = p[11] = sql_p_null();
	}
	p[12] = opt_str(a->code);
	p[13] = opt_str(a->hazard);
	p[14] = opt_str(a->un);
	p[15] = opt_str(a->country);
	p[16] = sql_p_int(a->kind == API_READ_PLATE ? a->plausible :
	        a->kind == API_READ_CONTAINER       ? a->check_ok :
	                                              1);
	memset(&p[17], 0, sizeof(p[17]));
	p[17].type = SQL_DOUBLE;
	p[17].d = a->confidence;
	p[18] = sql_p_str(a->direction);
	p[19] = sql_p_str(rules_action_name(a->d.action));
	p[20] = sql_p_str(a->d.reasons);
	p[21] = sql_p_str(api_classes[a->cls_i].name);
	p[22] = sql_p_str(a->expires);
	p[23] = a->d.list != 0 ? sql_p_int(a->d.list) : sql_p_null();
	p[24] = a->d.entry != 0 ? sql_p_int(a->d.entry) : sql_p_null();
	p[25] = sql_p_str(rules_match_name(a->d.match));
	p[26] = sql_p_str(a->d.trace);
	p[27] = a->has_shadow ? sql_p_str(rules_action_name(a->shadow.action)) :
	                        sql_p_null();
	p[28] = a->has_shadow ? sql_p_str(a->shadow.reasons) : sql_p_null();
	p[29] = a->session != 0 ? sql_p_int(a->session) : sql_p_null();
	/* Sealed for an earlier decision's class: not for this one's. */
	p[30] = a->sealedlen > 0 && (a->c.ev_classes & (1u << a->cls_i)) ?
	    sql_p_blob(a->sealed, a->sealedlen) :
	    sql_p_null();
	row(a, &n, &t_reads, p, READ_COLS);

	return (n);
}

/* --- the lane cache ----------------------------------------------------- */

/*
 * What a read needs of its lane and tenant, per worker.  An entry holds
 * only while app_db_epoch is the one it was read in (sql/schema/004): the
 * batch that stores the read checks that epoch before it commits.
 */
#define LANE_CACHE 256

struct lane_slot {
	int64_t          lane, tenant;
	uint64_t         epoch;
	struct lane_conf c;
};

static struct lane_slot lane_cache[LANE_CACHE];

static int
lane_cached(struct api_ctx *ctx, struct ingest *a)
{
	struct lane_slot *e = &lane_cache[(uint64_t)a->lane % LANE_CACHE];

	if (e->lane != a->lane || e->tenant != ctx->who.tenant ||
	    e->epoch == 0 || e->epoch != app_db_epoch ||
	    ctx->who.epoch != app_db_epoch)
		return (0);
	/* A key evicted by another tenant's: read the row again. */
	if (e->c.ev_classes != 0 && ev_key(ctx->who.tenant, e->c.ev_fp) == NULL)
		return (0);
	a->c = e->c;
	a->cfg = e->epoch;

	return (1);
}

static void
lookup_params(struct api_ctx *ctx, struct ingest *a)
{
	int64_t key = ctx->who.kind == API_WHO_KEY ? ctx->who.id : 0;
	a->lp[0] = sql_p_int(ctx->who.tenant);
	a->lp[1] = sql_p_str(ctx->who.actor);
	a->lp[2] = sql_p_blob(a->idhash, a->has_id ? sizeof(a->idhash) : 0);
	a->lp[3] = sql_p_int(key);
	a->lp[4] = sql_p_int(key);
	a->lp[5] = sql_p_int(a->lane);
	a->lp[6] = sql_p_int(ctx->who.tenant);
}

/* "open", "deny", "manual" as enum rules_action; anything else: none. */
static int
action_parse(const char *s)
{
	if (strcmp(s, "open") == 0)
		return (RULES_OPEN);
	if (strcmp(s, "deny") == 0)
		return (RULES_DENY);
	if (strcmp(s, "manual") == 0)
		return (RULES_MANUAL);

	return (RULES_NONE);
}

/* q_lane's row: 0 when the read is refused (answered). */
static int
lookup_done(struct api_ctx *ctx, struct ingest *a)
{
	struct sql_result *r = api_result(ctx);
	struct lane_slot  *e;
	const char        *s;
	size_t             len;
	int64_t            v;

	if (r == NULL || sql_result_rows(r) != 1) {
		api_error(ctx->req, 422, "unknown_lane", "lane",
		    "no such lane");
		return (0);
	}
	if (sql_result_int(r, 0, 5, &v) == -1 || v != 1) {
		api_error(ctx->req, HTTP_STATUS_UNAUTHORIZED, "unauthorized",
		    NULL, "missing or invalid credentials");
		return (0);
	}
	a->replay = a->has_id && !sql_result_null(r, 0, 3);
	(void)sql_result_int(r, 0, 0, &a->c.site);
	(void)snprintf(a->c.dir, sizeof(a->c.dir), "%s",
	    sql_result_text(r, 0, 1, NULL));
	api_class_hours(sql_result_text(r, 0, 2, NULL), a->c.cls);
	a->c.has_lists = sql_result_int(r, 0, 6, &v) == 0 && v > 0;
	a->c.manual_below = strtod(sql_result_text(r, 0, 7, NULL), NULL);
	if (!(a->c.manual_below >= 0 && a->c.manual_below <= 1))
		a->c.manual_below = 1; /* unknown: nothing automatic */
	a->c.parking = sql_result_int(r, 0, 8, &v) == 0 && v == 1;
	a->c.default_action = action_parse(sql_result_text(r, 0, 9, NULL));
	(void)snprintf(a->c.adr_site, sizeof(a->c.adr_site), "%s",
	    sql_result_text(r, 0, 10, NULL));
	(void)snprintf(a->c.adr_site_tunnel, sizeof(a->c.adr_site_tunnel), "%s",
	    sql_result_text(r, 0, 11, NULL));
	(void)snprintf(a->c.adr_lane, sizeof(a->c.adr_lane), "%s",
	    sql_result_text(r, 0, 12, NULL));
	(void)snprintf(a->c.adr_lane_tunnel, sizeof(a->c.adr_lane_tunnel), "%s",
	    sql_result_text(r, 0, 13, NULL));
	(void)snprintf(a->c.tz, sizeof(a->c.tz), "%s",
	    sql_result_text(r, 0, 14, NULL));
	a->c.unbooked = sql_result_null(r, 0, 15) ?
	    -1 :
	    action_parse(sql_result_text(r, 0, 15, NULL));
	a->c.ev_classes = api_class_mask(sql_result_text(r, 0, 16, NULL));
	(void)snprintf(a->c.ev_fp, sizeof(a->c.ev_fp), "%s",
	    sql_result_text(r, 0, 17, NULL));
	if (a->c.ev_classes != 0 && !sql_result_null(r, 0, 18)) {
		s = sql_result_text(r, 0, 18, &len);
		if (!ev_load(ctx->who.tenant, a->c.ev_fp, s, len))
			a->c.ev_classes = 0;
	} else {
		a->c.ev_classes = 0;
	}
	if (sql_result_int(r, 0, 4, &v) == -1 || v <= 0)
		v = 0;
	a->cfg = (uint64_t)v;
	if (a->cfg > app_db_epoch)
		app_db_epoch = a->cfg;

	e = &lane_cache[(uint64_t)a->lane % LANE_CACHE];
	e->lane = a->lane;
	e->tenant = ctx->who.tenant;
	e->c = a->c;
	e->epoch = a->cfg;

	return (1);
}

/* q_hits' parameters: the tenant, the read's tokens, the site. */
static void
hits_params(struct api_ctx *ctx, struct ingest *a)
{
	size_t i, n = 1;

	a->hp[0] = sql_p_int(ctx->who.tenant);
	a->hp[n++] = sql_p_blob(a->rt.exact, PSEUDO_TOKEN_LEN);
	for (i = 0; i < a->rt.ndels; i++)
		a->hp[n++] = sql_p_blob(a->rt.dels[i], PSEUDO_TOKEN_LEN);
	for (i = 0; i < a->ncand; i++)
		a->hp[n++] = sql_p_blob(a->cand[i], PSEUDO_TOKEN_LEN);
	while (n < 1 + HIT_TOKENS)
		a->hp[n++] = sql_p_blob(a->rt.exact, PSEUDO_TOKEN_LEN);
	a->hp[n] = sql_p_int(a->c.site);
}

/*
 * Whether the time profile spec[0..len) allows the read's time in its
 * site's zone (*local, made on first use).  A profile that cannot be
 * read, or a zone that cannot be, allows nothing: an entry is never
 * valid by accident.
 */
static int
in_profile(struct ingest *a, const char *spec, size_t len,
    struct rules_local *local, int *have_local)
{
	struct rules_profile p;
	const char          *why;

	if (!*have_local) {
		if (api_local_time(a->c.tz, a->at, local) == -1) {
			kore_log(LOG_ERR,
			    "reads: site %" PRId64
			    ": no local time in its zone",
			    a->c.site);
			return (0);
		}
		*have_local = 1;
	}
	if (rules_profile_parse(spec, len, &p, &why) == -1) {
		kore_log(LOG_ERR, "reads: a stored time profile: %s", why);
		return (0);
	}

	return (rules_profile_allows(&p, local) == 1);
}

/* Hits as rules/ sees them, and the lists' decision. */
static void
hits_decide_rows(struct ingest *a, const struct api_lc_row *rows, size_t nrows)
{
	struct rules_hit   hits[HITS_MAX];
	struct rules_local local;
	int                have_local = 0;
	struct rules_read  rd;
	size_t             i, c, n = 0;

	for (i = 0; i < nrows && n < HITS_MAX; i++) {
		memset(&hits[n], 0, sizeof(hits[n]));
		hits[n].match =
		    rules_match(&a->rt, rows[i].token, rows[i].exact);
		for (c = 0; hits[n].match == RULES_MATCH_NONE && c < a->ncand;
		     c++) {
			/* A candidate: its skeleton only, no neighbourhood. */
			if (memcmp(a->cand[c], rows[i].token,
			        PSEUDO_TOKEN_LEN) == 0) {
				hits[n].match = rows[i].exact ?
				    RULES_MATCH_EXACT :
				    RULES_MATCH_FUZZY;
				hits[n].candidate = 1;
			}
		}
		if (hits[n].match == RULES_MATCH_NONE)
			continue;
		hits[n].entry = rows[i].entry;
		hits[n].list = rows[i].list;
		hits[n].kind =
		    rows[i].deny ? RULES_LIST_DENY : RULES_LIST_ALLOW;
		hits[n].priority = rows[i].priority;
		hits[n].fuzzy = rows[i].fuzzy;
		hits[n].fuzzy_action =
		    rows[i].fuzzy_open ? RULES_OPEN : RULES_MANUAL;
		hits[n].valid_from = rows[i].valid_from;
		hits[n].valid_to = rows[i].valid_to;
		hits[n].shadow = rows[i].shadow;
		if (rows[i].spec != NULL) {
			hits[n].profile = rows[i].profile;
			hits[n].off_profile = !in_profile(a, rows[i].spec,
			    strlen(rows[i].spec), &local, &have_local);
		}
		n++;
	}
	rd.at = a->at;
	rd.confidence = a->confidence;
	rd.manual_below = a->c.manual_below;
	rules_decide(&rd, hits, n, &a->d);
	a->has_shadow = rules_decide_shadow(&rd, hits, n, &a->shadow);
}

/* q_hits' rows, and the lists' decision. */
static void
hits_decide(struct api_ctx *ctx, struct ingest *a)
{
	struct sql_result *r = api_result(ctx);
	struct api_lc_row  rows[HITS_MAX];
	const char        *tok;
	size_t             i, n = 0, nrows, len;
	int64_t            v;

	nrows = r != NULL ? sql_result_rows(r) : 0;
	for (i = 0; i < nrows && n < HITS_MAX; i++) {
		tok = sql_result_text(r, i, 0, &len);
		if (len != PSEUDO_TOKEN_LEN)
			continue;
		memset(&rows[n], 0, sizeof(rows[n]));
		rows[n].token = (const unsigned char *)tok;
		rows[n].exact = sql_result_int(r, i, 1, &v) == 0 && v == 1;
		(void)sql_result_int(r, i, 2, &rows[n].entry);
		(void)sql_result_int(r, i, 3, &rows[n].list);
		rows[n].deny =
		    strcmp(sql_result_text(r, i, 4, NULL), "deny") == 0;
		(void)sql_result_int(r, i, 5, &v);
		rows[n].priority = (int)v;
		rows[n].fuzzy = sql_result_int(r, i, 6, &v) == 0 && v == 1;
		rows[n].fuzzy_open =
		    strcmp(sql_result_text(r, i, 7, NULL), "open") == 0;
		(void)sql_result_int(r, i, 8, &rows[n].valid_from);
		(void)sql_result_int(r, i, 9, &rows[n].valid_to);
		rows[n].shadow = sql_result_int(r, i, 10, &v) == 0 && v == 1;
		if (!sql_result_null(r, i, 12)) {
			(void)sql_result_int(r, i, 11, &rows[n].profile);
			rows[n].spec = sql_result_text(r, i, 12, NULL);
		}
		n++;
	}
	hits_decide_rows(a, rows, n);
}

/* --- the list cache ----------------------------------------------------- */

/*
 * A tenant's list tokens per worker (api_lcache.c), for the config_epoch
 * they were read in: every change to a list, an entry or a time profile
 * moves that epoch (sql/schema/011), and a read decided on them is
 * committed only under that epoch (the batch checks it first).  A read
 * whose tenant is not cached for its epoch asks the database (q_hits)
 * and has the cache loaded meanwhile, once per epoch.
 */
#define LC_TENANTS  8
#define LC_RETRY_MS 1000 /* after a load that failed */

enum lc_state { LC_EMPTY, LC_LOADING, LC_READY, LC_TOO_BIG };

struct lc_slot {
	int64_t          tenant;
	uint64_t         epoch; /* of lc (LC_READY) or of LC_TOO_BIG */
	enum lc_state    state;
	uint64_t         used, retry_at;
	struct api_lc   *lc;
	struct sql_param p[1];
};

static struct lc_slot lc_slots[LC_TENANTS];
static uint64_t       lc_tick;

/* Everything of a tenant's lists one read may need, in one snapshot. */
static const char q_lc_load[] =
    "SELECT c.v, x.token, x.is_exact, x.entry_id, x.list_id, x.site_id, "
    "x.deny, x.priority, x.fuzzy, x.fuzzy_open, x.valid_from, x.valid_to, "
    "x.shadow, x.profile_id, x.spec FROM config_epoch c LEFT JOIN "
    "(SELECT t.token, t.is_exact, e.id AS entry_id, e.list_id, "
    "COALESCE(l.site_id, 0) AS site_id, l.kind = 'deny' AS deny, "
    "l.priority, l.fuzzy, l.fuzzy_action = 'open' AS fuzzy_open, "
    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01', e.valid_from), 0) "
    "AS valid_from, "
    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01', e.valid_to), 0) "
    "AS valid_to, l.mode = 'shadow' AS shadow, e.profile_id, p.spec "
    "FROM list_tokens t JOIN list_entries e ON e.id = t.entry_id "
    "JOIN lists l ON l.id = e.list_id "
    "LEFT JOIN time_profiles p ON p.id = e.profile_id "
    "WHERE t.tenant_id = ?) x ON 1 = 1 WHERE c.id = 1 ORDER BY x.list_id";

static int64_t
lc_int(struct sql_result *r, size_t i, size_t c)
{
	int64_t v;

	return (sql_result_int(r, i, c, &v) == 0 ? v : 0);
}

/* The load's rows into a new cache; NULL when it holds too much. */
static struct api_lc *
lc_build(struct sql_result *r)
{
	struct api_lc    *lc;
	struct api_lc_row row;
	size_t            i, len;

	if ((lc = api_lc_new(sql_result_rows(r))) == NULL)
		return (NULL);
	for (i = 0; i < sql_result_rows(r); i++) {
		if (sql_result_null(r, i, 1))
			continue; /* the epoch's row: no entries */
		memset(&row, 0, sizeof(row));
		row.token =
		    (const unsigned char *)sql_result_text(r, i, 1, &len);
		if (len != PSEUDO_TOKEN_LEN)
			continue;
		row.exact = lc_int(r, i, 2) == 1;
		row.entry = lc_int(r, i, 3);
		row.list = lc_int(r, i, 4);
		row.site = lc_int(r, i, 5);
		row.deny = lc_int(r, i, 6) == 1;
		row.priority = (int)lc_int(r, i, 7);
		row.fuzzy = lc_int(r, i, 8) == 1;
		row.fuzzy_open = lc_int(r, i, 9) == 1;
		row.valid_from = lc_int(r, i, 10);
		row.valid_to = lc_int(r, i, 11);
		row.shadow = lc_int(r, i, 12) == 1;
		if (!sql_result_null(r, i, 14)) {
			row.profile = lc_int(r, i, 13);
			row.spec = sql_result_text(r, i, 14, NULL);
		}
		if (api_lc_add(lc, &row) == -1) {
			api_lc_free(lc);
			return (NULL);
		}
	}
	api_lc_seal(lc);

	return (lc);
}

static void
lc_loaded(struct app_db_job *job, void *arg)
{
	struct lc_slot *s = arg;
	struct api_lc  *lc;
	int64_t         v;

	if (job->state != APP_DB_DONE || job->result == NULL ||
	    sql_result_rows(job->result) == 0 ||
	    sql_result_int(job->result, 0, 0, &v) == -1 || v <= 0) {
		s->state = LC_EMPTY;
		s->retry_at = kore_time_ms() + LC_RETRY_MS;
		app_db_job_free(job);
		return;
	}
	lc = lc_build(job->result);
	app_db_job_free(job);
	api_lc_free(s->lc);
	s->lc = lc;
	s->epoch = (uint64_t)v;
	s->state = lc != NULL ? LC_READY : LC_TOO_BIG;
	if (lc == NULL)
		kore_log(LOG_NOTICE,
		    "reads: tenant %" PRId64 ": lists too large to cache",
		    s->tenant);
	if (s->epoch > app_db_epoch)
		app_db_epoch = s->epoch;
}

/*
 * The tenant's cache for epoch, or NULL: then the database is asked, and
 * the cache loaded unless it is being.
 */
static const struct api_lc *
lc_get(int64_t tenant, uint64_t epoch)
{
	struct lc_slot *s = NULL, *e;
	size_t          i;

	if (epoch == 0)
		return (NULL);
	for (i = 0; i < LC_TENANTS && s == NULL; i++) {
		if (lc_slots[i].tenant == tenant)
			s = &lc_slots[i];
	}
	if (s != NULL) {
		s->used = ++lc_tick;
		if (s->state == LC_READY && s->epoch == epoch)
			return (s->lc);
		if (s->state == LC_LOADING || s->epoch >= epoch ||
		    s->retry_at > kore_time_ms())
			return (NULL);
	} else {
		/* A free slot, or the one used longest ago. */
		for (i = 0; i < LC_TENANTS; i++) {
			e = &lc_slots[i];
			if (e->state == LC_LOADING)
				continue;
			if (s == NULL || e->used < s->used)
				s = e;
		}
		if (s == NULL)
			return (NULL);
		api_lc_free(s->lc);
		memset(s, 0, sizeof(*s));
		s->tenant = tenant;
		s->used = ++lc_tick;
	}
	s->state = LC_LOADING;
	s->p[0] = sql_p_int(tenant);
	(void)app_db_submit_bg(q_lc_load, s->p, 1, lc_loaded, s);

	return (NULL);
}

/* The lists' decision from the cache: 0 when it is not ready. */
static int
hits_cached(struct api_ctx *ctx, struct ingest *a)
{
	const struct api_lc *lc;
	unsigned char        toks[HIT_TOKENS][PSEUDO_TOKEN_LEN];
	struct api_lc_row    rows[HITS_MAX];
	size_t               i, n = 0, nrows;

	if ((lc = lc_get(ctx->who.tenant, a->cfg)) == NULL)
		return (0);
	memcpy(toks[n++], a->rt.exact, PSEUDO_TOKEN_LEN);
	for (i = 0; i < a->rt.ndels; i++)
		memcpy(toks[n++], a->rt.dels[i], PSEUDO_TOKEN_LEN);
	for (i = 0; i < a->ncand; i++)
		memcpy(toks[n++], a->cand[i], PSEUDO_TOKEN_LEN);
	nrows = api_lc_find(lc, (const unsigned char(*)[PSEUDO_TOKEN_LEN])toks,
	    n, a->c.site, rows, HITS_MAX);
	explicit_bzero(toks, sizeof(toks));
	hits_decide_rows(a, rows, nrows);

	return (1);
}

/* q_state's parameters: the vehicle's match token, the site, the tenant. */
static void
state_params(struct api_ctx *ctx, struct ingest *a)
{
	a->sp[0] = sql_p_blob(a->rt.exact, sizeof(a->rt.exact));
	a->sp[1] = sql_p_blob(a->prev, sizeof(a->prev));
	a->sp[2] = sql_p_int(a->c.site);
	a->sp[3] = sql_p_int(ctx->who.tenant);
}

static int64_t
col_int(struct sql_result *r, size_t c, int64_t dflt)
{
	int64_t v;

	return (sql_result_int(r, 0, c, &v) == 0 ? v : dflt);
}

/* q_state's row into the site's policy and state; 0 when it is gone. */
static int
state_done(struct api_ctx *ctx, struct ingest *a)
{
	struct sql_result *r = api_result(ctx);
	struct rules_site *rs = &a->site_rules;
	const char        *pb;

	if (r == NULL || sql_result_rows(r) != 1)
		return (0);
	a->st.occupancy = col_int(r, 0, 0);
	a->st.holders = col_int(r, 1, 0);
	rs->capacity = col_int(r, 2, -1);
	rs->reserved = col_int(r, 3, 0);
	pb = sql_result_text(r, 0, 4, NULL);
	rs->passback = strcmp(pb, "hard") == 0 ? RULES_PASSBACK_HARD :
	    strcmp(pb, "soft") == 0            ? RULES_PASSBACK_SOFT :
	                                         RULES_PASSBACK_OFF;
	rs->passback_reset_s = col_int(r, 5, 0) * 60;
	rs->max_stay_s = col_int(r, 6, -1);
	if (rs->max_stay_s > 0)
		rs->max_stay_s *= 60;
	rs->grace_s = col_int(r, 7, 0) * 60;
	rs->tariff.free_s = col_int(r, 8, 0) * 60;
	rs->tariff.period_s = col_int(r, 9, 60) * 60;
	rs->tariff.period_cents = col_int(r, 10, 0);
	rs->tariff.daily_cap_cents = col_int(r, 11, -1);
	(void)snprintf(a->currency, sizeof(a->currency), "%s",
	    sql_result_text(r, 0, 12, NULL));
	a->st.session = sql_result_null(r, 0, 13) ? 0 : col_int(r, 13, 0);
	a->st.entered_at = col_int(r, 14, 0);

	return (1);
}

/*
 * An orange plate: the pair checked against the ADR tables (a pair they
 * do not know is for a person), then the site's and the lane's
 * restrictions; an arrival (not an exit) raises a hazard event.
 */
static void
adr_decide(struct ingest *a)
{
	struct rules_adr      adr;
	enum rules_adr_result res;
	enum rules_action     act, lact;
	const char           *why = NULL, *lwhy = NULL;

	memset(&a->d, 0, sizeof(a->d));
	res = rules_adr_check(a->hazard, a->un, &adr);
	a->hazard_event =
	    a->dir != API_READ_DIR_OUT && strcmp(a->c.dir, "out") != 0;
	(void)snprintf(a->hazard_details, sizeof(a->hazard_details),
	    "hin=%s,un=%s,class=%s", a->hazard, a->un,
	    adr.cls[0] != '\0' ? adr.cls : "unknown");
	if (res != RULES_ADR_OK) {
		a->d.action = RULES_MANUAL;
		(void)snprintf(a->d.reasons, sizeof(a->d.reasons), "%s",
		    rules_adr_result_name(res));
		return;
	}
	act = rules_adr_restricted(&adr, a->c.adr_site, a->c.adr_site_tunnel,
	    &why);
	lact = rules_adr_restricted(&adr, a->c.adr_lane, a->c.adr_lane_tunnel,
	    &lwhy);
	/* A deny of either wins; then a manual. */
	if (lact == RULES_DENY || (lact == RULES_MANUAL && act != RULES_DENY)) {
		act = lact;
		why = lwhy;
	}
	a->d.action = act;
	(void)snprintf(a->d.reasons, sizeof(a->d.reasons), "%s",
	    act != RULES_NONE && why != NULL ? why : "adr_ok");
	(void)snprintf(a->d.trace, sizeof(a->d.trace), "adr_class=%s%s%s",
	    adr.cls, adr.code[0] != '\0' ? ",adr_code=" : "", adr.code);
}

/* q_booking's parameters: the tenant, the site, the code, the time. */
static void
booking_params(struct api_ctx *ctx, struct ingest *a)
{
	a->bp[0] = sql_p_int(ctx->who.tenant);
	a->bp[1] = sql_p_int(a->c.site);
	a->bp[2] = sql_p_str(a->code);
	a->bp[3] = a->bp[4] = sql_p_str(a->captured);
}

/* Booked: open ("booked"); else the site's unbooked_action ("not_booked"). */
static void
booking_decide(struct api_ctx *ctx, struct ingest *a)
{
	struct sql_result *r = api_result(ctx);
	int64_t            id;

	if (r != NULL && sql_result_rows(r) == 1 &&
	    sql_result_int(r, 0, 0, &id) == 0) {
		a->d.action = RULES_OPEN;
		(void)snprintf(a->d.reasons, sizeof(a->d.reasons), "booked");
		(void)snprintf(a->d.trace, sizeof(a->d.trace),
		    "booking=%" PRId64, id);
		return;
	}
	a->d.action = (enum rules_action)a->c.unbooked;
	(void)snprintf(a->d.reasons, sizeof(a->d.reasons), "not_booked");
}

/* Decide, as the lists say (or none), and keep as the retention says. */
static void
decide(struct ingest *a)
{
	struct rules_read rd;
	enum rules_dir    dir;

	if (a->dir == API_READ_DIR_IN)
		a->direction = "in";
	else if (a->dir == API_READ_DIR_OUT)
		a->direction = "out";
	else if (strcmp(a->c.dir, "in") == 0 || strcmp(a->c.dir, "out") == 0)
		a->direction = strcmp(a->c.dir, "in") == 0 ? "in" : "out";
	else
		a->direction = "unknown";
	dir = strcmp(a->direction, "in") == 0 ? RULES_DIR_IN :
	    strcmp(a->direction, "out") == 0  ? RULES_DIR_OUT :
	                                        RULES_DIR_UNKNOWN;

	/* The site's part: default action, sessions, capacity, passback. */
	a->site_rules.default_action = (enum rules_action)a->c.default_action;
	a->site_rules.parking = a->stateful;
	if (!a->stateful) {
		a->site_rules.capacity = -1;
		a->site_rules.max_stay_s = -1;
	}
	rd.at = a->at;
	rd.confidence = a->confidence;
	rd.manual_below = a->c.manual_below;
	rules_site_decide(&a->site_rules, &a->st, dir, &rd, a->now, &a->d,
	    &a->e);
	/* A new session's id: random, so the answer is known before. */
	a->session = a->e.close;
	if (a->e.open) {
		if (pseudo_random(&a->session, sizeof(a->session)) == 0) {
			a->session = (int64_t)((uint64_t)a->session >> 2) + 1;
		} else {
			/* No randomness: the gate is not opened blind. */
			memset(&a->e, 0, sizeof(a->e));
			a->session = 0;
			a->d.action = RULES_MANUAL;
			(void)snprintf(a->d.reasons, sizeof(a->d.reasons),
			    "internal");
		}
	}

	switch (a->d.action) {
	case RULES_OPEN:
		a->cls_i =
		    a->e.overstay || a->e.passback ? C_VIOLATION : C_OPENED;
		break;
	case RULES_DENY:
		/* A passback is a violation even when a list knew it. */
		a->cls_i = a->e.passback                      ? C_VIOLATION :
		    strstr(a->d.reasons, "deny_list") != NULL ? C_HOTLIST :
		                                                C_DENIED;
		break;
	case RULES_MANUAL:
		a->cls_i = C_MANUAL;
		break;
	default:
		a->cls_i = C_NO_EFFECT;
		break;
	}
	a->hours = a->c.cls[a->cls_i];
	sql_time_ms(a->now + a->c.cls[C_SESSION] * 3600, a->ms, a->sess_expires,
	    sizeof(a->sess_expires));
	sql_time_ms(a->now + a->c.cls[C_VIOLATION] * 3600, a->ms, a->ev_expires,
	    sizeof(a->ev_expires));
	sql_time_ms(a->now +
	        (a->c.cls[C_MANUAL] > MANUAL_MIN_HOURS ? a->c.cls[C_MANUAL] :
	                                                 MANUAL_MIN_HOURS) *
	            3600,
	    a->ms, a->man_expires, sizeof(a->man_expires));
	a->stored = a->hours > 0;
	a->expires[0] = a->expires_rfc[0] = '\0';
	if (a->stored) {
		sql_time_ms(a->now + a->hours * 3600, a->ms, a->expires,
		    sizeof(a->expires));
		api_time_rfc3339((time_t)(a->now + a->hours * 3600),
		    a->expires_rfc, sizeof(a->expires_rfc));
	}
	make_answer(a);
}

/*
 * 1 when a read's transaction failed because the site's state moved on
 * after the read was decided: an assertion of parking_apply() failed
 * (the space was taken, the session closed), another request opened the
 * same vehicle's session first, or InnoDB chose it as a deadlock's or a
 * lock wait's victim.
 */
static int
moved(const struct app_db_job *job)
{
	/* 1644: parking_apply()'s SIGNAL; deadlock, lock wait. */
	if (job->sqlerrno == 1644 || job->sqlerrno == 1213 ||
	    job->sqlerrno == 1205)
		return (1);

	return (job->sqlerrno == 1062 &&
	    strstr(job->errstr, "sessions_open") != NULL);
}

/*
 * Tell the lane's gate controllers (api_gate.c), once it is committed:
 * {"type":"decision","lane":"3", then the answer's members.
 */
static void
publish(struct api_ctx *ctx, struct ingest *a)
{
	char msg[sizeof(a->answer) + 64];
	int  n;

	n = snprintf(msg, sizeof(msg),
	    "{\"type\":\"decision\",\"lane\":\"%" PRId64 "\",%s", a->lane,
	    a->answer + 1);
	if (n > 0 && (size_t)n < sizeof(msg))
		api_gate_publish(ctx->who.tenant, a->lane, msg, (size_t)n);
}

/* The vendors of POST /api/v1/ingest/{vendor} (api_vendor.c). */

static const struct {
	int (*map)(const struct api_jvalue *, const struct api_vendor_in *,
	    struct api_read *, struct api_read_err *);
	/* Or the body's text (XML, a template's JSON) */
	int (*xmap)(const char *, size_t, const struct api_vendor_in *,
	    struct api_read *, struct api_read_err *);
	const char *part; /* a multipart body's payload part, NULL: none */
	size_t      max; /* the payload's largest size, 0: body_max */
} vendors[] = {
	{ NULL, NULL, NULL, 0 },
	{ api_vendor_openalpr, NULL, NULL, API_VENDOR_JSON_MAX },
	{ api_vendor_platerecognizer, NULL, "json", API_VENDOR_JSON_MAX },
	{ api_vendor_axis, NULL, "event", API_VENDOR_JSON_MAX },
	{ NULL, api_vendor_hikvision, "anpr.xml", API_VENDOR_XML_MAX },
	{ NULL, api_vendor_vaxtor, NULL, API_VENDOR_JSON_MAX },
	/* ITSAPI's JSON carries its pictures, base64. */
	{ api_vendor_dahua, NULL, NULL, 0 },
	{ NULL, api_vendor_genetec, NULL, API_VENDOR_JSON_MAX },
};

/* The device's zone when its URL gives none: its lane's site's. */
static const char q_zone[] =
    "SELECT s.timezone FROM lanes l JOIN sites s ON s.id = l.site_id "
    "WHERE l.id = ? AND l.tenant_id = ?";

/*
 * The lane of a vendor's read: ?lane=ID in the URL the device posts to,
 * or the one lane its key is bound to.  0 when refused (answered).
 */
/* A lane's id as the API writes it: the id, or 0 when it is none. */
static int64_t
lane_id(const char *s)
{
	long long v;
	char     *end;

	if (!isdigit((unsigned char)s[0]))
		return (0);
	v = strtoll(s, &end, 10);
	return (*end == '\0' && v > 0 ? (int64_t)v : 0);
}

static int64_t
vendor_lane(struct api_ctx *ctx)
{
	char    s[24];
	int64_t v = 0;
	int     rc;

	if ((rc = api_query(ctx, "lane", s, sizeof(s))) == 0) {
		/* A key of one lane ("7"; a list has commas). */
		if ((v = lane_id(ctx->who.lanes)) != 0)
			return (v);
		api_error(ctx->req, 400, "missing_field", "lane",
		    "give the lane in the device's URL: ?lane=ID");
		return (0);
	}
	if (rc != 1 || (v = lane_id(s)) == 0)
		api_error(ctx->req, 400, "invalid_value", "lane",
		    "lane is a lane's id");

	return (v);
}

/*
 * The parts of a multipart body of type ct into *mp (pointing into
 * body): 1, or 0 when refused (answered: 415 for another type, 413 for
 * too many parts, else 400).
 */
static int
mp_open(struct api_ctx *ctx, const char *ct, const char *body, size_t len,
    struct api_mp *mp)
{
	const char *why;
	char        boundary[API_MP_BOUNDARY_MAX + 1];

	if (api_mp_boundary(ct, boundary, sizeof(boundary), &why) == -1) {
		api_error(ctx->req,
		    strcmp(why, API_MP_ETYPE) == 0 ?
		        HTTP_STATUS_UNSUPPORTED_MEDIA_TYPE :
		        400,
		    "invalid_body", NULL, why);
		return (0);
	}
	if (api_mp_parse(mp, (const uint8_t *)body, len, boundary, &why) ==
	    -1) {
		api_error(ctx->req,
		    strcmp(why, API_MP_EPARTS) == 0 ?
		        HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE :
		        400,
		    "invalid_body", NULL, why);
		return (0);
	}

	return (1);
}

/*
 * The JSON part name of a multipart body (its images are not kept):
 * 1 with *json pointing into body, or 0 when refused (answered).
 */
static int
vendor_part(struct api_ctx *ctx, const char *ct, const char *name,
    const char *body, size_t len, const char **json, size_t *jlen)
{
	struct api_mp             mp;
	const struct api_mp_part *p;

	if (!mp_open(ctx, ct, body, len, &mp))
		return (0);
	if ((p = api_mp_find(&mp, name)) == NULL) {
		api_error(ctx->req, 400, "missing_field", name,
		    "the multipart body has no such part");
		return (0);
	}
	*json = (const char *)p->data;
	*jlen = p->len;

	return (1);
}

/*
 * The device's lane and zone (?lane=, ?tz=) into a->lane and a->tz: 1,
 * or 0 refused (answered).
 */
static int
vendor_prep(struct api_ctx *ctx, struct ingest *a)
{
	int rc;

	if ((rc = api_query(ctx, "tz", a->tz, sizeof(a->tz))) == -1 ||
	    (rc == 1 && !api_local_zone_ok(a->tz))) {
		api_error(ctx->req, 400, "invalid_value", "tz",
		    "tz is a time zone like Europe/Berlin");
		return (0);
	}
	if (rc == 0)
		a->tz[0] = '\0';
	if ((a->lane = vendor_lane(ctx)) == 0)
		return (0);

	return (1);
}

/*
 * A vendor's message into a->r: 1 a read to decide, 0 answered (refused,
 * or a message without a read: 200, nothing stored).
 */
static int
vendor_read(struct api_ctx *ctx, struct ingest *a, enum vendor v)
{
	struct api_vendor_in in;
	struct api_read_err  err;
	struct api_jerror    jerr;
	struct api_jdoc     *doc;
	struct kore_buf     *b;
	const char          *ct, *json;
	char                *body;
	size_t               len, jlen, max;
	int                  rc, multipart;

	in.now = a->now;
	in.tz = a->tz;
	in.lane = a->lane;
	max = vendors[v].max != 0 ? vendors[v].max : app_config.body_max;
	multipart = vendors[v].part != NULL &&
	    http_request_header(ctx->req, "content-type", &ct) &&
	    strncasecmp(ct, "multipart/", 10) == 0;
	if (!api_body_take(ctx, multipart ? app_config.body_max : max, &body,
	        &len))
		return (0);
	json = body;
	jlen = len;
	if (multipart &&
	    !vendor_part(ctx, ct, vendors[v].part, body, len, &json, &jlen)) {
		api_body_free(body, len);
		return (0);
	}
	/* A byte order mark (a file saved by an editor, sent as it is). */
	if (jlen >= 3 && memcmp(json, "\xef\xbb\xbf", 3) == 0) {
		json += 3;
		jlen -= 3;
	}
	if (jlen > max) {
		api_body_free(body, len);
		api_error(ctx->req, HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE,
		    "body_too_large", NULL, "the payload is too large");
		return (0);
	}
	memset(&err, 0, sizeof(err));
	if (vendors[v].xmap != NULL) {
		rc = vendors[v].xmap(json, jlen, &in, &a->r, &err);
		api_body_free(body, len);
	} else {
		doc = api_json_parse(json, jlen, &jerr);
		api_body_free(body, len);
		if (doc == NULL) {
			api_error(ctx->req, 400, "invalid_json", NULL,
			    "the body is no JSON document");
			return (0);
		}
		rc = vendors[v].map(api_json_root(doc), &in, &a->r, &err);
		api_json_free(doc);
	}
	if (rc == -1) {
		api_error(ctx->req, err.status, err.code,
		    err.field[0] != '\0' ? err.field : NULL, err.message);
		return (0);
	}
	if (rc == 0) {
		b = kore_buf_alloc(64);
		kore_buf_appendf(b,
		    "{%s\"stored\":false,\"reason\":\"no_read\"}",
		    v == V_DAHUA ? "\"Result\":true," : "");
		api_buf_send(ctx, HTTP_STATUS_OK, b);
		return (0);
	}

	return (1);
}

/* --- OCR ---------------------------------------------------------------- */

/* The body and what was read from it (also when the request went away). */
static void
ocr_free(void *arg)
{
	struct ingest *a = arg;

	if (a->body != NULL)
		api_body_free(a->body, a->bodylen);
	a->body = NULL;
	a->img = NULL;
	ocr_result_wipe(&a->ocr);
}

/* On a work thread: the image to text.  The thread keeps its engine. */
static void
ocr_task(void *arg)
{
	struct ingest *a = arg;

	a->ostatus = ocr_read(a->img, a->imglen, a->okind, a->ocountry,
	    api_ocr_fits, NULL, &a->ocr);
	/* The image is no longer needed. */
	explicit_bzero(a->body, a->bodylen);
}

/*
 * A parameter of POST /api/v1/ocr from the query string, or else from
 * the multipart part of that name: 1 into buf, 0 absent, -1 refused
 * (answered).
 */
static int
ocr_param(struct api_ctx *ctx, const struct api_mp *mp, const char *name,
    char *buf, size_t len)
{
	const struct api_mp_part *p;
	int                       rc;

	if ((rc = api_query(ctx, name, buf, len)) == 1)
		return (1);
	if (rc == 0 && mp != NULL && (p = api_mp_find(mp, name)) != NULL) {
		if (p->len > 0 && p->len < len &&
		    memchr(p->data, '\0', p->len) == NULL) {
			memcpy(buf, p->data, p->len);
			buf[p->len] = '\0';
			return (1);
		}
		rc = -1;
	}
	if (rc == -1)
		api_error(ctx->req, 400, "invalid_value", name,
		    "a value of this parameter is malformed or too long");
	return (rc);
}

/*
 * The request of POST /api/v1/ocr into a: the image (the raw body, or
 * the multipart part "image"), kind, country, lane.  1, or 0 refused
 * (answered).
 */
static int
ocr_prep(struct api_ctx *ctx, struct ingest *a)
{
	struct api_mp             mp, *mpp = NULL;
	const struct api_mp_part *img;
	const char               *ct = "";
	char                      v[32];
	int                       rc;

	ctx->privfree = ocr_free;
	(void)http_request_header(ctx->req, "content-type", &ct);
	if (!api_body_take(ctx, app_config.body_max, &a->body, &a->bodylen))
		return (0);
	a->img = a->body;
	a->imglen = a->bodylen;
	if (strncasecmp(ct, "multipart/", 10) == 0) {
		if (!mp_open(ctx, ct, a->body, a->bodylen, &mp))
			return (0);
		mpp = &mp;
		if ((img = api_mp_find(&mp, "image")) == NULL) {
			api_error(ctx->req, 400, "missing_field", "image",
			    "the multipart body has no part \"image\"");
			return (0);
		}
		a->img = img->data;
		a->imglen = img->len;
	} else if (ct[0] != '\0' && strncasecmp(ct, "image/jpeg", 10) != 0 &&
	    strncasecmp(ct, "image/png", 9) != 0 &&
	    strncasecmp(ct, "application/octet-stream", 24) != 0) {
		api_error(ctx->req, HTTP_STATUS_UNSUPPORTED_MEDIA_TYPE,
		    "unsupported_media_type", NULL,
		    "send image/jpeg, image/png or multipart/form-data");
		return (0);
	}
	if (a->imglen == 0) {
		api_error(ctx->req, 400, "missing_field", "image",
		    "no image was sent");
		return (0);
	}
	a->okind = OCR_PLATE;
	if ((rc = ocr_param(ctx, mpp, "kind", v, sizeof(v))) == -1)
		return (0);
	if (rc == 1 && api_ocr_kind(v, &a->okind) == -1) {
		api_error(ctx->req, 400, "invalid_value", "kind",
		    "kind is one of plate, container, adr");
		return (0);
	}
	if ((rc = ocr_param(ctx, mpp, "country", v, sizeof(v))) == -1)
		return (0);
	if (rc == 1 && pseudo_country(v, strlen(v), a->ocountry) == -1) {
		api_error(ctx->req, 400, "invalid_value", "country",
		    "country is a country code like D, DE or DEU");
		return (0);
	}
	if ((rc = ocr_param(ctx, mpp, "lane", v, sizeof(v))) == -1)
		return (0);
	if (rc == 1 && (a->lane = lane_id(v)) == 0) {
		api_error(ctx->req, 400, "invalid_value", "lane",
		    "lane is a lane's id");
		return (0);
	}

	return (1);
}

/*
 * After OCR: 1 with a->r the read to decide (a lane was given), or 0
 * answered (the text alone, no text, or a refusal).
 */
static int
ocr_done(struct api_ctx *ctx, struct ingest *a)
{
	struct api_read_err err;
	struct kore_buf    *b;
	const char         *slash;
	char                why[128];
	size_t              i;

	switch (a->ostatus) {
	case OCR_OK:
	case OCR_NO_TEXT:
		break;
	case OCR_BAD_IMAGE:
		api_error(ctx->req, 400, "invalid_image", "image",
		    "not a JPEG or PNG image that can be read");
		return (0);
	case OCR_TOO_LARGE:
		(void)snprintf(why, sizeof(why),
		    "the image is larger than %d pixels a side, %d pixels or "
		    "%d bytes",
		    OCR_IMAGE_SIDE_MAX, OCR_IMAGE_PIXELS_MAX,
		    OCR_IMAGE_BYTES_MAX);
		api_error(ctx->req, HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE,
		    "image_too_large", "image", why);
		return (0);
	default:
		api_error(ctx->req, HTTP_STATUS_SERVICE_UNAVAILABLE,
		    "unavailable", NULL, "OCR is not available on this server");
		return (0);
	}
	b = kore_buf_alloc(512);
	if (a->ostatus == OCR_NO_TEXT && a->lane != 0) {
		kore_buf_appendf(b,
		    "{\"stored\":false,\"reason\":\"no_read\"}");
		api_buf_send(ctx, HTTP_STATUS_OK, b);
		return (0);
	}
	if (a->ostatus == OCR_NO_TEXT) {
		kore_buf_appendf(b,
		    "{\"kind\":\"%s\",\"text\":null,\"reason\":\"no_text\"}",
		    kind_names[a->okind]);
		api_buf_send(ctx, HTTP_STATUS_OK, b);
		return (0);
	}
	if (a->lane != 0) {
		kore_buf_free(b);
		if (api_ocr_read(&a->ocr, a->lane, a->now, &a->r, &err) == -1) {
			api_error(ctx->req, err.status, err.code,
			    err.field[0] != '\0' ? err.field : NULL,
			    err.message);
			return (0);
		}
		ocr_result_wipe(&a->ocr);
		return (1);
	}
	/* The text only: to the caller, who sent the image; kept nowhere. */
	kore_buf_appendf(b, "{\"kind\":\"%s\",\"text\":\"%s\"",
	    kind_names[a->okind], a->ocr.text);
	if (a->okind == OCR_ADR && (slash = strchr(a->ocr.text, '/')) != NULL)
		kore_buf_appendf(b,
		    ",\"adr\":{\"hazard\":\"%.*s\",\"un\":\"%s\"}",
		    (int)(slash - a->ocr.text), a->ocr.text, slash + 1);
	kore_buf_appendf(b, ",\"confidence\":%.4f,\"valid\":%s",
	    a->ocr.confidence, a->ocr.valid ? "true" : "false");
	if (a->ocr.country[0] != '\0')
		kore_buf_appendf(b, ",\"country\":\"%s\"", a->ocr.country);
	else
		kore_buf_appendf(b, ",\"country\":null");
	kore_buf_appendf(b, ",\"alternatives\":[");
	for (i = 0; i < a->ocr.nalt; i++)
		kore_buf_appendf(b, "%s{\"text\":\"%s\",\"confidence\":%.4f}",
		    i > 0 ? "," : "", a->ocr.alt[i].text,
		    a->ocr.alt[i].confidence);
	kore_buf_appendf(b, "],\"image\":{\"width\":%d,\"height\":%d}}",
	    a->ocr.width, a->ocr.height);
	ocr_result_wipe(&a->ocr);
	api_json_response(ctx->req, HTTP_STATUS_OK, (const char *)b->data,
	    b->offset);
	explicit_bzero(b->data, b->offset);
	kore_buf_free(b);

	return (0);
}

static int ingest(struct api_ctx *, enum vendor);

int
api_ocr(struct api_ctx *ctx)
{
	return (ingest(ctx, V_OCR));
}

int
api_reads_create(struct api_ctx *ctx)
{
	return (ingest(ctx, V_NONE));
}

int
api_ingest_openalpr(struct api_ctx *ctx)
{
	return (ingest(ctx, V_OPENALPR));
}

int
api_ingest_platerecognizer(struct api_ctx *ctx)
{
	return (ingest(ctx, V_PLATERECOGNIZER));
}

int
api_ingest_axis(struct api_ctx *ctx)
{
	return (ingest(ctx, V_AXIS));
}

int
api_ingest_hikvision(struct api_ctx *ctx)
{
	return (ingest(ctx, V_HIKVISION));
}

int
api_ingest_vaxtor(struct api_ctx *ctx)
{
	return (ingest(ctx, V_VAXTOR));
}

int
api_ingest_dahua(struct api_ctx *ctx)
{
	return (ingest(ctx, V_DAHUA));
}

int
api_ingest_genetec(struct api_ctx *ctx)
{
	return (ingest(ctx, V_GENETEC));
}

static int
ingest(struct api_ctx *ctx, enum vendor v)
{
	struct ingest      *a = api_priv(ctx, sizeof(*a));
	struct api_read_err err;
	struct sql_result  *r;
	struct timespec     ts;
	const char         *s;
	size_t              len, n;

	API_BEGIN(ctx);
	(void)clock_gettime(CLOCK_REALTIME, &ts);
	a->now = (int64_t)ts.tv_sec;
	a->ms = (int)(ts.tv_nsec / 1000000);
	if (v == V_OCR) {
		a->vendor = v;
		if (!ocr_prep(ctx, a))
			return (KORE_RESULT_OK);
		api_work_start(ctx, ocr_task);
		API_WAIT(ctx);
		api_body_free(a->body, a->bodylen);
		a->body = NULL;
		a->img = NULL;
		if (!ocr_done(ctx, a))
			return (KORE_RESULT_OK);
	} else if (v != V_NONE) {
		a->vendor = v;
		if (!vendor_prep(ctx, a))
			return (KORE_RESULT_OK);
		/* No ?tz=: the device keeps its site's time. */
		if (a->tz[0] == '\0' && lane_cached(ctx, a)) {
			(void)snprintf(a->tz, sizeof(a->tz), "%s", a->c.tz);
		} else if (a->tz[0] == '\0') {
			a->lp[0] = sql_p_int(a->lane);
			a->lp[1] = sql_p_int(ctx->who.tenant);
			API_SQL(ctx, q_zone, a->lp, 2);
			r = api_result(ctx);
			if (r == NULL || sql_result_rows(r) != 1) {
				api_error(ctx->req, 422, "unknown_lane", "lane",
				    "no such lane");
				return (KORE_RESULT_OK);
			}
			(void)snprintf(a->tz, sizeof(a->tz), "%s",
			    sql_result_text(r, 0, 0, NULL));
		}
		if (!vendor_read(ctx, a, v))
			return (KORE_RESULT_OK);
	} else if (api_read_parse(ctx->json, a->now, &a->r, &err) == -1) {
		api_error(ctx->req, err.status, err.code,
		    err.field[0] != '\0' ? err.field : NULL, err.message);
		return (KORE_RESULT_OK);
	}
	/* The parsed body holds the plate too: gone now. */
	api_json_free(ctx->body);
	ctx->body = NULL;
	ctx->json = NULL;
	if (!lane_allowed(ctx, a->r.lane)) {
		api_read_wipe(&a->r);
		api_error(ctx->req, HTTP_STATUS_FORBIDDEN, "lane_not_allowed",
		    "lane", "this device key is not bound to that lane");
		return (KORE_RESULT_OK);
	}

	sql_time_ms(a->now, a->ms, a->received, sizeof(a->received));
	sql_time_ms(a->r.captured, a->r.captured_ms, a->captured,
	    sizeof(a->captured));
	sql_time_ms(a->now + IDEM_HOURS * 3600, a->ms, a->idem_expires,
	    sizeof(a->idem_expires));
	/* 48 bits of milliseconds, then 80 random bits: time-ordered ids. */
	for (n = 0; n < 6; n++)
		a->id[n] = (unsigned char)(((uint64_t)a->now * 1000 +
		                               (uint64_t)a->ms) >>
		    (8 * (5 - n)));
	if (pseudo_random(a->id + 6, sizeof(a->id) - 6) == -1 ||
	    pseudonymise(ctx, a, a->now) == -1) {
		api_read_wipe(&a->r);
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot make the read's pseudonyms");
		return (KORE_RESULT_OK);
	}
	for (n = 0; n < sizeof(a->id); n++)
		(void)snprintf(a->idhex + 2 * n, 3, "%02x", a->id[n]);

	a->fresh = !lane_cached(ctx, a);
	for (;;) {
		if (a->fresh) {
			lookup_params(ctx, a);
			API_SQL(ctx, q_lane, a->lp, 7);
			if (!lookup_done(ctx, a))
				return (KORE_RESULT_OK);
			if (a->replay) {
				r = api_result(ctx);
				s = sql_result_text(r, 0, 3, &len);
				send_answer(ctx, a, s, len);
				return (KORE_RESULT_OK);
			}
		}
		/* A tenant that seals nothing needs no plaintext. */
		if (a->c.ev_classes == 0)
			explicit_bzero(a->evplate, sizeof(a->evplate));
		a->stateful = a->c.parking && a->kind == API_READ_PLATE;
		if ((a->c.has_lists || a->stateful) &&
		    a->kind == API_READ_PLATE && !a->have_match &&
		    match_tokens(ctx, a) == -1) {
			api_error(ctx->req, 500, "internal", NULL,
			    "cannot make the read's pseudonyms");
			return (KORE_RESULT_OK);
		}
		memset(&a->d, 0, sizeof(a->d));
		a->has_shadow = 0;
		if (a->c.has_lists && a->kind == API_READ_PLATE) {
			if (!hits_cached(ctx, a)) {
				hits_params(ctx, a);
				API_SQL(ctx, q_hits, a->hp, 2 + HIT_TOKENS);
				hits_decide(ctx, a);
			}
		} else if (a->kind == API_READ_ADR) {
			adr_decide(a);
		} else if (a->kind == API_READ_CONTAINER && a->check_ok &&
		    a->c.unbooked >= 0) {
			/* A site that expects its containers. */
			booking_params(ctx, a);
			API_SQL(ctx, q_booking, a->bp, 5);
			booking_decide(ctx, a);
		} else if (a->kind == API_READ_CONTAINER && !a->check_ok) {
			/* A misread container code: a person looks. */
			a->d.action = RULES_MANUAL;
			(void)snprintf(a->d.reasons, sizeof(a->d.reasons),
			    "check_digit");
		} else if (a->stateful) {
			(void)snprintf(a->d.reasons, sizeof(a->d.reasons),
			    "not_listed");
		} else {
			/* Nothing to decide with: no lists for this site. */
			(void)snprintf(a->d.reasons, sizeof(a->d.reasons),
			    "no_rules");
		}
		if (a->stateful) {
			state_params(ctx, a);
			API_SQL(ctx, q_state, a->sp, 4);
			if (!state_done(ctx, a)) {
				api_error(ctx->req, 422, "unknown_lane", "lane",
				    "no such lane");
				return (KORE_RESULT_OK);
			}
		}
		decide(a);
		evidence_seal(ctx, a);
		app_db_job_free(ctx->job);
		n = rows(ctx, a, 0);
		if (a->e.open || a->e.close || a->e.supersede)
			session_stmt(ctx, a, &n);
		/* Just read from the database: nothing to check. */
		if (n == 0 && a->fresh) {
			ctx->job = NULL;
			break;
		}
		ctx->job = app_db_submit_rows(ctx->req, a->s, n, a->cfg);
		API_WAIT(ctx);
		if (ctx->job->state == APP_DB_DONE)
			break;
		if (++a->tries > TRIES)
			break; /* answered below: 503 */
		if (ctx->job->stale) {
			/* A change was committed: look it all up again. */
			a->fresh = 1;
			continue;
		}
		if (moved(ctx->job))
			continue; /* the site's state moved: decide again */
		if (ctx->job->sqlerrno != 1062 || !a->has_id)
			break;
		/* The same read id came before: answer as then. */
		a->lp[0] = sql_p_str(ctx->who.actor);
		a->lp[1] = sql_p_blob(a->idhash, sizeof(a->idhash));
		API_SQL(ctx, q_answer, a->lp, 2);
		r = api_result(ctx);
		if (r != NULL && sql_result_rows(r) == 1) {
			s = sql_result_text(r, 0, 0, &len);
			send_answer(ctx, a, s, len);
			return (KORE_RESULT_OK);
		}
		/* Its memory has expired: forget it, and store this one. */
		API_SQL(ctx, q_answer_expired, a->lp, 2);
	}
	wipe_skeletons(a);
	explicit_bzero(a->evplate, sizeof(a->evplate));
	explicit_bzero(&a->rt, sizeof(a->rt));
	if (ctx->job != NULL && ctx->job->state != APP_DB_DONE) {
		/* A duplicate key's message holds a token: not logged. */
		if (!ctx->job->unavailable && !moved(ctx->job) &&
		    ctx->job->sqlerrno != 1062)
			kore_log(LOG_ERR, "%s: %s", ctx->req->path,
			    ctx->job->errstr);
		api_error(ctx->req, HTTP_STATUS_SERVICE_UNAVAILABLE,
		    "unavailable", NULL,
		    "the database is not available; try again");
		return (KORE_RESULT_OK);
	}
	publish(ctx, a);
	send_answer(ctx, a, a->answer, strlen(a->answer));
	API_END(ctx);
}

/* --- search ------------------------------------------------------------- */

/*
 * The longest purpose, in bytes: escaped (at most 6 bytes each) with the
 * filters it must fit audit_log.details (1024).
 */
#define PURPOSE_MAX 120

struct search {
	int64_t            site, lane, limit;
	char               from[32], to[32];
	char               action[16], reason[40], cursor[40];
	char               details[6 * PURPOSE_MAX + 200];
	struct sql_param   p[16];
	struct sql_param   ap[6];
	struct app_db_stmt s[2];
};

static const char q_search[] =
    "SELECT HEX(id), DATE_FORMAT(received_at, '%Y-%m-%dT%H:%i:%sZ'), "
    "DATE_FORMAT(captured_at, '%Y-%m-%dT%H:%i:%sZ'), site_id, lane_id, "
    "kind, code, adr_hazard, adr_un, country, confidence, direction, "
    "action, reasons, class, DATE_FORMAT(expires_at, '%Y-%m-%dT%H:%i:%sZ'), "
    "plausible, key_version, trace, shadow_action, shadow_reasons, "
    "session_id FROM plate_reads WHERE tenant_id = ? "
    "AND (? = 0 OR site_id = ?) AND (? = 0 OR lane_id = ?) "
    "AND received_at >= ? AND received_at < ? "
    "AND (? = '' OR action = ?) AND (? = '' OR FIND_IN_SET(?, reasons)) "
    "AND (? = '' OR id < UNHEX(?)) ORDER BY id DESC LIMIT ?";

/* A positive id from the query string into *out (0 when absent); 0 when bad. */
static int
query_id(struct api_ctx *ctx, const char *name, int64_t *out)
{
	char v[24];
	int  n;

	*out = 0;
	if ((n = api_query(ctx, name, v, sizeof(v))) == 0)
		return (1);
	if (n == -1 || v[0] == '\0' || v[0] == '0' || strlen(v) > 18 ||
	    strspn(v, "0123456789") != strlen(v))
		return (0);
	*out = (int64_t)strtoll(v, NULL, 10);

	return (1);
}

/* An RFC 3339 time from the query string into out (DATETIME text). */
static int
query_time(struct api_ctx *ctx, const char *name, const char *dflt, char *out,
    size_t len)
{
	char    v[48];
	int64_t t;
	int     ms, n;

	if ((n = api_query(ctx, name, v, sizeof(v))) == 0) {
		(void)snprintf(out, len, "%s", dflt);
		return (1);
	}
	if (n == -1 || api_parse_rfc3339_ms(v, &t, &ms) == -1)
		return (0);
	sql_time_ms(t, ms, out, len);

	return (1);
}

/* A value of [a-z_] from the query string ("" when absent); 0 when bad. */
static int
query_word(struct api_ctx *ctx, const char *name, char *out, size_t len)
{
	int n;

	if ((n = api_query(ctx, name, out, len)) == 0) {
		out[0] = '\0';
		return (1);
	}

	return (n == 1 && out[0] != '\0' &&
	    strspn(out, "abcdefghijklmnopqrstuvwxyz_") == strlen(out));
}

/* 400 naming the query argument. */
static int
bad_query(struct api_ctx *ctx, const char *name, const char *msg)
{
	api_error(ctx->req, 400, "invalid_value", name, msg);

	return (KORE_RESULT_OK);
}

static void
read_json(struct kore_buf *b, struct sql_result *r, size_t i)
{
	static const char *const names[] = { "id", "received_at", "captured_at",
		"site", "lane", "kind", "code", NULL, NULL, "country",
		"confidence", "direction" };
	size_t                   c;
	const char              *s;

	kore_buf_appendf(b, "{");
	for (c = 0; c < 12; c++) {
		if (names[c] == NULL)
			continue;
		kore_buf_appendf(b, "%s\"%s\":", c ? "," : "", names[c]);
		if (c == 0) {
			/* Hex, lower case like the ingest answer's read_id. */
			char id[33];
			(void)snprintf(id, sizeof(id), "%s",
			    sql_result_text(r, i, 0, NULL));
			for (s = id; *s != '\0'; s++)
				id[s - id] = (char)tolower((unsigned char)*s);
			api_buf_str(b, id);
		} else if (c == 10) {
			kore_buf_appendf(b, "%s",
			    sql_result_text(r, i, c, NULL));
		} else {
			api_buf_col(b, r, i, c);
		}
	}
	kore_buf_appendf(b, ",\"adr\":");
	if (sql_result_null(r, i, 7)) {
		kore_buf_appendf(b, "null");
	} else {
		kore_buf_appendf(b, "{\"hazard\":");
		api_buf_col(b, r, i, 7);
		kore_buf_appendf(b, ",\"un\":");
		api_buf_col(b, r, i, 8);
		kore_buf_appendf(b, "}");
	}
	kore_buf_appendf(b, ",\"decision\":{\"action\":");
	api_buf_col(b, r, i, 12);
	kore_buf_appendf(b, ",\"reasons\":");
	api_buf_list(b, sql_result_text(r, i, 13, NULL));
	kore_buf_appendf(b, ",\"trace\":");
	api_buf_col(b, r, i, 18);
	kore_buf_appendf(b, ",\"session_id\":");
	if (sql_result_null(r, i, 21))
		kore_buf_appendf(b, "null");
	else
		api_buf_col(b, r, i, 21);
	kore_buf_appendf(b, ",\"shadow\":");
	if (sql_result_null(r, i, 19)) {
		kore_buf_appendf(b, "null");
	} else {
		kore_buf_appendf(b, "{\"action\":");
		api_buf_col(b, r, i, 19);
		kore_buf_appendf(b, ",\"reasons\":");
		api_buf_list(b, sql_result_text(r, i, 20, NULL));
		kore_buf_appendf(b, "}");
	}
	kore_buf_appendf(b, "},\"class\":");
	api_buf_col(b, r, i, 14);
	kore_buf_appendf(b, ",\"expires_at\":");
	api_buf_col(b, r, i, 15);
	kore_buf_appendf(b, ",\"plausible\":");
	api_buf_bool(b, r, i, 16);
	kore_buf_appendf(b, ",\"key_version\":");
	api_buf_col(b, r, i, 17);
	kore_buf_appendf(b, "}");
}

/*
 * GET /api/v1/reads?purpose=…&site=&lane=&from=&to=&action=&reason=
 * &limit=&cursor=: pseudonymous records, newest first.  purpose is
 * required and goes into the audit trail with the filters, in the same
 * transaction as the search.  Refused in privacy mode (API_R_SEARCH).
 */
int
api_reads_list(struct api_ctx *ctx)
{
	struct search     *a = api_priv(ctx, sizeof(*a));
	struct sql_result *r;
	struct kore_buf   *b;
	char               purpose[PURPOSE_MAX + 1];
	char               esc[6 * PURPOSE_MAX + 8];
	size_t             i, rows;
	int                n;

	API_BEGIN(ctx);
	if (api_query(ctx, "purpose", purpose, sizeof(purpose)) != 1 ||
	    purpose[0] == '\0' || strlen(purpose) > PURPOSE_MAX) {
		api_error(ctx->req, 400, "missing_field", "purpose",
		    "say why you search (1 to 120 bytes): it is written "
		    "to the audit trail");
		return (KORE_RESULT_OK);
	}
	if (!query_id(ctx, "site", &a->site))
		return (bad_query(ctx, "site", "a site id"));
	if (!query_id(ctx, "lane", &a->lane))
		return (bad_query(ctx, "lane", "a lane id"));
	if (!query_time(ctx, "from", "1970-01-01 00:00:00", a->from,
	        sizeof(a->from)))
		return (bad_query(ctx, "from", "an RFC 3339 time with offset"));
	if (!query_time(ctx, "to", "9999-12-31 00:00:00", a->to, sizeof(a->to)))
		return (bad_query(ctx, "to", "an RFC 3339 time with offset"));
	if (!query_word(ctx, "action", a->action, sizeof(a->action)))
		return (bad_query(ctx, "action", "open, deny, manual or none"));
	if (!query_word(ctx, "reason", a->reason, sizeof(a->reason)))
		return (
		    bad_query(ctx, "reason", "a reason code like no_rules"));
	if ((n = api_query(ctx, "cursor", a->cursor, sizeof(a->cursor))) ==
	        -1 ||
	    (n == 1 &&
	        (strlen(a->cursor) != 32 ||
	            strspn(a->cursor, "0123456789abcdefABCDEF") != 32)))
		return (bad_query(ctx, "cursor",
		    "a next_cursor of an earlier page"));
	/* api_query_limit() knows numeric cursors: ours is hex. */
	if (!query_id(ctx, "limit", &a->limit) || a->limit > API_LIST_MAX)
		return (bad_query(ctx, "limit", "1 to 500"));
	if (a->limit == 0)
		a->limit = API_LIST_DEFAULT;

	(void)api_json_escape(esc, sizeof(esc), purpose, strlen(purpose));
	(void)snprintf(a->details, sizeof(a->details),
	    "{\"purpose\":%s,\"site\":%" PRId64 ",\"lane\":%" PRId64
	    ",\"action\":\"%s\",\"reason\":\"%s\"}",
	    esc, a->site, a->lane, a->action, a->reason);
	api_audit_stmt(ctx, &a->s[0], a->ap, "reads.search", "reads", "success",
	    a->details, 0);
	a->p[0] = sql_p_int(ctx->who.tenant);
	a->p[1] = a->p[2] = sql_p_int(a->site);
	a->p[3] = a->p[4] = sql_p_int(a->lane);
	a->p[5] = sql_p_str(a->from);
	a->p[6] = sql_p_str(a->to);
	a->p[7] = a->p[8] = sql_p_str(a->action);
	a->p[9] = a->p[10] = sql_p_str(a->reason);
	a->p[11] = a->p[12] = sql_p_str(a->cursor);
	a->p[13] = sql_p_int(a->limit);
	api_stmt(&a->s[1], q_search, a->p, 14, 0);
	API_TX(ctx, a->s, 2);

	r = api_result(ctx);
	rows = r != NULL ? sql_result_rows(r) : 0;
	b = kore_buf_alloc(4096);
	kore_buf_appendf(b, "{\"items\":[");
	for (i = 0; i < rows; i++) {
		if (i > 0)
			kore_buf_appendf(b, ",");
		read_json(b, r, i);
	}
	kore_buf_appendf(b, "],\"next_cursor\":");
	if ((int64_t)rows == a->limit && rows > 0) {
		char last[33];
		(void)snprintf(last, sizeof(last), "%s",
		    sql_result_text(r, rows - 1, 0, NULL));
		for (i = 0; last[i] != '\0'; i++)
			last[i] = (char)tolower((unsigned char)last[i]);
		api_buf_str(b, last);
	} else {
		kore_buf_appendf(b, "null");
	}
	kore_buf_appendf(b, "}");
	api_buf_send(ctx, HTTP_STATUS_OK, b);
	API_END(ctx);
}
