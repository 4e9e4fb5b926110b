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
 * Canonical forms of what cameras read: plate text to [A-Z0-9] (canon),
 * its confusable skeleton and whether it fits the country's grammar;
 * country codes to distinguishing signs; ISO 6346 container codes.  Every
 * table is here and documented in pseudo/README.md.  Pure libc, no state.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pseudo.h"

#define SEP    ' ' /* fold(): a separator, dropped */
#define REFUSE '*' /* latin[]: a character no plate has */

/* A run of min..max characters of set. */
struct seg {
	const char   *set;
	unsigned char min;
	unsigned char max;
};

/*
 * One layout of a plate: segments in order (ended by a NULL set, so at
 * most PATTERN_SEGS - 1 of them), the length of the whole
 * (minlen..maxlen) and at least digits digits.
 */
#define PATTERN_SEGS 8
struct pattern {
	unsigned char minlen;
	unsigned char maxlen;
	unsigned char digits;
	struct seg    seg[PATTERN_SEGS];
};

struct grammar {
	const char           *country;
	const struct pattern *pat;
	size_t                npat;
};

struct country {
	const char *sign;
	const char *alpha2;
	const char *alpha3;
};

static size_t utf8_next(const unsigned char *, size_t, uint32_t *);
static int    fold(uint32_t);
static int    fold_ascii(uint32_t);
static char   skeleton_of(char);
static int    match(const struct seg *, const char *);
static int    plausible(const char *, const char *);
static int    canon_text(const unsigned char *, size_t, char *, const char **);
static int    container_value(char);

/*
 * U+00C0..U+017F to the base letter, REFUSE for what is no plate letter:
 * the ligatures and letters without a base letter (Æ Þ ß Ĳ ĸ ŉ Ŋ Œ ſ) and
 * the signs × ÷.  Letters whose mark is part of the shape fold to the
 * letter they look like: Ð Đ ð đ to D, Ø ø to O, Ł ł to L, Ħ ħ to H,
 * Ŧ ŧ to T, ı to I.  Lower case folds as its capital does.
 */
/* clang-format off */
static const char latin[] =
    "AAAAAA*CEEEEIIII"	/* U+00C0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï */
    "DNOOOOO*OUUUUY**"	/* U+00D0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß */
    "AAAAAA*CEEEEIIII"	/* U+00E0 à á â ã ä å æ ç è é ê ë ì í î ï */
    "DNOOOOO*OUUUUY*Y"	/* U+00F0 ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ */
    "AAAAAACCCCCCCCDD"	/* U+0100 Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď ď */
    "DDEEEEEEEEEEGGGG"	/* U+0110 Đ đ Ē ē Ĕ ĕ Ė ė Ę ę Ě ě Ĝ ĝ Ğ ğ */
    "GGGGHHHHIIIIIIII"	/* U+0120 Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ Ĩ ĩ Ī ī Ĭ ĭ Į į */
    "II**JJKK*LLLLLLL"	/* U+0130 İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ */
    "LLLNNNNNN***OOOO"	/* U+0140 ŀ Ł ł Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ Ō ō Ŏ ŏ */
    "OO**RRRRRRSSSSSS"	/* U+0150 Ő ő Œ œ Ŕ ŕ Ŗ ŗ Ř ř Ś ś Ŝ ŝ Ş ş */
    "SSTTTTTTUUUUUUUU"	/* U+0160 Š š Ţ ţ Ť ť Ŧ ŧ Ũ ũ Ū ū Ŭ ŭ Ů ů */
    "UUUUWWYYYZZZZZZ*";	/* U+0170 Ű ű Ų ų Ŵ ŵ Ŷ ŷ Ÿ Ź ź Ż ż Ž ž ſ */
/* clang-format on */
#define LATIN_FIRST 0x00c0
#define LATIN_LAST  0x017f

/*
 * Other letters that fold, sorted by code point: Romanian comma below,
 * the Greek capitals of Greek plates and the Cyrillic ones of Bulgarian,
 * Ukrainian (І) and other plates, all of which look like a Latin letter
 * (Cyrillic Н is H, Р is P, С is C, У is Y; Greek Η is H, Ρ is P, Χ is
 * X), each with its lower case.  Nothing else of these scripts is on a
 * plate.
 */
