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
 * Unit tests for kore/app_config.c, the torwart.conf loader.  Each test
 * has a fresh directory from mkdtemp(3), writes torwart.conf and any key
 * files into it, and the teardown removes it.  The cases are tables; a
 * config body is built from a table row and loaded, and values are read
 * back through app_config_print_shell() so one check covers every key.
 * test_conf_in_* read the shipped template, TORWART_CONF_IN, relative to
 * the directory the tests run in (the top of the tree).
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../kore/app_config.h"

#ifndef TORWART_CONF_IN
#define TORWART_CONF_IN "kore/torwart.conf.in"
#endif

#define ERRLEN   (2 * PATH_MAX)
#define LIT(s)   s, sizeof(s) - 1
#define BODY_MAX 8192

/* A key and a value, the value followed by nfill copies of fill. */
struct kv {
	const char *key;
	const char *value;
	char        fill;
	size_t      nfill;
	const char *want; /* expected value, or reason in the error */
};

static char tmpdir[PATH_MAX];
static char parent[PATH_MAX];
static char conf[PATH_MAX];

static const char *const all_keys[] = {
	"state_dir",
	"data_location",
	"key_file",
	"listen_socket",
	"https_address",
	"https_port",
	"workers",
	"body_max",
	"db_host",
	"db_port",
	"db_socket",
	"db_name",
	"db_user",
	"db_password_file",
	"db_pool",
	"db_timeout",
};

static const char *const eu_eea[] = { "AT", "BE", "BG", "HR", "CY", "CZ", "DK",
	"EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
	"NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO" };

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

static void xsnprintf(char *, size_t, const char *, ...)
    __attribute__((__format__(__printf__, 3, 4)));
static int   rm_entry(const char *, const struct stat *, int, struct FTW *);
static int   setup(void **);
static int   teardown(void **);
static void  write_file(const char *, const char *, size_t, mode_t);
static void  write_conf(const char *);
static int   load(const char *, int, struct app_config *, char *);
static void  kv_value(const struct kv *, char *, size_t);
static void  kv_body(const struct kv *, char *, size_t);
static void  expand(const char *, char *, size_t);
static char *shell_output(const struct app_config *);
static void  assert_contains(const char *, const char *);
static void  assert_prefix(const char *, const char *);
static void  assert_error_at(const char *, unsigned int, const char *,
     const char *);
static void  assert_var(const struct app_config *, const char *, const char *);
static void  make_secrets(mode_t, size_t, mode_t, int);

/* snprintf(3) that fails the test on truncation. */
static void
xsnprintf(char *out, size_t outlen, const char *fmt, ...)
{
	va_list ap;
	int     n;

	va_start(ap, fmt);
	n = vsnprintf(out, outlen, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= outlen)
		fail_msg("snprintf: %d bytes do not fit in %zu", n, outlen);
}

static int
rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return (remove(path));
}

static int
setup(void **state)
{
	char tmpl[] = "/tmp/test_app_config.XXXXXX";
	int  n;

	(void)state;
	if (mkdtemp(tmpl) == NULL)
		return (-1);
	/* The loader uses getcwd(3), which resolves links, so we do too. */
	if (realpath(tmpl, tmpdir) == NULL)
		return (-1);
	n = snprintf(conf, sizeof(conf), "%s/torwart.conf", tmpdir);
	if (n < 0 || (size_t)n >= sizeof(conf))
		return (-1);
	n = snprintf(parent, sizeof(parent), "%s", tmpdir);
	if (n < 0 || (size_t)n >= sizeof(parent))
		return (-1);
	*strrchr(parent, '/') = '\0';
	if (parent[0] == '\0')
		parent[0] = '/';

	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	return (nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS));
}

