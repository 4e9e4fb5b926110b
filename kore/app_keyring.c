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
 * The keyring and the master key's rotation (issue 6).
 *
 * key_file holds the current master key; keys/retired/ beside it holds
 * the masters it replaced (kore/rotate-master-key puts them there).  The
 * database knows each by its fingerprint (master_keys, sql/schema/017)
 * and records which master each tenant's key version was made under
 * (tenant_keys).  A start with a key_file the database has not seen
 * makes it the current master and retires the others; then, before any
 * worker exists, it
 *
 *  1. moves every tenant whose current key version is under another
 *     master to its next version under the current one, re-keying its
 *     list entries in one transaction each (api_rekey.c, the statements
 *     of the online rotation, api_keyrot.c), audited keys.rotate;
 *  2. seals every TOTP secret again under the current master;
 *  3. ends every session (their hashes were keyed by the old master).
 *
 * Each step only looks for what is not yet under the current master, so
 * a start that fails half-way is finished by the next one.  Stored
 * reads, parking sessions and queue items keep their version (and its
 * master) until they expire; API keys are hashed again at their first
 * use (api_dispatch.c).  At the end the start reports, for each retired
 * master, what still needs it, or that its file may go.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <kore/kore.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "../api/api_rekey.h"

#define RETIRED_DIR     "retired"
/* A TOTP secret's sealed size (api_auth.c): 20 bytes + nonce and tag. */
#define TOTP_SEALED_MAX 128

static int  ring_add(const unsigned char *, const char *, char *, size_t);
static int  sync_masters(struct sql_conn *, int *, char *, size_t);
static int  rotate_tenants(struct sql_conn *, char *, size_t);
static int  rotate_tenant(struct sql_conn *, int64_t, char *, size_t);
static void reseal_totp(struct sql_conn *);
static void report(struct sql_conn *);
static struct sql_result *query(struct sql_conn *, const char *,
    const struct sql_param *, size_t, char *, size_t);

static const char q_masters[] =
    "SELECT id, COALESCE(fingerprint, ''), retired_at IS NULL "
    "FROM master_keys ORDER BY id";
static const char q_claim[] =
    "UPDATE master_keys SET fingerprint = ? WHERE id = ? AND "
    "fingerprint IS NULL";
static const char q_new_master[] =
    "INSERT INTO master_keys (id, fingerprint) SELECT MAX(id) + 1, ? "
    "FROM master_keys";
static const char q_retire[] =
    "UPDATE master_keys SET retired_at = UTC_TIMESTAMP(6) "
    "WHERE id <> ? AND retired_at IS NULL";
static const char q_audit_master[] =
    "INSERT INTO audit_log (tenant_id, actor, action, object, outcome, "
    "details) VALUES (1, 'system', 'keys.master', CONCAT('master:', ?), "
    "'success', ?)";
static const char q_end_sessions[] = "DELETE FROM sessions";

/* Tenants whose current version is under another master. */
static const char q_stale[] =
    "SELECT ts.tenant_id FROM tenant_settings ts LEFT JOIN tenant_keys k "
    "ON k.tenant_id = ts.tenant_id AND k.version = ts.key_version "
    "WHERE COALESCE(k.master_id, 0) <> ? ORDER BY ts.tenant_id";
static const char q_lock[] =
    "SELECT ts.key_version, COALESCE(k.master_id, 0) FROM tenant_settings "
    "ts LEFT JOIN tenant_keys k ON k.tenant_id = ts.tenant_id AND "
    "k.version = ts.key_version WHERE ts.tenant_id = ? FOR UPDATE";
static const char q_entries[] = API_REKEY_SQL_ENTRIES;
static const char q_bump[] = API_REKEY_SQL_BUMP;
static const char q_drop_tokens[] = API_REKEY_SQL_DROP_TOKENS;
static const char q_reseal[] = API_REKEY_SQL_RESEAL;
static const char q_tokens[] = API_REKEY_SQL_TOKENS;
static const char q_audit_rotate[] =
    "INSERT INTO audit_log (tenant_id, actor, action, object, outcome, "
    "details) VALUES (?, 'system', 'keys.rotate', 'keys', 'success', ?)";