static const struct {
	uint16_t cp;
	char     to;
} other[] = {
	{ 0x0218, 'S' }, /* Ș */
	{ 0x0219, 'S' }, /* ș */
	{ 0x021a, 'T' }, /* Ț */
	{ 0x021b, 'T' }, /* ț */
	{ 0x0391, 'A' }, /* Α */
	{ 0x0392, 'B' }, /* Β */
	{ 0x0395, 'E' }, /* Ε */
	{ 0x0396, 'Z' }, /* Ζ */
	{ 0x0397, 'H' }, /* Η */
	{ 0x0399, 'I' }, /* Ι */
	{ 0x039a, 'K' }, /* Κ */
	{ 0x039c, 'M' }, /* Μ */
	{ 0x039d, 'N' }, /* Ν */
	{ 0x039f, 'O' }, /* Ο */
	{ 0x03a1, 'P' }, /* Ρ */
	{ 0x03a4, 'T' }, /* Τ */
	{ 0x03a5, 'Y' }, /* Υ */
	{ 0x03a7, 'X' }, /* Χ */
	{ 0x03b1, 'A' }, /* α */
	{ 0x03b2, 'B' }, /* β */
	{ 0x03b5, 'E' }, /* ε */
	{ 0x03b6, 'Z' }, /* ζ */
	{ 0x03b7, 'H' }, /* η */
	{ 0x03b9, 'I' }, /* ι */
	{ 0x03ba, 'K' }, /* κ */
	{ 0x03bc, 'M' }, /* μ */
	{ 0x03bd, 'N' }, /* ν */
	{ 0x03bf, 'O' }, /* ο */
	{ 0x03c1, 'P' }, /* ρ */
	{ 0x03c4, 'T' }, /* τ */
	{ 0x03c5, 'Y' }, /* υ */
	{ 0x03c7, 'X' }, /* χ */
	{ 0x0406, 'I' }, /* І */
	{ 0x0410, 'A' }, /* А */
	{ 0x0412, 'B' }, /* В */
	{ 0x0415, 'E' }, /* Е */
	{ 0x041a, 'K' }, /* К */
	{ 0x041c, 'M' }, /* М */
	{ 0x041d, 'H' }, /* Н */
	{ 0x041e, 'O' }, /* О */
	{ 0x0420, 'P' }, /* Р */
	{ 0x0421, 'C' }, /* С */
	{ 0x0422, 'T' }, /* Т */
	{ 0x0423, 'Y' }, /* У */
	{ 0x0425, 'X' }, /* Х */
	{ 0x0430, 'A' }, /* а */
	{ 0x0432, 'B' }, /* в */
	{ 0x0435, 'E' }, /* е */
	{ 0x043a, 'K' }, /* к */
	{ 0x043c, 'M' }, /* м */
	{ 0x043d, 'H' }, /* н */
	{ 0x043e, 'O' }, /* о */
	{ 0x0440, 'P' }, /* р */
	{ 0x0441, 'C' }, /* с */
	{ 0x0442, 'T' }, /* т */
	{ 0x0443, 'Y' }, /* у */
	{ 0x0445, 'X' }, /* х */
	{ 0x0456, 'I' }, /* і */
};

/*
 * The skeleton: letters a camera confuses with a digit become the digit.
 * Kept to the pairs that are confused in both directions in the plate
 * fonts (DIN 1451, FE-Schrift, Charles Wright): every fold makes
 * different plates match.
 */
static const char skel_from[] = "OQDIZSBG";
static const char skel_to[] = "00012586";

