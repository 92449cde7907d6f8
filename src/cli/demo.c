/* demo.c - tuki demo: demo accounts so a fresh install has someone to be.
 *
 * Idempotent: accounts that exist are left as they are. Later issues add
 * their own demo content (tickets, articles) here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "store/store.h"
#include "web/promise.h"

/* Documented in the README; for demos only. */
#define DEMO_PASSWORD "tuki-demo-password"

static const struct {
	const char *email, *name, *lang;
	enum role role;
} demo_users[] = {
	{"admin@example.com", "Aino Admin", "fi", ROLE_ADMIN},
	{"agent@example.com", "Ville Tukihenkilö", "fi", ROLE_AGENT},
	{"agent2@example.com", "Emma Support", "en", ROLE_AGENT},
	{"asiakas@example.com", "Matti Meikäläinen", "fi", ROLE_CUSTOMER},
	{"customer@example.com", "Jane Customer", "en", ROLE_CUSTOMER},
};

static int seed_users(struct store *s)
{
	char hash[CRYPTO_PWHASH_MAX];
	if (crypto_password_hash(DEMO_PASSWORD, hash) != 0)
		return -1;
	int created = 0;
	for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
		struct user_new u = {.email = demo_users[i].email, .name = demo_users[i].name,
				     .lang = demo_users[i].lang, .role = demo_users[i].role,
				     .password_hash = hash};
		int rc = store_user_create(s, &u, time(NULL), NULL);
		if (rc == TK_OK)
			created++;
		else if (rc != TK_ECONFLICT)
			return -1;
	}
	printf("demo accounts: %d created, %d already there (password: %s)\n", created,
	       (int)(sizeof(demo_users) / sizeof(demo_users[0])) - created, DEMO_PASSWORD);
	return 0;
}

/* Demo tickets: one per status, some with screenshots, so the desk is
 * not empty after make run. Seeded once: skipped when the demo customers
 * already have tickets. */
static const struct demo_ticket {
	const char *customer, *agent;
	int64_t category, age_hours;
	const char *subject, *body, *image, *reply, *note, *customer_reply;
	enum ticket_status status;
} demo_tickets[] = {
	{"asiakas@example.com", NULL, 3, 3, "Tilaus #1042 ei ole lähtenyt",
	 "Tilasin maanantaina, mutta tilaus on yhä tilassa \"käsittelyssä\". Milloin se lähtee?",
	 NULL, NULL, "Tarkista varastosaldo ennen vastausta.", NULL, TS_NEW},
	{"customer@example.com", "agent2@example.com", 2, 30, "Payment fails at checkout",
	 "Customers see a red error when they pay by card. Screenshot attached.",
	 "checkout-error.png", "Thanks, we can see the error. Checking with the payment provider.",
	 NULL, "It still happens this morning.", TS_OPEN},
	{"customer@example.com", "agent2@example.com", 4, 50, "How do I change my shop logo?",
	 "I uploaded a new logo but the old one still shows. Here is the new one.", "shop-logo.png",
	 "Which theme are you using? The logo is set per theme under Design > Theme settings.",
	 NULL, NULL, TS_WAITING},
	{"asiakas@example.com", "agent@example.com", 5, 80, "Verkkotunnuksen siirto",
	 "Haluan siirtää verkkotunnukseni kauppaani. Mitä tietoja tarvitsette?", NULL,
	 "Tarvitsemme siirtoavaimen nykyiseltä palveluntarjoajalta. Ohje: Asetukset > "
	 "Verkkotunnukset.", NULL, NULL, TS_SOLVED},
	{"customer@example.com", "agent@example.com", 6, 200, "Invoice address is wrong",
	 "My last invoice shows my old address.", NULL,
	 "Fixed: the next invoice uses the new address.", NULL, NULL, TS_CLOSED},
};

static int demo_file(const struct config *cfg, const char *name, struct buf *b)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/demo/%s", cfg->data_dir, name);
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;
	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(b, chunk, n);
	fclose(f);
	return 0;
}

static int64_t demo_user(struct store *s, struct arena *a, const char *email)
{
	struct user u;
	return email && store_user_by_email(s, a, email, &u, NULL) == 0 ? u.id : 0;
}

