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
 * Passwords: scrypt hashes in a self-describing string (parameters, salt
 * and hash in base64 without padding, the form passlib and the PHC format
 * use), their strict parser, and the policy for new passwords.  The
 * common-password list is compiled in from common-passwords.txt
 * (obj/common_passwords.c, made by embed-passwords).
 */

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pseudo.h"
#include "pseudo_internal.h"

#define PREFIX "$scrypt$"

/* Defaults for new hashes: N = 2^15, 32 MiB, about 0.1 s. */
#define DEFAULT_LN 15
#define DEFAULT_R  8
#define DEFAULT_P  1

/* What a stored hash may ask for. */
#define LN_MIN  10
#define LN_MAX  20
#define R_MIN   1
#define R_MAX   16
#define P_MIN   1
#define P_MAX   4
#define MEM_MAX (256ULL * 1024 * 1024)

#define SALT_LEN 16
#define HASH_LEN 32

/* Base64 lengths without padding of SALT_LEN and HASH_LEN bytes. */
#define B64_LEN(n) (((n)*4 + 2) / 3)

static const char b64_abc[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

struct params {
	unsigned int ln;
	unsigned int r;
	unsigned int p;
};

struct parsed {
	struct params prm;
	unsigned char salt[SALT_LEN];
	unsigned char hash[HASH_LEN];
};

static int  scrypt(const char *, const unsigned char *, const struct params *,
     unsigned char *);
static int  parse(const char *, struct parsed *);
static int  parse_uint(const char **, const char *, unsigned int, unsigned int,
     unsigned int *);
static int  b64_value(int);
static int  b64_decode(const char *, size_t, unsigned char *, size_t);
static void make_dummy(void);

static int         utf8_next(const unsigned char **, uint32_t *);
static const char *utf8_scan(const char *, size_t *);
static const char *broken_rule(const char *, const char *);
static uint32_t    fold(uint32_t);
static int         repeated(const char *);
static int         contains_name(const char *, size_t, const char *);
static int         strippable(unsigned char);
static int         in_list(const char *, size_t);
static int         common(const char *, size_t);

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char           dummy_hash[PSEUDO_PASSWORD_HASH_MAX];
static int            dummy_made;

int
pseudo_password_hash(const char *password, char *out, size_t outsize)
{
	struct params prm = { DEFAULT_LN, DEFAULT_R, DEFAULT_P };
	unsigned char salt[SALT_LEN], hash[HASH_LEN];
	char          salt64[B64_LEN(SALT_LEN) + 1];
	char          hash64[B64_LEN(HASH_LEN) + 1];
	int           n, ret = -1;

	if (password == NULL || out == NULL)
		goto done;
	if (pseudo_random(salt, sizeof(salt)) == -1 ||
	    scrypt(password, salt, &prm, hash) == -1)
		goto done;
	pseudo_bits_encode(salt, sizeof(salt), b64_abc, 6, salt64);
	pseudo_bits_encode(hash, sizeof(hash), b64_abc, 6, hash64);
	n = snprintf(out, outsize, PREFIX "ln=%u,r=%u,p=%u$%s$%s", prm.ln,
	    prm.r, prm.p, salt64, hash64);
	if (n < 0 || (size_t)n >= outsize)
		goto done;
	ret = 0;

done:
	if (ret == -1 && out != NULL && outsize > 0)
		out[0] = '\0';
	explicit_bzero(hash, sizeof(hash));
	explicit_bzero(hash64, sizeof(hash64));

	return (ret);
}

int
pseudo_password_verify(const char *password, const char *stored)
{
	struct parsed ph;
	unsigned char hash[HASH_LEN];
	int           ret = -1;

	if (password == NULL || parse(stored, &ph) == -1)
		goto done;
	if (scrypt(password, ph.salt, &ph.prm, hash) == -1)
		goto done;
	ret = CRYPTO_memcmp(hash, ph.hash, sizeof(hash)) == 0 ? 1 : 0;

done:
	explicit_bzero(hash, sizeof(hash));
	explicit_bzero(&ph, sizeof(ph));

	return (ret);
}

int
pseudo_password_needs_rehash(const char *stored)
{
	struct parsed ph;
	int           ret = -1;

	if (parse(stored, &ph) == -1)
		goto done;
	ret = ph.prm.ln < DEFAULT_LN || ph.prm.r < DEFAULT_R ||
	    ph.prm.p < DEFAULT_P;

done:
	explicit_bzero(&ph, sizeof(ph));

	return (ret);
}

const char *
pseudo_password_dummy(void)
{
	if (pthread_once(&dummy_once, make_dummy) != 0 || !dummy_made)
		return (NULL);

	return (dummy_hash);
}

/* pthread_once() runs this once per process. */
static void
make_dummy(void)
{
	unsigned char raw[24];
	char          password[B64_LEN(sizeof(raw)) + 1];

	if (pseudo_random(raw, sizeof(raw)) == 0) {
		pseudo_bits_encode(raw, sizeof(raw), b64_abc, 6, password);
		if (pseudo_password_hash(password, dummy_hash,
		        sizeof(dummy_hash)) == 0)
			dummy_made = 1;
	}
	explicit_bzero(raw, sizeof(raw));
	explicit_bzero(password, sizeof(password));
}

/* scrypt(password, salt) with prm into out[0..HASH_LEN). */
static int
scrypt(const char *password, const unsigned char *salt,
    const struct params *prm, unsigned char *out)
{
	OSSL_PARAM params[7];
	uint64_t   n = (uint64_t)1 << prm->ln;
	uint64_t   maxmem = MEM_MAX + 1024 * 1024;
	uint32_t   r = prm->r, p = prm->p;

	/*
	 * OSSL_PARAM is not const-correct; OpenSSL only reads these.
	 * maxmem covers MEM_MAX of V plus B and XY (128 * r * (p + 2)).
	 */
	params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
	    (void *)(uintptr_t)password, strlen(password));
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    (void *)(uintptr_t)salt, SALT_LEN);
	params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
	params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
	params[5] =
	    OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
	params[6] = OSSL_PARAM_construct_end();

	return (pseudo_kdf("SCRYPT", params, out, HASH_LEN));
}

