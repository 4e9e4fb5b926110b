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
 * Each worker's own threads for CPU work that would stall its event loop
 * (scrypt, a CSV import, a key rotation).  It replaces kore's tasks, whose
 * thread in kore 4.1 waits with `if` around pthread_cond_wait() and takes
 * a NULL task from an empty queue after a wakeup (see README.md).
 *
 * A job runs fn(arg) on one of APP_WORK_THREADS threads, started when
 * first needed.  When it ends, the thread moves it to the done list and
 * writes the worker's eventfd; the event loop (work_handle) marks it
 * finished and wakes its request.  Only the loop reads `finished` and
 * `abandoned`; the lists are shared under `lock`.
 *
 * A request that goes away while its job runs hands its data to the job
 * (app_work_abandon): the loop releases it once the thread is done with it.
 */

#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "app.h"

/* Our event type for kore's loop; kore only calls evt.handle. */
#define APP_EVT_WORK 101

/* Threads a worker may start: the machines have two cores a node. */
#define APP_WORK_THREADS 2

struct app_work {
	TAILQ_ENTRY(app_work) list;
	void (*fn)(void *);
	void                *arg;
	struct http_request *req;
	/* The loop's alone: */
	int finished;
	int abandoned;
	void (*release)(void *);
	void *rarg;
};

TAILQ_HEAD(work_list, app_work);

static void  work_handle(void *, int);
static void *work_thread(void *);
static int   work_spawn(void);

static struct {
	struct kore_event evt; /* first: kore casts the event pointer */
	int               fd;
} waker = { .fd = -1 };

static pthread_mutex_t  lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t   cond = PTHREAD_COND_INITIALIZER;
static struct work_list todo = TAILQ_HEAD_INITIALIZER(todo);
static struct work_list done = TAILQ_HEAD_INITIALIZER(done);
static int              nthreads; /* started; the loop's alone */
static int              idle; /* threads waiting, under lock */
static int              queued; /* jobs on todo, under lock */

void
app_work_init(void)
{
	if ((waker.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) == -1)
		fatalx("%s: eventfd: %s", __func__, errno_s);
	waker.evt.type = APP_EVT_WORK;
	waker.evt.handle = work_handle;
	kore_platform_event_schedule(waker.fd, EPOLLIN, 0, &waker);
}

struct app_work *
app_work_submit(struct http_request *req, void (*fn)(void *), void *arg)
{
	struct app_work *w;
	int              spawn;

	w = kore_calloc(1, sizeof(*w));
	w->fn = fn;
	w->arg = arg;
	w->req = req;

	pthread_mutex_lock(&lock);
	TAILQ_INSERT_TAIL(&todo, w, list);
	queued++;
	spawn = queued > idle && nthreads < APP_WORK_THREADS;
	pthread_mutex_unlock(&lock);
	pthread_cond_signal(&cond);

	/*
	 * No thread waits: start one.  If none can be started, a busy one
	 * takes the job when it is done; with no thread at all, the job
	 * runs here rather than never.
	 */
	if (spawn && work_spawn() == -1 && nthreads == 0) {
		pthread_mutex_lock(&lock);
		TAILQ_REMOVE(&todo, w, list);
		queued--;
		pthread_mutex_unlock(&lock);
		w->fn(w->arg);
		w->finished = 1;
	}

	return (w);
}

int
app_work_finished(const struct app_work *w)
{
	return (w == NULL || w->finished);
}

void
app_work_free(struct app_work *w)
{
	if (w == NULL)
		return;
	if (!w->finished)
		fatalx("%s: the job still runs", __func__);
	kore_free(w);
}

void
app_work_abandon(struct app_work *w, void (*release)(void *), void *rarg)
{
	if (w->finished) {
		kore_free(w);
		release(rarg);
		return;
	}
	w->req = NULL;
	w->abandoned = 1;
	w->release = release;
	w->rarg = rarg;
}

static int
work_spawn(void)
{
	pthread_attr_t attr;
	pthread_t      tid;
	sigset_t       all, old;
	int            r;

	/* Signals are the event loop's: the thread blocks them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	r = pthread_create(&tid, &attr, work_thread, NULL);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r != 0) {
		kore_log(LOG_ERR, "work: pthread_create: %s", strerror(r));
		return (-1);
	}
	nthreads++;

	return (0);
}

static void *
work_thread(void *unused)
{
	struct app_work *w;
	uint64_t         one = 1;

	(void)unused;
	pthread_mutex_lock(&lock);
	for (;;) {
		idle++;
		while ((w = TAILQ_FIRST(&todo)) == NULL)
			pthread_cond_wait(&cond, &lock);
		idle--;
		queued--;
		TAILQ_REMOVE(&todo, w, list);
		pthread_mutex_unlock(&lock);

		w->fn(w->arg);

		pthread_mutex_lock(&lock);
		TAILQ_INSERT_TAIL(&done, w, list);
		/* A full counter (never, at 2^64 - 2) still leaves it readable.
		 */
		while (
		    write(waker.fd, &one, sizeof(one)) == -1 && errno == EINTR)
			;
	}

	return (NULL);
}

static void
work_handle(void *arg, int err)
{
	struct work_list ended = TAILQ_HEAD_INITIALIZER(ended);
	struct app_work *w;
	uint64_t         n;

	(void)arg;
	(void)err;
	waker.evt.flags = 0;
	while (read(waker.fd, &n, sizeof(n)) == -1 && errno == EINTR)
		;

	pthread_mutex_lock(&lock);
	TAILQ_CONCAT(&ended, &done, list);
	pthread_mutex_unlock(&lock);

	while ((w = TAILQ_FIRST(&ended)) != NULL) {
		TAILQ_REMOVE(&ended, w, list);
		w->finished = 1;
		if (w->abandoned) {
			w->release(w->rarg);
			kore_free(w);
		} else if (w->req != NULL) {
			http_request_wakeup(w->req);
		}
	}
}
