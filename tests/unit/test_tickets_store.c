/* test_tickets_store.c - tickets, replies, queue order, assignment and
 * events in the SQLite store. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "lib/arena.h"
#include "lib/crypto.h"
#include "lib/err.h"
#include "store/store.h"

static char dir[] = "/tmp/tuki-test-tickets-XXXXXX";
static struct store *s;
static int64_t customer, agent, agent2;

static int64_t user(const char *email, enum role role)
{
	struct user_new u = {.email = email, .name = email, .password_hash = "x", .role = role};
	int64_t id = 0;
	CHECK(store_user_create(s, &u, 1, &id) == 0);
	return id;
}

static int64_t ticket(const char *subject, int64_t now)
{
	static const char png[] = "\x89PNG\r\n\x1a\nfake";
	struct attachment_new f = {.filename = "shot.png", .content_type = "image/png",
				   .data = png, .size = sizeof(png) - 1};
	struct ticket_new t = {.customer_id = customer, .category_id = 1, .subject = subject,
			       .body = "Help", .files = &f, .nfiles = 1};
	int64_t id = 0;
	CHECK(store_ticket_create(s, &t, now, &id) == 0 && id > 0);
	return id;
}

static void test_create_with_attachment(void)
{
	struct arena *a = arena_new();
	int64_t id = ticket("First", 1000);
	struct ticket t;
	CHECK(store_ticket_get(s, a, id, &t) == 0);
	CHECK(t.status == TS_NEW && t.waiting_since == 1000 && t.customer_id == customer);
	CHECK_STR(t.category_en, "Orders");
	struct attachment *x;
	size_t n;
	CHECK(store_attachment_list(s, a, id, false, &x, &n) == 0 && n == 1);
	struct attachment full;
	CHECK(store_attachment_get(s, a, x[0].id, &full) == 0);
	CHECK(full.size == 12 && memcmp(full.data, "\x89PNG", 4) == 0);
	uint8_t sum[32];
	crypto_sha256(full.data, (size_t)full.size, sum);
	CHECK(memcmp(sum, full.sha256, 32) == 0);
	struct ticket_new bad = {.customer_id = customer, .category_id = 999, .subject = "x",
				 .body = "y"};
	int64_t none;
	CHECK(store_ticket_create(s, &bad, 1000, &none) != 0); /* unknown category */
	arena_free(a);
}

static void test_reply_rules(void)
{
	struct arena *a = arena_new();
	int64_t id = ticket("Replies", 2000);
	struct reply_new r = {.ticket_id = id, .author_id = agent, .body = "On it",
			      .status_after = TS_WAITING};
	struct ticket t;
	CHECK(store_ticket_reply(s, &r, 2100, NULL) == 0);
	CHECK(store_ticket_get(s, a, id, &t) == 0 && t.status == TS_WAITING && t.waiting_since == 0);
	struct reply_new c = {.ticket_id = id, .author_id = customer, .by_customer = true,
			      .body = "More info", .status_after = -1};
	CHECK(store_ticket_reply(s, &c, 2200, NULL) == 0);
	CHECK(store_ticket_get(s, a, id, &t) == 0 && t.status == TS_OPEN && t.waiting_since == 2200);
	struct reply_new note = {.ticket_id = id, .author_id = agent, .internal = true,
				 .body = "secret", .status_after = -1};
	CHECK(store_ticket_reply(s, &note, 2300, NULL) == 0);
	struct message *m;
	size_t n, nall;
	CHECK(store_message_list(s, a, id, false, &m, &n) == 0);
	CHECK(store_message_list(s, a, id, true, &m, &nall) == 0);
	CHECK(n == 3 && nall == 4);
	CHECK(store_ticket_set_status(s, id, agent, TS_CLOSED, 2400) == 0);
	CHECK(store_ticket_reply(s, &c, 2500, NULL) == TK_ECONFLICT);
	CHECK(store_ticket_set_status(s, id, agent, TS_OPEN, 2500) == TK_EINVALID);
	struct ticket_event *e;
	size_t ne, ne_all;
	CHECK(store_event_list(s, a, id, false, &e, &ne) == 0);
	CHECK(store_event_list(s, a, id, true, &e, &ne_all) == 0);
	CHECK(ne_all == ne + 1); /* the note's event is hidden from customers */
	CHECK_STR(e[0].kind, "created");
	arena_free(a);
}

static void test_queue_order_and_cursor(void)
{
	struct arena *a = arena_new();
	int64_t late = ticket("Late", 5000), early = ticket("Early", 4000);
	struct ticket_filter f = {.status = -1, .queue = true, .limit = 100};
	struct ticket *t;
	size_t n;
	CHECK(store_ticket_list(s, a, &f, &t, &n) == 0 && n >= 2);
	size_t ie = n, il = n;
	for (size_t i = 0; i < n; i++) {
		CHECK(t[i].status == TS_NEW || t[i].status == TS_OPEN);
		if (i)
			CHECK(t[i - 1].waiting_since <= t[i].waiting_since);
		if (t[i].id == early)
			ie = i;
		if (t[i].id == late)
			il = i;
	}
	CHECK(ie < il && il < n);
	/* Keyset pages of one walk the same rows. */
	struct ticket_filter p = {.status = -1, .queue = true, .limit = 1};
	size_t seen = 0;
	for (;;) {
		struct ticket *page;
		size_t k;
		CHECK(store_ticket_list(s, a, &p, &page, &k) == 0);
		if (k == 0 || seen >= n)
			break;
		CHECK(page[0].id == t[seen].id);
		seen++;
		p.has_cursor = true;
		p.cursor_key = page[0].waiting_since;
		p.cursor_id = page[0].id;
		p.cursor_lane = page[0].priority ? 0 : 1;
		p.cursor_due = page[0].due_at;
	}
	CHECK(seen == n);
	int64_t counts[TS__MAX];
	CHECK(store_ticket_counts(s, 0, counts) == 0 && counts[TS_NEW] >= 2);
	arena_free(a);
}

