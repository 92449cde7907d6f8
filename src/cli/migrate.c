/* migrate.c - tuki migrate, and the argument helpers all commands share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"
#include "store/store.h"

static bool allowed_name(const char *const *allowed, const char *name)
{
	for (; allowed && *allowed; allowed++)
		if (strcmp(*allowed, name) == 0)
			return true;
	return !allowed;
}

int cli_parse(int argc, char **argv, struct config *cfg, const char *const *allowed,
	      bool *help, int *first)
{
	int i = 1;
	*help = false;
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		char name[64];
		const char *arg = argv[i] + 2, *eq = strchr(arg, '='), *value;
		if (strcmp(arg, "help") == 0) {
			*help = true;
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
		if ((strcmp(name, "secure-cookies") == 0 || strcmp(name, "test-payments") == 0) && !eq)
			value = "1";
		else if (eq)
			value = eq + 1;
		else if (i + 1 < argc)
			value = argv[++i];
		else
			value = NULL;
		char *err = NULL;
		bool known = config_has(name) && allowed_name(allowed, name);
		if (!known || !value || config_set(cfg, name, value, &err) < 0) {
			fprintf(stderr, "tuki %s: %s\n", argv[0],
				err ? err : !known ? "unknown option" : "option needs a value");
			fprintf(stderr, "  (--%s; try tuki %s --help)\n", name, argv[0]);
			free(err);
			return EXIT_USAGE;
		}
	}
	*first = i;
	return 0;
}

struct store *cli_store(const struct config *cfg)
{
	struct store *s;
	char *err = NULL;
	if (store_open(cfg->db, &s, &err)) {
		fprintf(stderr, "tuki: %s\n", err ? err : "cannot open the database");
		free(err);
		return NULL;
	}
	if (store_migrate(s, NULL, NULL)) {
		fprintf(stderr, "tuki: cannot migrate %s\n", cfg->db);
		store_close(s);
		return NULL;
	}
	return s;
}

int cmd_migrate(int argc, char **argv)
{
	static const char *const allowed[] = {"db", NULL};
	struct config cfg;
	char *err = NULL;
	bool help;
	int first, rc = EXIT_FAIL;
	if (config_load(&cfg, &err) < 0) {
		fprintf(stderr, "tuki: %s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	if (cli_parse(argc, argv, &cfg, allowed, &help, &first) || first != argc) {
		fprintf(stderr, "usage: tuki migrate [--db URL]\n");
		rc = EXIT_USAGE;
		goto out;
	}
	if (help) {
		printf("usage: tuki migrate [--db URL]\n\n"
		       "Brings the database schema to the newest version. Safe to run\n"
		       "again: applied migrations are skipped. URL defaults to $TUKI_DB,\n"
		       "then sqlite:var/tuki.db.\n");
		rc = EXIT_OK;
		goto out;
	}
	struct store *s;
	if (store_open(cfg.db, &s, &err)) {
		fprintf(stderr, "tuki migrate: %s\n", err ? err : "cannot open the database");
		free(err);
		goto out;
	}
	int from, to;
	if (store_migrate(s, &from, &to) == 0) {
		printf("schema at version %d (was %d)\n", to, from);
		rc = EXIT_OK;
	} else {
		fprintf(stderr, "tuki migrate: migration failed\n");
	}
	store_close(s);
out:
	config_free(&cfg);
	return rc;
}
