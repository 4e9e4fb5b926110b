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
 * Loader for torwart.conf.  Every key is one row of the keys[] table below
 * (name, type, bounds, default, description, Redis-style); the table drives
 * parsing, defaults and app_config_print_shell().  Loading runs in two
 * passes: the first reads the file and keeps each key's raw value and line
 * number (catching syntax errors, unknown and duplicate keys), the second
 * converts and validates every key in table order, so that state_dir is
 * known before the paths that resolve against it.  Plain libc only.
 */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_config.h"

/* Room for a reason, which may quote a path or a value. */
#define WHY_MAX (PATH_MAX + 256)

/* The longest key name shown for a line that has no valid key. */
#define NAME_SHOWN 64

/*
 * PATH: resolved against state_dir and stored absolute.  COUNTRY: ISO
 * 3166-1 alpha-2, EU/EEA only.  ADDRESS: IPv4 or IPv6 literal or
 * "localhost".  INT: unsigned int in [min, max].  SIZE: size_t in
 * [min, max], suffix k or m.  HOST: [min, max] characters of A-Z a-z 0-9
 * . - :.  IDENT: [min, max] characters of A-Z a-z 0-9 _.
 */
enum key_type {
	KEY_PATH,
	KEY_COUNTRY,
	KEY_ADDRESS,
	KEY_INT,
	KEY_SIZE,
	KEY_HOST,
	KEY_IDENT
};

#define KEY_REQUIRED 0x01 /* no default: the file must set it */
#define KEY_SOCKET   0x02 /* a path that must fit sockaddr_un.sun_path */
#define KEY_ROOT     0x04 /* resolves against the config file's directory */

struct key {
	const char   *name;
	enum key_type type;
	int           flags;
	long long     min;
	long long     max;
	const char   *def; /* NULL: unset unless the file sets it */
	size_t        off;
	size_t        size;
	const char   *desc;
};

struct raw {
	unsigned int line; /* 0: not set in the file */
	char         value[APP_CONFIG_LINE_MAX + 1];
};

#define CFG(m)                                                                 \
	offsetof(struct app_config, m), sizeof(((struct app_config *)0)->m)

/*
 * The keys, in the order they are validated and printed.  state_dir must
 * come first because every other path resolves against it.
 */