/* Write len bytes of data to tmpdir/rel (creating its directory). */
static void
write_file(const char *rel, const char *data, size_t len, mode_t mode)
{
	char  path[PATH_MAX], *slash;
	FILE *fp;

	assert_true(snprintf(path, sizeof(path), "%s/%s", tmpdir, rel) > 0);
	slash = strrchr(path, '/');
	*slash = '\0';
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		fail_msg("mkdir %s: %s", path, strerror(errno));
	*slash = '/';

	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void
write_conf(const char *body)
{
	write_file("torwart.conf", body, strlen(body), 0644);
}

static int
load(const char *body, int flags, struct app_config *cfg, char *err)
{
	write_conf(body);
	return (app_config_load(cfg, conf, flags, err, ERRLEN));
}

static void
kv_value(const struct kv *c, char *out, size_t outlen)
{
	size_t len;

	len = strlen(c->value);
	assert_true(len + c->nfill < outlen);
	memcpy(out, c->value, len);
	memset(out + len, c->fill, c->nfill);
	out[len + c->nfill] = '\0';
}

/* A config that sets c->key on line 1 and data_location if need be. */
static void
kv_body(const struct kv *c, char *out, size_t outlen)
{
	char value[BODY_MAX];
	int  n;

	kv_value(c, value, sizeof(value));
	if (strcmp(c->key, "data_location") == 0)
		n = snprintf(out, outlen, "%s = %s\n", c->key, value);
	else
		n = snprintf(out, outlen, "%s = %s\ndata_location = DE\n",
		    c->key, value);
	assert_true(n > 0 && (size_t)n < outlen);
}

/* Copy in to out with a leading "@" made tmpdir and "^" made its parent. */
static void
expand(const char *in, char *out, size_t outlen)
{
	int n;

	if (in[0] == '@')
		n = snprintf(out, outlen, "%s%s", tmpdir, in + 1);
	else if (in[0] == '^')
		n = snprintf(out, outlen, "%s%s",
		    strcmp(parent, "/") == 0 ? "" : parent, in + 1);
	else
		n = snprintf(out, outlen, "%s", in);
	assert_true(n >= 0 && (size_t)n < outlen);
}

/* app_config_print_shell() output; the caller frees it. */
static char *
shell_output(const struct app_config *cfg)
{
	FILE  *fp;
	char  *buf = NULL;
	size_t len = 0;

	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(app_config_print_shell(cfg, fp), 0);
	assert_int_equal(fclose(fp), 0);

	return (buf);
}

static void
assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

static void
assert_prefix(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", s, prefix);
}

/* err is "<conf>:<line>: <key>: ..." (line 0: "<conf>: <key>: ..."). */
static void
assert_error_at(const char *err, unsigned int line, const char *key,
    const char *reason)
{
	char prefix[PATH_MAX + 128];

	if (line != 0)
		xsnprintf(prefix, sizeof(prefix), "%s:%u: %s: ", conf, line,
		    key);
	else
		xsnprintf(prefix, sizeof(prefix), "%s: %s: ", conf, key);
	assert_prefix(err, prefix);
	if (reason != NULL)
		assert_contains(err, reason);
}

/* The shell output of cfg has the line "<var>='<value>'". */
static void
assert_var(const struct app_config *cfg, const char *var, const char *value)
{
	char line[PATH_MAX + 128], *out;
	int  n;

	n = snprintf(line, sizeof(line), "\n%s='%s'\n", var, value);
	assert_true(n > 0 && (size_t)n < sizeof(line));
	out = shell_output(cfg);
	assert_contains(out, line);
	free(out);
}

/* keys/master.key, keys/db.password and run/, for the file checks. */
static void
make_secrets(mode_t keymode, size_t keylen, mode_t pwmode, int rundir)
{
	static const char key[] = "SECRET-KEY-0123456789abcdefghijklmnop";
	char              path[PATH_MAX];

	assert_true(keylen < sizeof(key));
	write_file("keys/master.key", key, keylen, keymode);
	write_file("keys/db.password", "SECRET-PASSWORD\n", 16, pwmode);
	write_file("keys/db-owner.password", "SECRET-OWNER-PW\n", 16, pwmode);
	if (rundir) {
		xsnprintf(path, sizeof(path), "%s/run", tmpdir);
		assert_int_equal(mkdir(path, 0700), 0);
	}
}

static void
test_load_uses_defaults(void **state)
{
	struct app_config cfg;
	char              err[ERRLEN], want[PATH_MAX];

	(void)state;
	assert_int_equal(load("data_location = DE\n", 0, &cfg, err), 0);

	assert_string_equal(cfg.path, conf);
	assert_string_equal(cfg.state_dir, tmpdir);
	assert_string_equal(cfg.data_location, "DE");
	expand("@/keys/master.key", want, sizeof(want));
	assert_string_equal(cfg.key_file, want);
	expand("@/run/kore.sock", want, sizeof(want));
	assert_string_equal(cfg.listen_socket, want);
	assert_string_equal(cfg.https_address, "127.0.0.1");
	assert_int_equal(cfg.https_port, 8443);
	assert_int_equal(cfg.workers, 2);
	assert_int_equal(cfg.body_max, 4 * 1024 * 1024);
	assert_string_equal(cfg.db_host, "");
	assert_int_equal(cfg.db_port, 3306);
	expand("@/run/mysqld.sock", want, sizeof(want));
	assert_string_equal(cfg.db_socket, want);
	assert_string_equal(cfg.db_name, "torwart");
	assert_string_equal(cfg.db_user, "torwart");
	expand("@/keys/db.password", want, sizeof(want));
	assert_string_equal(cfg.db_password_file, want);
	assert_int_equal(cfg.db_pool, 4);
	assert_int_equal(cfg.db_timeout, 5);
	assert_int_equal(cfg.db_private, 1);
}

static void
test_load_accepts_good_values(void **state)
{
	static const struct kv cases[] = {
		{ "https_address", "::1", 0, 0, NULL },
		{ "https_address", "::", 0, 0, NULL },
		{ "https_address", "0.0.0.0", 0, 0, NULL },
		{ "https_address", "192.0.2.10", 0, 0, NULL },
		{ "https_address", "2001:db8::1", 0, 0, NULL },
		{ "https_address", "::ffff:192.0.2.1", 0, 0, NULL },
		{ "https_address", "localhost", 0, 0, NULL },
		{ "https_port", "1", 0, 0, NULL },
		{ "https_port", "65535", 0, 0, NULL },
		{ "https_port", "08443", 0, 0, "8443" },
		{ "workers", "1", 0, 0, NULL },
		{ "workers", "64", 0, 0, NULL },
		{ "body_max", "1024", 0, 0, NULL },
		{ "body_max", "1k", 0, 0, "1024" },
		{ "body_max", "1K", 0, 0, "1024" },
		{ "body_max", "4m", 0, 0, "4194304" },
		{ "body_max", "64m", 0, 0, "67108864" },
		{ "body_max", "64M", 0, 0, "67108864" },
		{ "body_max", "65536k", 0, 0, "67108864" },
		{ "body_max", "67108864", 0, 0, NULL },
		{ "db_host", "db.example.org", 0, 0, NULL },
		{ "db_host", "db-1", 0, 0, NULL },
		{ "db_host", "10.0.0.5", 0, 0, NULL },
		{ "db_host", "fe80::1", 0, 0, NULL },
		{ "db_host", "", 'h', 255, NULL },
		{ "db_port", "1", 0, 0, NULL },
		{ "db_port", "65535", 0, 0, NULL },
		{ "db_name", "Tor_wart_2", 0, 0, NULL },
		{ "db_name", "", 'n', 64, NULL },
		{ "db_user", "app_user9", 0, 0, NULL },
		{ "db_user", "", 'u', 80, NULL },
		{ "db_pool", "1", 0, 0, NULL },
		{ "db_pool", "64", 0, 0, NULL },
		{ "db_timeout", "1", 0, 0, NULL },
		{ "db_timeout", "300", 0, 0, NULL },
		{ "listen_socket", "/", 's', 106, NULL },
		{ "db_socket", "/", 's', 106, NULL },
		{ "data_location", "DE", 0, 0, NULL },
		{ "data_location", "no", 0, 0, "NO" },
		{ "data_location", "Fr", 0, 0, "FR" },
	};
	struct app_config cfg;
	char              body[BODY_MAX], value[BODY_MAX], var[64], err[ERRLEN];
	size_t            i, j;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		kv_body(&cases[i], body, sizeof(body));
		if (load(body, 0, &cfg, err) != 0)
			fail_msg("case %zu: %s", i, err);
		if (cases[i].want != NULL)
			xsnprintf(value, sizeof(value), "%s", cases[i].want);
		else
			kv_value(&cases[i], value, sizeof(value));
		xsnprintf(var, sizeof(var), "TW_%s", cases[i].key);
		for (j = 3; var[j] != '\0'; j++)
			var[j] = (char)(var[j] >= 'a' && var[j] <= 'z' ?
			        var[j] - 'a' + 'A' :
			        var[j]);
		assert_var(&cfg, var, value);
	}
}