/* The distinguishing sign, ISO 3166-1 alpha-2 and alpha-3. */
static const struct country countries[] = {
	{ "A", "AT", "AUT" },
	{ "AL", "AL", "ALB" },
	{ "AM", "AM", "ARM" },
	{ "AND", "AD", "AND" },
	{ "AUS", "AU", "AUS" },
	{ "AZ", "AZ", "AZE" },
	{ "B", "BE", "BEL" },
	{ "BG", "BG", "BGR" },
	{ "BIH", "BA", "BIH" },
	{ "BR", "BR", "BRA" },
	{ "BY", "BY", "BLR" },
	{ "CDN", "CA", "CAN" },
	{ "CH", "CH", "CHE" },
	{ "CY", "CY", "CYP" },
	{ "CZ", "CZ", "CZE" },
	{ "D", "DE", "DEU" },
	{ "DK", "DK", "DNK" },
	{ "E", "ES", "ESP" },
	{ "EST", "EE", "EST" },
	{ "F", "FR", "FRA" },
	{ "FIN", "FI", "FIN" },
	{ "FL", "LI", "LIE" },
	{ "FO", "FO", "FRO" },
	{ "GB", "GB", "GBR" },
	{ "GB", "UK", NULL }, /* the sign since 2021; we keep GB */
	{ "GBA", "GG", "GGY" }, /* Guernsey (GBG) and Alderney share GG */
	{ "GBJ", "JE", "JEY" },
	{ "GBM", "IM", "IMN" },
	{ "GBZ", "GI", "GIB" },
	{ "GE", "GE", "GEO" },
	{ "GR", "GR", "GRC" },
	{ "H", "HU", "HUN" },
	{ "HR", "HR", "HRV" },
	{ "I", "IT", "ITA" },
	{ "IL", "IL", "ISR" },
	{ "IRL", "IE", "IRL" },
	{ "IS", "IS", "ISL" },
	{ "J", "JP", "JPN" },
	{ "KZ", "KZ", "KAZ" },
	{ "L", "LU", "LUX" },
	{ "LT", "LT", "LTU" },
	{ "LV", "LV", "LVA" },
	{ "M", "MT", "MLT" },
	{ "MA", "MA", "MAR" },
	{ "MC", "MC", "MCO" },
	{ "MD", "MD", "MDA" },
	{ "MNE", "ME", "MNE" },
	{ "N", "NO", "NOR" },
	{ "NL", "NL", "NLD" },
	{ "NMK", "MK", "MKD" },
	{ "P", "PT", "PRT" },
	{ "PL", "PL", "POL" },
	{ "RKS", "XK", "XKX" }, /* Kosovo: user-assigned ISO codes */
	{ "RO", "RO", "ROU" },
	{ "RSM", "SM", "SMR" },
	{ "RUS", "RU", "RUS" },
	{ "S", "SE", "SWE" },
	{ "SK", "SK", "SVK" },
	{ "SLO", "SI", "SVN" },
	{ "SRB", "RS", "SRB" },
	{ "TN", "TN", "TUN" },
	{ "TR", "TR", "TUR" },
	{ "UA", "UA", "UKR" },
	{ "USA", "US", "USA" },
	{ "V", "VA", "VAT" },
};

/*
 * The grammars, on canon (separators gone).  Character sets: any letter,
 * any digit, a digit but 0 (numbers without a leading zero), either.
 * README.md gives an example of every pattern.
 */
#define LET   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIG   "0123456789"
#define NZ    "123456789"
#define ALNUM LET DIG
#define ES_C  "BCDFGHJKLMNPRSTVWXYZ" /* Spain: consonants but Ñ, Q */

/* clang-format off */
#define L(a, b)		{ LET, a, b }
#define D(a, b)		{ DIG, a, b }
#define N		{ NZ, 1, 1 }
#define X(a, b)		{ ALNUM, a, b }
#define S(s, a, b)	{ s, a, b }
#define ANY		0, PSEUDO_PLATE_MAX, 0

