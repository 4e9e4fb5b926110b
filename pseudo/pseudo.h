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
 * The cryptography module: random bytes, key derivation (HKDF), sealing
 * (AES-256-GCM), sealed evidence (to X25519 or RSA public keys), password
 * hashing (scrypt) and policy, TOTP and base32.
 * Plain C on OpenSSL 3 and libc; callers never see an OpenSSL type.  Every
 * function returns 0 on success and -1 on failure unless its comment says
 * otherwise, never logs, and writes only into buffers the caller passes.
 *
 * Every function may be called from any thread at the same time: none
 * keeps state between calls, except pseudo_password_dummy(), which makes
 * its hash once under pthread_once(3).
 */

#ifndef PSEUDO_H
#define PSEUDO_H

#include <stddef.h>
#include <stdint.h>

/* Keys: the master secret and every key derived from it. */
#define PSEUDO_KEY_LEN 32

/* The longest purpose string pseudo_key_derive() accepts. */
#define PSEUDO_PURPOSE_MAX 32

/* What pseudo_seal() adds: nonce (12) and tag (16). */
#define PSEUDO_SEAL_NONCE    12
#define PSEUDO_SEAL_TAG      16
#define PSEUDO_SEAL_OVERHEAD (PSEUDO_SEAL_NONCE + PSEUDO_SEAL_TAG)

/* Room for a password hash string, with its NUL. */
#define PSEUDO_PASSWORD_HASH_MAX 128

/* The password policy's bounds. */
#define PSEUDO_PASSWORD_MIN_CHARS 12
#define PSEUDO_PASSWORD_MAX_BYTES 256

/* TOTP: the largest window pseudo_totp_verify() accepts. */
#define PSEUDO_TOTP_WINDOW_MAX 10

/*
 * A 256-bit key.  A plain value the caller embeds; wipe it with
 * pseudo_key_wipe() when done.
 */
struct pseudo_key {
	unsigned char bytes[PSEUDO_KEY_LEN];
};

/*
 * pseudo_key.c
 */

/* Overwrite the key with zeros in a way the compiler keeps.  NULL is ok. */
void pseudo_key_wipe(struct pseudo_key *);

/*
 * Fill buf[0..len) from OpenSSL's CSPRNG.  Returns 0, or -1 when the
 * generator fails (buf is then wiped).
 */
int pseudo_random(void *, size_t);

/*
 * Derive the key for (purpose, tenant, version) from the master key into
 * *out: HKDF-SHA-256 with salt "torwart-hkdf-v1" and info = purpose || 0x00
 * || tenant (8 bytes, big-endian) || version (4 bytes, big-endian).  Keys
 * for different purposes, tenants or versions are unrelated.  purpose is
 * a non-empty string of [a-z_], at most PSEUDO_PURPOSE_MAX characters
 * ("match", "read", "stats", "totp", "list").  Returns 0, or -1 for a bad
 * purpose or an OpenSSL failure; *out is then wiped.  out may be the
 * master key itself (which a failure then wipes too).
 */
int pseudo_key_derive(const struct pseudo_key *, const char *, uint64_t,
    uint32_t, struct pseudo_key *);

/*
 * A master key's fingerprint: the first 8 bytes of the key derived for
 * purpose "fingerprint" (tenant 0, version 1), in lowercase hex, into
 * out[0..PSEUDO_KEY_FP_LEN + 1).  It names a key file in the database and
 * in logs without revealing anything of the key.  Returns 0, or -1 on an
 * OpenSSL failure (out is then "").
 */
#define PSEUDO_KEY_FP_LEN 16
int pseudo_key_fingerprint(const struct pseudo_key *, char *);

/*
 * HMAC-SHA-256 of data[0..len) under key into out[0..PSEUDO_MAC_LEN).
 * Keyed hashes of secrets (session tokens, API key secrets) and the
 * tokens of issue 4.  Returns 0, or -1 on an OpenSSL failure (out wiped).
 */
#define PSEUDO_MAC_LEN 32
int pseudo_mac(const struct pseudo_key *, const void *, size_t,
    unsigned char *);

/*
 * pseudo_seal(key, aad, aadlen, in, inlen, out, outsize, &outlen): seal
 * in[0..inlen) with key, authenticating aad[0..aadlen) as well (aad
 * is not stored: callers bind the tenant and the row id so that a sealed
 * value cannot be moved to another row).  aad may be NULL when aadlen is 0,
 * in may be NULL when inlen is 0.  AES-256-GCM with a random 96-bit nonce;
 * the result is nonce (12) || ciphertext (inlen) || tag (16), written to
 * out[0..outsize), which must hold inlen + PSEUDO_SEAL_OVERHEAD bytes and
 * must not overlap in.  Returns 0 with *outlen set, or -1 (buffer too
 * small, input too large for OpenSSL, or an OpenSSL failure).  One key
 * must not seal more than 2^32 values (random nonces).
 */