/* Every key has at least one row here; test_load_covers_every_key checks. */
static const struct kv bad_values[] = {
	{ "state_dir", "", 0, 0, "missing value" },
	{ "data_location", "D", 0, 0, "not a two-letter" },
	{ "data_location", "DEU", 0, 0, "not a two-letter" },
	{ "data_location", "D1", 0, 0, "not a two-letter" },
	{ "data_location", "12", 0, 0, "not a two-letter" },
	{ "data_location", "D E", 0, 0, "not a two-letter" },
	{ "data_location", "\xc3\x9c", 0, 0, "not a two-letter" },
	{ "data_location", "US", 0, 0, "is outside the EU/EEA" },
	{ "data_location", "EL", 0, 0, "use GR" },
	{ "key_file", "", 0, 0, "missing value" },
	/* Paths go into kore.conf and nginx.conf verbatim. */
	{ "key_file", "my keys/k", 0, 0, "contains a blank" },
	{ "key_file", "k;daemon on", 0, 0, "contains a blank" },
	{ "db_password_file", "p{w}", 0, 0, "contains a blank" },
	{ "listen_socket", "k\"ore.sock", 0, 0, "contains a blank" },
	{ "state_dir", "/var/$HOME", 0, 0, "contains a blank" },
	{ "listen_socket", "/", 's', 107, "unix socket" },
	{ "listen_socket", "", 's', 110, "unix socket" },
	{ "https_address", "example.com", 0, 0, "not an IPv4 or IPv6" },
	{ "https_address", "LOCALHOST", 0, 0, "not an IPv4 or IPv6" },
	{ "https_address", "1.2.3", 0, 0, "not an IPv4 or IPv6" },
	{ "https_address", "256.1.1.1", 0, 0, "not an IPv4 or IPv6" },
	{ "https_address", "127.0.0.1:8443", 0, 0, "not an IPv4 or IPv6" },
	{ "https_address", "[::1]", 0, 0, "not an IPv4 or IPv6" },
	{ "https_address", "::g", 0, 0, "not an IPv4 or IPv6" },
	{ "https_address", "fe80::1%eth0", 0, 0, "not an IPv4 or IPv6" },
	{ "https_port", "0", 0, 0, "not an integer from 1 to 65535" },
	{ "https_port", "65536", 0, 0, "not an integer from 1 to 65535" },
	{ "https_port", "-1", 0, 0, "not an integer from 1 to 65535" },
	{ "https_port", "+80", 0, 0, "not an integer from 1 to 65535" },
	{ "https_port", "80x", 0, 0, "not an integer from 1 to 65535" },
	{ "https_port", "0x50", 0, 0, "not an integer from 1 to 65535" },
	{ "https_port", "8 0", 0, 0, "not an integer from 1 to 65535" },
	{ "https_port", "80.0", 0, 0, "not an integer from 1 to 65535" },
	{ "https_port", "99999999999999999999", 0, 0, "not an integer" },
	{ "workers", "0", 0, 0, "not an integer from 1 to 64" },
	{ "workers", "65", 0, 0, "not an integer from 1 to 64" },
	{ "workers", "two", 0, 0, "not an integer from 1 to 64" },
	{ "workers", "2k", 0, 0, "not an integer from 1 to 64" },
	{ "body_max", "1023", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "0", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "67108865", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "65m", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "65537k", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "1g", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "4mb", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "4 m", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "m", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "-1k", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "+4m", 0, 0, "not a size from 1k to 64m" },
	{ "body_max", "9223372036854775807k", 0, 0, "not a size" },
	{ "body_max", "99999999999999999999", 0, 0, "not a size" },
	{ "db_host", "db host", 0, 0, "not 1 to 255 characters" },
	{ "db_host", "db_host", 0, 0, "not 1 to 255 characters" },
	{ "db_host", "a/b", 0, 0, "not 1 to 255 characters" },
	{ "db_host", "ho$t", 0, 0, "not 1 to 255 characters" },
	{ "db_host", "[::1]", 0, 0, "not 1 to 255 characters" },
	{ "db_host", "", 'h', 256, "not 1 to 255 characters" },
	{ "db_port", "0", 0, 0, "not an integer from 1 to 65535" },
	{ "db_port", "65536", 0, 0, "not an integer from 1 to 65535" },
	{ "db_port", "mysql", 0, 0, "not an integer from 1 to 65535" },
	{ "db_socket", "/", 's', 107, "unix socket" },
	{ "db_socket", "", 's', 110, "unix socket" },
	{ "db_name", "tor-wart", 0, 0, "not 1 to 64 characters" },
	{ "db_name", "tor wart", 0, 0, "not 1 to 64 characters" },
	{ "db_name", "name;", 0, 0, "not 1 to 64 characters" },
	{ "db_name", "t\xc3\xb6r", 0, 0, "not 1 to 64 characters" },
	{ "db_name", "", 'n', 65, "not 1 to 64 characters" },
	{ "db_user", "user@host", 0, 0, "not 1 to 80 characters" },
	{ "db_user", "'root'", 0, 0, "not 1 to 80 characters" },
	{ "db_user", "", 'u', 81, "not 1 to 80 characters" },
	{ "db_password_file", "", 0, 0, "missing value" },
	{ "db_pool", "0", 0, 0, "not an integer from 1 to 64" },
	{ "db_pool", "65", 0, 0, "not an integer from 1 to 64" },
	{ "db_timeout", "0", 0, 0, "not an integer from 1 to 300" },
	{ "db_timeout", "301", 0, 0, "not an integer from 1 to 300" },
	{ "db_timeout", "5s", 0, 0, "not an integer from 1 to 300" },
};

static void
test_load_rejects_bad_values(void **state)
{
	struct app_config cfg;
	char              body[BODY_MAX], err[ERRLEN];
	size_t            i;

	(void)state;
	for (i = 0; i < NITEMS(bad_values); i++) {
		kv_body(&bad_values[i], body, sizeof(body));
		if (load(body, 0, &cfg, err) != -1)
			fail_msg("case %zu (%s) was accepted", i,
			    bad_values[i].key);
		assert_error_at(err, 1, bad_values[i].key, bad_values[i].want);
	}
}

static void
test_load_covers_every_key(void **state)
{
	size_t i, j, n;

	(void)state;
	for (i = 0; i < NITEMS(all_keys); i++) {
		n = 0;
		for (j = 0; j < NITEMS(bad_values); j++)
			n += strcmp(bad_values[j].key, all_keys[i]) == 0;
		if (n == 0)
			fail_msg("no bad value for %s", all_keys[i]);
	}
}

static void
test_load_rejects_empty_value_for_every_key(void **state)
{
	struct app_config cfg;
	char              body[BODY_MAX], err[ERRLEN];
	size_t            i;

	(void)state;
	for (i = 0; i < NITEMS(all_keys); i++) {
		xsnprintf(body, sizeof(body), "%s = \t \n", all_keys[i]);
		assert_int_equal(load(body, 0, &cfg, err), -1);
		assert_error_at(err, 1, all_keys[i], "missing value");
	}
}