static const struct pattern pat_d[] = {
	{ 0, 8, 0, { L(2, 5), N, D(0, 3) } },		/* district, letters, number */
	{ 0, 9, 0, { L(2, 5), N, D(0, 3), S("EH", 1, 1) } }, /* electric, historic */
	{ ANY, { S("Y", 1, 1), N, D(5, 5) } },		/* Bundeswehr */
};
static const struct pattern pat_a[] = {
	{ 0, 9, 0, { L(1, 2), N, D(0, 4), L(1, 3) } },	/* number, letters */
	{ 0, 9, 0, { L(1, 2), L(1, 5), N, D(0, 2) } },	/* vanity: letters, number */
	{ ANY, { L(1, 2), N, D(0, 5) } },		/* -1989: W 123.456 */
};
static const struct pattern pat_ch[] = {
	{ ANY, { L(2, 2), N, D(0, 5) } },		/* canton, number */
};
static const struct pattern pat_nl[] = {
	{ ANY, { L(2, 2), D(2, 2), D(2, 2) } },		/* 1: XX-99-99 */
	{ ANY, { D(2, 2), D(2, 2), L(2, 2) } },		/* 2: 99-99-XX */
	{ ANY, { D(2, 2), L(2, 2), D(2, 2) } },		/* 3: 99-XX-99 */
	{ ANY, { L(2, 2), D(2, 2), L(2, 2) } },		/* 4: XX-99-XX */
	{ ANY, { L(2, 2), L(2, 2), D(2, 2) } },		/* 5: XX-XX-99 */
	{ ANY, { D(2, 2), L(2, 2), L(2, 2) } },		/* 6: 99-XX-XX */
	{ ANY, { D(2, 2), L(3, 3), D(1, 1) } },		/* 7: 99-XXX-9 */
	{ ANY, { D(1, 1), L(3, 3), D(2, 2) } },		/* 8: 9-XXX-99 */
	{ ANY, { L(2, 2), D(3, 3), L(1, 1) } },		/* 9: XX-999-X */
	{ ANY, { L(1, 1), D(3, 3), L(2, 2) } },		/* 10: X-999-XX */
	{ ANY, { L(3, 3), D(2, 2), L(1, 1) } },		/* 11: XXX-99-X */
	{ ANY, { L(1, 1), D(2, 2), L(3, 3) } },		/* 12: X-99-XXX */
	{ ANY, { D(1, 1), L(2, 2), D(3, 3) } },		/* 13: 9-XX-999 */
	{ ANY, { D(3, 3), L(2, 2), D(1, 1) } },		/* 14: 999-XX-9 */
};
static const struct pattern pat_b[] = {
	{ ANY, { N, L(3, 3), D(3, 3) } },		/* 2010-: 1-ABC-123 */
	{ ANY, { L(3, 3), D(3, 3) } },			/* 1973-2008: ABC-123 */
	{ ANY, { D(3, 3), L(3, 3) } },			/* 2008-2010: 123-ABC */
};
static const struct pattern pat_f[] = {
	{ ANY, { L(2, 2), D(3, 3), L(2, 2) } },		/* SIV: AB-123-CD */
	{ ANY, { N, D(0, 3), L(1, 3), D(2, 3) } },	/* FNI: 1234 AB 75, 971 */
	{ ANY, { N, D(0, 3), L(1, 3), S("2", 1, 1), S("AB", 1, 1) } }, /* 2A */
};
static const struct pattern pat_i[] = {
	{ ANY, { L(2, 2), D(3, 3), L(2, 2) } },		/* 1994-: AB 123 CD */
	{ 8, 8, 0, { L(2, 2), D(0, 5), L(0, 1), D(0, 6) } }, /* MI 123456 */
	{ 10, 10, 0, { S("R", 1, 1), S("O", 1, 1), S("M", 1, 1),
	    S("A", 1, 1), D(0, 5), L(0, 1), D(0, 6) } },	/* ROMA A12345 */
};
static const struct pattern pat_e[] = {
	{ ANY, { D(4, 4), S(ES_C, 3, 3) } },		/* 2000-: 1234 BCD */
	{ ANY, { L(1, 2), D(4, 4), L(1, 2) } },		/* 1971-2000: M 1234 AB */
	{ ANY, { L(1, 2), N, D(0, 5) } },		/* -1971: M 123456 */
};
static const struct pattern pat_pl[] = {
	{ 7, 7, 3, { L(2, 2), D(1, 1), X(4, 4) } },	/* WA 12345, KR 123AB */
	{ 7, 8, 2, { L(3, 3), X(4, 5) } },		/* WPI 1A23, WPI 12345 */
	{ 5, 7, 0, { L(1, 1), D(1, 1), L(1, 5), X(0, 2) } }, /* vanity: L0 BIBI */
};
static const struct pattern pat_cz[] = {
	{ ANY, { N, L(1, 1), X(1, 1), D(4, 4) } },	/* 2001-: 1A2 3456 */
	{ ANY, { L(2, 3), D(4, 4) } },			/* -2001: ABC 12-34 */
};
static const struct pattern pat_sk[] = {
	{ ANY, { L(2, 2), D(3, 3), L(2, 2) } },		/* BA-123AB */
};
static const struct pattern pat_dk[] = {
	{ ANY, { L(2, 2), N, D(4, 4) } },		/* AB 12 345 */
};
static const struct pattern pat_gb[] = {
	{ ANY, { L(2, 2), D(2, 2), L(3, 3) } },		/* 2001-: AB12 CDE */
	{ ANY, { L(1, 1), N, D(0, 2), L(3, 3) } },	/* prefix: A123 BCD */
	{ ANY, { L(3, 3), N, D(0, 2), L(1, 1) } },	/* suffix: ABC 123D */
	{ ANY, { L(3, 3), N, D(0, 3) } },		/* NI: ABZ 1234 */
	{ ANY, { L(1, 3), N, D(0, 3) } },		/* dateless: AB 1234 */
	{ ANY, { N, D(0, 3), L(1, 3) } },		/* dateless: 1234 AB */
};
static const struct pattern pat_br[] = {
	{ ANY, { L(3, 3), D(4, 4) } },			/* -2018: ABC 1234 */
	{ ANY, { L(3, 3), D(1, 1), L(1, 1), D(2, 2) } },	/* Mercosur: ABC 1D23 */
};
static const struct pattern pat_generic[] = {
	{ 2, 10, 1, { X(2, 10) } },
};
/* clang-format on */

