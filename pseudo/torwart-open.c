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
 * torwart-open -k private.pem [file]: open sealed evidence offline.  Reads
 * one JSON object per line from file or stdin, as the server's export
 * writes them ({"record":"<id>","tenant":<n>,"aad":"<base64>","sealed":
 * "<base64>",...}), and prints "<record>\t<plate>" or "<record>\terror:
 * <reason>" for each non-blank line.  Only "aad" and "sealed" are needed;
 * other members are skipped.  The key file must not be accessible by group
 * or others (as ssh insists).  Plates go to stdout and nowhere else.
 *
 * torwart-open -g x25519|rsa -o private.pem: make a key pair, the private
 * key into a new file of mode 0600 and the public key (PEM) to stdout for
 * the tenant's configuration; its fingerprint goes to stderr.
 *
 * Exit status: 0 every line opened (or the key was made), 1 a line did
 * not, 2 usage or key problems.  Not part of the server: it links only
 * pseudo/ and libcrypto.
 */

#include <sys/stat.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pseudo.h"

#define LINE_MAX_BYTES 65536
#define RECORD_MAX     128
#define DEPTH_MAX      32
#define B64_LEN(n)     (((n) + 2) / 3 * 4)
#define SEALED_MAX     PSEUDO_EVIDENCE_SEALED_MAX(PSEUDO_EVIDENCE_IN_MAX)

/* A member of the line that we read; the others are skipped. */
struct field {
	const char *name;
	char       *buf;
	size_t      size; /* of buf, with the NUL */
	size_t      len;
	int         seen;
	int         number_ok; /* a number is taken as its text */
	const char *bad; /* the reason when it is neither */
	const char *toolong;
};

struct cursor {
	const char *p;
	const char *end;
};

static void usage(void) __attribute__((__noreturn__));
static int  generate(const char *, const char *);
static int  write_all(int, const char *, size_t);
static int  read_key(const char *, struct pseudo_evidence_key **);
static int  open_stream(FILE *, const struct pseudo_evidence_key *);
static int  read_line(FILE *, char *, size_t, size_t *);
static int  open_line(const struct pseudo_evidence_key *, const char *, size_t,
     char *, unsigned char *, size_t *, const char **);
static void print_text(const char *, size_t);
static int  parse_object(const char *, size_t, struct field *, size_t,
     const char **);
static int parse_member(struct cursor *, struct field *, size_t, const char **);
static void skip_ws(struct cursor *);
static int get_string(struct cursor *, char *, size_t, size_t *, const char **);
static int get_escape(struct cursor *, unsigned char *, size_t *,
    const char **);
static int get_hex4(struct cursor *, unsigned int *);
static int skip_value(struct cursor *, const char **);
static int b64_value(int);
static int b64_decode(const char *, size_t, unsigned char *, size_t, size_t *);

