/* config.c - the option table and its parser. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum opt_type { OPT_STR, OPT_LONG, OPT_BOOL };

static const struct option_def {
	const char *name;
	const char *env;
	enum opt_type type;
	size_t offset;
	const char *def;
	long min, max;
	const char *help;
} options[] = {
	{"listen", "TUKI_LISTEN", OPT_STR, offsetof(struct config, listen), "127.0.0.1:8080",
	 0, 0, "address to serve on, HOST:PORT (port 0 picks a free one)"},
	{"db", "TUKI_DB", OPT_STR, offsetof(struct config, db), "sqlite:var/tuki.db", 0, 0,
	 "database URL: sqlite:PATH"},
	{"data-dir", "TUKI_DATA_DIR", OPT_STR, offsetof(struct config, data_dir), TUKI_SRCDIR,
	 0, 0, "directory holding templates/ and static/"},
	{"locale-dir", "TUKI_LOCALE_DIR", OPT_STR, offsetof(struct config, locale_dir),
	 TUKI_BUILDDIR, 0, 0, "directory holding the compiled catalogs (fi.mo)"},
	{"threads", "TUKI_THREADS", OPT_LONG, offsetof(struct config, threads), "8", 1, 256,
	 "HTTP worker threads"},
	{"max-body", "TUKI_MAX_BODY", OPT_LONG, offsetof(struct config, max_body), "1048576",
	 1024, 1L << 30, "largest request body in bytes"},
	{"max-files", "TUKI_MAX_FILES", OPT_LONG, offsetof(struct config, max_files), "5", 0, 50,
	 "attachments per message"},
	{"max-file-size", "TUKI_MAX_FILE_SIZE", OPT_LONG, offsetof(struct config, max_file_size),
	 "10485760", 1024, 1L << 30, "largest attachment in bytes"},
	{"login-max-failures", "TUKI_LOGIN_MAX_FAILURES", OPT_LONG,
	 offsetof(struct config, login_max_failures), "5", 1, 1000,
	 "failed log-ins per account before it is throttled"},
	{"login-max-failures-ip", "TUKI_LOGIN_MAX_FAILURES_IP", OPT_LONG,
	 offsetof(struct config, login_max_failures_ip), "20", 1, 100000,
	 "failed log-ins per client address before it is throttled"},
	{"session-days", "TUKI_SESSION_DAYS", OPT_LONG, offsetof(struct config, session_days),
	 "14", 1, 365, "days a log-in lasts"},
	{"assist-rate-limit", "TUKI_ASSIST_RATE_LIMIT", OPT_LONG,
	 offsetof(struct config, assist_rate_limit), "60", 1, 100000,
	 "assistant queries per minute from one address without a log-in"},
	{"register-rate-limit", "TUKI_REGISTER_RATE_LIMIT", OPT_LONG,
	 offsetof(struct config, register_rate_limit), "50", 1, 1000000,
	 "new accounts per hour from one address"},
	{"public-url", "TUKI_PUBLIC_URL", OPT_STR, offsetof(struct config, public_url),
	 "http://127.0.0.1:8080", 0, 0, "the address customers use, for links back from payments"},
	{"stripe-secret-key", "TUKI_STRIPE_SECRET_KEY", OPT_STR,
	 offsetof(struct config, stripe_secret_key), "-", 0, 0,
	 "Stripe secret key; \"-\" uses the built-in test payment provider"},
	{"stripe-webhook-secret", "TUKI_STRIPE_WEBHOOK_SECRET", OPT_STR,
	 offsetof(struct config, stripe_webhook_secret), "-", 0, 0,
	 "Stripe webhook signing secret (whsec_...)"},
	{"stripe-api-base", "TUKI_STRIPE_API_BASE", OPT_STR, offsetof(struct config, stripe_api_base),
	 "https://api.stripe.com", 0, 0, "Stripe API address (a local fake in tests)"},
	{"test-payments", "TUKI_TEST_PAYMENTS", OPT_BOOL, offsetof(struct config, test_payments),
	 "0", 0, 0, "offer priority with the built-in test payment provider (no money moves)"},
	{"trusted-proxies", "TUKI_TRUSTED_PROXIES", OPT_STR,
	 offsetof(struct config, trusted_proxies), "-", 0, 0,
	 "addresses of reverse proxies whose X-Forwarded-For names the client (comma-separated)"},
	{"secure-cookies", "TUKI_SECURE_COOKIES", OPT_BOOL,
	 offsetof(struct config, secure_cookies), "0", 0, 0,
	 "mark the session cookie Secure (behind a TLS proxy)"},
};

enum { NOPTIONS = sizeof(options) / sizeof(options[0]) };

static int fail(char **err, const char *name, const char *why)
{
	if (asprintf(err, "option %s: %s", name, why) < 0)
		*err = NULL;
	return -1;
}

static int set_one(struct config *cfg, const struct option_def *o, const char *value, char **err)
{
	void *field = (char *)cfg + o->offset;
	char *end;
	long n;
	switch (o->type) {
	case OPT_STR:
		if (!*value)
			return fail(err, o->name, "must not be empty");
		free(*(char **)field);
		*(char **)field = strdup(value);
		return 0;
	case OPT_LONG:
		errno = 0;
		n = strtol(value, &end, 10);
		if (errno || end == value || *end || n < o->min || n > o->max)
			return fail(err, o->name, "not a number in range");
		*(long *)field = n;
		return 0;
	case OPT_BOOL:
		if (strcmp(value, "1") && strcmp(value, "0") && strcmp(value, "true") &&
		    strcmp(value, "false"))
			return fail(err, o->name, "must be 1/0/true/false");
		*(bool *)field = value[0] == '1' || value[0] == 't';
		return 0;
	}
	return -1;
}

int config_set(struct config *cfg, const char *name, const char *value, char **err)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strcmp(options[i].name, name) == 0)
			return set_one(cfg, &options[i], value, err);
	return fail(err, name, "unknown option");
}

int config_load(struct config *cfg, char **err)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < NOPTIONS; i++) {
		const char *env = getenv(options[i].env);
		if (set_one(cfg, &options[i], options[i].def, err) < 0)
			return -1;
		if (env && set_one(cfg, &options[i], env, err) < 0)
			return -1;
	}
	return 0;
}

bool config_has(const char *name)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strcmp(options[i].name, name) == 0)
			return true;
	return false;
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].type == OPT_STR)
			free(*(char **)((char *)cfg + options[i].offset));
}

void config_help(FILE *out)
{
	fprintf(out, "Settings (flag, environment variable, default):\n");
	for (size_t i = 0; i < NOPTIONS; i++)
		fprintf(out, "  --%-22s %-28s %s\n      %s\n", options[i].name, options[i].env,
			options[i].def, options[i].help);
}