static const struct key keys[] = {
	{ "state_dir", KEY_PATH, KEY_ROOT, 0, 0, ".", CFG(state_dir),
	    "directory for run-time state; relative paths resolve against it" },
	{ "data_location", KEY_COUNTRY, KEY_REQUIRED, 0, 0, NULL,
	    CFG(data_location),
	    "country (ISO 3166-1 alpha-2) where server and database are hosted" },
	{ "key_file", KEY_PATH, 0, 0, 0, "keys/master.key", CFG(key_file),
	    "the 32-byte master key, mode 0600" },
	{ "listen_socket", KEY_PATH, KEY_SOCKET, 0, 0, "run/kore.sock",
	    CFG(listen_socket), "unix socket kore listens on" },
	{ "https_address", KEY_ADDRESS, 0, 0, 0, "127.0.0.1",
	    CFG(https_address),
	    "address of the HTTPS front end: IPv4, IPv6 or localhost" },
	{ "https_port", KEY_INT, 0, 1, 65535, "8443", CFG(https_port),
	    "port of the HTTPS front end" },
	{ "workers", KEY_INT, 0, 1, 64, "2", CFG(workers),
	    "number of kore worker processes" },
	{ "body_max", KEY_SIZE, 0, 1024, 64 * 1024 * 1024, "4m", CFG(body_max),
	    "largest request body in bytes, suffix k or m allowed" },
	{ "db_host", KEY_HOST, 0, 1, 255, NULL, CFG(db_host),
	    "external database server name or address; unset: db_socket" },
	{ "db_port", KEY_INT, 0, 1, 65535, "3306", CFG(db_port),
	    "TCP port of db_host" },
	{ "db_socket", KEY_PATH, KEY_SOCKET, 0, 0, "run/mysqld.sock",
	    CFG(db_socket), "database unix socket; the default is private" },
	{ "db_name", KEY_IDENT, 0, 1, 64, "torwart", CFG(db_name),
	    "database name" },
	{ "db_user", KEY_IDENT, 0, 1, 80, "torwart", CFG(db_user),
	    "database user" },
	{ "db_password_file", KEY_PATH, 0, 0, 0, "keys/db.password",
	    CFG(db_password_file), "file holding the database password" },
	{ "db_owner", KEY_IDENT, 0, 1, 80, "torwart_owner", CFG(db_owner),
	    "database user that owns the schema and grants db_user's rights" },
	{ "db_owner_password_file", KEY_PATH, 0, 0, 0, "keys/db-owner.password",
	    CFG(db_owner_password_file),
	    "file holding the schema owner's password" },
	{ "db_pool", KEY_INT, 0, 1, 64, "4", CFG(db_pool),
	    "database connections per worker" },
	{ "db_timeout", KEY_INT, 0, 1, 300, "5", CFG(db_timeout),
	    "database connect and query timeout in seconds" },
	{ "login_max_failures", KEY_INT, 0, 1, 1000, "5",
	    CFG(login_max_failures),
	    "failed logins within login_failure_window that lock an account" },
	{ "login_failure_window", KEY_INT, 0, 1, 86400, "900",
	    CFG(login_failure_window), "seconds in which failed logins count" },
	{ "login_lockout", KEY_INT, 0, 1, 86400, "900", CFG(login_lockout),
	    "seconds an account stays locked" },
	{ "session_idle", KEY_INT, 0, 60, 86400, "1800", CFG(session_idle),
	    "seconds of inactivity that end a session" },
	{ "session_max", KEY_INT, 0, 60, 604800, "43200", CFG(session_max),
	    "seconds after login that end a session in any case" },
	{ "admin_totp", KEY_INT, 0, 0, 1, "1", CFG(admin_totp),
	    "1: users with role admin must use TOTP; 0: optional" },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* The EU member states and the three further EEA states. */
static const char eu_eea_codes[][3] = { "AT", "BE", "BG", "CY", "CZ", "DE",
	"DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
	"LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI",
	"NO" };

static void seterr(char *, size_t, const char *, unsigned int, const char *,
    const char *, ...) __attribute__((__format__(__printf__, 6, 7)));
static void setwhy(char *, size_t, const char *, ...)
    __attribute__((__format__(__printf__, 3, 4)));
static int copy_str(char *, size_t, const char *);

static const struct key *key_find(const char *, size_t *);

static int  read_file(const char *, struct raw *, char *, size_t);
static int  parse_line(const char *, unsigned int, char *, size_t, struct raw *,
     char *, size_t);
static int  line_bytes(const char *, size_t, char *, size_t);
static void line_name(const char *, char *, size_t);
static char *trim(char *);

static int resolve(struct app_config *, const char *, const struct raw *,
    char *, size_t);
static int set_value(const struct key *, const char *, const char *,
    struct app_config *, char *, size_t);
static int set_path(const struct key *, const char *, const char *, char *,
    char *, size_t);
static int set_country(const char *, char *, char *, size_t);
static int set_address(const struct key *, const char *, char *, char *,
    size_t);
static int set_number(const struct key *, const char *, char *, char *, size_t);
static int set_string(const struct key *, const char *, char *, char *, size_t);

static int path_join(const char *, const char *, char *, size_t);
static int path_clean(const char *, char *, size_t);
static int config_paths(const char *, char *, size_t, char *, size_t);

static int check_files(const struct app_config *, const char *, char *, size_t);
static int check_secret(const char *, const char *, const char *, long long,
    char *, size_t);
static int secret_open(const char *, struct stat *, char *, size_t);
static int read_all(int, unsigned char *, size_t, size_t *, char *, size_t);

static int print_var(FILE *, const char *, const char *);

int
app_config_load(struct app_config *cfg, const char *path, int flags,
    char *errbuf, size_t errlen)
{
	struct raw raw[NKEYS];
	int        ret = -1;

	memset(cfg, 0, sizeof(*cfg));
	memset(raw, 0, sizeof(raw));
	if (errbuf != NULL && errlen > 0)
		errbuf[0] = '\0';

	if (read_file(path, raw, errbuf, errlen) == -1)
		goto done;
	if (resolve(cfg, path, raw, errbuf, errlen) == -1)
		goto done;
	if ((flags & APP_CONFIG_CHECK_FILES) &&
	    check_files(cfg, path, errbuf, errlen) == -1)
		goto done;

	ret = 0;

done:
	if (ret == -1)
		memset(cfg, 0, sizeof(*cfg));

	return (ret);
}

int
app_config_read_secret(const char *key, const char *path, unsigned char *buf,
    size_t buflen, size_t *len, int strip_newline, char *errbuf, size_t errlen)
{
	struct stat st;
	char        why[WHY_MAX];
	size_t      off = 0;
	int         fd, ret = -1;

	*len = 0;
	if ((fd = secret_open(path, &st, why, sizeof(why))) == -1) {
		seterr(errbuf, errlen, NULL, 0, key, "%s: %s", path, why);
		goto done;
	}
	if ((unsigned long long)st.st_size > buflen) {
		seterr(errbuf, errlen, NULL, 0, key,
		    "%s: is %lld bytes, more than the %zu allowed", path,
		    (long long)st.st_size, buflen);
		goto done;
	}

	if (read_all(fd, buf, buflen, &off, why, sizeof(why)) == -1) {
		seterr(errbuf, errlen, NULL, 0, key, "%s: %s", path, why);
		goto done;
	}

	if (strip_newline && off > 0 && buf[off - 1] == '\n') {
		off--;
		if (off > 0 && buf[off - 1] == '\r')
			off--;
	}
	if (off == 0) {
		seterr(errbuf, errlen, NULL, 0, key, "%s: is empty", path);
		goto done;
	}

	*len = off;
	ret = 0;

done:
	if (fd != -1)
		(void)close(fd);
	if (ret == -1) {
		explicit_bzero(buf, buflen);
		*len = 0;
	}

	return (ret);
}

int
app_config_shell_quote(const char *s, char *out, size_t outlen)
{
	const char *p;
	size_t      need = 3, o = 0;

	for (p = s; *p != '\0'; p++)
		need += (*p == '\'') ? 4 : 1;
	if (need > outlen) {
		if (outlen > 0)
			out[0] = '\0';
		return (-1);
	}

	out[o++] = '\'';
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'') {
			/* Close the quote, an escaped quote, reopen. */
			memcpy(out + o, "'\\''", 4);
			o += 4;
		} else
			out[o++] = *p;
	}
	out[o++] = '\'';
	out[o] = '\0';

	return (0);
}

