/* main.c - tuki: one binary, one table of subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/crypto.h"
#include "lib/markdown.h"
#include "payments/stripe.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"serve", cmd_serve, "run the web server"},
	{"migrate", cmd_migrate, "bring the database schema up to date"},
	{"user", cmd_user, "manage accounts (user add)"},
	{"token", cmd_token, "manage API tokens (token create, token revoke)"},
	{"demo", cmd_demo, "add demo accounts and content (idempotent)"},
	{"calendar", cmd_calendar, "when a ticket is due (calendar due --at TIME)"},
	{"kb", cmd_kb, "import or export the knowledge base (Markdown files)"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: tuki COMMAND [OPTIONS]   (tuki COMMAND --help for details)\n\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tuki %s\n", TUKI_VERSION);
		return EXIT_OK;
	}
	if (crypto_init() < 0) {
		fprintf(stderr, "tuki: cannot initialise libsodium\n");
		return EXIT_FAIL;
	}
	markdown_init();
	if (stripe_global_init() != 0) {
		fprintf(stderr, "tuki: cannot initialise libcurl\n");
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "tuki: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
