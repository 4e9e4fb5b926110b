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
 * kore's view of Torwart: the onload function, the parent and worker
 * hooks.  The parent reads and validates the configuration and the secret
 * files once, applies the schema migrations and only then lets the workers
 * fork; each worker builds its own database pool.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <kore/kore.h>
#include <kore/hooks.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "../api/api_gate.h"
#include "../api/api_vendor.h"
#include "../ocr/ocr.h"
#include "../pseudo/pseudo.h"

/* The master key: read in the parent, inherited by the workers. */
#define APP_MASTER_KEY_LEN 32

/* Seconds a migration statement may run (db_timeout is for requests). */
#define MIGRATE_QUERY_TIMEOUT 3600

int app_init(int);

struct app_config    app_config;
char                 app_db_password[256];
struct app_keys      app_keys;
static unsigned char master_key[APP_MASTER_KEY_LEN];
static char          db_owner_password[256];

/*
 * What the application's database user may do, per table; every other
 * table of the schema gets APP_PRIVS_DEFAULT.  The audit trail is
 * append-only: no UPDATE, no DELETE (its purge runs as the owner, through
 * the procedure audit_purge).
 */
#define APP_PRIVS_DEFAULT "SELECT, INSERT, UPDATE, DELETE"

static const struct {
	const char *table;
	const char *privs;
} table_privs[] = {
	{ "audit_log", "SELECT, INSERT" },
	{ "audit_head", "SELECT" },
	{ "audit_anchor", "SELECT" },
	{ "audit_policy", "SELECT" },
	{ "schema_migrations", "SELECT" },
	{ "config_epoch", "SELECT" },
	/* Written by the start (the owner) and by triggers only. */
	{ "master_keys", "SELECT" },
	{ "tenant_keys", "SELECT" },
};

/* Procedures the application's user may call. */
static const char *const app_procedures[] = { "audit_purge",
	"plate_reads_partitions", "parking_apply", "parking_apply_many",
	"purge_expired", "plate_reads_drop_expired" };

/* The first admin's password (issue 3): state_dir/INITIAL_PASSWORD_FILE. */
#define INITIAL_PASSWORD_FILE "initial-admin-password"

static void             migrate(void);
static struct sql_conn *db_open(const char *, const char *, unsigned int, int);
static void db_run(struct sql_conn *, const char *, const struct sql_param *,
    size_t);
static void grant_app(struct sql_conn *, struct sql_conn *);
static const char *table_privileges(const char *);
static int         privilege_allowed(const char *, const char *);
static int         name_ok(const char *, int);
static void        bootstrap(struct sql_conn *);
static void        derive_keys(void);
static void        wipe_secrets(void);
static void        remove_runtime_files(void);
static void        refuse(const char *, ...) __attribute__((noreturn))
__attribute__((format(printf, 1, 2)));

/*
 * The onload function.  A reload (SIGHUP) is refused: each worker's
 * database pool is registered with kore's event loop and would point into
 * an unmapped module.  The module is also linked with -z nodelete, so the
 * parent's reload (which does not ask) keeps the same image and state.
 * Restart to run a new build.
 */
int
app_init(int state)
{
	if (state == KORE_MODULE_UNLOAD) {
		kore_log(LOG_NOTICE,
		    "torwart: reload refused; restart to "
		    "load a new module");
		return (KORE_RESULT_ERROR);
	}

	return (KORE_RESULT_OK);
}