static const char q_totp[] =
    "SELECT id, totp_secret, totp_pending, totp_master FROM users "
    "WHERE totp_master IS NOT NULL AND totp_master <> ?";
static const char q_totp_set[] =
    "UPDATE users SET totp_secret = ?, totp_pending = ?, totp_master = ? "
    "WHERE id = ? AND totp_master = ?";

/*
 * What each retired master still holds: records of its versions by
 * table, the latest expiry among them, API keys hashed under it (not
 * revoked), TOTP secrets sealed under it.
 */
/* clang-format off */
#define HELD(t)								\
	"(SELECT COUNT(*) FROM " t " r JOIN tenant_keys k ON "		\
	"k.tenant_id = r.tenant_id AND k.version = r.key_version "	\
	"WHERE k.master_id = m.id)"
#define UNTIL(t)							\
	"(SELECT MAX(r.expires_at) FROM " t " r JOIN tenant_keys k ON "	\
	"k.tenant_id = r.tenant_id AND k.version = r.key_version "	\
	"WHERE k.master_id = m.id)"
static const char q_report[] =
    "SELECT m.id, COALESCE(m.fingerprint, ''), "
    HELD("plate_reads") ", " HELD("parking_sessions") ", "
    HELD("manual_queue") ", " HELD("list_entries") ", "
    "(SELECT COUNT(*) FROM api_keys a WHERE a.master_id = m.id "
    "AND a.revoked_at IS NULL), "
    "(SELECT COUNT(*) FROM users u WHERE u.totp_master = m.id), "
    "COALESCE(DATE_FORMAT(GREATEST(COALESCE(" UNTIL("plate_reads") ", 0), "
    "COALESCE(" UNTIL("parking_sessions") ", 0), "
    "COALESCE(" UNTIL("manual_queue") ", 0)), '%Y-%m-%dT%H:%i:%sZ'), '') "
    "FROM master_keys m WHERE m.retired_at IS NOT NULL ORDER BY m.id";
/* clang-format on */

int
app_keyring_load(const char *key_file, char *err, size_t errlen)
{
	struct dirent **names = NULL;
	unsigned char   buf[PSEUDO_KEY_LEN];
	char            dir[PATH_MAX], path[PATH_MAX], *slash;
	size_t          len, nlen;
	int             i, n, rc = 0;

	app_keys.nring = 0;
	if (ring_add(app_keys.master.bytes, key_file, err, errlen) == -1)
		return (-1);

	/* keys/retired/ beside key_file; none is fine. */
	(void)snprintf(dir, sizeof(dir), "%s", key_file);
	if ((slash = strrchr(dir, '/')) != NULL)
		slash[1] = '\0';
	else
		dir[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s%s", dir, RETIRED_DIR) >=
	    sizeof(path)) {
		(void)snprintf(err, errlen, "key_file: path too long");
		return (-1);
	}
	(void)snprintf(dir, sizeof(dir), "%s", path);
	if ((n = scandir(dir, &names, NULL, alphasort)) == -1) {
		if (errno == ENOENT)
			return (0);
		(void)snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	for (i = 0; i < n; i++) {
		nlen = strlen(names[i]->d_name);
		if (rc == -1 || names[i]->d_name[0] == '.' || nlen < 5 ||
		    strcmp(names[i]->d_name + nlen - 4, ".key") != 0)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir,
		    names[i]->d_name);
		if (app_config_read_secret("retired key", path, buf,
		        sizeof(buf), &len, 0, err, errlen) == -1) {
			rc = -1;
		} else if (len != sizeof(buf)) {
			(void)snprintf(err, errlen,
			    "retired key: %s: must hold %zu bytes", path,
			    sizeof(buf));
			rc = -1;
		} else {
			rc = ring_add(buf, path, err, errlen);
		}
		explicit_bzero(buf, sizeof(buf));
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);

	return (rc);
}