int pseudo_seal(const struct pseudo_key *, const void *, size_t, const void *,
    size_t, unsigned char *, size_t, size_t *);

/*
 * pseudo_unseal(key, aad, aadlen, in, inlen, out, outsize, &outlen): open
 * what pseudo_seal() made with key and aad[0..aadlen), in[0..inlen) the
 * sealed form, plaintext to out[0..outsize), which must hold inlen -
 * PSEUDO_SEAL_OVERHEAD bytes and must not overlap in.  Returns 0 with
 * *outlen set, or -1 when the input is short, out is too small, or the
 * input was not sealed with this key and this aad (any changed bit); on
 * failure all of out[0..outsize) is wiped and *outlen is 0.
 */
int pseudo_unseal(const struct pseudo_key *, const void *, size_t,
    const unsigned char *, size_t, unsigned char *, size_t, size_t *);

/*
 * pseudo_password.c
 *
 * Hashes are strings "$scrypt$ln=15,r=8,p=1$<salt>$<hash>": scrypt with
 * N = 2^ln, the salt (16 random bytes) and the 32-byte result in base64
 * (RFC 4648 alphabet with '+' and '/') without padding.  The parameters
 * travel with the hash, so they can be raised later
 * (pseudo_password_needs_rehash).  Stored parameters are bounded (ln
 * 10..20, r 1..16, p 1..4, 128 * r * 2^ln at most 256 MiB of memory, and
 * ln below 16 * r as scrypt requires) so a stored string cannot make us
 * allocate gigabytes.
 * Hashing and verifying take 120-150 ms of CPU and 32 MiB at the defaults
 * (measured on a 2-core AMD EPYC VM): run them in a kore task, not in a
 * worker's event loop.
 */

/*
 * Hash password (NUL-terminated) with a fresh salt and the default
 * parameters into out[0..outsize); outsize PSEUDO_PASSWORD_HASH_MAX is
 * always enough.  Returns 0, or -1 (buffer too small, out of memory, or an
 * OpenSSL failure).
 */
int pseudo_password_hash(const char *, char *, size_t);

/*
 * Check password against the stored hash.  Returns 1 when it matches, 0
 * when it does not, and -1 when the hash is malformed (or out of memory).
 * The comparison is constant-time.
 */
int pseudo_password_verify(const char *, const char *);

/*
 * Returns 1 when the stored hash uses parameters below the current
 * defaults (hash the password again after a successful login), 0 when it
 * does not, -1 when the hash is malformed.
 */
int pseudo_password_needs_rehash(const char *);

/*
 * A valid hash, at the default parameters, of a random password nobody
 * knows.  Login verifies against it for unknown users so that a failure
 * takes as long as one for a known user.  Made on the first call
 * (pthread_once, so any thread may call it); the kore parent calls it once
 * at start so workers inherit it through fork.  Returns a static string,
 * or NULL when it could not be made (then on every call).
 */
const char *pseudo_password_dummy(void);

/*
 * Check a new password (NUL-terminated) for user name (NULL: no name)
 * against the policy, rules checked in this order:
 *   - at most PSEUDO_PASSWORD_MAX_BYTES bytes;
 *   - valid UTF-8 (no overlong forms, surrogates, or code points beyond
 *     U+10FFFF) without control characters (C0, DEL, C1);
 *   - at least PSEUDO_PASSWORD_MIN_CHARS characters (code points);
 *   - not a single character repeated (ASCII case folded);
 *   - does not contain the user name, ASCII case folded (skipped for
 *     names shorter than 3 characters);
 *   - is not in the built-in list of common passwords, compared with ASCII
 *     case folded, also after removing trailing, leading, or both trailing
 *     and leading ASCII digits, punctuation and spaces ("Password2024!",
 *     "!!password").
 * Returns 0 when it passes, or -1 with *errstr a static string naming the
 * first rule it breaks ("password: at least 12 characters").
 */
int pseudo_password_policy(const char *, const char *, const char **);

/*
 * pseudo_totp.c
 */