void
kore_parent_configure(int argc, char **argv)
{
	const char *path;
	char        err[1024];
	size_t      len;

	(void)argc;
	(void)argv;

	/* libgomp reads it when loaded: only kore's environment can set it. */
	if ((path = getenv("OMP_THREAD_LIMIT")) == NULL ||
	    strcmp(path, "1") != 0)
		kore_log(LOG_WARNING,
		    "OMP_THREAD_LIMIT is not 1: OCR will "
		    "run several times slower (start kore through kore/run)");

	if ((path = getenv("TORWART_CONFIG")) == NULL)
		path = "var/torwart.conf";
	if (app_config_load(&app_config, path, APP_CONFIG_CHECK_FILES, err,
	        sizeof(err)) == -1)
		refuse("configuration: %s", err);

	if (app_config_read_secret("key_file", app_config.key_file, master_key,
	        sizeof(master_key), &len, 0, err, sizeof(err)) == -1)
		refuse("configuration: %s", err);
	if (len != sizeof(master_key))
		refuse("configuration: key_file: must hold %d bytes",
		    APP_MASTER_KEY_LEN);

	if (app_config_read_secret("db_password_file",
	        app_config.db_password_file, (unsigned char *)app_db_password,
	        sizeof(app_db_password) - 1, &len, 1, err, sizeof(err)) == -1)
		refuse("configuration: %s", err);
	app_db_password[len] = '\0';

	if (app_config_read_secret("db_owner_password_file",
	        app_config.db_owner_password_file,
	        (unsigned char *)db_owner_password,
	        sizeof(db_owner_password) - 1, &len, 1, err, sizeof(err)) == -1)
		refuse("configuration: %s", err);
	db_owner_password[len] = '\0';

	derive_keys();
	/* The retired masters beside it; matched with the database later. */
	if (app_keyring_load(app_config.key_file, err, sizeof(err)) == -1)
		refuse("keyring: %s", err);
	/* Shared by the workers: who watches the gate stream. */
	api_gate_parent_init();
	/* libxml2 sets itself up here, before any worker's sandbox. */
	api_vendor_init();
	/*
	 * OCR's model, read here, before the sandbox: each work thread makes
	 * its engine from this memory (ocr/README.md).  Without it POST
	 * /api/v1/ocr answers 503 and the rest runs.
	 */
	if (ocr_init(OCR_MODEL_DEFAULT) == -1)
		kore_log(LOG_WARNING, "ocr: cannot read %s: OCR is off",
		    OCR_MODEL_DEFAULT);
	/* Made once here, inherited by every worker (login's decoy). */
	if (pseudo_password_dummy() == NULL)
		refuse("cannot make the password decoy (OpenSSL)");

	/* Before any thread exists (Connector/C's rule). */
	if (sql_library_init() == -1)
		refuse("database: cannot initialise the client library");

	migrate();
}

void
kore_parent_teardown(void)
{
	remove_runtime_files();
	wipe_secrets();
	sql_library_end();
}

void
kore_worker_configure(void)
{
	/* Workers inherit the parent's configuration; never run without. */
	if (app_config.path[0] == '\0')
		fatalx("worker started without a configuration");
	app_db_init();
	app_work_init();
	api_gate_init();
}

void
kore_worker_teardown(void)
{
	api_gate_cleanup();
	app_db_cleanup();
	wipe_secrets();
}

/*
 * Bring the schema up to date as its owner, grant the application's user
 * what the workers need and nothing more, and create the first admin.
 * Nothing serves until this has worked.
 */
static void
migrate(void)
{
	struct sql_conn *owner, *app;
	unsigned int     applied;
	char             err[1024];

	/* Long DDL and the wait for another node's migration lock. */
	owner = db_open(app_config.db_owner, db_owner_password,
	    MIGRATE_QUERY_TIMEOUT, 1);
	if (sql_migrate(owner, sql_migrations, sql_nmigrations, &applied) == -1)
		refuse("database: %s", sql_errstr(owner));

	/*
	 * Without a default database first: on the first start the user
	 * has no rights on it yet, and the server refuses such a connection.
	 */
	app = db_open(app_config.db_user, app_db_password, 0, 0);
	grant_app(owner, app);
	sql_conn_free(app);
	app = db_open(app_config.db_user, app_db_password, 0, 1);
	bootstrap(app);
	/*
	 * The keyring against master_keys; after a master key's rotation,
	 * every tenant re-keyed before any worker exists.
	 */
	if (app_keyring_sync(owner, app, err, sizeof(err)) == -1)
		refuse("master key: %s", err);
	/* Days of reads ahead; the workers keep it so (app_db.c). */
	db_run(app, APP_SQL_PARTITIONS, NULL, 0);

	kore_log(LOG_NOTICE,
	    "torwart: data_location %s, schema version %u "
	    "(%u applied now)",
	    app_config.data_location,
	    sql_nmigrations > 0 ? sql_migrations[sql_nmigrations - 1].version :
	                          0,
	    applied);

	/* A connection does not survive fork: close both before the workers. */
	sql_conn_free(app);
	sql_conn_free(owner);
	/* The owner may change the audit trail: no worker inherits it. */
	explicit_bzero(db_owner_password, sizeof(db_owner_password));
}

/*
 * A blocking connection as user, to db_name when usedb is 1;
 * query_timeout 0 means db_timeout.
 */