int
app_config_print_shell(const struct app_config *cfg, FILE *fp)
{
	const char  *field;
	char         num[32];
	unsigned int u;
	size_t       i, z;

	if (print_var(fp, "config", cfg->path) == -1)
		return (-1);

	for (i = 0; i < NKEYS; i++) {
		field = (const char *)cfg + keys[i].off;
		if (keys[i].type == KEY_INT) {
			memcpy(&u, field, sizeof(u));
			(void)snprintf(num, sizeof(num), "%u", u);
			field = num;
		} else if (keys[i].type == KEY_SIZE) {
			memcpy(&z, field, sizeof(z));
			(void)snprintf(num, sizeof(num), "%zu", z);
			field = num;
		}
		if (print_var(fp, keys[i].name, field) == -1)
			return (-1);
	}

	if (fprintf(fp, "TW_DB_PRIVATE=%d\n", cfg->db_private ? 1 : 0) < 0)
		return (-1);
	if (fflush(fp) != 0 || ferror(fp))
		return (-1);

	return (0);
}

int
app_config_eu_eea(const char *code)
{
	size_t i;

	if (code == NULL || strlen(code) != 2)
		return (0);
	for (i = 0; i < sizeof(eu_eea_codes) / sizeof(eu_eea_codes[0]); i++) {
		if (strcmp(code, eu_eea_codes[i]) == 0)
			return (1);
	}

	return (0);
}

