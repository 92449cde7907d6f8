/* user.c - tuki user add: create an account from the command line. */
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

static const char user_usage[] =
	"usage: tuki user add --email E --name N --role customer|agent|admin\n"
	"                     --password-stdin [--db URL]\n\n"
	"Creates an account. The password is read from the first line of standard\n"
	"input (at least 10 characters), never from the command line.\n";

struct user_args {
	const char *email, *name, *role;
	bool password_stdin, help;
};

static int parse(int argc, char **argv, struct config *cfg, struct user_args *a)
{
	for (int i = 2; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *err = NULL;
		if (strcmp(o, "--help") == 0)
			a->help = true;
		else if (strcmp(o, "--password-stdin") == 0)
			a->password_stdin = true;
		else if (v && strcmp(o, "--email") == 0)
			a->email = argv[++i];
		else if (v && strcmp(o, "--name") == 0)
			a->name = argv[++i];
		else if (v && strcmp(o, "--role") == 0)
			a->role = argv[++i];
		else if (v && strcmp(o, "--db") == 0 && config_set(cfg, "db", argv[++i], &err) == 0)
			continue;
		else {
			fprintf(stderr, "tuki user: bad option \"%s\"\n", o);
			free(err);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* Reads one line of at most ACCOUNT_PASSWORD_MAX bytes, newline removed. */
static int read_password(char *out, size_t n)
{
	if (!fgets(out, (int)n, stdin))
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int add(const struct config *cfg, const struct user_args *a)
{
	struct user_new u = {0};
	int role = role_parse(a->role);
	char pw[ACCOUNT_PASSWORD_MAX + 2];
	struct arena *ar = arena_new();
	const char *problem = role < 0 ? "unknown role" : NULL;
	if (!problem)
		problem = account_email_normalise(ar, a->email, &u.email);
	if (!problem)
		problem = account_name_check(ar, a->name, &u.name);
	if (!problem && read_password(pw, sizeof(pw)) < 0)
		problem = "no password on standard input";
	if (!problem)
		problem = account_password_check(pw);
	char hash[CRYPTO_PWHASH_MAX];
	if (!problem && crypto_password_hash(pw, hash) != 0)
		problem = "cannot hash the password";
	int rc = EXIT_FAIL;
	struct store *s = problem ? NULL : cli_store(cfg);
	if (problem)
		fprintf(stderr, "tuki user add: %s\n", problem);
	if (s) {
		u.role = (enum role)role;
		u.password_hash = hash;
		int64_t id;
		int e = store_user_create(s, &u, time(NULL), &id);
		if (e == TK_OK)
			printf("created %s account %s (id %lld)\n", a->role, u.email, (long long)id);
		else
			fprintf(stderr, "tuki user add: %s\n",
				e == TK_ECONFLICT ? "that email address is already registered"
						  : "cannot create the account");
		rc = e == TK_OK ? EXIT_OK : EXIT_FAIL;
		store_close(s);
	}
	arena_free(ar);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	struct config cfg;
	char *err = NULL;
	struct user_args a = {0};
	if (config_load(&cfg, &err) < 0) {
		fprintf(stderr, "tuki user: %s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	int rc = EXIT_USAGE;
	bool is_add = argc >= 2 && strcmp(argv[1], "add") == 0;
	if ((argc >= 2 && strcmp(argv[1], "--help") == 0) || (is_add && parse(argc, argv, &cfg, &a) == 0 && a.help)) {
		fputs(user_usage, stdout);
		rc = EXIT_OK;
	} else if (!is_add || a.help || !a.email || !a.name || !a.role || !a.password_stdin) {
		fputs(user_usage, stderr);
	} else {
		rc = add(&cfg, &a);
	}
	config_free(&cfg);
	return rc;
}