/* One more key in the ring, with its fingerprint and derived keys. */
static int
ring_add(const unsigned char *key, const char *path, char *err, size_t errlen)
{
	struct app_master *m;
	size_t             i;

	if (app_keys.nring == APP_MASTERS_MAX) {
		(void)snprintf(err, errlen,
		    "%s: more than %d master keys in the keyring: delete "
		    "retired keys that are no longer needed (the start "
		    "says which)",
		    path, APP_MASTERS_MAX);
		return (-1);
	}
	m = &app_keys.ring[app_keys.nring];
	memset(m, 0, sizeof(*m));
	memcpy(m->key.bytes, key, sizeof(m->key.bytes));
	(void)snprintf(m->path, sizeof(m->path), "%s", path);
	if (pseudo_key_fingerprint(&m->key, m->fingerprint) == -1 ||
	    pseudo_key_derive(&m->key, "apikey", 0, 1, &m->apikey) == -1 ||
	    pseudo_key_derive(&m->key, "totp", 0, 1, &m->totp) == -1) {
		explicit_bzero(m, sizeof(*m));
		(void)snprintf(err, errlen, "cannot derive keys (OpenSSL)");
		return (-1);
	}
	/* A copy of a key already in the ring (the current one, say). */
	for (i = 0; i < app_keys.nring; i++) {
		if (strcmp(app_keys.ring[i].fingerprint, m->fingerprint) == 0) {
			kore_log(LOG_NOTICE,
			    "torwart: %s is the same key as %s: ignored", path,
			    app_keys.ring[i].path);
			explicit_bzero(m, sizeof(*m));
			return (0);
		}
	}
	app_keys.nring++;

	return (0);
}

const struct app_master *
app_master(uint32_t id)
{
	size_t i;

	if (id == 0)
		return (NULL);
	for (i = 0; i < app_keys.nring; i++)
		if (app_keys.ring[i].id == id)
			return (&app_keys.ring[i]);

	return (NULL);
}

const struct pseudo_key *
app_master_key(uint32_t id)
{
	const struct app_master *m = app_master(id);

	return (m != NULL ? &m->key : NULL);
}

int
app_keyring_sync(struct sql_conn *owner, struct sql_conn *app, char *err,
    size_t errlen)
{
	struct sql_result *r;
	int                made = 0, rc;

	/* Nodes that start together: one at a time. */
	if ((r = query(owner, "SELECT GET_LOCK('torwart.keyring', 3600)", NULL,
	         0, err, errlen)) == NULL)
		return (-1);
	sql_result_free(r);

	rc = sync_masters(owner, &made, err, errlen);
	if (rc == 0)
		rc = rotate_tenants(app, err, errlen);
	if (rc == 0) {
		reseal_totp(app);
		if (made && sql_run(app, q_end_sessions, NULL, 0) == 0)
			kore_log(LOG_NOTICE,
			    "torwart: master key rotation: %" PRIu64
			    " sessions ended (log in again)",
			    sql_affected_rows(app));
		report(app);
	}

	if ((r = query(owner, "SELECT RELEASE_LOCK('torwart.keyring')", NULL, 0,
	         NULL, 0)) != NULL)
		sql_result_free(r);

	return (rc);
}

/*
 * Match the ring with master_keys: claim master 1 on the first start
 * with schema 017, record a new current master (*made = 1) and retire
 * the others.  The ring's ids are set; those the database does not know
 * stay 0 (ignored).
 */