/*
 * Write "<file>:<line>: <key>: <reason>" into errbuf, leaving out the parts
 * that are NULL or 0.
 */
static void
seterr(char *errbuf, size_t errlen, const char *file, unsigned int line,
    const char *key, const char *fmt, ...)
{
	va_list ap;
	size_t  off;
	int     n;

	if (errbuf == NULL || errlen == 0)
		return;

	if (file != NULL && line != 0)
		n = snprintf(errbuf, errlen, "%s:%u: ", file, line);
	else if (file != NULL)
		n = snprintf(errbuf, errlen, "%s: ", file);
	else
		n = snprintf(errbuf, errlen, "%s", "");
	if (n < 0 || (size_t)n >= errlen)
		return;
	off = (size_t)n;

	if (key != NULL) {
		n = snprintf(errbuf + off, errlen - off, "%s: ", key);
		if (n < 0 || (size_t)n >= errlen - off)
			return;
		off += (size_t)n;
	}

	va_start(ap, fmt);
	(void)vsnprintf(errbuf + off, errlen - off, fmt, ap);
	va_end(ap);
}

static void
setwhy(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

/* strlcpy(3) that reports truncation: 0, or -1 if src does not fit. */
static int
copy_str(char *dst, size_t dstlen, const char *src)
{
	size_t len;

	len = strlen(src);
	if (len >= dstlen)
		return (-1);
	memcpy(dst, src, len + 1);

	return (0);
}

static const struct key *
key_find(const char *name, size_t *idx)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		if (strcmp(keys[i].name, name) == 0) {
			*idx = i;
			return (&keys[i]);
		}
	}

	return (NULL);
}

/* Pass one: keep the raw value and line number of every key set. */
static int
read_file(const char *file, struct raw *raw, char *errbuf, size_t errlen)
{
	FILE        *fp;
	char        *line = NULL;
	size_t       cap = 0;
	ssize_t      n;
	unsigned int lineno = 0;
	int          ret = -1;

	if ((fp = fopen(file, "r")) == NULL) {
		seterr(errbuf, errlen, file, 0, NULL, "cannot open: %s",
		    strerror(errno));
		return (-1);
	}

	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (parse_line(file, lineno, line, (size_t)n, raw, errbuf,
		        errlen) == -1)
			goto done;
	}
	if (ferror(fp)) {
		seterr(errbuf, errlen, file, 0, NULL, "cannot read: %s",
		    strerror(errno));
		goto done;
	}

	ret = 0;

done:
	free(line);
	(void)fclose(fp);

	return (ret);
}

/*
 * Check one line of n bytes and file its value under its key.  Every
 * message names a key: the key of the line, or the line's first word when
 * it has none.
 */
static int
parse_line(const char *file, unsigned int lineno, char *line, size_t n,
    struct raw *raw, char *errbuf, size_t errlen)
{
	const struct key *k;
	char              name[NAME_SHOWN + 1], why[64], *eq, *key, *value;
	size_t            idx;

	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n > 0 && line[n - 1] == '\r')
		line[--n] = '\0';
	/* Some editors start UTF-8 files with a byte order mark. */
	if (lineno == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		n -= 3;
	}
	line_name(line, name, sizeof(name));

	if (line_bytes(line, n, why, sizeof(why)) == -1) {
		seterr(errbuf, errlen, file, lineno, name, "%s", why);
		return (-1);
	}

	key = trim(line);
	if (*key == '\0' || *key == '#')
		return (0);
	if ((eq = strchr(key, '=')) == NULL) {
		seterr(errbuf, errlen, file, lineno, name,
		    "expected \"key = value\"");
		return (-1);
	}
	*eq = '\0';
	key = trim(key);
	value = trim(eq + 1);

	if (*key == '\0') {
		seterr(errbuf, errlen, file, lineno, name,
		    "missing key before \"=\"");
		return (-1);
	}
	if ((k = key_find(key, &idx)) == NULL) {
		seterr(errbuf, errlen, file, lineno, key, "unknown key");
		return (-1);
	}
	if (raw[idx].line != 0) {
		seterr(errbuf, errlen, file, lineno, k->name,
		    "duplicate key, first set on line %u", raw[idx].line);
		return (-1);
	}
	if (*value == '\0') {
		seterr(errbuf, errlen, file, lineno, k->name, "missing value");
		return (-1);
	}

	raw[idx].line = lineno;
	(void)copy_str(raw[idx].value, sizeof(raw[idx].value), value);

	return (0);
}