/*
 * Base32 (RFC 4648 alphabet A-Z2-7).  Encode in[0..inlen) into out as a
 * NUL-terminated string without padding; outsize must be at least
 * (inlen * 8 + 4) / 5 + 1.  Returns 0, or -1 when out is too small.
 */
int pseudo_base32_encode(const unsigned char *, size_t, char *, size_t);

/*
 * Decode the NUL-terminated base32 string in into out[0..outsize); lower
 * case is accepted, '=' and spaces are ignored.  Returns 0 with the length
 * in *len, or -1 for any other character, a length no encoder makes, bits
 * left over that are not zero, or out too small (out is then wiped).
 */
int pseudo_base32_decode(const char *, unsigned char *, size_t, size_t *);

/*
 * TOTP (RFC 6238 over RFC 4226 HOTP with HMAC-SHA-1).  Write the code for
 * secret[0..secretlen) at unix time t, with a time step of step seconds
 * and digits digits (6..8), into out[0..outsize) as a NUL-terminated
 * string; outsize must be at least digits + 1.  Returns 0, or -1 for an
 * empty secret, step 0, digits out of range, out too small, or an OpenSSL
 * failure.
 */
int pseudo_totp_code(const unsigned char *, size_t, uint64_t, unsigned int,
    unsigned int, char *, size_t);

/*
 * Check code (NUL-terminated) for secret[0..secretlen) at unix time t
 * with step and digits as for pseudo_totp_code(), accepting the counters
 * T - window .. T + window where T = t / step (window at most
 * PSEUDO_TOTP_WINDOW_MAX).  Every candidate is computed and compared in
 * constant time.  Returns 1 when the code matches, with *counter set to the
 * matching counter (the lowest one, should two match); 0 when it does not;
 * -1 when code is not exactly digits ASCII digits or an argument is bad.
 * Callers store *counter and refuse a counter not above the last one they
 * stored, so that a code cannot be replayed.
 */
int pseudo_totp_verify(const unsigned char *, size_t, const char *, uint64_t,
    unsigned int, unsigned int, unsigned int, uint64_t *);

/*
 * The common-password list (pseudo/common-passwords.txt), lower case,
 * sorted with strcmp and without duplicates.  Generated at build time by
 * pseudo/embed-passwords; declared here for the generated file and tests.
 */
extern const char *const pseudo_common_passwords[];
extern const size_t      pseudo_ncommon_passwords;

/*
 * pseudo_plate.c: canonical forms of what cameras read.  Pure libc: no
 * state, no allocation, any thread.  The tables (characters, confusables,
 * countries, grammars) are documented in pseudo/README.md.
 */

#define PSEUDO_PLATE_IN_MAX 64 /* bytes of input text accepted */
#define PSEUDO_PLATE_MAX    16 /* characters of a canonical plate */
#define PSEUDO_COUNTRY_MAX  3 /* characters of a country code */

/*
 * A plate as read, in canonical form.  A plain value the caller embeds;
 * it holds personal data, so wipe it with pseudo_plate_wipe() when done.
 */
struct pseudo_plate {
	char canon[PSEUDO_PLATE_MAX + 1]; /* [A-Z0-9], NUL-terminated */
	char skeleton[PSEUDO_PLATE_MAX + 1]; /* canon, confusables folded */
	char country[PSEUDO_COUNTRY_MAX + 1]; /* normalised, "" unknown */
	int  plausible; /* 1: canon fits the country's grammar */
};

/*
 * Normalise the country code in[0..len) into out (NUL-terminated): the
 * international distinguishing sign of road vehicles ("D", "A", "CH",
 * "NL", "GB", "FIN", ...).  Accepts that sign, the ISO 3166-1 alpha-2
 * code ("DE" gives "D", "UK" gives "GB") and the alpha-3 code ("DEU"
 * gives "D"), in any ASCII case.  A sign is its own normal form.  Returns
 * 0, or -1 for an unknown or malformed code (out is then "").
 */
int pseudo_country(const char *, size_t, char[PSEUDO_COUNTRY_MAX + 1]);