static int
sync_masters(struct sql_conn *c, int *made, char *err, size_t errlen)
{
	struct app_master *cur = &app_keys.ring[0];
	struct sql_result *r;
	struct sql_param   p[2];
	const char        *fp;
	size_t             i, k, rows;
	int64_t            id, current;
	char               details[128];

	if ((r = query(c, q_masters, NULL, 0, err, errlen)) == NULL)
		return (-1);
	rows = sql_result_rows(r);
	for (i = 0; i < rows; i++) {
		(void)sql_result_int(r, i, 0, &id);
		fp = sql_result_text(r, i, 1, NULL);
		if (fp[0] == '\0') {
			if (app_keys.nring > 1) {
				(void)snprintf(err, errlen,
				    "master key %" PRId64 " was never started "
				    "with, but keys/retired/ holds keys: start "
				    "once with the key every version so far "
				    "was made under before rotating it",
				    id);
				sql_result_free(r);
				return (-1);
			}
			p[0] = sql_p_str(cur->fingerprint);
			p[1] = sql_p_int(id);
			if (sql_run(c, q_claim, p, 2) == -1) {
				(void)snprintf(err, errlen, "database: %s",
				    sql_errstr(c));
				sql_result_free(r);
				return (-1);
			}
			fp = cur->fingerprint;
		}
		(void)sql_result_int(r, i, 2, &current);
		for (k = 0; k < app_keys.nring; k++) {
			if (strcmp(app_keys.ring[k].fingerprint, fp) != 0)
				continue;
			app_keys.ring[k].id = (uint32_t)id;
			if (k == 0 && !current) {
				(void)snprintf(err, errlen,
				    "%s holds master key %" PRId64
				    " (fingerprint %s), which was retired: put "
				    "the current master key back, or rotate "
				    "with kore/rotate-master-key",
				    cur->path, id, fp);
				sql_result_free(r);
				return (-1);
			}
		}
	}
	sql_result_free(r);

	if (cur->id == 0) {
		/* A new master key: current from now on. */
		p[0] = sql_p_str(cur->fingerprint);
		if (sql_run(c, q_new_master, p, 1) == -1 ||
		    (r = query(c, "SELECT MAX(id) FROM master_keys", NULL, 0,
		         err, errlen)) == NULL) {
			(void)snprintf(err, errlen, "database: %s",
			    sql_errstr(c));
			return (-1);
		}
		(void)sql_result_int(r, 0, 0, &id);
		sql_result_free(r);
		cur->id = (uint32_t)id;
		*made = 1;
		kore_log(LOG_NOTICE,
		    "torwart: new master key %s (master %" PRId64 ") in %s",
		    cur->fingerprint, id, cur->path);
	}
	p[0] = sql_p_int(cur->id);
	if (sql_run(c, q_retire, p, 1) == -1) {
		(void)snprintf(err, errlen, "database: %s", sql_errstr(c));
		return (-1);
	}
	if (*made) {
		(void)snprintf(details, sizeof(details),
		    "{\"fingerprint\":\"%s\",\"retired\":%" PRIu64 "}",
		    cur->fingerprint, sql_affected_rows(c));
		p[0] = sql_p_int(cur->id);
		p[1] = sql_p_str(details);
		if (sql_run(c, q_audit_master, p, 2) == -1) {
			(void)snprintf(err, errlen, "database: %s",
			    sql_errstr(c));
			return (-1);
		}
	}
	app_keys.master_id = cur->id;
	for (i = 1; i < app_keys.nring; i++) {
		if (app_keys.ring[i].id == 0)
			kore_log(LOG_WARNING,
			    "torwart: %s is no master key this database "
			    "knows: ignored",
			    app_keys.ring[i].path);
	}

	return (0);
}

/* Every tenant still on a retired master: its next version. */
static int
rotate_tenants(struct sql_conn *c, char *err, size_t errlen)
{
	struct sql_result *r;
	struct sql_param   p;
	int64_t           *ids, id;
	size_t             i, n;
	int                rc = 0;

	p = sql_p_int(app_keys.master_id);
	if ((r = query(c, q_stale, &p, 1, err, errlen)) == NULL)
		return (-1);
	n = sql_result_rows(r);
	if (n == 0) {
		sql_result_free(r);
		return (0);
	}
	if ((ids = calloc(n, sizeof(*ids))) == NULL) {
		sql_result_free(r);
		(void)snprintf(err, errlen, "out of memory");
		return (-1);
	}
	for (i = 0; i < n; i++) {
		(void)sql_result_int(r, i, 0, &id);
		ids[i] = id;
	}
	sql_result_free(r);
	for (i = 0; i < n && rc == 0; i++)
		rc = rotate_tenant(c, ids[i], err, errlen);
	free(ids);
	if (rc == 0)
		kore_log(LOG_NOTICE,
		    "torwart: master key rotation: %zu tenants moved to a new "
		    "key version",
		    n);

	return (rc);
}