/*
 * Check the n bytes of a line without its newline: not too long, and no
 * control characters but tab.  This also catches NUL bytes, which would
 * end the line early.
 */
static int
line_bytes(const char *line, size_t n, char *why, size_t whylen)
{
	size_t       i;
	unsigned int c;

	if (n > APP_CONFIG_LINE_MAX) {
		setwhy(why, whylen, "line is longer than %d bytes",
		    APP_CONFIG_LINE_MAX);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		c = (unsigned char)line[i];
		if ((c < ' ' && c != '\t') || c == 0x7f) {
			setwhy(why, whylen,
			    "line contains control character 0x%02x", c);
			return (-1);
		}
	}

	return (0);
}

/* The name shown for a line in messages: its key or first word. */
static void
line_name(const char *line, char *name, size_t namelen)
{
	size_t i = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '#') {
		(void)copy_str(name, namelen, "(comment)");
		return;
	}
	while (line[i] != '\0' && line[i] != '=' && line[i] != ' ' &&
	    line[i] != '\t' && i + 1 < namelen) {
		name[i] = line[i];
		i++;
	}
	name[i] = '\0';
	if (i == 0)
		(void)copy_str(name, namelen, "(no key)");
}

/* Trim spaces and tabs on both ends, in place. */
static char *
trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';

	return (s);
}

/* Pass two: convert and validate every key, then the keys together. */
static int
resolve(struct app_config *cfg, const char *file, const struct raw *raw,
    char *errbuf, size_t errlen)
{
	char              dir[PATH_MAX], why[WHY_MAX], sock[PATH_MAX];
	const char       *value, *base;
	const struct key *k;
	size_t            i, ihost = 0, isock = 0;

	if (config_paths(file, cfg->path, sizeof(cfg->path), dir,
	        sizeof(dir)) == -1) {
		seterr(errbuf, errlen, file, 0, NULL,
		    "cannot make the path absolute");
		return (-1);
	}

	for (i = 0; i < NKEYS; i++) {
		k = &keys[i];
		value = raw[i].line != 0 ? raw[i].value : k->def;
		if (value == NULL) {
			if (k->flags & KEY_REQUIRED) {
				seterr(errbuf, errlen, file, 0, k->name,
				    "required key is missing");
				return (-1);
			}
			continue;
		}
		base = (k->flags & KEY_ROOT) ? dir : cfg->state_dir;
		if (set_value(k, value, base, cfg, why, sizeof(why)) == -1) {
			seterr(errbuf, errlen, file, raw[i].line, k->name, "%s",
			    why);
			return (-1);
		}
	}

	(void)key_find("db_host", &ihost);
	k = key_find("db_socket", &isock);
	if (raw[ihost].line != 0 && raw[isock].line != 0) {
		seterr(errbuf, errlen, file, raw[isock].line, k->name,
		    "set together with db_host (line %u); set only one",
		    raw[ihost].line);
		return (-1);
	}
	/* The private database is the one on the default socket. */
	if (path_join(cfg->state_dir, k->def, sock, sizeof(sock)) == 0 &&
	    cfg->db_host[0] == '\0' && strcmp(cfg->db_socket, sock) == 0)
		cfg->db_private = 1;

	return (0);
}

/* Convert value for key k into its field of cfg, or explain in why. */
static int
set_value(const struct key *k, const char *value, const char *base,
    struct app_config *cfg, char *why, size_t whylen)
{
	char *field = (char *)cfg + k->off;