static void
test_load_rejects_syntax_errors(void **state)
{
	static const struct {
		const char  *body;
		size_t       len;
		unsigned int line;
		const char  *key;
		const char  *reason;
	} cases[] = {
		{ LIT("data_location DE\n"), 1, "data_location",
		    "expected \"key = value\"" },
		{ LIT("data_location = DE\nworkers\n"), 2, "workers",
		    "expected \"key = value\"" },
		{ LIT("data_location = DE\n\n  workers 4  \n"), 3, "workers",
		    "expected" },
		{ LIT("= DE\n"), 1, "(no key)", "missing key" },
		{ LIT("data_location = DE\n \t= 4\n"), 2, "(no key)",
		    "missing key" },
		{ LIT("data_location = DE\nworkers = 2\x01\n"), 2, "workers",
		    "control character 0x01" },
		{ LIT("data_location = DE\rworkers = 2\n"), 1, "data_location",
		    "control character 0x0d" },
		{ LIT("data_location = DE\nworkers = \x7f\n"), 2, "workers",
		    "control character 0x7f" },
		{ LIT("data_location = DE\nworkers = 2\0junk\n"), 2, "workers",
		    "control character 0x00" },
		{ LIT("data_location = DE\n# a \x1b[31m comment\n"), 2,
		    "(comment)", "control character 0x1b" },
		/* "#" starts a comment only at the start of a line. */
		{ LIT("data_location = DE # Germany\n"), 1, "data_location",
		    "not a two-letter" },
		{ LIT("data_location = DE\nworkers = 4 # four\n"), 2, "workers",
		    "not an integer" },
	};
	struct app_config cfg;
	char              err[ERRLEN];
	size_t            i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		write_file("torwart.conf", cases[i].body, cases[i].len, 0644);
		if (app_config_load(&cfg, conf, 0, err, sizeof(err)) != -1)
			fail_msg("case %zu was accepted", i);
		assert_error_at(err, cases[i].line, cases[i].key,
		    cases[i].reason);
	}
}

static void
test_load_limits_line_length(void **state)
{
	static const struct {
		const char *prefix;
		size_t      len; /* of the whole line, without "\n" */
		int         want;
		const char *key;
	} cases[] = {
		{ "# ", APP_CONFIG_LINE_MAX, 0, NULL },
		{ "# ", APP_CONFIG_LINE_MAX + 1, -1, "(comment)" },
		{ "db_password_file = /", APP_CONFIG_LINE_MAX, 0, NULL },
		{ "db_password_file = /", APP_CONFIG_LINE_MAX + 1, -1,
		    "db_password_file" },
		{ "workers = 1", 5000, -1, "workers" },
	};
	struct app_config cfg;
	char              body[BODY_MAX], err[ERRLEN];
	size_t            i, plen;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		plen = strlen(cases[i].prefix);
		memcpy(body, cases[i].prefix, plen);
		memset(body + plen, 'x', cases[i].len - plen);
		xsnprintf(body + cases[i].len, sizeof(body) - cases[i].len,
		    "\ndata_location = DE\n");
		assert_int_equal(load(body, 0, &cfg, err), cases[i].want);
		if (cases[i].want == -1)
			assert_error_at(err, 1, cases[i].key,
			    "line is longer than 1024 bytes");
	}
}

static void
test_load_rejects_unknown_key(void **state)
{
	static const char *const cases[] = {
		"colour",
		"Workers",
		"WORKERS",
		"db-name",
		"work ers",
		"data_location2",
		"#workers",
	};
	struct app_config cfg;
	char              body[BODY_MAX], err[ERRLEN];
	size_t            i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		xsnprintf(body, sizeof(body), "data_location = DE\n %s = 2\n",
		    cases[i]);
		if (cases[i][0] == '#') {
			/* A comment, however much it looks like a key. */
			assert_int_equal(load(body, 0, &cfg, err), 0);
			continue;
		}
		assert_int_equal(load(body, 0, &cfg, err), -1);
		assert_error_at(err, 2, cases[i], "unknown key");
	}
}

static void
test_load_rejects_duplicate_key(void **state)
{
	static const struct {
		const char  *body;
		unsigned int line;
		const char  *key;
		const char  *reason;
	} cases[] = {
		{ "data_location = DE\nworkers = 2\n\nworkers = 2\n", 4,
		    "workers", "duplicate key, first set on line 2" },
		{ "data_location = DE\ndata_location = FR\n", 2,
		    "data_location", "duplicate key, first set on line 1" },
		{ "data_location = DE\nworkers = 2\n  workers=3\n", 3,
		    "workers", "duplicate key" },
	};
	struct app_config cfg;
	char              err[ERRLEN];
	size_t            i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		assert_int_equal(load(cases[i].body, 0, &cfg, err), -1);
		assert_error_at(err, cases[i].line, cases[i].key,
		    cases[i].reason);
	}
}

static void
test_load_requires_data_location(void **state)
{
	static const char *const cases[] = {
		"",
		"\n\n",
		"# data_location = DE\n",
		"workers = 2\n",
	};
	struct app_config cfg;
	char              err[ERRLEN];
	size_t            i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		assert_int_equal(load(cases[i], 0, &cfg, err), -1);
		assert_error_at(err, 0, "data_location",
		    "required key is missing");
	}
}

static void
test_load_trims_and_skips_comments(void **state)
{
	static const char body[] =
	    "\xef\xbb\xbf# torwart.conf with a byte order mark\n"
	    "\n"
	    "   \n"
	    "\t\n"
	    "  # an indented comment = with an equals sign\n"
	    "\t# workers = 9\n"
	    "data_location=DE\r\n"
	    "  workers\t=\t 7  \n"
	    "db_name =torwart_test\t\n"
	    "key_file =   my_keys/the_key  \n"
	    "db_user= a";
	struct app_config cfg;
	char              err[ERRLEN], want[PATH_MAX];

	(void)state;
	if (load(body, 0, &cfg, err) != 0)
		fail_msg("%s", err);
	assert_string_equal(cfg.data_location, "DE");
	assert_int_equal(cfg.workers, 7);
	assert_string_equal(cfg.db_name, "torwart_test");
	expand("@/my_keys/the_key", want, sizeof(want));
	assert_string_equal(cfg.key_file, want);
	/* The last line has no newline. */
	assert_string_equal(cfg.db_user, "a");
}