/*
 * One tenant: its entries opened under their master and made again
 * under the current one at the next version, in one transaction.
 */
static int
rotate_tenant(struct sql_conn *c, int64_t tenant, char *err, size_t errlen)
{
	struct sql_result   *r = NULL, *e = NULL;
	struct api_rekey_in *in = NULL;
	struct api_rekey     out;
	struct sql_param     p[3];
	const char          *what = NULL;
	size_t               i, n = 0, bad;
	int64_t              v, master;
	uint32_t             from;
	char                 details[160];
	int                  rc = -1;

	memset(&out, 0, sizeof(out));
	if (sql_exec(c, "START TRANSACTION") == -1)
		goto db;
	p[0] = sql_p_int(tenant);
	if ((r = query(c, q_lock, p, 1, err, errlen)) == NULL)
		goto fail;
	if (sql_result_rows(r) != 1 || sql_result_int(r, 0, 0, &v) == -1 ||
	    sql_result_int(r, 0, 1, &master) == -1) {
		(void)snprintf(err, errlen, "tenant %" PRId64 ": no settings",
		    tenant);
		goto fail;
	}
	from = (uint32_t)v;
	if ((uint32_t)master == app_keys.master_id) {
		/* Another node did it meanwhile. */
		sql_result_free(r);
		return (sql_exec(c, "COMMIT") == 0 ? 0 : -1);
	}
	if ((e = query(c, q_entries, p, 1, err, errlen)) == NULL)
		goto fail;
	n = sql_result_rows(e);
	if (n > API_REKEY_MAX) {
		(void)snprintf(err, errlen,
		    "tenant %" PRId64 ": more than %d list entries to re-key",
		    tenant, API_REKEY_MAX);
		goto fail;
	}
	if (n > 0 && app_master_key((uint32_t)master) == NULL) {
		(void)snprintf(err, errlen,
		    "tenant %" PRId64 ": its list entries are sealed under "
		    "master key %" PRId64 ", which is not in the keyring: put "
		    "its file back into keys/" RETIRED_DIR "/",
		    tenant, master);
		goto fail;
	}
	if ((in = calloc(n + 1, sizeof(*in))) == NULL) {
		(void)snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		(void)sql_result_int(e, i, 0, &in[i].id);
		(void)sql_result_int(e, i, 1, &in[i].list);
		(void)sql_result_int(e, i, 2, &v);
		in[i].version = (uint32_t)v;
		in[i].sealed = (const unsigned char *)sql_result_text(e, i, 3,
		    &in[i].sealedlen);
		in[i].country = sql_result_text(e, i, 4, NULL);
	}
	if (api_rekey(app_master_key((uint32_t)master), &app_keys.master,
	        tenant, from + 1, in, n, &out, &bad) == -1) {
		(void)snprintf(err, errlen, "tenant %" PRId64 ": %s", tenant,
		    bad < n ? "a list entry would not unseal" :
		              "cannot re-key the list entries");
		goto fail;
	}

	p[0] = sql_p_int(from + 1);
	p[1] = sql_p_int(tenant);
	p[2] = sql_p_int(from);
	what = "the version";
	if (sql_run(c, q_bump, p, 3) == -1 || sql_affected_rows(c) != 1)
		goto db;
	p[0] = sql_p_int(tenant);
	what = "the tokens";
	if (sql_run(c, q_drop_tokens, p, 1) == -1)
		goto db;
	for (i = 0; i < out.nchunks; i++) {
		p[0] = sql_p_str(out.sealed[i]);
		p[1] = sql_p_int(from + 1);
		p[2] = sql_p_int(tenant);
		if (sql_run(c, q_reseal, p, 3) == -1)
			goto db;
		p[0] = sql_p_int(tenant);
		p[1] = sql_p_str(out.tokens[i]);
		if (sql_run(c, q_tokens, p, 2) == -1)
			goto db;
	}
	(void)snprintf(details, sizeof(details),
	    "{\"from\":%" PRIu32 ",\"to\":%" PRIu32 ",\"entries\":%zu,"
	    "\"tokens\":%zu,\"master\":%" PRIu32 "}",
	    from, from + 1, n, out.ntokens, app_keys.master_id);
	p[0] = sql_p_int(tenant);
	p[1] = sql_p_str(details);
	what = "the audit entry";
	if (sql_run(c, q_audit_rotate, p, 2) == -1)
		goto db;
	what = "commit";
	if (sql_exec(c, "COMMIT") == -1)
		goto db;
	rc = 0;
	goto done;

db:
	(void)snprintf(err, errlen, "tenant %" PRId64 ": %s: %s", tenant,
	    what != NULL ? what : "database", sql_errstr(c));
fail:
	(void)sql_exec(c, "ROLLBACK");
done:
	api_rekey_free(&out);
	free(in);
	if (e != NULL)
		sql_result_free(e);
	if (r != NULL)
		sql_result_free(r);

	return (rc);
}