#define GRAMMAR(c, p)                                                          \
	{                                                                      \
		c, p, sizeof(p) / sizeof(p[0])                                 \
	}
static const struct grammar grammars[] = {
	GRAMMAR("D", pat_d),
	GRAMMAR("A", pat_a),
	GRAMMAR("CH", pat_ch),
	GRAMMAR("NL", pat_nl),
	GRAMMAR("B", pat_b),
	GRAMMAR("F", pat_f),
	GRAMMAR("I", pat_i),
	GRAMMAR("E", pat_e),
	GRAMMAR("PL", pat_pl),
	GRAMMAR("CZ", pat_cz),
	GRAMMAR("SK", pat_sk),
	GRAMMAR("DK", pat_dk),
	GRAMMAR("GB", pat_gb),
	GRAMMAR("BR", pat_br),
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char err_utf8[] = "text: not valid UTF-8";
static const char err_long[] = "text: too long";
static const char err_empty[] = "text: empty";
static const char err_char[] = "text: a character no plate has";
static const char err_container[] = "text: not an ISO 6346 container code";

/*
 * The length of the UTF-8 sequence at s[0..n), its code point in *cp; 0
 * for a truncated sequence, a lone continuation byte, an overlong form, a
 * surrogate or a code point beyond U+10FFFF.
 */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t                len, i;
	uint32_t              c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return (1);
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return (0);
	if (n < len)
		return (0);
	c = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < least[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (0);
	*cp = c;

	return (len);
}

/* ASCII: the canon character, SEP, or -1. */
static int
fold_ascii(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return ((int)c);
	if (c >= 'a' && c <= 'z')
		return ((int)c - 'a' + 'A');
	if (c != '\0' && strchr(" -.:_/", (int)c) != NULL)
		return (SEP);

	return (-1);
}

/* The canon character of code point c, SEP for a separator, -1 refused. */
static int
fold(uint32_t c)
{
	size_t lo, hi, mid;

	if (c < 0x80)
		return (fold_ascii(c));
	if (c == 0x00b7)
		return (SEP);
	if (c >= LATIN_FIRST && c <= LATIN_LAST) {
		if (latin[c - LATIN_FIRST] == REFUSE)
			return (-1);
		return (latin[c - LATIN_FIRST]);
	}
	/* Binary search of other[], sorted by code point. */
	lo = 0;
	hi = NELEM(other);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (other[mid].cp == c)
			return (other[mid].to);
		if (other[mid].cp < c)
			lo = mid + 1;
		else
			hi = mid;
	}

	return (-1);
}

