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
 * ws-client: a small WebSocket client (RFC 6455) over TLS for the gate
 * stream's integration tests (tests/run-integ-gate).
 *
 *   ws-client -p PORT -c CAFILE [-H 'Name: value']... [-n CONNS]
 *       [-t SECONDS] [-m MSGS] [-s TEXT] [-P] [-w] [-C] PATH
 *
 * Opens CONNS connections to https://localhost:PORT/PATH one after the
 * other (the certificate checked against CAFILE for "localhost"), each
 * asking to upgrade with the headers given, and prints one line per
 * event, the connection's number first:
 *
 *   status N CODE        the answer (101: upgraded; "bad-accept" when
 *                        Sec-WebSocket-Accept is wrong)
 *   body N TEXT          the body of an answer that is not 101
 *   ready K              all connections tried, K upgraded
 *   msg N TEXT           a text frame
 *   ping N / pong N      a ping (answered with a pong) / a pong
 *   close N CODE         a close frame (CODE 0: none given)
 *   eof N                the connection ended without a close frame
 *
 * After "ready" it sends TEXT as a text frame (-s) and a ping (-P) on
 * every upgraded connection, then waits until every upgraded connection
 * has had MSGS text frames (-m), a pong (-P), a ping from the server (-w)
 * and a close or end (-C), as asked: exit 0, or 1 after SECONDS (10).
 * Asked for none of these it holds the connections until SECONDS have
 * passed or all have ended, and exits 0; with no connection upgraded it
 * exits 0 at once.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS   256
#define MAX_HEADERS 16
#define BUF_SIZE    (128 * 1024)
#define WS_GUID     "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

struct conn {
	int            fd;
	SSL           *ssl;
	int            up; /* upgraded and not ended */
	int            ended; /* close frame or end seen */
	size_t         msgs, pings, pongs;
	unsigned char *buf;
	size_t         len; /* bytes in buf */
};

static SSL_CTX    *ctx;
static struct conn conns[MAX_CONNS];
static int         nconns = 1, port;
static const char *headers[MAX_HEADERS];
static int         nheaders;

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ws-client -p port -c cafile [-H header]... [-n conns] "
	    "[-t seconds] [-m msgs] [-s text] [-P] [-w] [-C] path\n");
	exit(2);
}

static long
number(const char *s, long min, long max)
{
	char *end;
	long  v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		usage();

	return (v);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);

	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

/* Write all of p[0..len) (the socket may be non-blocking). */
static int
write_all(struct conn *c, const void *p, size_t len)
{
	const unsigned char *b = p;
	struct pollfd        pfd;
	int                  n, e;

	while (len > 0) {
		n = SSL_write(c->ssl, b, (int)len);
		if (n > 0) {
			b += n;
			len -= (size_t)n;
			continue;
		}
		e = SSL_get_error(c->ssl, n);
		if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ)
			return (-1);
		pfd.fd = c->fd;
		pfd.events = e == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN;
		(void)poll(&pfd, 1, 1000);
	}

	return (0);
}

/* A masked frame from the client. */
static int
send_frame(struct conn *c, int op, const void *data, size_t len)
{
	unsigned char hdr[14], mask[4], *p;
	size_t        h = 0, i;
	int           rc;

	if (len > 65535)
		return (-1);
	hdr[h++] = (unsigned char)(0x80 | op);
	if (len < 126) {
		hdr[h++] = (unsigned char)(0x80 | len);
	} else {
		hdr[h++] = 0x80 | 126;
		hdr[h++] = (unsigned char)(len >> 8);
		hdr[h++] = (unsigned char)(len & 0xff);
	}
	if (RAND_bytes(mask, sizeof(mask)) != 1)
		return (-1);
	memcpy(hdr + h, mask, sizeof(mask));
	h += sizeof(mask);
	if ((p = malloc(h + len + 1)) == NULL)
		return (-1);
	memcpy(p, hdr, h);
	for (i = 0; i < len; i++)
		p[h + i] = ((const unsigned char *)data)[i] ^ mask[i % 4];
	rc = write_all(c, p, h + len);
	free(p);

	return (rc);
}

