/* server.h - the HTTP server: libmicrohttpd with a thread pool on epoll.
 *
 * It accepts connections, enforces limits, serves static files, adds the
 * security headers to every response, writes the access log and hands
 * every other request to one application handler. */
#ifndef TUKI_HTTP_SERVER_H
#define TUKI_HTTP_SERVER_H

#include <stddef.h>

#include "http/request.h"

struct static_set;

typedef void (*http_handler)(void *ctx, struct request *req, struct response *resp);
/* Builds the error response for status (404, 413...) outside the app's
 * normal routing, e.g. an unknown static file or an oversized body. */
typedef void (*http_error_fn)(void *ctx, struct request *req, struct response *resp, int status);

struct http_config {
	const char *listen;        /* "HOST:PORT", "[::1]:PORT"; port 0 picks one */
	unsigned threads;
	size_t max_body;           /* bytes of a non-multipart request body */
	unsigned max_files;        /* files kept per multipart request */
	size_t max_file_size;      /* bytes per file */
	unsigned timeout;          /* idle seconds before a connection closes */
	const struct static_set *statics;
	http_handler handler;
	http_error_fn error;
	/* Before a multipart body is read: 0 to take it, or the status to
	 * answer instead (uploads only to routes that take them, only from
	 * callers who may), so nobody can make the server hold files first. */
	int (*accept_upload)(void *ctx, struct request *req);
	void *ctx;
};

struct http_server;

/* Starts serving; returns NULL with *err set (free() it) on failure. */
struct http_server *http_start(const struct http_config *cfg, char **err);
/* The bound port, useful after asking for port 0. */
int http_port(const struct http_server *srv);
/* Stops accepting, lets in-flight requests finish (up to grace seconds),
 * then stops the threads and frees the server. */
void http_stop(struct http_server *srv, unsigned grace);

#endif