/* The skeleton character of canon character c. */
static char
skeleton_of(char c)
{
	const char *p;

	if (c == '\0' || (p = strchr(skel_from, c)) == NULL)
		return (c);

	return (skel_to[p - skel_from]);
}

/*
 * Whether all of s matches the segments from seg on.  Each segment takes
 * as many characters as it can, then gives them back one by one (plates
 * are short and patterns have few segments, so backtracking is cheap).
 */
static int
match(const struct seg *seg, const char *s)
{
	size_t n;

	if (seg->set == NULL)
		return (*s == '\0');
	for (n = 0; n < seg->max && s[n] != '\0'; n++) {
		if (strchr(seg->set, s[n]) == NULL)
			break;
	}
	for (;; n--) {
		if (n >= seg->min && match(seg + 1, s + n))
			return (1);
		if (n == 0)
			return (0);
	}
}

/* Whether canon fits a pattern of country's grammar, or the generic one. */
static int
plausible(const char *country, const char *canon)
{
	const struct pattern *pat = pat_generic;
	size_t                i, npat = NELEM(pat_generic), len, digits;

	for (i = 0; i < NELEM(grammars); i++) {
		if (strcmp(grammars[i].country, country) == 0) {
			pat = grammars[i].pat;
			npat = grammars[i].npat;
			break;
		}
	}
	len = strlen(canon);
	for (digits = 0, i = 0; i < len; i++)
		digits += canon[i] >= '0' && canon[i] <= '9';
	for (i = 0; i < npat; i++) {
		if (len >= pat[i].minlen && len <= pat[i].maxlen &&
		    digits >= pat[i].digits && match(pat[i].seg, canon))
			return (1);
	}

	return (0);
}

int
pseudo_country(const char *in, size_t len, char out[PSEUDO_COUNTRY_MAX + 1])
{
	char   code[PSEUDO_COUNTRY_MAX + 1];
	size_t i;

	if (out == NULL)
		return (-1);
	out[0] = '\0';
	if (in == NULL || len == 0 || len > PSEUDO_COUNTRY_MAX)
		return (-1);
	for (i = 0; i < len; i++) {
		if (in[i] >= 'a' && in[i] <= 'z')
			code[i] = (char)(in[i] - 'a' + 'A');
		else if (in[i] >= 'A' && in[i] <= 'Z')
			code[i] = in[i];
		else
			return (-1);
	}
	code[len] = '\0';

	for (i = 0; i < NELEM(countries); i++) {
		if (strcmp(code, countries[i].sign) == 0 ||
		    strcmp(code, countries[i].alpha2) == 0 ||
		    (countries[i].alpha3 != NULL &&
		        strcmp(code, countries[i].alpha3) == 0)) {
			memcpy(out, countries[i].sign,
			    strlen(countries[i].sign) + 1);
			return (0);
		}
	}

	return (-1);
}

/*
 * Fold s[0..len) into canon (PSEUDO_PLATE_MAX + 1 bytes, NUL-terminated).
 * Returns 0, or -1 with *errstr for the first problem from the left.
 */
static int
canon_text(const unsigned char *s, size_t len, char *canon, const char **errstr)
{
	uint32_t cp = 0;
	size_t   i, n, out = 0;
	int      c, ret = -1;

	for (i = 0; i < len; i += n) {
		if ((n = utf8_next(s + i, len - i, &cp)) == 0) {
			*errstr = err_utf8;
			goto done;
		}
		if ((c = fold(cp)) == -1) {
			*errstr = err_char;
			goto done;
		}
		if (c == SEP)
			continue;
		if (out == PSEUDO_PLATE_MAX) {
			*errstr = err_long;
			goto done;
		}
		canon[out++] = (char)c;
	}
	canon[out] = '\0';
	if (out == 0) {
		*errstr = err_empty;
		goto done;
	}
	ret = 0;

done:
	/* The last character read; c and n are derived from it. */
	explicit_bzero(&cp, sizeof(cp));

	return (ret);
}