/*
 * pseudo_plate_canon(text, len, country, out, &errstr): canonicalise the
 * plate text[0..len) (UTF-8) read in country into *out.  country is a
 * code pseudo_country() accepts (normally its output), or "" or NULL when
 * unknown; an unknown code counts as unknown (out->country "").
 * canon is text upper-cased, separators (space - . : _ / and U+00B7)
 * removed, Latin letters with diacritics folded to their base letter and
 * the Cyrillic and Greek capitals that look like Latin ones folded to
 * that letter; skeleton is canon with the confusables folded (O Q D to 0,
 * I to 1, Z to 2, S to 5, B to 8, G to 6); plausible says whether canon
 * fits the country's plate grammar (a generic one when there is none).
 * An implausible plate is not an error.  Returns 0, or -1 with *errstr a
 * static message for the first problem from the left ("text: not valid
 * UTF-8", "text: a character no plate has", "text: too long" for more
 * than PSEUDO_PLATE_IN_MAX bytes or PSEUDO_PLATE_MAX characters of
 * canon, "text: empty" for nothing but separators) and *out wiped.
 * Keeps no copy of the text but *out, and wipes its temporaries; text
 * may overlap *out.
 */
int pseudo_plate_canon(const char *, size_t, const char *,
    struct pseudo_plate *, const char **);

/* Overwrite the plate with zeros in a way the compiler keeps.  NULL is ok. */
void pseudo_plate_wipe(struct pseudo_plate *);

/*
 * The one-deletion neighbourhood of a skeleton (fuzzy matching without
 * plaintext, rules/): every distinct non-empty string made by deleting
 * one character of skeleton (NUL-terminated, 1..PSEUDO_PLATE_MAX
 * characters of [A-Z0-9]), in order of the deleted position, into
 * out[0..PSEUDO_NEIGHBOURS_MAX).  Two skeletons are within one edit
 * (a character missing, extra, or changed; or two neighbours swapped)
 * exactly when one equals the other, one is in the other's
 * neighbourhood, or their neighbourhoods meet.  Returns the number
 * written, or -1 for a bad skeleton.  Holds personal data: wipe out.
 */
#define PSEUDO_NEIGHBOURS_MAX PSEUDO_PLATE_MAX
int pseudo_neighbourhood(const char *, char[][PSEUDO_PLATE_MAX + 1]);

/*
 * pseudo_container_canon(text, len, out, &check_ok, &errstr): an ISO 6346
 * container code.  text[0..len) with separators (space - /) removed and
 * ASCII upper-cased must be an owner code of 3 letters, the category U, J
 * or Z, a serial of 6 digits and a check digit; out gets those 11
 * characters and a NUL, *check_ok 1 when the check digit is right and 0
 * when not.  Returns 0 (also for a wrong check digit: what to do about
 * it is a rule's business), or -1 with *errstr "text: not an ISO 6346
 * container code", out wiped and *check_ok 0.
 */
int pseudo_container_canon(const char *, size_t, char[12], int *,
    const char **);

/*
 * pseudo_token.c: keyed pseudonyms of plates.  Any thread.
 */

#define PSEUDO_TOKEN_LEN 16

/* How often a token changes. */
enum pseudo_epoch {
	PSEUDO_EPOCH_NONE,
	PSEUDO_EPOCH_DAY,
	PSEUDO_EPOCH_WEEK,
	PSEUDO_EPOCH_MONTH,
};

/*
 * The enum of "none", "day", "week" or "month" (exactly so, lower case),
 * or -1 for anything else, NULL included.
 */
int pseudo_epoch_parse(const char *);

/* The name pseudo_epoch_parse() takes, or NULL for a value not in the enum. */
const char *pseudo_epoch_name(enum pseudo_epoch);

/*
 * pseudo_epoch(mode, t): the number of the epoch that unix time t
 * (seconds, UTC) falls in, taken modulo 2^32.  NONE (and any value not in
 * the enum): 0.  DAY: floor(t / 86400), also for negative t.  WEEK: ISO
 * weeks, Monday 00:00 UTC to Sunday, counted from the week of 1970-01-01
 * (a Thursday), which is week 0.  MONTH: (year - 1970) * 12 + month - 1
 * of the UTC date (proleptic Gregorian).
 */
uint32_t pseudo_epoch(enum pseudo_epoch, int64_t);

/*
 * pseudo_token(key, mode, epoch, skeleton, out): the pseudonym of a plate
 * into out[0..PSEUDO_TOKEN_LEN): HMAC-SHA-256 under key of
 * "torwart-token-v1" || 0x00 || mode (1 byte) || epoch (be32) ||
 * skeleton, truncated.  key comes from pseudo_key_derive(master,
 * "match" | "read" | "stats", tenant, version); mode and epoch from the
 * caller (PSEUDO_EPOCH_NONE and 0 for match and stats; NONE with another
 * epoch is refused).  skeleton is a NUL-terminated string of 1 to
 * PSEUDO_PLATE_MAX characters [A-Z0-9] (pseudo_plate's skeleton).
 * Returns 0, or -1 (bad argument or an OpenSSL failure) with out wiped.
 * Wipes its temporaries.
 */