/* One sealed TOTP value from master m to the current one; 0 or -1. */
static int
reseal_one(const struct app_master *m, const char *aad, size_t aadlen,
    const char *in, size_t inlen, unsigned char *out, size_t *outlen)
{
	unsigned char plain[TOTP_SEALED_MAX];
	size_t        plen;
	int           rc;

	rc = pseudo_unseal(&m->totp, aad, aadlen, (const unsigned char *)in,
	    inlen, plain, sizeof(plain), &plen);
	if (rc == 0)
		rc = pseudo_seal(&app_keys.totp, aad, aadlen, plain, plen, out,
		    TOTP_SEALED_MAX, outlen);
	explicit_bzero(plain, sizeof(plain));

	return (rc);
}

/*
 * Every TOTP secret (and pending enrolment) of another master, sealed
 * again under the current one.  One that cannot be opened stays as it
 * is (its user cannot log in until an admin resets the TOTP): named in
 * the log, never cleared, which would let a password alone enrol anew.
 */
static void
reseal_totp(struct sql_conn *c)
{
	const struct app_master *m;
	struct sql_result       *r;
	struct sql_param         p[5];
	unsigned char            s1[TOTP_SEALED_MAX], s2[TOTP_SEALED_MAX];
	const char              *secret, *pending;
	char                     aad[32];
	size_t                   i, rows, l1, l2, len1, len2, done = 0;
	int64_t                  id, master;
	int                      n, ok;

	p[0] = sql_p_int(app_keys.master_id);
	if ((r = query(c, q_totp, p, 1, NULL, 0)) == NULL) {
		kore_log(LOG_ERR, "torwart: TOTP secrets: %s", sql_errstr(c));
		return;
	}
	rows = sql_result_rows(r);
	for (i = 0; i < rows; i++) {
		(void)sql_result_int(r, i, 0, &id);
		(void)sql_result_int(r, i, 3, &master);
		secret = sql_result_text(r, i, 1, &len1);
		pending = sql_result_text(r, i, 2, &len2);
		n = snprintf(aad, sizeof(aad), "totp:%" PRId64, id);
		m = app_master((uint32_t)master);
		ok = m != NULL;
		l1 = l2 = 0;
		if (ok && !sql_result_null(r, i, 1))
			ok = reseal_one(m, aad, (size_t)n, secret, len1, s1,
			         &l1) == 0;
		if (ok && !sql_result_null(r, i, 2))
			ok = reseal_one(m, aad, (size_t)n, pending, len2, s2,
			         &l2) == 0;
		if (!ok) {
			kore_log(LOG_WARNING,
			    "torwart: user %" PRId64 ": the TOTP secret "
			    "cannot be opened (master %" PRId64 "%s): an admin "
			    "must reset it",
			    id, master,
			    m == NULL ? " is not in the keyring" : "");
			continue;
		}
		p[0] = sql_result_null(r, i, 1) ? sql_p_null() :
		                                  sql_p_blob(s1, l1);
		p[1] = sql_result_null(r, i, 2) ? sql_p_null() :
		                                  sql_p_blob(s2, l2);
		p[2] = sql_p_int(app_keys.master_id);
		p[3] = sql_p_int(id);
		p[4] = sql_p_int(master);
		if (sql_run(c, q_totp_set, p, 5) == -1)
			kore_log(LOG_ERR, "torwart: user %" PRId64 ": TOTP: %s",
			    id, sql_errstr(c));
		else
			done++;
	}
	explicit_bzero(s1, sizeof(s1));
	explicit_bzero(s2, sizeof(s2));
	sql_result_free(r);
	if (done > 0)
		kore_log(LOG_NOTICE,
		    "torwart: master key rotation: %zu TOTP secrets sealed "
		    "under the new master",
		    done);
}

