/* serve.c - tuki serve: run the web server until SIGTERM or SIGINT. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "config.h"
#include "http/server.h"
#include "lib/log.h"
#include "web/app.h"

static void serve_help(void)
{
	printf("usage: tuki serve [--listen HOST:PORT] [--db URL] [--secure-cookies] [OPTIONS]\n\n"
	       "Serves Tuki over HTTP, migrating the database first. Stops cleanly on\n"
	       "SIGTERM or SIGINT: requests in flight finish, nothing is half-written.\n\n");
	config_help(stdout);
}

/* Blocks the stop signals in every thread (the server's threads inherit
 * the mask) so that only sigwait() in the main thread receives them. */
static void block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	pthread_sigmask(SIG_BLOCK, set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int run(const struct config *cfg)
{
	struct app app;
	char *err = NULL;
	if (app_init(&app, cfg, &err) < 0) {
		fprintf(stderr, "tuki serve: %s\n", err ? err : "start-up failed");
		free(err);
		app_free(&app);
		return EXIT_FAIL;
	}
	sigset_t set;
	block_signals(&set);
	struct http_config hc = {
		.listen = cfg->listen, .threads = (unsigned)cfg->threads,
		.max_body = (size_t)cfg->max_body, .max_files = (unsigned)cfg->max_files,
		.max_file_size = (size_t)cfg->max_file_size, .timeout = 30, .statics = app.statics,
		.handler = app_handle, .error = app_error_status,
		.accept_upload = app_accept_upload, .ctx = &app,
	};
	struct http_server *srv = http_start(&hc, &err);
	if (!srv) {
		fprintf(stderr, "tuki serve: %s\n", err ? err : "cannot start");
		free(err);
		app_free(&app);
		return EXIT_FAIL;
	}
	const char *colon = strrchr(cfg->listen, ':');
	fprintf(stderr, "tuki: listening on http://%.*s:%d\n", (int)(colon - cfg->listen),
		cfg->listen, http_port(srv));
	int sig;
	sigwait(&set, &sig);
	log_info("signal %d: finishing requests and stopping", sig);
	http_stop(srv, 10);
	app_free(&app);
	log_info("stopped");
	return EXIT_OK;
}

int cmd_serve(int argc, char **argv)
{
	struct config cfg;
	char *err = NULL;
	bool help;
	int first;
	if (config_load(&cfg, &err) < 0) {
		fprintf(stderr, "tuki serve: %s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	int rc = cli_parse(argc, argv, &cfg, NULL, &help, &first);
	if (rc == 0 && first != argc) {
		fprintf(stderr, "tuki serve: unexpected argument \"%s\"\n", argv[first]);
		rc = EXIT_USAGE;
	}
	if (rc == 0 && help)
		serve_help();
	else if (rc == 0)
		rc = run(&cfg);
	config_free(&cfg);
	return rc;
}