	switch (k->type) {
	case KEY_PATH:
		return (set_path(k, value, base, field, why, whylen));
	case KEY_COUNTRY:
		return (set_country(value, field, why, whylen));
	case KEY_ADDRESS:
		return (set_address(k, value, field, why, whylen));
	case KEY_INT:
	case KEY_SIZE:
		return (set_number(k, value, field, why, whylen));
	case KEY_HOST:
	case KEY_IDENT:
		return (set_string(k, value, field, why, whylen));
	}

	setwhy(why, whylen, "internal error: unknown type");
	return (-1);
}

static int
set_path(const struct key *k, const char *value, const char *base, char *field,
    char *why, size_t whylen)
{
	size_t sunmax = sizeof(((struct sockaddr_un *)0)->sun_path) - 1;

	if (path_join(base, value, field, k->size) == -1) {
		setwhy(why, whylen, "\"%s\" is longer than %d bytes as %s/%s",
		    value, PATH_MAX - 1, base, value);
		return (-1);
	}
	/*
	 * kore/run writes paths into kore.conf and nginx.conf as they are:
	 * a blank or one of these would end or inject a directive there.
	 */
	if (field[strcspn(field, " \t;{}#\"'\\$")] != '\0') {
		setwhy(why, whylen,
		    "\"%s\" contains a blank or one of "
		    ";{}#\"'\\$, which the generated configurations cannot "
		    "carry",
		    field);
		return (-1);
	}
	if ((k->flags & KEY_SOCKET) && strlen(field) > sunmax) {
		setwhy(why, whylen,
		    "\"%s\" is %zu bytes, more than the %zu a unix socket "
		    "path may have",
		    field, strlen(field), sunmax);
		return (-1);
	}

	return (0);
}

static int
set_country(const char *value, char *field, char *why, size_t whylen)
{
	char   code[3];
	size_t i;

	if (strlen(value) != 2) {
		setwhy(why, whylen,
		    "\"%s\" is not a two-letter ISO 3166-1 country code",
		    value);
		return (-1);
	}
	/* Codes are upper case; accept lower case too, as people type it. */
	for (i = 0; i < 2; i++) {
		if (value[i] >= 'a' && value[i] <= 'z')
			code[i] = (char)(value[i] - 'a' + 'A');
		else if (value[i] >= 'A' && value[i] <= 'Z')
			code[i] = value[i];
		else {
			setwhy(why, whylen,
			    "\"%s\" is not a two-letter ISO 3166-1 country "
			    "code",
			    value);
			return (-1);
		}
	}
	code[2] = '\0';

	if (strcmp(code, "EL") == 0) {
		setwhy(why, whylen,
		    "\"%s\" is the EU's code for Greece, not an ISO 3166-1 "
		    "code; use GR",
		    value);
		return (-1);
	}
	if (!app_config_eu_eea(code)) {
		setwhy(why, whylen,
		    "\"%s\" is outside the EU/EEA; Torwart stores personal "
		    "data only in the EU/EEA",
		    value);
		return (-1);
	}
	memcpy(field, code, sizeof(code));

	return (0);
}

static int
set_address(const struct key *k, const char *value, char *field, char *why,
    size_t whylen)
{
	unsigned char addr[sizeof(struct in6_addr)];

	if (strcmp(value, "localhost") != 0 &&
	    inet_pton(AF_INET, value, addr) != 1 &&
	    inet_pton(AF_INET6, value, addr) != 1) {
		setwhy(why, whylen,
		    "\"%s\" is not an IPv4 or IPv6 address or \"localhost\"",
		    value);
		return (-1);
	}
	if (copy_str(field, k->size, value) == -1) {
		setwhy(why, whylen, "\"%s\" is too long", value);
		return (-1);
	}

	return (0);
}

/*
 * Integers are strict: decimal digits only (no sign, no space, no junk),
 * within [min, max].  Sizes may end in k or K (KiB) or m or M (MiB).
 */