static void
test_load_resolves_paths(void **state)
{
	static const struct {
		const char *lines;
		const char *var;
		const char *want; /* "@": tmpdir, "^": its parent */
	} cases[] = {
		{ "", "TW_STATE_DIR", "@" },
		{ "state_dir = .", "TW_STATE_DIR", "@" },
		{ "state_dir = state", "TW_STATE_DIR", "@/state" },
		{ "state_dir = state", "TW_KEY_FILE",
		    "@/state/keys/master.key" },
		{ "state_dir = state", "TW_LISTEN_SOCKET",
		    "@/state/run/kore.sock" },
		{ "state_dir = state", "TW_DB_SOCKET",
		    "@/state/run/mysqld.sock" },
		{ "state_dir = state", "TW_DB_PASSWORD_FILE",
		    "@/state/keys/db.password" },
		{ "state_dir = ./a/../b//c/", "TW_STATE_DIR", "@/b/c" },
		{ "state_dir = ..", "TW_STATE_DIR", "^" },
		{ "state_dir = /srv/torwart/", "TW_STATE_DIR", "/srv/torwart" },
		{ "state_dir = /srv/torwart", "TW_DB_SOCKET",
		    "/srv/torwart/run/mysqld.sock" },
		{ "state_dir = /", "TW_KEY_FILE", "/keys/master.key" },
		{ "state_dir = /\nkey_file = ../../k", "TW_KEY_FILE", "/k" },
		{ "state_dir = /..", "TW_STATE_DIR", "/" },
		{ "key_file = /etc/torwart/master.key", "TW_KEY_FILE",
		    "/etc/torwart/master.key" },
		{ "key_file = ../k", "TW_KEY_FILE", "^/k" },
		{ "key_file = ./k/./m", "TW_KEY_FILE", "@/k/m" },
		{ "db_password_file = pw", "TW_DB_PASSWORD_FILE", "@/pw" },
		{ "listen_socket = s.sock", "TW_LISTEN_SOCKET", "@/s.sock" },
		{ "db_socket = /run/mysqld/mysqld.sock", "TW_DB_SOCKET",
		    "/run/mysqld/mysqld.sock" },
		/* State_dir is applied first wherever it is in the file. */
		{ "key_file = k\nstate_dir = s", "TW_KEY_FILE", "@/s/k" },
	};
	struct app_config cfg;
	char              body[BODY_MAX], err[ERRLEN], want[PATH_MAX];
	size_t            i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		xsnprintf(body, sizeof(body), "data_location = DE\n%s\n",
		    cases[i].lines);
		if (load(body, 0, &cfg, err) != 0)
			fail_msg("case %zu: %s", i, err);
		expand(cases[i].want, want, sizeof(want));
		assert_var(&cfg, cases[i].var, want);
	}
}

static void
test_load_makes_config_path_absolute(void **state)
{
	static const char *const cases[] = {
		"torwart.conf",
		"./torwart.conf",
		"sub/../torwart.conf",
		".//torwart.conf",
	};
	struct app_config cfg;
	char              cwd[PATH_MAX], err[ERRLEN], sub[PATH_MAX];
	size_t            i;
	int               rc;

	(void)state;
	write_conf("data_location = DE\nkey_file = k\n");
	xsnprintf(sub, sizeof(sub), "%s/sub", tmpdir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(tmpdir), 0);
	for (i = 0; i < NITEMS(cases); i++) {
		rc = app_config_load(&cfg, cases[i], 0, err, sizeof(err));
		if (rc != 0)
			break;
		if (strcmp(cfg.path, conf) != 0 ||
		    strcmp(cfg.state_dir, tmpdir) != 0)
			break;
	}
	assert_int_equal(chdir(cwd), 0);
	if (i != NITEMS(cases))
		fail_msg("case %s: path %s state_dir %s", cases[i], cfg.path,
		    cfg.state_dir);
}

static void
test_load_refuses_long_default_socket(void **state)
{
	struct app_config cfg;
	char              body[BODY_MAX], err[ERRLEN], dir[200];

	(void)state;
	/* The default socket paths grow with state_dir. */
	memset(dir, 'd', 100);
	dir[0] = '/';
	dir[100] = '\0';
	xsnprintf(body, sizeof(body), "data_location = DE\nstate_dir = %s\n",
	    dir);
	assert_int_equal(load(body, 0, &cfg, err), -1);
	assert_error_at(err, 0, "listen_socket", "unix socket");

	xsnprintf(body, sizeof(body),
	    "data_location = DE\nstate_dir = %s\nlisten_socket = /k.sock\n",
	    dir);
	assert_int_equal(load(body, 0, &cfg, err), -1);
	assert_error_at(err, 0, "db_socket", "unix socket");
}

static void
test_data_location_accepts_eu_eea(void **state)
{
	struct app_config cfg;
	char              body[BODY_MAX], err[ERRLEN], lower[3];
	size_t            i;

	(void)state;
	assert_int_equal(NITEMS(eu_eea), 30);
	for (i = 0; i < NITEMS(eu_eea); i++) {
		assert_int_equal(app_config_eu_eea(eu_eea[i]), 1);
		xsnprintf(body, sizeof(body), "data_location = %s\n",
		    eu_eea[i]);
		if (load(body, 0, &cfg, err) != 0)
			fail_msg("%s: %s", eu_eea[i], err);
		assert_string_equal(cfg.data_location, eu_eea[i]);

		/* Lower case is accepted and stored upper case. */
		lower[0] = (char)(eu_eea[i][0] - 'A' + 'a');
		lower[1] = (char)(eu_eea[i][1] - 'A' + 'a');
		lower[2] = '\0';
		assert_int_equal(app_config_eu_eea(lower), 0);
		xsnprintf(body, sizeof(body), "data_location = %s\n", lower);
		if (load(body, 0, &cfg, err) != 0)
			fail_msg("%s: %s", lower, err);
		assert_string_equal(cfg.data_location, eu_eea[i]);
	}
}

static void
test_data_location_refuses_outside_eu_eea(void **state)
{
	static const struct {
		const char *code;
		const char *reason;
	} cases[] = {
		{ "US",
		    "\"US\" is outside the EU/EEA; Torwart stores personal "
		    "data only in the EU/EEA" },
		{ "CH", "is outside the EU/EEA" },
		{ "GB", "is outside the EU/EEA" },
		{ "UK", "is outside the EU/EEA" },
		{ "gb", "is outside the EU/EEA" },
		{ "TR", "is outside the EU/EEA" },
		{ "XK", "is outside the EU/EEA" },
		{ "EU", "is outside the EU/EEA" },
		{ "EL", "use GR" },
		{ "el", "use GR" },
	};
	struct app_config cfg;
	char              body[BODY_MAX], err[ERRLEN];
	size_t            i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		assert_int_equal(app_config_eu_eea(cases[i].code), 0);
		xsnprintf(body, sizeof(body), "data_location = %s\n",
		    cases[i].code);
		assert_int_equal(load(body, 0, &cfg, err), -1);
		assert_error_at(err, 1, "data_location", cases[i].reason);
	}
	assert_int_equal(app_config_eu_eea(NULL), 0);
	assert_int_equal(app_config_eu_eea(""), 0);
	assert_int_equal(app_config_eu_eea("DEU"), 0);
}

static void
test_db_private_is_derived(void **state)
{
	static const struct {
		const char *lines;
		int         want;
	} cases[] = {
		{ "", 1 },
		{ "db_socket = run/mysqld.sock", 1 },
		{ "db_socket = ./run/../run/mysqld.sock", 1 },
		{ "db_socket = @/run/mysqld.sock", 1 },
		{ "state_dir = s\ndb_socket = run/mysqld.sock", 1 },
		{ "db_socket = run/other.sock", 0 },
		{ "db_socket = /run/mysqld/mysqld.sock", 0 },
		{ "db_host = db.example.org", 0 },
		{ "db_host = 127.0.0.1\ndb_port = 3307", 0 },
		/* db_port alone is accepted and ignored. */
		{ "db_port = 3307", 1 },
	};
	struct app_config cfg;
	char              body[BODY_MAX], err[ERRLEN], lines[PATH_MAX];
	char             *at;
	size_t            i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		xsnprintf(lines, sizeof(lines), "%s", cases[i].lines);
		if ((at = strchr(cases[i].lines, '@')) != NULL)
			xsnprintf(lines, sizeof(lines), "%.*s%s%s",
			    (int)(at - cases[i].lines), cases[i].lines, tmpdir,
			    at + 1);
		xsnprintf(body, sizeof(body), "data_location = DE\n%s\n",
		    lines);
		if (load(body, 0, &cfg, err) != 0)
			fail_msg("case %zu: %s", i, err);
		if (cfg.db_private != cases[i].want)
			fail_msg("case %zu: db_private %d", i, cfg.db_private);
	}
}