/* Files one demo ticket and plays its conversation up to its status. */
static int seed_ticket(struct store *s, struct arena *a, const struct config *cfg,
		       const struct demo_ticket *d, int64_t now)
{
	int64_t t0 = now - d->age_hours * 3600, id;
	int64_t customer = demo_user(s, a, d->customer), agent = demo_user(s, a, d->agent);
	struct buf img;
	buf_init(&img, 1 << 20);
	struct attachment_new file = {.filename = d->image, .content_type = "image/png"};
	struct ticket_new t = {.customer_id = customer, .category_id = d->category,
			       .subject = d->subject, .body = d->body};
	if (d->image && demo_file(cfg, d->image, &img) == 0) {
		file.data = img.data;
		file.size = img.len;
		t.files = &file;
		t.nfiles = 1;
	}
	int rc = store_ticket_create(s, &t, t0, &id);
	buf_free(&img);
	struct reply_new r = {.ticket_id = id, .author_id = agent, .status_after = -1};
	if (rc == 0 && d->note) {
		struct reply_new n = {.ticket_id = id, .author_id = demo_user(s, a, "agent@example.com"),
				      .internal = true, .body = d->note, .status_after = -1};
		rc = store_ticket_reply(s, &n, t0 + 600, NULL);
	}
	if (rc == 0 && d->reply) {
		r.body = d->reply;
		/* Open means the customer answered the question; closed
		 * tickets are solved first, as agents do. */
		r.status_after = d->status == TS_OPEN	  ? TS_WAITING
				 : d->status == TS_CLOSED ? TS_SOLVED
							  : (int)d->status;
		rc = store_ticket_reply(s, &r, t0 + 3600, NULL);
	}
	if (rc == 0 && d->customer_reply) {
		struct reply_new c = {.ticket_id = id, .author_id = customer, .by_customer = true,
				      .body = d->customer_reply, .status_after = -1};
		rc = store_ticket_reply(s, &c, t0 + 7200, NULL);
	}
	if (rc == 0 && d->status == TS_CLOSED)
		rc = store_ticket_set_status(s, id, agent, TS_CLOSED, t0 + 7200);
	return rc;
}

/* Due times as the server would have set them, from the calendar. */
static void seed_due_times(struct store *s, struct arena *a)
{
	struct calendar cal;
	char *err = NULL;
	struct ticket_filter f = {.status = -1, .queue = true, .limit = 100};
	struct ticket *t;
	size_t n;
	if (promise_calendar(s, a, &cal, &err) != 0 || store_ticket_list(s, a, &f, &t, &n) != 0) {
		free(err);
		return;
	}
	for (size_t i = 0; i < n; i++)
		store_ticket_set_due(s, t[i].id, calendar_due_normal(&cal, t[i].waiting_since));
}

static int seed_tickets(struct store *s, const struct config *cfg)
{
	struct arena *a = arena_new();
	struct ticket_filter f = {.customer_id = demo_user(s, a, "customer@example.com"),
				  .status = -1, .limit = 1};
	struct ticket *t;
	size_t n = 0;
	int rc = store_ticket_list(s, a, &f, &t, &n);
	size_t count = sizeof(demo_tickets) / sizeof(demo_tickets[0]);
	for (size_t i = 0; rc == 0 && n == 0 && i < count; i++)
		rc = seed_ticket(s, a, cfg, &demo_tickets[i], time(NULL));
	if (rc == 0 && n == 0)
		seed_due_times(s, a);
	if (rc == 0)
		printf("demo tickets: %s\n", n ? "already there" : "created");
	arena_free(a);
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	static const char *const allowed[] = {"db", NULL};
	struct config cfg;
	char *err = NULL;
	bool help;
	int first, rc = EXIT_USAGE;
	if (config_load(&cfg, &err) < 0) {
		fprintf(stderr, "tuki demo: %s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	if (cli_parse(argc, argv, &cfg, allowed, &help, &first) || first != argc) {
		fprintf(stderr, "usage: tuki demo [--db URL]\n");
	} else if (help) {
		printf("usage: tuki demo [--db URL]\n\nAdds demo accounts, tickets and the demo help "
		       "center (kb/en, kb/fi). Safe to run again.\n");
		rc = EXIT_OK;
	} else {
		struct store *s = cli_store(&cfg);
		rc = s && seed_users(s) == 0 && seed_tickets(s, &cfg) == 0 ? EXIT_OK : EXIT_FAIL;
		/* The demo help center: the same files `tuki kb import` reads,
		 * so re-running changes nothing. */
		for (size_t i = 0; rc == EXIT_OK && i < 2; i++) {
			char dir[4096];
			snprintf(dir, sizeof(dir), "%s/kb/%s", cfg.data_dir, i ? "fi" : "en");
			rc = cli_kb_import(&cfg, dir);
		}
		store_close(s);
	}
	config_free(&cfg);
	return rc;
}
