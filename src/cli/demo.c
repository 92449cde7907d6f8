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
#include "lib/err.h"
#include "store/store.h"

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
		printf("usage: tuki demo [--db URL]\n\nAdds demo accounts (and later demo "
		       "content). Safe to run again.\n");
		rc = EXIT_OK;
	} else {
		struct store *s = cli_store(&cfg);
		rc = s && seed_users(s) == 0 ? EXIT_OK : EXIT_FAIL;
		store_close(s);
	}
	config_free(&cfg);
	return rc;
}
