/* test_queue.c - the queue's order, and the store's SQL agreeing with it. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "domain/queue.h"
#include "lib/arena.h"
#include "lib/crypto.h"
#include "store/store.h"

static int by_key(const void *a, const void *b)
{
	return queue_compare(a, b);
}

static void test_lanes_and_order(void)
{
	struct queue_key k[] = {
		{LANE_NORMAL, 1700, 100, 1},   /* normal, due at 1700 */
		{LANE_FAIR_USE, 1000, 50, 2},  /* earliest of all, but deprioritised */
		{LANE_PRIORITY, 2000, 300, 3}, /* priority, due late */
		{LANE_NORMAL, 1700, 90, 4},    /* same due, submitted earlier */
		{LANE_PRIORITY, 1500, 400, 5}, /* priority, due earlier */
		{LANE_NORMAL, 0, 10, 6},       /* no due time: last of its lane */
	};
	qsort(k, sizeof(k) / sizeof(k[0]), sizeof(k[0]), by_key);
	int64_t want[] = {5, 3, 4, 1, 6, 2};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK(k[i].id == want[i]);
	CHECK(queue_lane_of(true, false) == LANE_PRIORITY);
	CHECK(queue_lane_of(false, false) == LANE_NORMAL);
	CHECK(queue_lane_of(true, true) == LANE_FAIR_USE);
}

/* The store's queue list sorts as queue_compare does. */
static void test_store_agrees(void)
{
	char dir[] = "/tmp/tuki-test-queue-XXXXXX", url[300];
	struct store *s;
	char *err = NULL;
	CHECK(mkdtemp(dir) != NULL);
	snprintf(url, sizeof(url), "sqlite:%s/q.db", dir);
	CHECK(store_open(url, &s, &err) == 0 && store_migrate(s, NULL, NULL) == 0);
	struct user_new u = {.email = "c@example.com", .name = "C", .password_hash = "x"};
	int64_t cust;
	CHECK(store_user_create(s, &u, 1, &cust) == 0);
	int64_t dues[] = {5000, 3000, 0, 3000, 4000}, ids[5];
	for (int i = 0; i < 5; i++) {
		struct ticket_new t = {.customer_id = cust, .category_id = 1, .subject = "s", .body = "b"};
		CHECK(store_ticket_create(s, &t, 100 + i, &ids[i]) == 0);
		CHECK(store_ticket_set_due(s, ids[i], dues[i]) == 0);
	}
	/* A paid priority ticket, due later than every normal one. */
	struct ticket_new pt = {.customer_id = cust, .category_id = 1, .subject = "p", .body = "b",
				.awaiting_payment = true};
	int64_t pid, pay;
	CHECK(store_ticket_create(s, &pt, 200, &pid) == 0);
	CHECK(store_payment_create(s, pid, "test", 900, "eur", 200, &pay) == 0);
	CHECK(store_payment_transition(s, pay, PAY_PAID, 0, "evt", 300) == 0);
	CHECK(store_ticket_set_due(s, pid, 9000) == 0);
	struct arena *a = arena_new();
	struct ticket_filter f = {.status = -1, .queue = true, .limit = 10};
	struct ticket *t;
	size_t n;
	CHECK(store_ticket_list(s, a, &f, &t, &n) == 0 && n == 6);
	CHECK(n > 0 && t[0].id == pid); /* priority first, whatever its due time */
	for (size_t i = 1; i < n; i++) {
		struct queue_key x = {queue_lane_of(t[i - 1].priority, false), t[i - 1].due_at,
				      t[i - 1].waiting_since, t[i - 1].id};
		struct queue_key y = {queue_lane_of(t[i].priority, false), t[i].due_at,
				      t[i].waiting_since, t[i].id};
		CHECK(queue_compare(&x, &y) < 0);
	}
	/* Keyset pages of one walk the same order. */
	struct ticket_filter p = {.status = -1, .queue = true, .limit = 1};
	for (size_t i = 0; i < n; i++) {
		struct ticket *one;
		size_t k;
		CHECK(store_ticket_list(s, a, &p, &one, &k) == 0 && k == 1 && one[0].id == t[i].id);
		p.has_cursor = true;
		p.cursor_lane = one[0].priority ? 0 : 1;
		p.cursor_due = one[0].due_at;
		p.cursor_key = one[0].waiting_since;
		p.cursor_id = one[0].id;
	}
	arena_free(a);
	store_close(s);
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(url, sizeof(url), "%s/q.db%s", dir, suffix[i]);
		unlink(url);
	}
	rmdir(dir);
}

int main(void)
{
	if (crypto_init() < 0)
		return 1;
	RUN(test_lanes_and_order);
	RUN(test_store_agrees);
	return check_done();
}