static int
set_number(const struct key *k, const char *value, char *field, char *why,
    size_t whylen)
{
	char        *end;
	long long    n, mult = 1;
	unsigned int u;
	size_t       z;

	if (value[0] < '0' || value[0] > '9')
		goto bad;
	errno = 0;
	n = strtoll(value, &end, 10);
	if (errno != 0)
		goto bad;
	if (k->type == KEY_SIZE && (*end == 'k' || *end == 'K'))
		mult = 1024;
	else if (k->type == KEY_SIZE && (*end == 'm' || *end == 'M'))
		mult = 1024 * 1024;
	if (mult != 1)
		end++;
	if (*end != '\0' || n > k->max / mult)
		goto bad;
	n *= mult;
	if (n < k->min || n > k->max)
		goto bad;

	if (k->type == KEY_SIZE) {
		z = (size_t)n;
		memcpy(field, &z, sizeof(z));
	} else {
		u = (unsigned int)n;
		memcpy(field, &u, sizeof(u));
	}
	return (0);

bad:
	if (k->type == KEY_SIZE)
		setwhy(why, whylen,
		    "\"%s\" is not a size from %lldk to %lldm (bytes, or with "
		    "suffix k or m)",
		    value, k->min / 1024, k->max / (1024 * 1024));
	else
		setwhy(why, whylen,
		    "\"%s\" is not an integer from %lld to %lld", value, k->min,
		    k->max);
	return (-1);
}

static int
set_string(const struct key *k, const char *value, char *field, char *why,
    size_t whylen)
{
	const char *extra, *p;
	size_t      len;

	extra = (k->type == KEY_HOST) ? ".-:" : "_";
	len = strlen(value);
	for (p = value; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(extra, *p) != NULL)
			continue;
		break;
	}

	if (*p != '\0' || len < (size_t)k->min || len > (size_t)k->max ||
	    copy_str(field, k->size, value) == -1) {
		setwhy(why, whylen,
		    "\"%s\" is not %lld to %lld characters of A-Z a-z 0-9 %s",
		    value, k->min, k->max,
		    (k->type == KEY_HOST) ? ". - :" : "_");
		return (-1);
	}

	return (0);
}

/*
 * Join rel to the absolute directory base (unless rel is absolute) and
 * clean the result lexically into out.  Returns -1 if it does not fit.
 */
static int
path_join(const char *base, const char *rel, char *out, size_t outlen)
{
	char buf[2 * PATH_MAX];
	int  n;

	if (rel[0] == '/')
		return (path_clean(rel, out, outlen));

	n = snprintf(buf, sizeof(buf), "%s/%s", base, rel);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return (-1);

	return (path_clean(buf, out, outlen));
}

/*
 * Write the absolute path in as out without empty and "." components,
 * each ".." removing the component before it (the way Go's path.Clean
 * does; symbolic links are not looked at, the path need not exist).
 */