/*
 * Parse "$scrypt$ln=L,r=R,p=P$<salt>$<hash>" strictly: decimal numbers
 * without leading zeros inside the bounds, exactly SALT_LEN and HASH_LEN
 * bytes of canonical base64 without padding, nothing after the hash.
 */
static int
parse(const char *s, struct parsed *ph)
{
	const char *p, *salt;
	size_t      len;

	if (s == NULL || strncmp(s, PREFIX, sizeof(PREFIX) - 1) != 0)
		return (-1);
	p = s + sizeof(PREFIX) - 1;
	if (parse_uint(&p, "ln=", LN_MIN, LN_MAX, &ph->prm.ln) == -1 ||
	    *p++ != ',' ||
	    parse_uint(&p, "r=", R_MIN, R_MAX, &ph->prm.r) == -1 ||
	    *p++ != ',' ||
	    parse_uint(&p, "p=", P_MIN, P_MAX, &ph->prm.p) == -1 || *p++ != '$')
		return (-1);
	/* V takes 128 * r * N bytes; scrypt wants N < 2^(16 * r). */
	if (128ULL * ph->prm.r * ((uint64_t)1 << ph->prm.ln) > MEM_MAX ||
	    ph->prm.ln >= 16 * ph->prm.r)
		return (-1);

	salt = p;
	if ((p = strchr(salt, '$')) == NULL)
		return (-1);
	if (b64_decode(salt, (size_t)(p - salt), ph->salt, SALT_LEN) == -1)
		return (-1);
	p++;
	len = strlen(p);
	if (b64_decode(p, len, ph->hash, HASH_LEN) == -1)
		return (-1);

	return (0);
}

/* Parse name followed by a decimal number in [min, max] at *pp. */
static int
parse_uint(const char **pp, const char *name, unsigned int min,
    unsigned int max, unsigned int *v)
{
	const char  *p = *pp;
	size_t       nlen = strlen(name), i;
	unsigned int n = 0;

	if (strncmp(p, name, nlen) != 0)
		return (-1);
	p += nlen;
	/* At most 3 digits (the bounds are far smaller), no leading zero. */
	for (i = 0; i < 3 && p[i] >= '0' && p[i] <= '9'; i++)
		n = n * 10 + (unsigned int)(p[i] - '0');
	if (i == 0 || p[0] == '0' || (p[i] >= '0' && p[i] <= '9'))
		return (-1);
	if (n < min || n > max)
		return (-1);
	*v = n;
	*pp = p + i;

	return (0);
}

/* Base64 of in[0..len) without padding into out (B64_LEN(len) + 1). */
static int
b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return (c - 'A');
	if (c >= 'a' && c <= 'z')
		return (c - 'a' + 26);
	if (c >= '0' && c <= '9')
		return (c - '0' + 52);
	if (c == '+')
		return (62);
	if (c == '/')
		return (63);

	return (-1);
}

/*
 * Decode s[0..len), base64 without padding, into exactly want bytes of
 * out.  The bits left over at the end must be zero (one encoding only).
 */
static int
b64_decode(const char *s, size_t len, unsigned char *out, size_t want)
{
	size_t n;

	if (len != B64_LEN(want) ||
	    pseudo_bits_decode(s, len, b64_value, 6, out, want, &n) == -1)
		return (-1);

	return (n == want ? 0 : -1);
}

int
pseudo_password_policy(const char *password, const char *name,
    const char **errstr)
{
	const char *why;

	if ((why = broken_rule(password, name)) == NULL)
		return (0);
	if (errstr != NULL)
		*errstr = why;

	return (-1);
}