static struct sql_conn *
db_open(const char *user, const char *password, unsigned int query_timeout,
    int usedb)
{
	struct sql_config cfg;
	struct sql_conn  *c;

	app_db_config(&cfg);
	cfg.user = user;
	cfg.password = password;
	if (!usedb)
		cfg.database = NULL;
	if (query_timeout != 0)
		cfg.query_timeout = query_timeout;
	if ((c = sql_conn_new(&cfg)) == NULL)
		refuse("database: out of memory");
	if (sql_connect(c) == -1)
		refuse("database: %s: %s", user, sql_errstr(c));

	return (c);
}

static void
db_run(struct sql_conn *c, const char *q, const struct sql_param *p, size_t n)
{
	if (sql_run(c, q, p, n) == -1)
		refuse("database: %s", sql_errstr(c));
}

static const char *
table_privileges(const char *table)
{
	size_t i;

	for (i = 0; i < sizeof(table_privs) / sizeof(table_privs[0]); i++) {
		if (strcmp(table_privs[i].table, table) == 0)
			return (table_privs[i].privs);
	}

	return (APP_PRIVS_DEFAULT);
}

/* 1 when priv ("UPDATE") is in the list privs ("SELECT, INSERT"). */
static int
privilege_allowed(const char *privs, const char *priv)
{
	size_t      len = strlen(priv);
	const char *p = privs;

	while ((p = strstr(p, priv)) != NULL) {
		if ((p == privs || p[-1] == ' ') &&
		    (p[len] == '\0' || p[len] == ','))
			return (1);
		p += len;
	}

	return (0);
}

/* Names we put into SQL text: [A-Za-z0-9_], and for hosts also .%:- */
static int
name_ok(const char *s, int host)
{
	if (*s == '\0' || strlen(s) > 255)
		return (0);
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_')
			continue;
		if (host && strchr(".%:-", *s) != NULL)
			continue;
		return (0);
	}

	return (1);
}

/*
 * The application's user gets, on each table of the schema, exactly
 * table_privileges(table), EXECUTE on app_procedures, and nothing on the
 * database as a whole; anything more is revoked.  Applied at every start
 * by the owner, so a new table of a migration is covered and a grant added
 * by hand does not survive.  What the application's user can do is then
 * read back from its own connection: a start with UPDATE or DELETE on the
 * audit trail is refused.
 */