int
pseudo_plate_canon(const char *text, size_t len, const char *country,
    struct pseudo_plate *out, const char **errstr)
{
	struct pseudo_plate tmp;
	const char         *dummy;
	size_t              i;
	int                 ret = -1;

	/* Build in tmp: text may point into *out. */
	memset(&tmp, 0, sizeof(tmp));
	if (errstr == NULL)
		errstr = &dummy;
	if (out == NULL || text == NULL) {
		*errstr = err_empty;
		goto done;
	}
	if (len > PSEUDO_PLATE_IN_MAX) {
		*errstr = err_long;
		goto done;
	}
	if (canon_text((const unsigned char *)text, len, tmp.canon, errstr) ==
	    -1)
		goto done;
	for (i = 0; tmp.canon[i] != '\0'; i++)
		tmp.skeleton[i] = skeleton_of(tmp.canon[i]);

	/* An unknown or malformed code counts as unknown. */
	if (country != NULL &&
	    pseudo_country(country, strnlen(country, PSEUDO_COUNTRY_MAX + 1),
	        tmp.country) == -1)
		tmp.country[0] = '\0';
	tmp.plausible = plausible(tmp.country, tmp.canon);

	memcpy(out, &tmp, sizeof(*out));
	ret = 0;

done:
	if (ret == -1)
		pseudo_plate_wipe(out);
	explicit_bzero(&tmp, sizeof(tmp));

	return (ret);
}

void
pseudo_plate_wipe(struct pseudo_plate *p)
{
	if (p != NULL)
		explicit_bzero(p, sizeof(*p));
}

int
pseudo_neighbourhood(const char *skel, char out[][PSEUDO_PLATE_MAX + 1])
{
	size_t len, i, n = 0;

	if (skel == NULL)
		return (-1);
	len = strlen(skel);
	if (len == 0 || len > PSEUDO_PLATE_MAX ||
	    strspn(skel, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != len)
		return (-1);
	for (i = 0; i < len && len > 1; i++) {
		/* Deleting any character of a run gives the same string. */
		if (i > 0 && skel[i] == skel[i - 1])
			continue;
		memcpy(out[n], skel, i);
		memcpy(out[n] + i, skel + i + 1, len - i - 1);
		out[n][len - 1] = '\0';
		n++;
	}

	return ((int)n);
}

/*
 * ISO 6346 letter values: A is 10, then up by one, skipping the multiples
 * of 11 (11, 22, 33).  Digits count as themselves.
 */
static int
container_value(char c)
{
	int v;

	if (c >= '0' && c <= '9')
		return (c - '0');
	v = 10 + (c - 'A');
	return (v + (v - 1) / 10); /* B 11 -> 12, L 21 -> 23, V 31 -> 34 */
}

int
pseudo_container_canon(const char *text, size_t len, char out[12],
    int *check_ok, const char **errstr)
{
	const char *dummy;
	size_t      i, n = 0;
	unsigned    sum = 0;
	int         ret = -1;
	char        c;

	if (errstr == NULL)
		errstr = &dummy;
	if (check_ok != NULL)
		*check_ok = 0;
	if (out == NULL || check_ok == NULL || text == NULL)
		goto done;
	for (i = 0; i < len; i++) {
		c = text[i];
		if (c == ' ' || c == '-' || c == '/')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (n == 11)
			goto done;
		/* 3 letters, U J or Z, 6 digits, a digit. */
		if ((n < 3 && (c < 'A' || c > 'Z')) ||
		    (n == 3 && c != 'U' && c != 'J' && c != 'Z') ||
		    (n > 3 && (c < '0' || c > '9')))
			goto done;
		out[n++] = c;
	}
	if (n != 11)
		goto done;
	out[n] = '\0';

	for (i = 0; i < 10; i++)
		sum += (unsigned)container_value(out[i]) << i;
	*check_ok = (int)(sum % 11 % 10) == out[10] - '0';
	ret = 0;

done:
	if (ret == -1) {
		if (out != NULL)
			explicit_bzero(out, 12);
		*errstr = err_container;
	}

	return (ret);
}