/* The first rule password breaks, as a static message; NULL for none. */
static const char *
broken_rule(const char *password, const char *name)
{
	const char *why;
	size_t      len, nchars;

	if (password == NULL)
		return ("password: missing");
	len = strnlen(password, PSEUDO_PASSWORD_MAX_BYTES + 1);
	if (len > PSEUDO_PASSWORD_MAX_BYTES)
		return ("password: at most 256 bytes");
	if ((why = utf8_scan(password, &nchars)) != NULL)
		return (why);
	if (nchars < PSEUDO_PASSWORD_MIN_CHARS)
		return ("password: at least 12 characters");
	if (repeated(password))
		return ("password: not one character repeated");
	if (contains_name(password, len, name))
		return ("password: must not contain the user name");
	if (common(password, len))
		return ("password: too common");

	return (NULL);
}

/*
 * Decode one UTF-8 sequence at *pp into *cp and advance *pp.  Returns -1
 * for a bad lead or continuation byte (the NUL included), an overlong
 * form, a surrogate, or a value beyond U+10FFFF.
 */
static int
utf8_next(const unsigned char **pp, uint32_t *cp)
{
	const unsigned char *p = *pp;
	uint32_t             v, min;
	int                  i, n;

	if (p[0] < 0x80) {
		v = p[0];
		n = 0;
		min = 0;
	} else if ((p[0] & 0xe0) == 0xc0) {
		v = p[0] & 0x1f;
		n = 1;
		min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		v = p[0] & 0x0f;
		n = 2;
		min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		v = p[0] & 0x07;
		n = 3;
		min = 0x10000;
	} else
		return (-1);
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (-1);
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return (-1);
	*cp = v;
	*pp = p + n + 1;

	return (0);
}

/*
 * Count the code points of s into *nchars.  Returns NULL, or a message for
 * invalid UTF-8 or a control character.
 */
static const char *
utf8_scan(const char *s, size_t *nchars)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t             cp;
	size_t               n = 0;

	while (*p != '\0') {
		if (utf8_next(&p, &cp) == -1)
			return ("password: invalid UTF-8");
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return ("password: no control characters");
		n++;
	}
	*nchars = n;

	return (NULL);
}

/* ASCII case folding; everything else unchanged. */
static uint32_t
fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return (c - 'A' + 'a');

	return (c);
}

/* 1 when s (valid UTF-8) is one code point repeated. */
static int
repeated(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t             first, cp;

	if (*p == '\0' || utf8_next(&p, &first) == -1)
		return (0);
	while (*p != '\0') {
		if (utf8_next(&p, &cp) == -1 || fold(cp) != fold(first))
			return (0);
	}

	return (1);
}

/* 1 when s[0..len) contains name, ASCII case folded. */
static int
contains_name(const char *s, size_t len, const char *name)
{
	size_t nlen, nchars, i, j;

	if (name == NULL)
		return (0);
	/* Characters: bytes that are not UTF-8 continuation bytes. */
	for (nlen = 0, nchars = 0; name[nlen] != '\0'; nlen++) {
		if (((unsigned char)name[nlen] & 0xc0) != 0x80)
			nchars++;
	}
	if (nchars < 3 || nlen > len)
		return (0);
	for (i = 0; i + nlen <= len; i++) {
		for (j = 0; j < nlen; j++) {
			if (fold((unsigned char)s[i + j]) !=
			    fold((unsigned char)name[j]))
				break;
		}
		if (j == nlen)
			return (1);
	}

	return (0);
}

/* ASCII digits, punctuation and space: what people add around words. */
static int
strippable(unsigned char c)
{
	if (c < 0x20 || c > 0x7e)
		return (0);

	return (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')));
}

/* 1 when s[0..len) (lower case) is in the common-password list. */
static int
in_list(const char *s, size_t len)
{
	size_t lo = 0, hi = pseudo_ncommon_passwords, mid;
	int    cmp;

	if (len == 0)
		return (0);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strncmp(s, pseudo_common_passwords[mid], len);
		/* Equal so far but the entry is longer: s sorts first. */
		if (cmp == 0 && pseudo_common_passwords[mid][len] != '\0')
			cmp = -1;
		if (cmp == 0)
			return (1);
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}

	return (0);
}

/* 1 when s[0..len) or it with digits and punctuation stripped is common. */
static int
common(const char *s, size_t len)
{
	char   low[PSEUDO_PASSWORD_MAX_BYTES + 1];
	size_t i, start, end;
	int    found;

	for (i = 0; i < len; i++)
		low[i] = (char)fold((unsigned char)s[i]);
	low[len] = '\0';
	for (end = len; end > 0 && strippable((unsigned char)low[end - 1]);)
		end--;
	for (start = 0; start < len && strippable((unsigned char)low[start]);)
		start++;

	found = in_list(low, len) || in_list(low, end) ||
	    in_list(low + start, len - start) ||
	    (start < end && in_list(low + start, end - start));
	explicit_bzero(low, sizeof(low));

	return (found);
}