static void
grant_app(struct sql_conn *owner, struct sql_conn *app)
{
	static const char q_user[] = "SELECT CURRENT_USER()";
	static const char q_schema[] = "SELECT PRIVILEGE_TYPE FROM "
	                               "information_schema.SCHEMA_PRIVILEGES "
	                               "WHERE TABLE_SCHEMA = ?";
	static const char q_tprivs[] = "SELECT TABLE_NAME, PRIVILEGE_TYPE FROM "
	                               "information_schema.TABLE_PRIVILEGES "
	                               "WHERE TABLE_SCHEMA = ?";
	/* Grants that reach the database by a pattern (db\_%), or all. */
	static const char q_schema_like[] =
	    "SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES "
	    "WHERE ? LIKE TABLE_SCHEMA";
	static const char q_global[] =
	    "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES "
	    "WHERE PRIVILEGE_TYPE <> 'USAGE'";
	static const char  q_tables[] = "SELECT TABLE_NAME FROM "
	                                "information_schema.TABLES WHERE "
	                                "TABLE_SCHEMA = ? AND "
	                                "TABLE_TYPE = 'BASE TABLE'";
	struct sql_param   db = sql_p_str(app_config.db_name);
	struct sql_result *r;
	char               account[400], user[256], stmt[1024], *at;
	const char        *table, *priv;
	size_t             i;

	db_run(app, q_user, NULL, 0);
	r = sql_take_result(app);
	if (r == NULL || sql_result_rows(r) != 1)
		refuse("database: CURRENT_USER() gave no answer");
	(void)snprintf(user, sizeof(user), "%s",
	    sql_result_text(r, 0, 0, NULL));
	sql_result_free(r);
	if ((at = strrchr(user, '@')) == NULL)
		refuse("database: CURRENT_USER() is %s", user);
	*at++ = '\0';
	if (!name_ok(user, 0) || !name_ok(at, 1))
		refuse("database: cannot grant to the account %s@%s", user, at);
	(void)snprintf(account, sizeof(account), "'%s'@'%s'", user, at);

	/* Nothing on the database as a whole. */
	db_run(app, q_schema, &db, 1);
	r = sql_take_result(app);
	if (r != NULL && sql_result_rows(r) > 0) {
		(void)snprintf(stmt, sizeof(stmt),
		    "REVOKE ALL PRIVILEGES ON `%s`.* FROM %s",
		    app_config.db_name, account);
		if (sql_exec(owner, stmt) == -1)
			refuse("database: %s", sql_errstr(owner));
	}
	sql_result_free(r);

	/* Table grants beyond the plan. */
	db_run(app, q_tprivs, &db, 1);
	r = sql_take_result(app);
	for (i = 0; r != NULL && i < sql_result_rows(r); i++) {
		table = sql_result_text(r, i, 0, NULL);
		priv = sql_result_text(r, i, 1, NULL);
		if (privilege_allowed(table_privileges(table), priv))
			continue;
		if (!name_ok(table, 0) || strchr(priv, '`') != NULL)
			refuse("database: odd privilege %s on %s", priv, table);
		(void)snprintf(stmt, sizeof(stmt),
		    "REVOKE %s ON `%s`.`%s` FROM %s", priv, app_config.db_name,
		    table, account);
		if (sql_exec(owner, stmt) == -1)
			refuse("database: %s", sql_errstr(owner));
	}
	sql_result_free(r);

	db_run(owner, q_tables, &db, 1);
	r = sql_take_result(owner);
	for (i = 0; r != NULL && i < sql_result_rows(r); i++) {
		table = sql_result_text(r, i, 0, NULL);
		if (!name_ok(table, 0))
			refuse("database: odd table name %s", table);
		(void)snprintf(stmt, sizeof(stmt),
		    "GRANT %s ON `%s`.`%s` TO %s", table_privileges(table),
		    app_config.db_name, table, account);
		if (sql_exec(owner, stmt) == -1)
			refuse("database: %s", sql_errstr(owner));
	}
	sql_result_free(r);

	for (i = 0; i < sizeof(app_procedures) / sizeof(app_procedures[0]);
	     i++) {
		(void)snprintf(stmt, sizeof(stmt),
		    "GRANT EXECUTE ON PROCEDURE `%s`.`%s` TO %s",
		    app_config.db_name, app_procedures[i], account);
		if (sql_exec(owner, stmt) == -1)
			refuse("database: %s", sql_errstr(owner));
	}

	/* Read back what the application's user can do now. */
	db_run(app, q_tprivs, &db, 1);
	r = sql_take_result(app);
	for (i = 0; r != NULL && i < sql_result_rows(r); i++) {
		table = sql_result_text(r, i, 0, NULL);
		priv = sql_result_text(r, i, 1, NULL);
		if (!privilege_allowed(table_privileges(table), priv))
			refuse("database: %s still has %s on %s", account, priv,
			    table);
	}
	sql_result_free(r);
	db_run(app, q_schema_like, &db, 1);
	r = sql_take_result(app);
	if (r != NULL && sql_result_rows(r) > 0)
		refuse("database: %s still has %s on all of %s (granted by "
		       "hand, perhaps through a pattern? revoke it)",
		    account, sql_result_text(r, 0, 0, NULL),
		    app_config.db_name);
	sql_result_free(r);
	db_run(app, q_global, NULL, 0);
	r = sql_take_result(app);
	if (r != NULL && sql_result_rows(r) > 0)
		refuse("database: %s has the global privilege %s: it must have "
		       "none (revoke it)",
		    account, sql_result_text(r, 0, 0, NULL));
	sql_result_free(r);
}

/*
 * First start: the user admin of tenant 1 with a random password, which
 * goes to state_dir/initial-admin-password (0600; kore/run shows it once)
 * and must be changed at first login.  The password never reaches a log.
 */