static void
usage(void)
{
	fprintf(stderr,
	    "usage: torwart-open -k private.pem [file]\n"
	    "       torwart-open -g x25519|rsa -o private.pem\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct pseudo_evidence_key *key;
	FILE                       *fp;
	const char                 *keyfile = NULL, *gen = NULL, *out = NULL;
	int                         ch, ret;

	while ((ch = getopt(argc, argv, "g:k:o:")) != -1) {
		switch (ch) {
		case 'g':
			gen = optarg;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	if (gen != NULL) {
		if (keyfile != NULL || out == NULL || argc != 0)
			usage();
		return (generate(gen, out));
	}
	if (keyfile == NULL || out != NULL || argc > 1)
		usage();

	if (read_key(keyfile, &key) == -1)
		return (2);
	fp = stdin;
	if (argc == 1 && (fp = fopen(argv[0], "r")) == NULL) {
		fprintf(stderr, "torwart-open: %s: %s\n", argv[0],
		    strerror(errno));
		pseudo_evidence_key_free(key);
		return (2);
	}
	ret = open_stream(fp, key);
	if (fp != stdin)
		fclose(fp);
	pseudo_evidence_key_free(key);

	return (ret);
}

/* Make a key pair: the private key into a new file, the public to stdout. */
static int
generate(const char *kind, const char *path)
{
	struct pseudo_evidence_key *pub = NULL;
	EVP_PKEY                   *pk = NULL;
	BIO                        *priv = NULL, *pem = NULL;
	const char                 *errstr;
	char                       *p;
	long                        len;
	int                         fd = -1, ch, made = 0, ret = 2;

	if (strcmp(kind, "x25519") == 0)
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	else if (strcmp(kind, "rsa") == 0)
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
	else
		usage();
	/* BIO_s_secmem: OpenSSL wipes the buffer when it is freed. */
	if (pk == NULL || (priv = BIO_new(BIO_s_secmem())) == NULL ||
	    (pem = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_PrivateKey(priv, pk, NULL, NULL, 0, NULL, NULL) !=
	        1 ||
	    PEM_write_bio_PUBKEY(pem, pk) != 1) {
		fprintf(stderr, "torwart-open: cannot make the key\n");
		goto done;
	}
	/* Check the public key as the server will. */
	len = BIO_get_mem_data(pem, &p);
	if (pseudo_evidence_key_load(p, (size_t)len, &pub, &errstr) == -1) {
		fprintf(stderr, "torwart-open: %s\n", errstr);
		goto done;
	}

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600)) ==
	    -1) {
		fprintf(stderr, "torwart-open: %s: %s\n", path,
		    strerror(errno));
		goto done;
	}
	made = 1;
	len = BIO_get_mem_data(priv, &p);
	if (fchmod(fd, 0600) == -1 || write_all(fd, p, (size_t)len) == -1 ||
	    fsync(fd) == -1) {
		fprintf(stderr, "torwart-open: %s: %s\n", path,
		    strerror(errno));
		goto done;
	}
	ch = close(fd);
	fd = -1;
	if (ch == -1) {
		fprintf(stderr, "torwart-open: %s: %s\n", path,
		    strerror(errno));
		goto done;
	}

	len = BIO_get_mem_data(pem, &p);
	if (fwrite(p, 1, (size_t)len, stdout) != (size_t)len ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "torwart-open: cannot write to stdout\n");
		goto done;
	}
	fprintf(stderr, "torwart-open: %s: %s key, fingerprint %s\n", path,
	    pseudo_evidence_key_kind(pub),
	    pseudo_evidence_key_fingerprint(pub));
	ret = 0;

done:
	if (fd != -1)
		close(fd);
	/* Without its public half on stdout, the key is of no use. */
	if (made && ret != 0)
		unlink(path);
	pseudo_evidence_key_free(pub);
	BIO_free(pem);
	BIO_free(priv);
	EVP_PKEY_free(pk);

	return (ret);
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += n;
		len -= (size_t)n;
	}

	return (0);
}

/*
 * Load the private key from path, which must be a regular file of ours
 * (or root's) that group and others cannot access.  Errors to stderr.
 */