static void
test_db_host_and_socket_conflict(void **state)
{
	struct app_config cfg;
	char              err[ERRLEN];

	(void)state;
	assert_int_equal(load("data_location = DE\ndb_host = db\n"
	                      "db_socket = /run/mysqld/mysqld.sock\n",
	                     0, &cfg, err),
	    -1);
	assert_error_at(err, 3, "db_socket", "db_host (line 2)");

	/* Even the default socket, when written out. */
	assert_int_equal(load("db_socket = run/mysqld.sock\n"
	                      "data_location = DE\ndb_host = db\n",
	                     0, &cfg, err),
	    -1);
	assert_error_at(err, 1, "db_socket", "db_host (line 3)");
}

static void
test_load_checks_files(void **state)
{
	static const struct {
		mode_t      keymode;
		size_t      keylen;
		mode_t      pwmode;
		int         rundir;
		const char *drop; /* remove before loading */
		const char *key; /* NULL: loads */
		const char *reason;
	} cases[] = {
		{ 0600, 32, 0600, 1, NULL, NULL, NULL },
		{ 0400, 32, 0400, 1, NULL, NULL, NULL },
		{ 0644, 32, 0600, 1, NULL, "key_file", "mode 0644" },
		{ 0640, 32, 0600, 1, NULL, "key_file", "mode 0640" },
		{ 0604, 32, 0600, 1, NULL, "key_file", "mode 0604" },
		{ 0601, 32, 0600, 1, NULL, "key_file", "mode 0601" },
		{ 0600, 31, 0600, 1, NULL, "key_file", "is 31 bytes" },
		{ 0600, 33, 0600, 1, NULL, "key_file", "is 33 bytes" },
		{ 0600, 0, 0600, 1, NULL, "key_file", "must be exactly 32" },
		{ 0600, 32, 0600, 1, "keys/master.key", "key_file",
		    "No such file" },
		{ 0600, 32, 0644, 1, NULL, "db_password_file", "mode 0644" },
		{ 0600, 32, 0660, 1, NULL, "db_password_file", "mode 0660" },
		{ 0600, 32, 0600, 1, "keys/db.password", "db_password_file",
		    "No such file" },
		{ 0600, 32, 0600, 1, "keys/db-owner.password",
		    "db_owner_password_file", "No such file" },
		{ 0600, 32, 0600, 0, NULL, "listen_socket", "/run" },
	};
	struct app_config cfg;
	char              err[ERRLEN], path[PATH_MAX];
	size_t            i;
	int               rc;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		make_secrets(cases[i].keymode, cases[i].keylen, cases[i].pwmode,
		    cases[i].rundir);
		if (cases[i].drop != NULL) {
			xsnprintf(path, sizeof(path), "%s/%s", tmpdir,
			    cases[i].drop);
			assert_int_equal(unlink(path), 0);
		}
		rc = load("data_location = DE\n", APP_CONFIG_CHECK_FILES, &cfg,
		    err);
		if (cases[i].key == NULL && rc != 0)
			fail_msg("case %zu: %s", i, err);
		if (cases[i].key != NULL) {
			if (rc != -1)
				fail_msg("case %zu was accepted", i);
			assert_error_at(err, 0, cases[i].key, cases[i].reason);
			assert_null(strstr(err, "SECRET"));
		}
		/* The same files pass when not checked. */
		assert_int_equal(load("data_location = DE\n", 0, &cfg, err), 0);
		assert_int_equal(teardown(NULL), 0);
		assert_int_equal(mkdir(tmpdir, 0700), 0);
	}
}

static void
test_load_checks_file_types(void **state)
{
	struct app_config cfg;
	char              err[ERRLEN], path[PATH_MAX];

	(void)state;
	make_secrets(0600, 32, 0600, 1);
	xsnprintf(path, sizeof(path), "%s/keydir", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(load("data_location = DE\nkey_file = keydir\n",
	                     APP_CONFIG_CHECK_FILES, &cfg, err),
	    -1);
	assert_error_at(err, 0, "key_file", "not a regular file");

	xsnprintf(path, sizeof(path), "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(load("data_location = DE\ndb_password_file = fifo\n",
	                     APP_CONFIG_CHECK_FILES, &cfg, err),
	    -1);
	assert_error_at(err, 0, "db_password_file", "not a regular file");

	/* A file where the socket's directory should be. */
	assert_int_equal(load("data_location = DE\n"
	                      "listen_socket = keys/master.key/kore.sock\n",
	                     APP_CONFIG_CHECK_FILES, &cfg, err),
	    -1);
	assert_error_at(err, 0, "listen_socket", "not a directory");
}

static void
test_read_secret(void **state)
{
	static const struct {
		const char *data;
		size_t      len;
		mode_t      mode;
		size_t      buflen;
		int         strip;
		int         want;
		const char *got; /* the bytes kept, or the reason */
		size_t      gotlen;
	} cases[] = {
		{ "pw\n", 3, 0600, 64, 1, 0, "pw", 2 },
		{ "pw\r\n", 4, 0600, 64, 1, 0, "pw", 2 },
		{ "pw\n\n", 4, 0600, 64, 1, 0, "pw\n", 3 },
		{ "pw\r\r\n", 5, 0600, 64, 1, 0, "pw\r", 3 },
		{ "pw", 2, 0600, 64, 1, 0, "pw", 2 },
		{ "pw\n", 3, 0600, 64, 0, 0, "pw\n", 3 },
		{ "p\0w", 3, 0400, 64, 1, 0, "p\0w", 3 },
		{ "0123456789abcdef", 16, 0600, 16, 0, 0, "0123456789abcdef",
		    16 },
		{ "0123456789abcdef\n", 17, 0600, 16, 1, -1, "more than the 16",
		    0 },
		{ "0123456789abcdefg", 17, 0600, 16, 0, -1, "is 17 bytes", 0 },
		{ "pw\n", 3, 0644, 64, 1, -1, "mode 0644", 0 },
		{ "pw\n", 3, 0640, 64, 1, -1, "mode 0640", 0 },
		{ "pw\n", 3, 0602, 64, 1, -1, "mode 0602", 0 },
		{ "", 0, 0600, 64, 1, -1, "is empty", 0 },
		{ "\n", 1, 0600, 64, 1, -1, "is empty", 0 },
		{ "\r\n", 2, 0600, 64, 1, -1, "is empty", 0 },
	};
	unsigned char buf[64];
	char          err[ERRLEN], path[PATH_MAX];
	size_t        i, j, len;
	int           rc;

	(void)state;
	xsnprintf(path, sizeof(path), "%s/secret", tmpdir);
	for (i = 0; i < NITEMS(cases); i++) {
		write_file("secret", cases[i].data, cases[i].len,
		    cases[i].mode);
		memset(buf, 0xa5, sizeof(buf));
		len = 99;
		rc = app_config_read_secret("db_password_file", path, buf,
		    cases[i].buflen, &len, cases[i].strip, err, sizeof(err));
		if (rc != cases[i].want)
			fail_msg("case %zu: got %d: %s", i, rc, err);
		assert_int_equal(unlink(path), 0);
		if (rc == 0) {
			assert_int_equal(len, cases[i].gotlen);
			assert_memory_equal(buf, cases[i].got, len);
			continue;
		}
		assert_int_equal(len, 0);
		assert_prefix(err, "db_password_file: ");
		assert_contains(err, path);
		assert_contains(err, cases[i].got);
		assert_null(strstr(err, "456789abcdef"));
		for (j = 0; j < cases[i].buflen; j++)
			if (buf[j] != 0)
				fail_msg("case %zu: byte %zu not wiped", i, j);
	}
}

