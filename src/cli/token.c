/* token.c - tuki token create|revoke: personal API tokens, shown once;
 * revoking takes every token of the account (a leaked token is rarely
 * known by its label). */
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
	"usage: tuki token create --email E [--name LABEL] [--db URL]\n"
	"       tuki token revoke --email E [--db URL]\n\n"
	"create makes a personal API token for the account and prints it. It is\n"
	"shown only this once: the database keeps a hash. Use it as\n"
	"  Authorization: Bearer TOKEN\n"
	"revoke deletes every API token of the account at once.\n";

/* The account of an email given on the command line; prints why not. */
static int find_account(struct store *s, struct arena *a, const char *cmd, const char *email_in,
			struct user *u)
{
	const char *email;
	if (account_email_normalise(a, email_in, &email)) {
		fprintf(stderr, "tuki token %s: not a valid email address\n", cmd);
		return -1;
	}
	if (store_user_by_email(s, a, email, u, NULL) != TK_OK) {
		fprintf(stderr, "tuki token %s: no account %s\n", cmd, email);
		return -1;
	}
	return 0;
}

static int revoke(const struct config *cfg, const char *email)
{
	struct arena *a = arena_new();
	struct store *s = cli_store(cfg);
	struct user u;
	int64_t n = 0;
	int rc = EXIT_FAIL;
	if (s && find_account(s, a, "revoke", email, &u) == 0) {
		if (store_token_revoke_user(s, u.id, &n) == TK_OK) {
			printf("revoked %lld API token%s of %s\n", (long long)n, n == 1 ? "" : "s", u.email);
			rc = EXIT_OK;
		} else {
			fprintf(stderr, "tuki token revoke: cannot delete the tokens\n");
		}
	}
	store_close(s);
	arena_free(a);
	return rc;
}

static int create(const struct config *cfg, const char *email, const char *label)
{
	struct arena *a = arena_new();
	int rc = EXIT_FAIL;
	struct store *s = cli_store(cfg);
	struct user u;
	if (!s || find_account(s, a, "create", email, &u) < 0)
		goto out;
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
	bool create_cmd = argc >= 2 && strcmp(argv[1], "create") == 0;
	bool valid = create_cmd || (argc >= 2 && strcmp(argv[1], "revoke") == 0), help = false;
	for (int i = 2; valid && i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--help") == 0)
			help = true;
		else if (v && strcmp(argv[i], "--email") == 0)
			email = argv[++i];
		else if (create_cmd && v && strcmp(argv[i], "--name") == 0)
			label = argv[++i];
		else if (!(v && strcmp(argv[i], "--db") == 0 && config_set(&cfg, "db", argv[++i], &err) == 0))
			valid = false;
	}
	if (help || (argc >= 2 && strcmp(argv[1], "--help") == 0)) {
		fputs(token_usage, stdout);
		rc = EXIT_OK;
	} else if (!valid || !email) {
		fputs(token_usage, stderr);
	} else {
		rc = create_cmd ? create(&cfg, email, label) : revoke(&cfg, email);
	}
	free(err);
	config_free(&cfg);
	return rc;
}
