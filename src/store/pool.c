/* pool.c - a mutex-protected stack of idle connections. */
#include "store/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "store/store.h"

struct store_pool {
	pthread_mutex_t lock;
	char *url;
	size_t n, max;
	struct store **idle;
};

struct store_pool *store_pool_new(const char *url, size_t max_idle)
{
	struct store_pool *p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	pthread_mutex_init(&p->lock, NULL);
	p->url = strdup(url);
	p->max = max_idle ? max_idle : 1;
	p->idle = calloc(p->max, sizeof(*p->idle));
	if (!p->url || !p->idle)
		abort();
	return p;
}

void store_pool_free(struct store_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		store_close(p->idle[i]);
	pthread_mutex_destroy(&p->lock);
	free(p->idle);
	free(p->url);
	free(p);
}

struct store *store_pool_get(struct store_pool *p)
{
	struct store *s = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->n > 0)
		s = p->idle[--p->n];
	pthread_mutex_unlock(&p->lock);
	if (s)
		return s;
	char *err = NULL;
	if (store_open(p->url, &s, &err) != 0) {
		log_error("database: %s", err ? err : "cannot open");
		free(err);
		return NULL;
	}
	return s;
}

void store_pool_put(struct store_pool *p, struct store *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&p->lock);
	if (p->n < p->max) {
		p->idle[p->n++] = s;
		s = NULL;
	}
	pthread_mutex_unlock(&p->lock);
	store_close(s);
}