int pseudo_token(const struct pseudo_key *, enum pseudo_epoch, uint32_t,
    const char *, unsigned char[PSEUDO_TOKEN_LEN]);

/*
 * pseudo_evidence.c: sealed evidence.  A plate (or any short value) is
 * sealed to a tenant's disclosure public key, X25519 or RSA, so that only
 * the holder of the private key can open it; the server holds no key
 * that opens it.  Layout and reasons in pseudo/README.md:
 *
 *   version (1 byte: 1) || algorithm (1 byte: 1 X25519, 2 RSA-OAEP)
 *   || key id (8 bytes: the start of the key's SHA-256 fingerprint)
 *   || X25519: ephemeral public key (32)
 *      RSA:    wrapped length (2, big-endian) || wrapped AES key
 *   || nonce (12) || ciphertext || tag (16)
 *
 * The AES-256-GCM key is HKDF-SHA-256(X25519 shared secret, salt =
 * ephemeral public key || recipient public key, info "torwart evidence
 * v1"), or 32 random bytes wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256,
 * no label).  GCM authenticates everything before the nonce and then the
 * caller's aad, which is not stored.  Loaded keys are immutable: any
 * number of threads may seal with one key at the same time.
 */

#define PSEUDO_EVIDENCE_PEM_MAX      16384 /* bytes of PEM text accepted */
#define PSEUDO_EVIDENCE_IN_MAX       4096 /* bytes of plaintext sealed */
#define PSEUDO_EVIDENCE_AAD_MAX      1024 /* bytes of aad */
#define PSEUDO_EVIDENCE_RSA_BITS_MIN 2048
#define PSEUDO_EVIDENCE_RSA_BITS_MAX 8192
#define PSEUDO_EVIDENCE_FP_HEX       64 /* fingerprint: hex digits */
#define PSEUDO_EVIDENCE_KEYID_LEN    8 /* fingerprint bytes in a seal */

/* Version, algorithm and key id: the start of every sealed value. */
#define PSEUDO_EVIDENCE_PREFIX (2 + PSEUDO_EVIDENCE_KEYID_LEN)

/* Sealed sizes of n bytes: X25519, RSA of bits, and the largest of all. */
#define PSEUDO_EVIDENCE_SEALED_X25519(n)                                       \
	(PSEUDO_EVIDENCE_PREFIX + 32 + PSEUDO_SEAL_OVERHEAD + (n))
#define PSEUDO_EVIDENCE_SEALED_RSA(bits, n)                                    \
	(PSEUDO_EVIDENCE_PREFIX + 2 + ((bits) + 7) / 8 +                       \
	    PSEUDO_SEAL_OVERHEAD + (n))
#define PSEUDO_EVIDENCE_SEALED_MAX(n)                                          \
	PSEUDO_EVIDENCE_SEALED_RSA(PSEUDO_EVIDENCE_RSA_BITS_MAX, n)

/* A public key to seal to, or a private key to open with.  Opaque. */
struct pseudo_evidence_key;

/*
 * pseudo_evidence_key_load(pem, len, &key, &errstr): parse a disclosure
 * public key, pem[0..len) (need not be NUL-terminated), which must be one
 * PEM block "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo), with
 * nothing but whitespace before or after it, of an X25519 key or an RSA
 * key of PSEUDO_EVIDENCE_RSA_BITS_MIN to PSEUDO_EVIDENCE_RSA_BITS_MAX
 * bits with an odd exponent 2^16 < e < 2^256 (SP 800-56B) that passes
 * OpenSSL's public key check (an odd modulus without small factors that
 * is no prime power).  X25519 keys of small order (for which every shared
 * secret is zero) are refused.  Returns 0 with *key,
 * which the caller frees with pseudo_evidence_key_free(); or -1 with *key
 * NULL and *errstr a static reason fit for the client ("key: a private
 * key; configure the public key only", "key: RSA shorter than 2048
 * bits", ...), which never quotes the input.  At most
 * PSEUDO_EVIDENCE_PEM_MAX bytes.  The public check of an RSA key costs
 * 5 ms for 2048 bits and 160 ms for 8192 (measured): load a key once,
 * not for every seal.
 */
int pseudo_evidence_key_load(const char *, size_t,
    struct pseudo_evidence_key **, const char **);