static int
read_key(const char *path, struct pseudo_evidence_key **key)
{
	struct stat st;
	char        buf[PSEUDO_EVIDENCE_PEM_MAX + 1];
	const char *errstr;
	size_t      len = 0;
	ssize_t     n;
	int         fd, ret = -1;

	*key = NULL;
	if ((fd = open(path, O_RDONLY)) == -1) {
		fprintf(stderr, "torwart-open: %s: %s\n", path,
		    strerror(errno));
		return (-1);
	}
	if (fstat(fd, &st) == -1) {
		fprintf(stderr, "torwart-open: %s: %s\n", path,
		    strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "torwart-open: %s: not a regular file\n", path);
		goto done;
	}
	if ((st.st_mode & 077) != 0) {
		fprintf(stderr,
		    "torwart-open: %s: permissions %04o are too open: a "
		    "private key must not be accessible by group or others "
		    "(chmod 600 %s)\n",
		    path, (unsigned int)(st.st_mode & 07777), path);
		goto done;
	}
	if (st.st_uid != getuid() && st.st_uid != 0) {
		fprintf(stderr, "torwart-open: %s: owned by another user\n",
		    path);
		goto done;
	}

	/* One byte more than allowed, so that a longer file is refused. */
	while (len < sizeof(buf)) {
		if ((n = read(fd, buf + len, sizeof(buf) - len)) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "torwart-open: %s: %s\n", path,
			    strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (pseudo_evidence_private_load(buf, len, key, &errstr) == -1) {
		fprintf(stderr, "torwart-open: %s: %s\n", path, errstr);
		goto done;
	}
	ret = 0;

done:
	OPENSSL_cleanse(buf, sizeof(buf));
	close(fd);

	return (ret);
}

/* Open every line of fp.  Returns the exit status. */
static int
open_stream(FILE *fp, const struct pseudo_evidence_key *key)
{
	static char   line[LINE_MAX_BYTES];
	char          record[RECORD_MAX + 1];
	unsigned char plate[PSEUDO_EVIDENCE_IN_MAX];
	const char   *errstr;
	size_t        len, platelen, i;
	unsigned long lineno = 0;
	int           r, failed = 0;

	while ((r = read_line(fp, line, sizeof(line), &len)) != 0) {
		lineno++;
		if (r == -1) {
			printf("-\terror: line %lu: longer than %d bytes\n",
			    lineno, LINE_MAX_BYTES);
			failed = 1;
			continue;
		}
		for (i = 0; i < len && strchr(" \t\r", line[i]) != NULL; i++)
			continue;
		if (i == len)
			continue;

		if (open_line(key, line, len, record, plate, &platelen,
		        &errstr) == -1) {
			if (record[0] == '\0')
				print_text("-", 1);
			else
				print_text(record, strlen(record));
			printf("\terror: line %lu: %s\n", lineno, errstr);
			failed = 1;
			continue;
		}
		print_text(record, strlen(record));
		putchar('\t');
		print_text((const char *)plate, platelen);
		putchar('\n');
		OPENSSL_cleanse(plate, sizeof(plate));
	}
	if (ferror(fp)) {
		fprintf(stderr, "torwart-open: read error\n");
		failed = 1;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "torwart-open: cannot write to stdout\n");
		failed = 1;
	}

	return (failed);
}

/*
 * Read a line of fp without its '\n' into buf[0..*len).  Returns 1, 0 at
 * the end of the input, or -1 for a line longer than size (read to its
 * end and dropped).  NUL bytes are kept: the parser refuses them.
 */
static int
read_line(FILE *fp, char *buf, size_t size, size_t *len)
{
	size_t n = 0;
	int    ch, toolong = 0;

	while ((ch = getc(fp)) != EOF && ch != '\n') {
		if (n < size)
			buf[n++] = (char)ch;
		else
			toolong = 1;
	}
	if (ch == EOF && n == 0)
		return (0);
	*len = n;

	return (toolong ? -1 : 1);
}

/*
 * Open the sealed value of one line into plate[0..*platelen).  record
 * gets the line's "record" ("" when it has none).  Returns 0, or -1 with
 * *errstr (a static string, or one this function owns until its next
 * call) and plate wiped.
 */
static int
open_line(const struct pseudo_evidence_key *key, const char *line, size_t len,
    char *record, unsigned char *plate, size_t *platelen, const char **errstr)
{
	static char   msg[160];
	char          aad64[B64_LEN(PSEUDO_EVIDENCE_AAD_MAX) + 1];
	char          sealed64[B64_LEN(SEALED_MAX) + 1];
	char          keyid[2 * PSEUDO_EVIDENCE_KEYID_LEN + 1];
	unsigned char aad[PSEUDO_EVIDENCE_AAD_MAX], sealed[SEALED_MAX];
	size_t        aadlen, sealedlen;
	const char   *fp;
	struct field  f[] = {
		 { "record", record, RECORD_MAX + 1, 0, 0, 1,
		     "record: neither a string nor a number",
		     "record: too long" },
		 { "aad", aad64, sizeof(aad64), 0, 0, 0, "aad: not a string",
		     "aad: too long" },
		 { "sealed", sealed64, sizeof(sealed64), 0, 0, 0,
		     "sealed: not a string", "sealed: too long" },
	};
	int ret;

	*platelen = 0;
	ret = parse_object(line, len, f, sizeof(f) / sizeof(f[0]), errstr);
	if (!f[0].seen)
		record[0] = '\0';
	if (ret == -1)
		return (-1);
	if (!f[1].seen || !f[2].seen) {
		*errstr = !f[1].seen ? "no \"aad\"" : "no \"sealed\"";
		return (-1);
	}
	if (b64_decode(aad64, f[1].len, aad, sizeof(aad), &aadlen) == -1) {
		*errstr = "aad: not base64";
		return (-1);
	}
	if (b64_decode(sealed64, f[2].len, sealed, sizeof(sealed),
	        &sealedlen) == -1) {
		*errstr = "sealed: not base64";
		return (-1);
	}
	if (pseudo_evidence_open(key, aad, aadlen, sealed, sealedlen, plate,
	        PSEUDO_EVIDENCE_IN_MAX, platelen, errstr) == 0)
		return (0);

	/* Name both keys, so the operator can tell which one is needed. */
	fp = pseudo_evidence_key_fingerprint(key);
	if ((strcmp(*errstr, "sealed: to another key") == 0 ||
	        strcmp(*errstr, "sealed: for another kind of key") == 0) &&
	    pseudo_evidence_keyid(sealed, sealedlen, keyid) == 0) {
		(void)snprintf(msg, sizeof(msg),
		    "sealed to key %s..., this key is %.16s...", keyid, fp);
		*errstr = msg;
	}

	return (-1);
}

/*
 * Print s[0..len) on one line whatever it holds: printable ASCII as it
 * is, a backslash doubled, any other byte as \xHH.
 */
static void
print_text(const char *s, size_t len)
{
	unsigned char ch;
	size_t        i;

	for (i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		if (ch == '\\')
			fputs("\\\\", stdout);
		else if (ch >= 0x20 && ch < 0x7f)
			putchar(ch);
		else
			printf("\\x%02x", ch);
	}
}

/*
 * A tiny JSON reader, enough for one flat object per line: the members
 * named in f[0..nf) are taken (strings decoded, numbers as their text
 * where number_ok), every other member's value is skipped with its
 * brackets balanced, at most DEPTH_MAX deep.  It does not validate
 * skipped numbers or UTF-8; it never reads past s[len) and never
 * recurses.  Returns 0, or -1 with *errstr.
 */
static int
parse_object(const char *s, size_t len, struct field *f, size_t nf,
    const char **errstr)
{
	struct cursor c;

	c.p = s;
	c.end = s + len;
	skip_ws(&c);
	if (c.p == c.end || *c.p != '{') {
		*errstr = "JSON: not an object";
		return (-1);
	}
	c.p++;
	skip_ws(&c);
	if (c.p < c.end && *c.p == '}')
		c.p++;
	else {
		for (;;) {
			if (parse_member(&c, f, nf, errstr) == -1)
				return (-1);
			skip_ws(&c);
			if (c.p < c.end && *c.p == ',') {
				c.p++;
				skip_ws(&c);
				continue;
			}
			if (c.p < c.end && *c.p == '}') {
				c.p++;
				break;
			}
			*errstr = "JSON: ',' or '}' expected";
			return (-1);
		}
	}
	skip_ws(&c);
	if (c.p != c.end) {
		*errstr = "JSON: data after the object";
		return (-1);
	}

	return (0);
}

#define SCALAR(ch)                                                             \
	(((ch) >= '0' && (ch) <= '9') || ((ch) >= 'a' && (ch) <= 'z') ||       \
	    ((ch) >= 'A' && (ch) <= 'Z') || (ch) == '+' || (ch) == '-' ||      \
	    (ch) == '.')

static int
parse_member(struct cursor *c, struct field *f, size_t nf, const char **errstr)
{
	struct field *m = NULL;
	char          name[16];
	size_t        len, i;

	if (c->p == c->end || *c->p != '"') {
		*errstr = "JSON: a member name expected";
		return (-1);
	}
	if (get_string(c, name, sizeof(name), &len, errstr) == -1)
		return (-1);
	skip_ws(c);
	if (c->p == c->end || *c->p != ':') {
		*errstr = "JSON: ':' expected";
		return (-1);
	}
	c->p++;
	skip_ws(c);
	for (i = 0; i < nf && len < sizeof(name); i++) {
		if (strcmp(name, f[i].name) == 0)
			m = &f[i];
	}
	if (m == NULL)
		return (skip_value(c, errstr));
	if (m->seen) {
		*errstr = "JSON: a member appears twice";
		return (-1);
	}

	if (c->p < c->end && *c->p == '"') {
		if (get_string(c, m->buf, m->size, &m->len, errstr) == -1)
			return (-1);
	} else if (m->number_ok && c->p < c->end &&
	    (*c->p == '-' || (*c->p >= '0' && *c->p <= '9'))) {
		for (m->len = 0; c->p < c->end && SCALAR(*c->p); c->p++) {
			if (m->len + 1 < m->size)
				m->buf[m->len] = *c->p;
			m->len++;
		}
		m->buf[m->len < m->size ? m->len : m->size - 1] = '\0';
	} else {
		*errstr = m->bad;
		return (-1);
	}
	if (m->len >= m->size) {
		*errstr = m->toolong;
		return (-1);
	}
	m->seen = 1;

	return (0);
}

static void
skip_ws(struct cursor *c)
{
	while (c->p < c->end &&
	    (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
		c->p++;
}

/*
 * The string at c->p (its opening quote), decoded into buf[0..size) when
 * buf is not NULL and NUL-terminated there (cut when it does not fit);
 * *len, when len is not NULL, is the whole decoded length, so len >= size
 * means cut.
 */
static int
get_string(struct cursor *c, char *buf, size_t size, size_t *len,
    const char **errstr)
{
	unsigned char ch, u[4];
	size_t        n, i, total = 0;

	for (c->p++;;) {
		if (c->p == c->end) {
			*errstr = "JSON: unterminated string";
			return (-1);
		}
		ch = (unsigned char)*c->p++;
		if (ch == '"')
			break;
		if (ch < 0x20) {
			*errstr = "JSON: a control character in a string";
			return (-1);
		}
		u[0] = ch;
		n = 1;
		if (ch == '\\' && get_escape(c, u, &n, errstr) == -1)
			return (-1);
		for (i = 0; i < n; i++, total++) {
			if (buf != NULL && total + 1 < size)
				buf[total] = (char)u[i];
		}
	}
	if (buf != NULL && size > 0)
		buf[total < size ? total : size - 1] = '\0';
	if (len != NULL)
		*len = total;

	return (0);
}

/* The escape after a backslash, as UTF-8 into u[0..*n). */
static int
get_escape(struct cursor *c, unsigned char *u, size_t *n, const char **errstr)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char       *p;
	unsigned int      cp, lo;

	*errstr = "JSON: a bad escape";
	if (c->p == c->end)
		return (-1);
	if (*c->p != 'u') {
		if (*c->p == '\0' || (p = strchr(from, *c->p)) == NULL)
			return (-1);
		c->p++;
		u[0] = (unsigned char)to[p - from];
		*n = 1;
		return (0);
	}
	c->p++;
	if (get_hex4(c, &cp) == -1 || cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
		return (-1);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (c->end - c->p < 2 || c->p[0] != '\\' || c->p[1] != 'u')
			return (-1);
		c->p += 2;
		if (get_hex4(c, &lo) == -1 || lo < 0xdc00 || lo > 0xdfff)
			return (-1);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		*n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		*n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		*n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | cp >> 18);
		u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		*n = 4;
	}

	return (0);
}

static int
get_hex4(struct cursor *c, unsigned int *cp)
{
	int i, ch;

	if (c->end - c->p < 4)
		return (-1);
	for (*cp = 0, i = 0; i < 4; i++) {
		ch = (unsigned char)*c->p++;
		if (ch >= '0' && ch <= '9')
			ch -= '0';
		else if (ch >= 'a' && ch <= 'f')
			ch -= 'a' - 10;
		else if (ch >= 'A' && ch <= 'F')
			ch -= 'A' - 10;
		else
			return (-1);
		*cp = *cp << 4 | (unsigned int)ch;
	}

	return (0);
}

/* Skip one value at c->p, whatever it is, with its brackets balanced. */
static int
skip_value(struct cursor *c, const char **errstr)
{
	char   stack[DEPTH_MAX];
	size_t depth = 0;

	do {
		skip_ws(c);
		if (c->p == c->end) {
			*errstr = "JSON: unexpected end";
			return (-1);
		}
		switch (*c->p) {
		case '"':
			if (get_string(c, NULL, 0, NULL, errstr) == -1)
				return (-1);
			break;
		case '{':
		case '[':
			if (depth == DEPTH_MAX) {
				*errstr = "JSON: nested too deeply";
				return (-1);
			}
			stack[depth++] = *c->p == '{' ? '}' : ']';
			c->p++;
			break;
		case '}':
		case ']':
			if (depth == 0 || stack[depth - 1] != *c->p) {
				*errstr = "JSON: unbalanced brackets";
				return (-1);
			}
			depth--;
			c->p++;
			break;
		case ',':
		case ':':
			if (depth == 0) {
				*errstr = "JSON: a value expected";
				return (-1);
			}
			c->p++;
			break;
		default:
			if (!SCALAR(*c->p)) {
				*errstr = "JSON: unexpected character";
				return (-1);
			}
			while (c->p < c->end && SCALAR(*c->p))
				c->p++;
		}
	} while (depth > 0);

	return (0);
}

static int
b64_value(int ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return (ch - 'A');
	if (ch >= 'a' && ch <= 'z')
		return (ch - 'a' + 26);
	if (ch >= '0' && ch <= '9')
		return (ch - '0' + 52);
	if (ch == '+')
		return (62);
	if (ch == '/')
		return (63);

	return (-1);
}

/*
 * Strict base64 (RFC 4648, '+' '/', padded): s[0..len) into
 * out[0..outsize), the length in *outlen.  Refuses anything else:
 * whitespace, a missing or misplaced '=', bits left over that are not 0.
 */
static int
b64_decode(const char *s, size_t len, unsigned char *out, size_t outsize,
    size_t *outlen)
{
	unsigned long v;
	size_t        i, j, n = 0, pad;
	int           d;

	if (len % 4 != 0)
		return (-1);
	for (i = 0; i < len; i += 4) {
		v = 0;
		pad = 0;
		for (j = 0; j < 4; j++) {
			d = 0;
			if (s[i + j] == '=' && i + 4 == len && j >= 2)
				pad++;
			else if (pad > 0 ||
			    (d = b64_value((unsigned char)s[i + j])) == -1)
				return (-1);
			v = v << 6 | (unsigned long)d;
		}
		if ((pad == 1 && (v & 0xff) != 0) ||
		    (pad == 2 && (v & 0xffff) != 0) || n + 3 - pad > outsize)
			return (-1);
		out[n++] = (unsigned char)(v >> 16);
		if (pad < 2)
			out[n++] = (unsigned char)(v >> 8);
		if (pad < 1)
			out[n++] = (unsigned char)v;
	}
	*outlen = n;

	return (0);
}
