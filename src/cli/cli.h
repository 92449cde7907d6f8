/* cli.h - the tuki subcommands.
 *
 * Each command parses its own arguments, prints --help, and returns an
 * exit status: 0 ok, 1 failure, 2 usage error. */
#ifndef TUKI_CLI_H
#define TUKI_CLI_H

#include <stdbool.h>

struct config;
struct store;

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_kb(int argc, char **argv);

/* Parses "--name value", "--name=value" and bare boolean flags named in
 * bools into cfg; "--help" sets *help. allowed lists the option names
 * this command accepts (NULL-terminated; NULL: every config option).
 * Returns 0, or EXIT_USAGE after printing why. Non-option arguments are
 * left in argv[*first..argc). */
int cli_parse(int argc, char **argv, struct config *cfg, const char *const *allowed,
	      bool *help, int *first);
/* Imports the Markdown articles of dir (tuki kb import); prints its
 * summary. Returns an exit status. */
int cli_kb_import(const struct config *cfg, const char *dir);
/* Opens cfg->db and migrates it; prints the error and returns NULL on
 * failure. */
struct store *cli_store(const struct config *cfg);

#endif
