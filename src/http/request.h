/* request.h - one HTTP exchange as handlers see it.
 *
 * The http layer turns a libmicrohttpd connection into a struct request
 * (everything validated and decoded, living in the request's arena) and
 * sends the struct response the handler filled. Nothing outside http/
 * includes <microhttpd.h>. */
#ifndef TUKI_HTTP_REQUEST_H
#define TUKI_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/form.h"

struct arena;
struct app;
struct store;
struct user;
struct calendar;
struct tz;

enum http_method {
	HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE,
	HTTP_OPTIONS, HTTP_OTHER, HTTP_METHOD__MAX
};

enum { ROUTE_MAX_PARAMS = 4, RESP_MAX_HEADERS = 16 };

struct request {
	struct arena *arena;
	enum http_method method;
	const char *method_name;
	const char *path;
	const char *remote_ip;
	bool tls;
	const char *body;          /* NUL-terminated, body_len bytes */
	size_t body_len;
	struct form query;
	struct form form;          /* urlencoded or multipart body fields */
	struct upload *uploads;    /* multipart files, in the order sent */
	size_t nuploads;
	const char *param_names[ROUTE_MAX_PARAMS];
	const char *param_values[ROUTE_MAX_PARAMS];
	size_t nparams;

	/* Filled by the application before the handler runs. */
	struct app *app;
	struct store *store;
	const struct user *user;   /* NULL: not logged in */
	bool via_bearer;           /* authenticated by an API token */
	const char *lang;          /* "en" or "fi" */
	const char *session_lang;  /* language chosen in this browser session */
	const char *session_token; /* raw cookie token, or NULL */
	const char *csrf;          /* the token forms must send back */
	struct calendar *calendar; /* loaded on first use (web/promise.c) */
	const struct tz *zone;     /* the viewer's time zone, loaded on first use */

	void *conn;                /* http layer only */
};

/* A file from a multipart/form-data body. Files over the size limit, or
 * beyond the count limit, are listed with their state and no data, so
 * the handler can name them while keeping the rest of the message. */
enum upload_state { UPLOAD_OK, UPLOAD_TOO_LARGE, UPLOAD_TOO_MANY, UPLOAD_EMPTY };

struct upload {
	const char *field;         /* form field name, e.g. "files" */
	const char *filename;      /* as the client sent it (valid UTF-8), unsanitised */
	const unsigned char *data; /* NULL unless state == UPLOAD_OK */
	size_t len;
	enum upload_state state;
};

struct resp_header {
	const char *name;
	const char *value;
};

struct response {
	int status;
	const char *content_type;
	struct buf body;                 /* owned, freed after sending */
	const void *static_body;         /* or borrowed bytes, e.g. a static file */
	size_t static_len;
	struct resp_header headers[RESP_MAX_HEADERS];
	size_t nheaders;
};

const char *req_header(const struct request *req, const char *name);
const char *req_cookie(const struct request *req, const char *name);
const char *req_param(const struct request *req, const char *name);
/* Form field (body) or, failing that, NULL. */
const char *req_form(const struct request *req, const char *name);
const char *req_query(const struct request *req, const char *name);
bool req_is_api(const struct request *req);

/* Adds a header; name and value must outlive the response (arena or
 * literal). Beyond RESP_MAX_HEADERS the header is dropped and logged. */
void resp_header(struct response *resp, const char *name, const char *value);
void resp_redirect(struct request *req, struct response *resp, const char *location);

enum http_method http_method_parse(const char *s);
const char *http_method_name(enum http_method m);

#endif
