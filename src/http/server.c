/* server.c - libmicrohttpd glue: connections in, struct request out. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http/multipart.h"
#include "http/static.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/log.h"

enum { RESP_MAX_BODY = 32 << 20, DISCARD_MAX = 64 << 20 };

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_config cfg;
	int fd;
	int port;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	unsigned inflight;
};

/* Per-request state, from the first callback to the completion one. */
struct exchange {
	struct request req;
	struct response resp;
	struct buf body;
	int started;
	int refuse;                /* status answered instead of the handler; body dropped */
	struct multipart *mp;      /* multipart/form-data: parsed, not buffered */
	size_t discarded;          /* body bytes dropped past the limit */
	int queued;
	struct timespec start;
};

/* Every response gets these: no inline script or style anywhere, no
 * framing, no MIME sniffing, no referrer leaks to other sites. */
static const struct resp_header security_headers[] = {
	{"Content-Security-Policy",
	 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
};

static void inflight_add(struct http_server *srv, int delta)
{
	pthread_mutex_lock(&srv->lock);
	srv->inflight += (unsigned)delta;
	if (srv->inflight == 0)
		pthread_cond_broadcast(&srv->idle);
	pthread_mutex_unlock(&srv->lock);
}

static int has_header(const struct response *resp, const char *name)
{
	for (size_t i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return 1;
	return 0;
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct exchange *x)
{
	struct response *resp = &x->resp;
	struct MHD_Response *r;
	if (resp->static_body)
		r = MHD_create_response_from_buffer(resp->static_len, (void *)resp->static_body,
						    MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(resp->body.len, resp->body.data,
						    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	for (size_t i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]); i++)
		if (!has_header(resp, security_headers[i].name))
			MHD_add_response_header(r, security_headers[i].name,
						security_headers[i].value);
	for (size_t i = 0; i < resp->nheaders; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	if (resp->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	x->queued = 1;
	return ret;
}

static const char *client_ip(struct arena *a, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN] = "-";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof(ip));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof(ip));
	}
	return arena_strdup(a, ip);
}

static struct exchange *exchange_new(struct http_server *srv, struct MHD_Connection *conn)
{
	struct exchange *x = calloc(1, sizeof(*x));
	if (!x)
		abort();
	clock_gettime(CLOCK_MONOTONIC, &x->start);
	x->req.arena = arena_new();
	x->req.conn = conn;
	x->req.path = "";
	x->req.method_name = "-";
	x->resp.status = 200;
	buf_init(&x->resp.body, RESP_MAX_BODY);
	buf_init(&x->body, srv->cfg.max_body);
	inflight_add(srv, 1);
	return x;
}

/* First call for a request: method, path and client are known now. */
static void exchange_begin(struct exchange *x, struct MHD_Connection *conn, const char *url,
			   const char *method)
{
	x->started = 1;
	x->req.method_name = arena_strdup(x->req.arena, method);
	x->req.method = http_method_parse(method);
	x->req.path = arena_strdup(x->req.arena, url);
	x->req.remote_ip = client_ip(x->req.arena, conn);
}

/* Content-Length over the limit is refused before reading the body. */
static int declared_too_large(struct MHD_Connection *conn, size_t max)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!cl)
		return 0;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(cl, &end, 10);
	return errno != 0 || *end != '\0' || n > max;
}

/* Before the body: a declared length over the cap marks the exchange
 * too large. A multipart/form-data body gets its own, larger cap (room
 * for the files) and a parser, as it is parsed while it arrives and
 * never buffered whole. */
static void body_begin(struct http_server *srv, struct exchange *x)
{
	int multipart = multipart_is(req_header(&x->req, MHD_HTTP_HEADER_CONTENT_TYPE));
	size_t max = multipart ? multipart_max_body(&srv->cfg) : srv->cfg.max_body;
	if (declared_too_large(x->req.conn, max))
		x->refuse = 413;
	else if (multipart && srv->cfg.accept_upload &&
		 (x->refuse = srv->cfg.accept_upload(srv->cfg.ctx, &x->req)) != 0)
		return; /* not to this route, or not from this caller: not parsed */
	else if (multipart)
		x->mp = multipart_new(&x->req, &srv->cfg);
}