static void
bootstrap(struct sql_conn *c)
{
	static const char q_count[] = "SELECT COUNT(*) FROM users";
	static const char q_admin[] =
	    "INSERT INTO users (tenant_id, username, role, password_hash, "
	    "must_change_password) VALUES (1, 'admin', 'admin', ?, 1)";
	struct sql_result *r;
	struct sql_param   p;
	unsigned char      raw[15];
	char               pw[32], hash[PSEUDO_PASSWORD_HASH_MAX];
	char               path[PATH_MAX + 32], tmp[PATH_MAX + 40], line[40];
	int64_t            n = -1;
	int                fd, len;

	db_run(c, q_count, NULL, 0);
	r = sql_take_result(c);
	if (r == NULL || sql_result_int(r, 0, 0, &n) == -1)
		refuse("database: cannot count users");
	sql_result_free(r);
	if (n != 0)
		return;

	if (pseudo_random(raw, sizeof(raw)) == -1 ||
	    pseudo_base32_encode(raw, sizeof(raw), pw, sizeof(pw)) == -1 ||
	    pseudo_password_hash(pw, hash, sizeof(hash)) == -1)
		refuse("cannot make the first admin's password (OpenSSL)");
	explicit_bzero(raw, sizeof(raw));

	(void)snprintf(path, sizeof(path), "%s/%s", app_config.state_dir,
	    INITIAL_PASSWORD_FILE);
	(void)snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	(void)unlink(tmp);
	len = snprintf(line, sizeof(line), "%s\n", pw);
	explicit_bzero(pw, sizeof(pw));
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600)) ==
	        -1 ||
	    write(fd, line, (size_t)len) != len || fsync(fd) == -1 ||
	    close(fd) == -1 || rename(tmp, path) == -1) {
		explicit_bzero(line, sizeof(line));
		refuse("%s: %s", path, strerror(errno));
	}
	explicit_bzero(line, sizeof(line));

	p = sql_p_str(hash);
	if (sql_run(c, q_admin, &p, 1) == -1) {
		/* Another node made it first: its password file counts. */
		(void)unlink(path);
		if (sql_errno(c) == 1062)
			return;
		refuse("database: %s", sql_errstr(c));
	}
	p = sql_p_int((int64_t)sql_insert_id(c));
	db_run(c, APP_SQL_AUDIT_SYSTEM, &p, 1);
	kore_log(LOG_NOTICE,
	    "torwart: first start: user admin created, its password is "
	    "in %s",
	    path);
}

/* Keys of their own purpose, so that no key does two jobs. */
static void
derive_keys(void)
{
	struct pseudo_key master;

	memcpy(master.bytes, master_key, sizeof(master.bytes));
	memcpy(app_keys.master.bytes, master_key, sizeof(master.bytes));
	if (pseudo_key_derive(&master, "idem", 0, 1, &app_keys.idem) == -1 ||
	    pseudo_key_derive(&master, "session", 0, 1, &app_keys.session) ==
	        -1 ||
	    pseudo_key_derive(&master, "apikey", 0, 1, &app_keys.apikey) ==
	        -1 ||
	    pseudo_key_derive(&master, "totp", 0, 1, &app_keys.totp) == -1) {
		pseudo_key_wipe(&master);
		refuse("cannot derive keys (OpenSSL)");
	}
	pseudo_key_wipe(&master);
}

static void
wipe_secrets(void)
{
	explicit_bzero(master_key, sizeof(master_key));
	explicit_bzero(app_db_password, sizeof(app_db_password));
	explicit_bzero(db_owner_password, sizeof(db_owner_password));
	pseudo_key_wipe(&app_keys.session);
	pseudo_key_wipe(&app_keys.apikey);
	pseudo_key_wipe(&app_keys.totp);
	pseudo_key_wipe(&app_keys.idem);
	pseudo_key_wipe(&app_keys.master);
	explicit_bzero(app_keys.ring, sizeof(app_keys.ring));
}

/*
 * kore binds its listeners and writes its pidfile before the parent is
 * configured, and never removes a unix socket.  Remove both, so a refused
 * or finished start leaves nothing that blocks the next one.
 */
static void
remove_runtime_files(void)
{
	struct kore_server *srv;
	struct listener    *l;

	LIST_FOREACH(srv, &kore_servers, list) {
		LIST_FOREACH(l, &srv->listeners, list) {
			if (l->family == AF_UNIX && l->host != NULL &&
			    l->host[0] == '/' && unlink(l->host) == -1 &&
			    errno != ENOENT)
				kore_log(LOG_WARNING, "unlink %s: %s", l->host,
				    errno_s);
		}
	}
	if (kore_pidfile != NULL)
		(void)unlink(kore_pidfile);
}

/* Start-up cannot go on: clean up, say why, and exit. */
static void
refuse(const char *fmt, ...)
{
	char    msg[2048];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	remove_runtime_files();
	wipe_secrets();
	fatalx("%s", msg);
}
