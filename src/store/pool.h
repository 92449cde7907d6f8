/* pool.h - database connections shared by the server's worker threads.
 *
 * A request borrows one connection for its whole life and gives it back
 * when done; idle connections are kept (with their prepared statements)
 * up to the pool's size. */
#ifndef TUKI_STORE_POOL_H
#define TUKI_STORE_POOL_H

#include <stddef.h>

struct store;
struct store_pool;

struct store_pool *store_pool_new(const char *url, size_t max_idle);
void store_pool_free(struct store_pool *p);
/* A connection, or NULL when the database cannot be opened. */
struct store *store_pool_get(struct store_pool *p);
void store_pool_put(struct store_pool *p, struct store *s);

#endif