static void
test_read_secret_refuses_missing_and_odd_files(void **state)
{
	unsigned char buf[32];
	char          err[ERRLEN], path[PATH_MAX];
	size_t        len;

	(void)state;
	xsnprintf(path, sizeof(path), "%s/missing", tmpdir);
	assert_int_equal(app_config_read_secret("key_file", path, buf,
	                     sizeof(buf), &len, 0, err, sizeof(err)),
	    -1);
	assert_prefix(err, "key_file: ");
	assert_contains(err, "No such file");

	assert_int_equal(app_config_read_secret("key_file", tmpdir, buf,
	                     sizeof(buf), &len, 0, err, sizeof(err)),
	    -1);
	assert_contains(err, "not a regular file");

	xsnprintf(path, sizeof(path), "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(app_config_read_secret("key_file", path, buf,
	                     sizeof(buf), &len, 0, err, sizeof(err)),
	    -1);
	assert_contains(err, "not a regular file");
}

static const struct {
	const char *in;
	const char *out;
} quote_cases[] = {
	{ "", "''" },
	{ "abc", "'abc'" },
	{ "it's", "'it'\\''s'" },
	{ "'", "''\\'''" },
	{ "''", "''\\'''\\'''" },
	{ "a b\tc", "'a b\tc'" },
	{ "$HOME `id` $(id) \"x\" \\ * ? ~ ; & | < > !",
	    "'$HOME `id` $(id) \"x\" \\ * ? ~ ; & | < > !'" },
	{ "line\nbreak", "'line\nbreak'" },
	{ "/tmp/st\xc3\xa4te dir", "'/tmp/st\xc3\xa4te dir'" },
};

static void
test_shell_quote(void **state)
{
	char   out[256];
	size_t i, need;

	(void)state;
	for (i = 0; i < NITEMS(quote_cases); i++) {
		assert_int_equal(app_config_shell_quote(quote_cases[i].in, out,
		                     sizeof(out)),
		    0);
		assert_string_equal(out, quote_cases[i].out);

		/* Exactly enough room, and one byte less. */
		need = strlen(quote_cases[i].out) + 1;
		assert_int_equal(app_config_shell_quote(quote_cases[i].in, out,
		                     need),
		    0);
		assert_string_equal(out, quote_cases[i].out);
		out[0] = 'x';
		assert_int_equal(app_config_shell_quote(quote_cases[i].in, out,
		                     need - 1),
		    -1);
		assert_int_equal(out[0], '\0');
	}
	assert_int_equal(app_config_shell_quote("a", out, 0), -1);
}

/* What /bin/sh makes of the quoted words is the original string. */
static void
test_shell_quote_round_trips_through_sh(void **state)
{
	char   cmd[1024], quoted[512], got[512];
	FILE  *fp;
	size_t i, n;

	(void)state;
	for (i = 0; i < NITEMS(quote_cases); i++) {
		assert_int_equal(app_config_shell_quote(quote_cases[i].in,
		                     quoted, sizeof(quoted)),
		    0);
		xsnprintf(cmd, sizeof(cmd), "printf '%%s' %s", quoted);
		fp = popen(cmd, "r");
		assert_non_null(fp);
		n = fread(got, 1, sizeof(got) - 1, fp);
		got[n] = '\0';
		assert_int_equal(pclose(fp), 0);
		assert_string_equal(got, quote_cases[i].in);
	}
}

static void
test_print_shell(void **state)
{
	static const char fmt[] = "TW_CONFIG='%s/torwart.conf'\n"
	                          "TW_STATE_DIR='%s/its'\n"
	                          "TW_DATA_LOCATION='AT'\n"
	                          "TW_KEY_FILE='%s/its/keys/master.key'\n"
	                          "TW_LISTEN_SOCKET='/run/t.sock'\n"
	                          "TW_HTTPS_ADDRESS='::1'\n"
	                          "TW_HTTPS_PORT='443'\n"
	                          "TW_WORKERS='3'\n"
	                          "TW_BODY_MAX='2048'\n"
	                          "TW_DB_HOST='db.example.org'\n"
	                          "TW_DB_PORT='3307'\n"
	                          "TW_DB_SOCKET='%s/its/run/mysqld.sock'\n"
	                          "TW_DB_NAME='tw'\n"
	                          "TW_DB_USER='tw_app'\n"
	                          "TW_DB_PASSWORD_FILE='/etc/tw/pw'\n"
	                          "TW_DB_OWNER='tw_own'\n"
	                          "TW_DB_OWNER_PASSWORD_FILE='/etc/tw/opw'\n"
	                          "TW_DB_POOL='8'\n"
	                          "TW_DB_TIMEOUT='30'\n"
	                          "TW_LOGIN_MAX_FAILURES='3'\n"
	                          "TW_LOGIN_FAILURE_WINDOW='60'\n"
	                          "TW_LOGIN_LOCKOUT='120'\n"
	                          "TW_SESSION_IDLE='600'\n"
	                          "TW_SESSION_MAX='3600'\n"
	                          "TW_ADMIN_TOTP='0'\n"
	                          "TW_DB_PRIVATE=0\n";
	static const char body[] = "state_dir = its\n"
	                           "data_location = at\n"
	                           "listen_socket = /run/t.sock\n"
	                           "https_address = ::1\n"
	                           "https_port = 443\n"
	                           "workers = 3\n"
	                           "body_max = 2k\n"
	                           "db_host = db.example.org\n"
	                           "db_port = 3307\n"
	                           "db_name = tw\n"
	                           "db_user = tw_app\n"
	                           "db_password_file = /etc/tw/pw\n"
	                           "db_owner = tw_own\n"
	                           "db_owner_password_file = /etc/tw/opw\n"
	                           "login_max_failures = 3\n"
	                           "login_failure_window = 60\n"
	                           "login_lockout = 120\n"
	                           "session_idle = 600\n"
	                           "session_max = 3600\n"
	                           "admin_totp = 0\n"
	                           "db_pool = 8\n"
	                           "db_timeout = 30\n";
	struct app_config cfg;
	char              err[ERRLEN], want[4 * PATH_MAX], cmd[2 * PATH_MAX];
	char              got[PATH_MAX], *out;
	FILE             *fp;
	size_t            n;

	(void)state;
	if (load(body, 0, &cfg, err) != 0)
		fail_msg("%s", err);
	xsnprintf(want, sizeof(want), fmt, tmpdir, tmpdir, tmpdir, tmpdir);
	out = shell_output(&cfg);
	assert_string_equal(out, want);
	write_file("out.sh", out, strlen(out), 0600);
	free(out);

	/* The shell reads the settings back as they were printed. */
	xsnprintf(cmd, sizeof(cmd),
	    "sh -c '. \"$1\" && printf %%s \"$TW_STATE_DIR\"' sh %s/out.sh",
	    tmpdir);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	n = fread(got, 1, sizeof(got) - 1, fp);
	got[n] = '\0';
	assert_int_equal(pclose(fp), 0);
	xsnprintf(want, sizeof(want), "%s/its", tmpdir);
	assert_string_equal(got, want);
}

