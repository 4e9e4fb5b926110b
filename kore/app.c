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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"

/* The master key: read in the parent, inherited by the workers. */
#define APP_MASTER_KEY_LEN 32

/* Seconds a migration statement may run (db_timeout is for requests). */
#define MIGRATE_QUERY_TIMEOUT 3600

int app_init(int);

struct app_config    app_config;
char                 app_db_password[256];
static unsigned char master_key[APP_MASTER_KEY_LEN];

static void migrate(void);
static void remove_runtime_files(void);
static void refuse(const char *, ...) __attribute__((noreturn))
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

	/* Before any thread exists (Connector/C's rule). */
	if (sql_library_init() == -1)
		refuse("database: cannot initialise the client library");

	migrate();
}

void
kore_parent_teardown(void)
{
	remove_runtime_files();
	explicit_bzero(master_key, sizeof(master_key));
	explicit_bzero(app_db_password, sizeof(app_db_password));
	sql_library_end();
}

void
kore_worker_configure(void)
{
	/* Workers inherit the parent's configuration; never run without. */
	if (app_config.path[0] == '\0')
		fatalx("worker started without a configuration");
	app_db_init();
}

void
kore_worker_teardown(void)
{
	app_db_cleanup();
	explicit_bzero(master_key, sizeof(master_key));
	explicit_bzero(app_db_password, sizeof(app_db_password));
}

/* Bring the schema up to date; nothing serves until it is. */
static void
migrate(void)
{
	struct sql_config cfg;
	struct sql_conn  *c;
	unsigned int      applied;

	app_db_config(&cfg);
	/* Long DDL and the wait for another node's migration lock. */
	cfg.query_timeout = MIGRATE_QUERY_TIMEOUT;

	if ((c = sql_conn_new(&cfg)) == NULL)
		refuse("database: out of memory");
	if (sql_connect(c) == -1 ||
	    sql_migrate(c, sql_migrations, sql_nmigrations, &applied) == -1)
		refuse("database: %s", sql_errstr(c));

	kore_log(LOG_NOTICE,
	    "torwart: data_location %s, schema version %u "
	    "(%u applied now)",
	    app_config.data_location,
	    sql_nmigrations > 0 ? sql_migrations[sql_nmigrations - 1].version :
	                          0,
	    applied);

	/* A connection does not survive fork: close it before the workers. */
	sql_conn_free(c);
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
	explicit_bzero(master_key, sizeof(master_key));
	explicit_bzero(app_db_password, sizeof(app_db_password));
	fatalx("%s", msg);
}