/* Connect, TLS, ask to upgrade; prints status (and body).  0: upgraded. */
static int
open_conn(int n, const char *path)
{
	struct conn       *c = &conns[n];
	struct sockaddr_in sin;
	struct timeval     tv;
	unsigned char      raw[16], digest[SHA_DIGEST_LENGTH];
	char               key[32], want[64], req[4096], *hdr_end, *p;
	char               lower[8192];
	size_t             off, hlen, i, body;
	long               clen = 0;
	int                r, status = 0, one = 1;

	c->fd = -1;
	c->buf = malloc(BUF_SIZE);
	if (c->buf == NULL)
		return (-1);
	if ((c->fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	tv.tv_sec = 10;
	tv.tv_usec = 0;
	(void)setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		printf("status %d connect-failed\n", n);
		return (-1);
	}
	if ((c->ssl = SSL_new(ctx)) == NULL)
		return (-1);
	(void)SSL_set_tlsext_host_name(c->ssl, "localhost");
	(void)SSL_set1_host(c->ssl, "localhost");
	(void)SSL_set_fd(c->ssl, c->fd);
	if (SSL_connect(c->ssl) != 1) {
		printf("status %d tls-failed\n", n);
		ERR_print_errors_fp(stderr);
		return (-1);
	}

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return (-1);
	(void)EVP_EncodeBlock((unsigned char *)key, raw, sizeof(raw));
	off = (size_t)snprintf(req, sizeof(req),
	    "GET %s HTTP/1.1\r\nHost: localhost:%d\r\n"
	    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n",
	    path, port, key);
	for (i = 0; i < (size_t)nheaders && off < sizeof(req); i++)
		off += (size_t)snprintf(req + off, sizeof(req) - off, "%s\r\n",
		    headers[i]);
	if (off + 3 > sizeof(req))
		return (-1);
	off += (size_t)snprintf(req + off, sizeof(req) - off, "\r\n");
	if (write_all(c, req, off) == -1)
		return (-1);

	/* The answer's head, then its body by Content-Length. */
	c->len = 0;
	hdr_end = NULL;
	while (hdr_end == NULL) {
		if (c->len >= sizeof(lower) - 1)
			return (-1);
		r = SSL_read(c->ssl, c->buf + c->len,
		    (int)(sizeof(lower) - 1 - c->len));
		if (r <= 0) {
			printf("status %d no-answer\n", n);
			return (-1);
		}
		c->len += (size_t)r;
		c->buf[c->len] = '\0';
		hdr_end = strstr((char *)c->buf, "\r\n\r\n");
	}
	hlen = (size_t)(hdr_end - (char *)c->buf) + 4;
	for (i = 0; i < hlen; i++)
		lower[i] = (char)tolower(c->buf[i]);
	lower[hlen] = '\0';
	if (sscanf(lower, "http/1.1 %d", &status) != 1) {
		printf("status %d bad-answer\n", n);
		return (-1);
	}
	if ((p = strstr(lower, "\r\ncontent-length:")) != NULL)
		clen = strtol(p + 17, NULL, 10);
	memmove(c->buf, c->buf + hlen, c->len - hlen);
	c->len -= hlen;

	if (status != 101) {
		body = clen > 0 && clen < 8192 ? (size_t)clen : 0;
		while (c->len < body) {
			r = SSL_read(c->ssl, c->buf + c->len,
			    (int)(body - c->len));
			if (r <= 0)
				break;
			c->len += (size_t)r;
		}
		printf("status %d %d\n", n, status);
		printf("body %d %.*s\n", n, (int)c->len, (char *)c->buf);
		return (-1);
	}

	/* Sec-WebSocket-Accept: base64(SHA-1(key GUID)). */
	(void)snprintf(req, sizeof(req), "%s%s", key, WS_GUID);
	(void)SHA1((unsigned char *)req, strlen(req), digest);
	(void)EVP_EncodeBlock((unsigned char *)want, digest, sizeof(digest));
	for (i = 0; want[i] != '\0'; i++)
		want[i] = (char)tolower((unsigned char)want[i]);
	if ((p = strstr(lower, "\r\nsec-websocket-accept:")) == NULL) {
		printf("status %d bad-accept\n", n);
		return (-1);
	}
	p += 23;
	while (*p == ' ')
		p++;
	if (strncmp(p, want, strlen(want)) != 0) {
		printf("status %d bad-accept\n", n);
		return (-1);
	}
	printf("status %d 101\n", n);
	(void)fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	c->up = 1;

	return (0);
}

static void
end_conn(struct conn *c)
{
	c->up = 0;
	c->ended = 1;
}

/* Take every complete frame in c's buffer. */
static void
frames(int n)
{
	struct conn   *c = &conns[n];
	unsigned char *b = c->buf;
	uint64_t       len;
	size_t         h, i;
	int            op, code;

	while (c->up && c->len >= 2) {
		op = b[0] & 0x0f;
		len = b[1] & 0x7f;
		h = 2;
		if (b[1] & 0x80) {
			printf("error %d masked frame from the server\n", n);
			end_conn(c);
			return;
		}
		if (len == 126) {
			if (c->len < 4)
				return;
			len = (uint64_t)b[2] << 8 | b[3];
			h = 4;
		} else if (len == 127) {
			if (c->len < 10)
				return;
			for (len = 0, i = 0; i < 8; i++)
				len = len << 8 | b[2 + i];
			h = 10;
		}
		if (len > BUF_SIZE - 16) {
			printf("error %d frame too long\n", n);
			end_conn(c);
			return;
		}
		if (c->len < h + len)
			return;
		switch (op) {
		case 0x1:
			printf("msg %d %.*s\n", n, (int)len, (char *)b + h);
			c->msgs++;
			break;
		case 0x8:
			code = len >= 2 ? b[h] << 8 | b[h + 1] : 0;
			printf("close %d %d\n", n, code);
			end_conn(c);
			break;
		case 0x9:
			printf("ping %d\n", n);
			c->pings++;
			(void)send_frame(c, 0xa, b + h, (size_t)len);
			break;
		case 0xa:
			printf("pong %d\n", n);
			c->pongs++;
			break;
		default:
			printf("frame %d op %d\n", n, op);
			break;
		}
		memmove(b, b + h + len, c->len - h - (size_t)len);
		c->len -= h + (size_t)len;
	}
}

/* Read what is there and take its frames. */
static void
readable(int n)
{
	struct conn *c = &conns[n];
	int          r, e;

	for (;;) {
		if (c->len == BUF_SIZE) {
			printf("error %d buffer full\n", n);
			end_conn(c);
			return;
		}
		r = SSL_read(c->ssl, c->buf + c->len, (int)(BUF_SIZE - c->len));
		if (r > 0) {
			c->len += (size_t)r;
			frames(n);
			if (!c->up)
				return;
			continue;
		}
		e = SSL_get_error(c->ssl, r);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
			return;
		printf("eof %d\n", n);
		end_conn(c);
		return;
	}
}

int
main(int argc, char **argv)
{
	struct pollfd pfd[MAX_CONNS];
	const char   *cafile = NULL, *text = NULL;
	uint64_t      deadline;
	long          msgs = 0, secs = 10;
	int           ch, i, up = 0, ping = 0, waitping = 0, waitclose = 0;
	int           n, done, waiting;

	(void)setvbuf(stdout, NULL, _IOLBF, 0);
	(void)signal(SIGPIPE, SIG_IGN);
	while ((ch = getopt(argc, argv, "c:p:H:n:t:m:s:PwC")) != -1) {
		switch (ch) {
		case 'c':
			cafile = optarg;
			break;
		case 'p':
			port = (int)number(optarg, 1, 65535);
			break;
		case 'H':
			if (nheaders == MAX_HEADERS)
				usage();
			headers[nheaders++] = optarg;
			break;
		case 'n':
			nconns = (int)number(optarg, 1, MAX_CONNS);
			break;
		case 't':
			secs = number(optarg, 1, 3600);
			break;
		case 'm':
			msgs = number(optarg, 1, 1000000);
			break;
		case 's':
			text = optarg;
			break;
		case 'P':
			ping = 1;
			break;
		case 'w':
			waitping = 1;
			break;
		case 'C':
			waitclose = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || cafile == NULL || port == 0)
		usage();
	deadline = now_ms() + (uint64_t)secs * 1000;
	waiting = msgs > 0 || ping || waitping || waitclose;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL ||
	    SSL_CTX_load_verify_locations(ctx, cafile, NULL) != 1) {
		ERR_print_errors_fp(stderr);
		return (1);
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);

	for (i = 0; i < nconns; i++) {
		if (open_conn(i, argv[optind]) == 0)
			up++;
	}
	printf("ready %d\n", up);
	if (up == 0)
		return (0);
	for (i = 0; i < nconns; i++) {
		if (!conns[i].up)
			continue;
		if (text != NULL)
			(void)send_frame(&conns[i], 0x1, text, strlen(text));
		if (ping)
			(void)send_frame(&conns[i], 0x9, "tw", 2);
		/* Frames that came with the 101. */
		frames(i);
	}

	for (;;) {
		done = 1;
		for (i = 0; i < nconns; i++) {
			struct conn *c = &conns[i];

			if (!c->up && !c->ended)
				continue;
			if ((size_t)msgs > c->msgs || (ping && c->pongs == 0) ||
			    (waitping && c->pings == 0) ||
			    (waitclose && !c->ended))
				done = 0;
		}
		if (waiting && done)
			return (0);
		for (n = 0, i = 0; i < nconns; i++) {
			if (conns[i].up)
				n++;
		}
		if (n == 0)
			return (waiting ? 1 : 0);
		if (now_ms() >= deadline)
			return (waiting ? 1 : 0);

		for (i = 0; i < nconns; i++) {
			pfd[i].fd = conns[i].up ? conns[i].fd : -1;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, (nfds_t)nconns, 200) == -1 && errno != EINTR)
			return (1);
		for (i = 0; i < nconns; i++) {
			if (conns[i].up &&
			    (pfd[i].revents != 0 || SSL_pending(conns[i].ssl)))
				readable(i);
		}
	}
}