static void test_take_release(void)
{
	struct arena *a = arena_new();
	int64_t id = ticket("Take me", 6000), holder = 0;
	const char *name = NULL;
	CHECK(store_ticket_take(s, a, id, agent, 6001, &holder, &name) == 0);
	CHECK(store_ticket_take(s, a, id, agent, 6002, &holder, &name) == 0); /* again: fine */
	CHECK(store_ticket_take(s, a, id, agent2, 6003, &holder, &name) == TK_ECONFLICT);
	CHECK(holder == agent && name && strcmp(name, "agent@example.com") == 0);
	CHECK(store_ticket_release(s, a, id, agent2, 6004, &holder, &name) == TK_ECONFLICT);
	CHECK(store_ticket_release(s, a, id, agent, 6005, &holder, &name) == 0);
	CHECK(store_ticket_take(s, a, id, agent2, 6006, &holder, &name) == 0);
	struct ticket t;
	CHECK(store_ticket_get(s, a, id, &t) == 0 && t.assignee_id == agent2);
	arena_free(a);
}

/* An unpaid priority ticket stays out of the queue whatever happens to
 * it until its payment is confirmed. */
static void test_unpaid_stays_out(void)
{
	struct arena *a = arena_new();
	struct ticket_new t = {.customer_id = customer, .category_id = 1, .subject = "Urgent",
			       .body = "Now", .awaiting_payment = true};
	int64_t id = 0;
	CHECK(store_ticket_create(s, &t, 7000, &id) == 0);
	struct ticket got;
	CHECK(store_ticket_get(s, a, id, &got) == 0 && got.waiting_since == 0);
	CHECK(got.payment_state == PAY_PENDING);
	struct reply_new r = {.ticket_id = id, .author_id = customer, .by_customer = true,
			      .body = "Still there?", .status_after = -1};
	CHECK(store_ticket_reply(s, &r, 7100, NULL) == 0);
	CHECK(store_ticket_set_status(s, id, agent, TS_OPEN, 7200) == 0);
	CHECK(store_ticket_get(s, a, id, &got) == 0 && got.waiting_since == 0);
	int64_t pay;
	CHECK(store_payment_create(s, id, "test", 900, "eur", 7300, &pay) == 0);
	CHECK(store_payment_transition(s, pay, PAY_PAID, 0, "evt_1", 7400) == 0);
	CHECK(store_payment_transition(s, pay, PAY_PAID, 0, "evt_1", 7500) != 0); /* once */
	CHECK(store_ticket_get(s, a, id, &got) == 0 && got.waiting_since == 7400 && got.priority);
	arena_free(a);
}

/* The first due time a ticket was given stays for the reports after the
 * live one changes or ends with the answer. */
static void test_first_due_kept(void)
{
	struct arena *a = arena_new();
	int64_t id = ticket("Promise kept?", 90000);
	CHECK(store_ticket_set_due(s, id, 0) == 0);          /* none yet: nothing kept */
	CHECK(store_ticket_set_due(s, id, 95000) == 0);
	CHECK(store_ticket_set_due(s, id, 99000) == 0);
	CHECK(store_ticket_set_due(s, id, 0) == 0);
	struct first_response *rows;
	size_t n = 0;
	CHECK(store_first_responses(s, a, 90000, 10, &rows, &n) == 0 && n == 1);
	CHECK(n == 1 && rows[0].ticket_id == id && rows[0].first_due_at == 95000);
	arena_free(a);
}

int main(void)
{
	char url[300];
	char *err = NULL;
	if (!mkdtemp(dir) || crypto_init() < 0)
		return 1;
	snprintf(url, sizeof(url), "sqlite:%s/t.db", dir);
	if (store_open(url, &s, &err) || store_migrate(s, NULL, NULL))
		return 1;
	customer = user("customer@example.com", ROLE_CUSTOMER);
	agent = user("agent@example.com", ROLE_AGENT);
	agent2 = user("agent2@example.com", ROLE_AGENT);
	RUN(test_create_with_attachment);
	RUN(test_reply_rules);
	RUN(test_queue_order_and_cursor);
	RUN(test_take_release);
	RUN(test_unpaid_stays_out);
	RUN(test_first_due_kept);
	store_close(s);
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(url, sizeof(url), "%s/t.db%s", dir, suffix[i]);
		unlink(url);
	}
	rmdir(dir);
	return check_done();
}