static void serve_static(struct http_server *srv, struct exchange *x)
{
	struct request *req = &x->req;
	struct response *resp = &x->resp;
	const struct static_file *f = static_find(srv->cfg.statics, req->path + 8);
	if (!f || (req->method != HTTP_GET && req->method != HTTP_HEAD)) {
		srv->cfg.error(srv->cfg.ctx, req, resp, f ? 405 : 404);
		if (f)
			resp_header(resp, "Allow", "GET, HEAD");
		return;
	}
	resp_header(resp, "ETag", f->etag);
	resp_header(resp, "Cache-Control", "public, max-age=3600, must-revalidate");
	const char *inm = req_header(req, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm && strstr(inm, f->etag)) {
		resp->status = 304;
		return;
	}
	resp->content_type = f->content_type;
	resp->static_body = f->data;
	resp->static_len = f->len;
}

struct query_walk {
	struct request *req;
	int rc;
};

static enum MHD_Result query_field(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct query_walk *w = cls;
	(void)kind;
	if (w->req->query.n >= FORM_MAX_FIELDS) {
		w->rc = TK_ETOOLARGE;
		return MHD_NO;
	}
	value = value ? value : "";
	if (!form_text_ok(key, strlen(key), 0) || !form_text_ok(value, strlen(value), 1)) {
		w->rc = TK_EBADREQ;
		return MHD_NO;
	}
	struct form_field *f = &w->req->query.fields[w->req->query.n++];
	f->name = arena_strdup(w->req->arena, key);
	f->value = arena_strdup(w->req->arena, value);
	f->len = strlen(value);
	return MHD_YES;
}

/* The query string, decoded by libmicrohttpd, checked like form fields. */
static int query_load(struct request *req)
{
	struct query_walk w = {req, TK_OK};
	req->query.n = 0;
	req->query.fields = arena_alloc(req->arena, FORM_MAX_FIELDS * sizeof(struct form_field));
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_field, &w);
	return w.rc;
}

static void dispatch(struct http_server *srv, struct exchange *x)
{
	x->req.body = x->body.data ? x->body.data : "";
	x->req.body_len = x->body.len;
	int rc = query_load(&x->req);
	if (!rc && x->mp)
		rc = multipart_finish(x->mp);
	if (x->refuse)
		srv->cfg.error(srv->cfg.ctx, &x->req, &x->resp, x->refuse);
	else if (rc)
		srv->cfg.error(srv->cfg.ctx, &x->req, &x->resp, err_http_status(rc));
	else if (strncmp(x->req.path, "/static/", 8) == 0)
		serve_static(srv, x);
	else
		srv->cfg.handler(srv->cfg.ctx, &x->req, &x->resp);
}

/* True when the client waits for "100 Continue" before sending the body:
 * a refusal can then go out at once and the body is never sent. */
static int expects_continue(struct MHD_Connection *conn)
{
	const char *e = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
	return e && strcasecmp(e, "100-continue") == 0;
}

/* Takes one piece of the body. Past the limit the rest is read and
 * dropped, so the 413 arrives at a client that is listening again (a
 * close with unread data would reset the connection and lose the answer);
 * past DISCARD_MAX the connection is simply closed. */
static enum MHD_Result take_body(struct exchange *x, const char *data, size_t *size)
{
	if (!x->refuse && buf_append(&x->body, data, *size) < 0)
		x->refuse = 413;
	if (x->refuse)
		x->discarded += *size;
	*size = 0;
	return x->discarded > DISCARD_MAX ? MHD_NO : MHD_YES;
}

/* Feeds one piece of a multipart body to its parser; after an error
 * (malformed, over a limit) the rest is read and dropped like above. */