static int
path_clean(const char *in, char *out, size_t outlen)
{
	const char *p = in, *comp;
	size_t      len, o = 0;

	if (outlen < 2)
		return (-1);
	while (*p != '\0') {
		while (*p == '/')
			p++;
		comp = p;
		while (*p != '\0' && *p != '/')
			p++;
		len = (size_t)(p - comp);
		if (len == 0 || (len == 1 && comp[0] == '.'))
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		if (o + 1 + len >= outlen)
			return (-1);
		out[o++] = '/';
		memcpy(out + o, comp, len);
		o += len;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';

	return (0);
}

/* The config file's absolute path and the directory it is in. */
static int
config_paths(const char *file, char *path, size_t pathlen, char *dir,
    size_t dirlen)
{
	char  cwd[PATH_MAX];
	char *slash;

	if (file[0] == '/') {
		if (path_clean(file, path, pathlen) == -1)
			return (-1);
	} else {
		if (getcwd(cwd, sizeof(cwd)) == NULL ||
		    path_join(cwd, file, path, pathlen) == -1)
			return (-1);
	}

	if (copy_str(dir, dirlen, path) == -1)
		return (-1);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';

	return (0);
}

static int
check_files(const struct app_config *cfg, const char *file, char *errbuf,
    size_t errlen)
{
	struct stat st;
	char        dir[PATH_MAX], *slash;

	if (check_secret(file, "key_file", cfg->key_file, 32, errbuf, errlen) ==
	    -1)
		return (-1);
	if (check_secret(file, "db_password_file", cfg->db_password_file, -1,
	        errbuf, errlen) == -1)
		return (-1);
	if (check_secret(file, "db_owner_password_file",
	        cfg->db_owner_password_file, -1, errbuf, errlen) == -1)
		return (-1);

	(void)copy_str(dir, sizeof(dir), cfg->listen_socket);
	if ((slash = strrchr(dir, '/')) == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	if (stat(dir, &st) == -1) {
		seterr(errbuf, errlen, file, 0, "listen_socket",
		    "directory %s: %s", dir, strerror(errno));
		return (-1);
	}
	if (!S_ISDIR(st.st_mode)) {
		seterr(errbuf, errlen, file, 0, "listen_socket",
		    "%s is not a directory", dir);
		return (-1);
	}

	return (0);
}

/* Check the secret file configured as key; size -1 means any size. */
static int
check_secret(const char *file, const char *key, const char *path,
    long long size, char *errbuf, size_t errlen)
{
	struct stat st;
	char        why[WHY_MAX];
	int         fd;

	if ((fd = secret_open(path, &st, why, sizeof(why))) == -1) {
		seterr(errbuf, errlen, file, 0, key, "%s: %s", path, why);
		return (-1);
	}
	(void)close(fd);

	if (size != -1 && (long long)st.st_size != size) {
		seterr(errbuf, errlen, file, 0, key,
		    "%s: is %lld bytes, must be exactly %lld", path,
		    (long long)st.st_size, size);
		return (-1);
	}

	return (0);
}

/*
 * Open a secret file for reading and check it on the descriptor, so the
 * checks apply to the file that is read.  Returns the descriptor or -1.
 */
static int
secret_open(const char *path, struct stat *st, char *why, size_t whylen)
{
	int fd;

	/* O_NONBLOCK: a FIFO put in place of the file must not hang us. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1) {
		setwhy(why, whylen, "%s", strerror(errno));
		return (-1);
	}
	if (fstat(fd, st) == -1) {
		setwhy(why, whylen, "%s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st->st_mode)) {
		setwhy(why, whylen, "is not a regular file");
		goto fail;
	}
	if ((st->st_mode & 077) != 0) {
		setwhy(why, whylen,
		    "mode %04o gives group or other access; chmod 600 it",
		    (unsigned int)(st->st_mode & 07777));
		goto fail;
	}

	return (fd);

fail:
	(void)close(fd);
	return (-1);
}

/*
 * Read the whole file on fd into buf[0..buflen) and set *off to its
 * length.  Fails if there is more, for the file may have grown since
 * fstat(2).
 */
static int
read_all(int fd, unsigned char *buf, size_t buflen, size_t *off, char *why,
    size_t whylen)
{
	unsigned char extra;
	ssize_t       n;

	*off = 0;
	while (*off < buflen) {
		if ((n = read(fd, buf + *off, buflen - *off)) == -1) {
			if (errno == EINTR)
				continue;
			setwhy(why, whylen, "read: %s", strerror(errno));
			return (-1);
		}
		if (n == 0)
			return (0);
		*off += (size_t)n;
	}
	if (read(fd, &extra, 1) > 0) {
		explicit_bzero(&extra, sizeof(extra));
		setwhy(why, whylen, "is more than the %zu bytes allowed",
		    buflen);
		return (-1);
	}

	return (0);
}

/* Print TW_<NAME>='<value>' with name upper-cased. */
static int
print_var(FILE *fp, const char *name, const char *value)
{
	char   var[64], quoted[4 * PATH_MAX];
	size_t i;

	if (copy_str(var, sizeof(var), "TW_") == -1)
		return (-1);
	for (i = 0; name[i] != '\0' && i + 4 < sizeof(var); i++) {
		var[i + 3] = (name[i] >= 'a' && name[i] <= 'z') ?
		    (char)(name[i] - 'a' + 'A') :
		    name[i];
	}
	var[i + 3] = '\0';

	if (app_config_shell_quote(value, quoted, sizeof(quoted)) == -1)
		return (-1);
	if (fprintf(fp, "%s=%s\n", var, quoted) < 0)
		return (-1);

	return (0);
}