/*
 * The same for the private key (PKCS#8, "-----BEGIN PRIVATE KEY-----",
 * unencrypted, as openssl genpkey and torwart-open -g write it) with the
 * same type and size rules.  Only the offline opener and tests call it:
 * the server never has a private key.  The DER and OpenSSL's
 * intermediate buffers are wiped; the caller wipes pem.
 */
int pseudo_evidence_private_load(const char *, size_t,
    struct pseudo_evidence_key **, const char **);

/* Free a key (OpenSSL wipes private key material).  NULL is ok. */
void pseudo_evidence_key_free(struct pseudo_evidence_key *);

/* "x25519" or "rsa": a static string. */
const char *pseudo_evidence_key_kind(const struct pseudo_evidence_key *);

/*
 * The key's fingerprint: SHA-256 of the DER SubjectPublicKeyInfo of its
 * public key, PSEUDO_EVIDENCE_FP_HEX lowercase hex digits, NUL-terminated;
 * the same for a public key and its private key, and equal to
 * `openssl pkey -pubin -in pub.pem -outform DER | sha256sum`.  Owned by
 * the key: valid until pseudo_evidence_key_free().
 */
const char *pseudo_evidence_key_fingerprint(const struct pseudo_evidence_key *);

/*
 * The exact size of n bytes sealed to key (PSEUDO_EVIDENCE_SEALED_X25519
 * or _RSA), or 0 when key is NULL or n is above PSEUDO_EVIDENCE_IN_MAX.
 * A column for any key holds PSEUDO_EVIDENCE_SEALED_MAX(n) bytes: 1080
 * for a plate of PSEUDO_PLATE_MAX; X25519 needs 86 for it, RSA-2048 312.
 */
size_t pseudo_evidence_sealed_len(const struct pseudo_evidence_key *, size_t);

/*
 * pseudo_evidence_seal(key, aad, aadlen, in, inlen, out, outsize, &outlen):
 * seal in[0..inlen) (at most PSEUDO_EVIDENCE_IN_MAX bytes, in may be NULL
 * when inlen is 0) to key, authenticating aad[0..aadlen) (at most
 * PSEUDO_EVIDENCE_AAD_MAX; not stored: the caller binds the tenant and
 * record id so that a sealed value cannot be moved to another record),
 * into out[0..outsize), which must hold pseudo_evidence_sealed_len(key,
 * inlen) bytes and must not overlap in.  Every call uses a fresh
 * ephemeral key or AES key and nonce, so sealing the same value twice
 * gives different results.  Returns 0 with *outlen set, or -1 (bad
 * argument, out too small, or an OpenSSL failure, including an all-zero
 * X25519 shared secret) with out wiped and *outlen 0.  The shared secret
 * and the AES key are wiped before it returns.
 */
int pseudo_evidence_seal(const struct pseudo_evidence_key *, const void *,
    size_t, const void *, size_t, unsigned char *, size_t, size_t *);

/*
 * pseudo_evidence_open(key, aad, aadlen, in, inlen, out, outsize, &outlen,
 * &errstr): open in[0..inlen), sealed by pseudo_evidence_seal() with the
 * same aad, with the private key (pseudo_evidence_private_load()), the
 * plaintext to out[0..outsize), which must not overlap in.  For the
 * offline opener and tests only: the server never calls it.  Returns 0
 * with *outlen set and *errstr NULL, or -1 with all of out wiped, *outlen
 * 0 and *errstr a static reason: "sealed: too short", "sealed: unknown
 * version", "sealed: unknown algorithm", "sealed: for another kind of
 * key", "sealed: to another key" (the key id differs), "sealed: wrapped
 * key of the wrong length" (RSA), "sealed: does not open (damaged, or
 * another record's aad)" (any changed bit, the wrong aad), "key: not a
 * private key", "out: too small", "bad argument", "openssl: failure".
 * Secrets are wiped before it returns.
 */
int pseudo_evidence_open(const struct pseudo_evidence_key *, const void *,
    size_t, const unsigned char *, size_t, unsigned char *, size_t, size_t *,
    const char **);

/*
 * The key id of a sealed value in[0..inlen) as 2 * PSEUDO_EVIDENCE_KEYID_LEN
 * lowercase hex digits and a NUL into out: the start of the fingerprint of
 * the key it was sealed to.  Returns 0, or -1 (out "") when in is too
 * short or not of version 1.
 */
int pseudo_evidence_keyid(const unsigned char *, size_t,
    char[2 * PSEUDO_EVIDENCE_KEYID_LEN + 1]);

#endif /* PSEUDO_H */