static enum MHD_Result take_multipart(struct exchange *x, const char *data, size_t *size)
{
	if (multipart_feed(x->mp, data, *size) != TK_OK)
		x->discarded += *size;
	*size = 0;
	return x->discarded > DISCARD_MAX ? MHD_NO : MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct exchange *x = *con_cls;
	(void)version;
	if (!x)
		*con_cls = x = exchange_new(srv, conn);
	if (!x->started) {
		exchange_begin(x, conn, url, method);
		body_begin(srv, x);
		if (x->refuse && expects_continue(conn)) {
			dispatch(srv, x);
			return send_response(conn, x);
		}
		return MHD_YES;
	}
	if (x->queued) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size > 0)
		return x->mp ? take_multipart(x, upload_data, upload_size)
			     : take_body(x, upload_data, upload_size);
	dispatch(srv, x);
	return send_response(conn, x);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct exchange *x = *con_cls;
	(void)conn;
	if (!x)
		return;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - x->start.tv_sec) * 1e3 +
		    (double)(end.tv_nsec - x->start.tv_nsec) / 1e6;
	size_t bytes = x->resp.static_body ? x->resp.static_len : x->resp.body.len;
	log_info("access %s %s %s %d %zu %.1fms%s", x->req.remote_ip, x->req.method_name,
		 x->req.path, x->queued ? x->resp.status : 0, bytes, ms,
		 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	multipart_free(x->mp);
	buf_free(&x->body);
	buf_free(&x->resp.body);
	arena_free(x->req.arena);
	free(x);
	*con_cls = NULL;
	inflight_add(srv, -1);
}

/* libmicrohttpd's own messages; its format strings are its own. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_info("http: %s", line);
}

/* Splits "HOST:PORT" or "[V6]:PORT" and opens a listening socket. */
static int open_listener(const char *listen_on, int *port, char **err)
{
	char host[256];
	const char *colon = strrchr(listen_on, ':');
	size_t hlen = colon ? (size_t)(colon - listen_on) : 0;
	if (!colon || hlen == 0 || hlen >= sizeof(host) || colon[1] == '\0')
		goto bad;
	memcpy(host, listen_on, hlen);
	host[hlen] = '\0';
	if (host[0] == '[' && host[hlen - 1] == ']') {
		memmove(host, host + 1, hlen - 2);
		host[hlen - 2] = '\0';
	}
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *ai;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
		goto bad;
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 128) < 0) {
		if (asprintf(err, "cannot listen on %s: %s", listen_on, strerror(errno)) < 0)
			*err = NULL;
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	*port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
					       : ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
bad:
	if (asprintf(err, "bad listen address \"%s\" (want HOST:PORT)", listen_on) < 0)
		*err = NULL;
	return -1;
}

struct http_server *http_start(const struct http_config *cfg, char **err)
{
	struct http_server *srv = calloc(1, sizeof(*srv));
	if (!srv)
		abort();
	srv->cfg = *cfg;
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->idle, NULL);
	srv->fd = open_listener(cfg->listen, &srv->port, err);
	if (srv->fd < 0)
		goto fail;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
			 MHD_USE_ERROR_LOG;
	srv->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
		MHD_OPTION_LISTEN_SOCKET, srv->fd,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads ? cfg->threads : 4),
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout ? cfg->timeout : 30u,
		MHD_OPTION_CONNECTION_LIMIT, 1000u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_END);
	if (!srv->daemon) {
		if (asprintf(err, "cannot start the HTTP server on %s", cfg->listen) < 0)
			*err = NULL;
		close(srv->fd);
		goto fail;
	}
	return srv;
fail:
	pthread_cond_destroy(&srv->idle);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
	return NULL;
}

int http_port(const struct http_server *srv)
{
	return srv->port;
}

void http_stop(struct http_server *srv, unsigned grace)
{
	if (!srv)
		return;
	MHD_socket fd = MHD_quiesce_daemon(srv->daemon);
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += grace;
	pthread_mutex_lock(&srv->lock);
	while (srv->inflight > 0)
		if (pthread_cond_timedwait(&srv->idle, &srv->lock, &deadline) == ETIMEDOUT)
			break;
	if (srv->inflight > 0)
		log_error("shutdown: %u requests still running after %us", srv->inflight, grace);
	pthread_mutex_unlock(&srv->lock);
	MHD_stop_daemon(srv->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	pthread_cond_destroy(&srv->idle);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
}