/* For each retired master: what still needs it, or that it may go. */
static void
report(struct sql_conn *c)
{
	const struct app_master *m;
	struct sql_result       *r;
	size_t                   i, rows;
	int64_t                  id, v[6];
	int                      k;
	const char              *until, *file;
	char                     when[64];

	if ((r = query(c, q_report, NULL, 0, NULL, 0)) == NULL) {
		kore_log(LOG_ERR, "torwart: retired master keys: %s",
		    sql_errstr(c));
		return;
	}
	rows = sql_result_rows(r);
	for (i = 0; i < rows; i++) {
		(void)sql_result_int(r, i, 0, &id);
		for (k = 0; k < 6; k++)
			if (sql_result_int(r, i, (size_t)k + 2, &v[k]) == -1)
				v[k] = 0;
		until = sql_result_text(r, i, 8, NULL);
		m = app_master((uint32_t)id);
		file = m != NULL ? m->path : "(its file is not in the keyring)";
		if (v[0] + v[1] + v[2] + v[3] + v[4] + v[5] == 0) {
			kore_log(LOG_NOTICE,
			    "torwart: retired master key %" PRId64
			    " (%s, %s) is needed by nothing any more: delete "
			    "it (keep its offline copy while backups made "
			    "before its rotation exist)",
			    id, sql_result_text(r, i, 1, NULL), file);
			continue;
		}
		if (until[0] != '\0')
			(void)snprintf(when, sizeof(when), " (kept until %s)",
			    until);
		else
			when[0] = '\0';
		kore_log(LOG_NOTICE,
		    "torwart: retired master key %" PRId64 " (%s, %s) is "
		    "still needed by %" PRId64 " reads, %" PRId64
		    " parking sessions, %" PRId64 " queue items%s, %" PRId64
		    " list entries, %" PRId64 " API keys not used since, "
		    "%" PRId64 " TOTP secrets",
		    id, sql_result_text(r, i, 1, NULL), file, v[0], v[1], v[2],
		    when, v[3], v[4], v[5]);
	}
	sql_result_free(r);
}

/* A blocking statement's rows; NULL (err set when given) on failure. */
static struct sql_result *
query(struct sql_conn *c, const char *q, const struct sql_param *p, size_t n,
    char *err, size_t errlen)
{
	struct sql_result *r;

	if (sql_run(c, q, p, n) == -1 || (r = sql_take_result(c)) == NULL) {
		if (err != NULL)
			(void)snprintf(err, errlen, "database: %s",
			    sql_errstr(c));
		return (NULL);
	}

	return (r);
}
