/* config.h - every setting of a Tuki process, declared in one table.
 *
 * Each option has a default, an environment variable and bounds (the
 * Redis habit); `tuki serve --help` prints the table. Command-line flags
 * override the environment. Loaded once at start-up, read-only after. */
#ifndef TUKI_CONFIG_H
#define TUKI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct config {
	char *listen;
	char *db;
	char *data_dir;        /* templates/ and static/ live below it */
	char *locale_dir;      /* compiled catalogs: fi.mo */
	long threads;
	long max_body;
	long max_files;
	long max_file_size;
	long login_max_failures;
	long login_max_failures_ip;
	long session_days;
	long assist_rate_limit;
	long register_rate_limit;
	char *public_url;          /* where customers reach us: payment return links */
	char *stripe_secret_key;   /* empty: the built-in test payment provider */
	char *stripe_webhook_secret;
	char *stripe_api_base;
	bool test_payments;
	char *trusted_proxies;     /* comma-separated addresses, or "-" */        /* the built-in test provider (demos, tests) */
	bool secure_cookies;
};

/* Defaults, then the environment. Returns 0 or -1 with *err set. */
int config_load(struct config *cfg, char **err);
/* Sets option name (as in the table, e.g. "listen") from text. */
int config_set(struct config *cfg, const char *name, const char *value, char **err);
/* True when name is an option of the table. */
bool config_has(const char *name);
void config_free(struct config *cfg);
void config_help(FILE *out);

#endif