static void
test_print_shell_reports_write_errors(void **state)
{
	struct app_config cfg;
	char              err[ERRLEN];
	FILE             *fp;

	(void)state;
	assert_int_equal(load("data_location = DE\n", 0, &cfg, err), 0);
	fp = fopen("/dev/full", "w");
	if (fp == NULL)
		skip();
	assert_int_equal(app_config_print_shell(&cfg, fp), -1);
	(void)fclose(fp);
}

static void
test_load_error_buffer_edges(void **state)
{
	struct app_config cfg;
	char              err[ERRLEN];
	char              small[8];

	(void)state;
	write_conf("workers = 0\n");
	assert_int_equal(app_config_load(&cfg, conf, 0, NULL, 0), -1);
	memset(small, 'x', sizeof(small));
	assert_int_equal(app_config_load(&cfg, conf, 0, small, sizeof(small)),
	    -1);
	assert_int_equal(small[sizeof(small) - 1], '\0');
	assert_int_equal(strncmp(small, conf, sizeof(small) - 1), 0);

	/* A failed load leaves nothing half set. */
	assert_int_equal(load("data_location = DE\nworkers = 0\n", 0, &cfg,
	                     err),
	    -1);
	assert_string_equal(cfg.data_location, "");
	assert_string_equal(cfg.state_dir, "");
	assert_int_equal(cfg.db_private, 0);

	/* A missing config file names no key, only itself. */
	assert_int_equal(app_config_load(&cfg, "/nonexistent/torwart.conf", 0,
	                     err, sizeof(err)),
	    -1);
	assert_string_equal(err,
	    "/nonexistent/torwart.conf: cannot open: No such file or "
	    "directory");
}

/* The template loads, and its "#key = value" lines are the defaults. */
static void
test_conf_in_documents_defaults(void **state)
{
	struct app_config cfg;
	FILE             *fp;
	char             *line = NULL, *uncommented, *defaults, *p;
	char              body[BODY_MAX], err[ERRLEN];
	size_t            cap = 0, off = 0, i, klen;
	int               seen[NITEMS(all_keys)];

	(void)state;
	fp = fopen(TORWART_CONF_IN, "r");
	if (fp == NULL)
		fail_msg("%s: %s (run from the top of the tree)",
		    TORWART_CONF_IN, strerror(errno));
	memset(seen, 0, sizeof(seen));
	body[0] = '\0';
	while (getline(&line, &cap, fp) != -1) {
		p = line;
		if (p[0] == '#' && p[1] >= 'a' && p[1] <= 'z')
			p++;
		for (i = 0; i < NITEMS(all_keys); i++) {
			klen = strlen(all_keys[i]);
			if (strncmp(p, all_keys[i], klen) == 0 &&
			    strncmp(p + klen, " = ", 3) == 0)
				break;
		}
		if (i == NITEMS(all_keys))
			continue;
		seen[i]++;
		/* db_host has no default; the template shows an example. */
		if (strcmp(all_keys[i], "db_host") == 0)
			continue;
		assert_true(off + strlen(p) < sizeof(body));
		memcpy(body + off, p, strlen(p) + 1);
		off += strlen(p);
	}
	free(line);
	(void)fclose(fp);

	for (i = 0; i < NITEMS(all_keys); i++) {
		if (seen[i] != 1)
			fail_msg("%s appears %d times in %s", all_keys[i],
			    seen[i], TORWART_CONF_IN);
	}

	if (load(body, 0, &cfg, err) != 0)
		fail_msg("uncommented: %s", err);
	uncommented = shell_output(&cfg);
	assert_int_equal(load("data_location = DE\n", 0, &cfg, err), 0);
	defaults = shell_output(&cfg);
	assert_string_equal(uncommented, defaults);
	free(uncommented);
	free(defaults);

	/* As shipped, it loads: only data_location is set. */
	assert_int_equal(app_config_load(&cfg, TORWART_CONF_IN, 0, err,
	                     sizeof(err)),
	    0);
	assert_string_equal(cfg.data_location, "DE");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_uses_defaults, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_accepts_good_values,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_rejects_bad_values,
		    setup, teardown),
		cmocka_unit_test(test_load_covers_every_key),
		cmocka_unit_test_setup_teardown(
		    test_load_rejects_empty_value_for_every_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_rejects_syntax_errors,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_limits_line_length,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_rejects_unknown_key,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_rejects_duplicate_key,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_load_requires_data_location, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_load_trims_and_skips_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_resolves_paths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_load_makes_config_path_absolute, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_load_refuses_long_default_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_data_location_accepts_eu_eea, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_data_location_refuses_outside_eu_eea, setup, teardown),
		cmocka_unit_test_setup_teardown(test_db_private_is_derived,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_host_and_socket_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_checks_files, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_checks_file_types,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_secret, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_read_secret_refuses_missing_and_odd_files, setup,
		    teardown),
		cmocka_unit_test(test_shell_quote),
		cmocka_unit_test(test_shell_quote_round_trips_through_sh),
		cmocka_unit_test_setup_teardown(test_print_shell, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_print_shell_reports_write_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_error_buffer_edges,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_conf_in_documents_defaults,
		    setup, teardown),
	};

	return (cmocka_run_group_tests_name("app_config", tests, NULL, NULL));
}
