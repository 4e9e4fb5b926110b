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
 * The Torwart application configuration (torwart.conf): "key = value"
 * lines read once at start-up by kore's parent and by `make run' (through
 * torwart-config).  This header is plain libc: it includes no kore or
 * MariaDB headers, so the loader is unit-tested on its own and linked into
 * both the kore module and the torwart-config tool.
 */

#ifndef APP_CONFIG_H
#define APP_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

/* app_config_load() flags. */
#define APP_CONFIG_CHECK_FILES 0x01

/* The longest line of the configuration file, without its newline. */
#define APP_CONFIG_LINE_MAX 1024

/*
 * The validated configuration.  Every path is absolute and normalised
 * lexically ("." and ".." removed, no symbolic links resolved).  A plain
 * value: the caller embeds it and nothing in it needs freeing.
 */
struct app_config {
	char         path[PATH_MAX]; /* the config file, absolute */
	char         state_dir[PATH_MAX];
	char         data_location[3];
	char         key_file[PATH_MAX];
	char         listen_socket[PATH_MAX];
	char         https_address[64];
	unsigned int https_port;
	unsigned int workers;
	size_t       body_max;
	char         db_host[256]; /* "" when unset */
	unsigned int db_port;
	char         db_socket[PATH_MAX];
	char         db_name[65];
	char         db_user[81];
	char         db_password_file[PATH_MAX];
	char         db_owner[81];
	char         db_owner_password_file[PATH_MAX];
	unsigned int db_pool;
	unsigned int db_timeout;
	unsigned int login_max_failures;
	unsigned int login_failure_window; /* seconds */
	unsigned int login_lockout; /* seconds */
	unsigned int session_idle; /* seconds */
	unsigned int session_max; /* seconds */
	unsigned int admin_totp; /* 0 or 1 */
	int          db_private; /* derived: 1 when make run manages the db */
};

/*
 * Read and validate the configuration file at path into *cfg.  Keys that
 * the file does not set get their defaults; relative paths resolve
 * against state_dir, which itself defaults to (and, when relative,
 * resolves against) the directory of the file.  data_location is
 * required, may be written in lower case and is stored in upper case.
 * Setting both db_host and db_socket is an error; db_private is set to 1
 * when db_host is unset and db_socket is the default
 * <state_dir>/run/mysqld.sock (the database `make run' starts).  Nothing
 * but the file is read unless flags has APP_CONFIG_CHECK_FILES: then
 * key_file and db_password_file must be regular files without any group
 * or other permission bits (mode & 077 == 0), key_file must be exactly 32
 * bytes, and the directory of listen_socket must exist.
 *
 * Returns 0 with *cfg fully initialised.  Returns -1 on the first error
 * with *cfg zeroed and errbuf[0..errlen) holding a NUL-terminated message
 * "<file>:<line>: <key>: <reason>", or "<file>: <key>: <reason>" for
 * errors not tied to one line (a missing required key, a default that
 * does not fit, the file checks).  A line without a valid key is named by
 * its first word, "(no key)" or "(comment)"; only when the file cannot be
 * read at all is no key named.  Messages never contain secret file
 * contents.  errbuf may be NULL when errlen is 0.  Keeps no static state.
 */
int app_config_load(struct app_config *, const char *, int, char *, size_t);

/*
 * Read the secret file path, configured under the name key, into
 * buf[0..buflen) and set *len to the number of bytes kept.  The file must
 * be a regular file, have mode & 077 == 0, be no larger than buflen and not
 * be empty.  When strip_newline is non-zero, one trailing "\n" or "\r\n"
 * is removed (and the remainder must still not be empty).  The buffer is
 * not NUL-terminated.
 *
 * Returns 0 on success.  Returns -1 with errbuf holding
 * "<key>: <path>: <reason>" on failure; buf[0..buflen) is then wiped with
 * explicit_bzero(3) and *len is 0.  The caller wipes buf when done.
 */
int app_config_read_secret(const char *, const char *, unsigned char *, size_t,
    size_t *, int, char *, size_t);

/*
 * Write the POSIX shell single-quoted form of the string s into
 * out[0..outlen): s between single quotes, each ' written as '\''.  The
 * result is a single shell word that expands to exactly s.
 * Returns 0, or -1 (with out set to "" when outlen > 0) if out is too
 * small; 2 + 4 * strlen(s) + 1 bytes always suffice.
 */
int app_config_shell_quote(const char *, char *, size_t);

/*
 * Print cfg to fp as shell assignments, one per line, fit for eval or
 * ".": TW_CONFIG='<path>', then TW_<KEY>='<value>' for every key in table
 * order (TW_STATE_DIR, TW_DATA_LOCATION, ... TW_DB_TIMEOUT; body_max in
 * bytes, an unset db_host as TW_DB_HOST=''), then TW_DB_PRIVATE=0 or 1.
 * Returns 0, or -1 if writing to fp failed.
 */
int app_config_print_shell(const struct app_config *, FILE *);

/*
 * Returns 1 if code is the upper-case ISO 3166-1 alpha-2 code of a member
 * of the EU or the EEA (the 27 EU states plus IS, LI, NO), else 0.  The
 * match is exact: "de", "EL" (the EU's own code for Greece) and NULL
 * give 0.
 */
int app_config_eu_eea(const char *);

#endif /* APP_CONFIG_H */
