/* token.c - tuki token create: a personal API token, shown once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "config.h"
#include "domain/account.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "store/store.h"

static const char token_usage[] =
	"usage: tuki token create --email E [--name LABEL] [--db URL]\n\n"
	"Creates a personal API token for the account and prints it. It is shown\n"
	"only this once: the database keeps a hash. Use it as\n"
	"  Authorization: Bearer TOKEN\n";

static int create(const struct config *cfg, const char *email_in, const char *label)
{
	struct arena *a = arena_new();
	const char *email;
	int rc = EXIT_FAIL;
	struct store *s = NULL;
	if (account_email_normalise(a, email_in, &email)) {
		fprintf(stderr, "tuki token create: not a valid email address\n");
		goto out;
	}
	if (!(s = cli_store(cfg)))
		goto out;
	struct user u;
	if (store_user_by_email(s, a, email, &u, NULL) != TK_OK) {
		fprintf(stderr, "tuki token create: no account %s\n", email);
		goto out;
	}
	char raw[CRYPTO_TOKEN_CHARS], token[CRYPTO_TOKEN_CHARS + 8];
	crypto_token_new(raw);
	snprintf(token, sizeof(token), "tuki_%s", raw);
	uint8_t hash[CRYPTO_HASH_BYTES];
	crypto_token_hash(token, hash);
	if (store_token_create(s, u.id, label, hash, time(NULL), NULL) != TK_OK) {
		fprintf(stderr, "tuki token create: cannot store the token\n");
		goto out;
	}
	printf("%s\n", token);
	rc = EXIT_OK;
out:
	store_close(s);
	arena_free(a);
	return rc;
}

int cmd_token(int argc, char **argv)
{
	struct config cfg;
	char *err = NULL;
	const char *email = NULL, *label = "api";
	int rc = EXIT_USAGE;
	if (config_load(&cfg, &err) < 0) {
		fprintf(stderr, "tuki token: %s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	bool create_cmd = argc >= 2 && strcmp(argv[1], "create") == 0, help = false;
	for (int i = 2; create_cmd && i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--help") == 0)
			help = true;
		else if (v && strcmp(argv[i], "--email") == 0)
			email = argv[++i];
		else if (v && strcmp(argv[i], "--name") == 0)
			label = argv[++i];
		else if (!(v && strcmp(argv[i], "--db") == 0 && config_set(&cfg, "db", argv[++i], &err) == 0))
			create_cmd = false;
	}
	if (help || (argc >= 2 && strcmp(argv[1], "--help") == 0)) {
		fputs(token_usage, stdout);
		rc = EXIT_OK;
	} else if (!create_cmd || !email) {
		fputs(token_usage, stderr);
	} else {
		rc = create(&cfg, email, label);
	}
	free(err);
	config_free(&cfg);
	return rc;
}
