/* stripe.c - Checkout Sessions through Stripe's API, and webhook events. */
#include "payments/stripe.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "lib/arena.h"
#include "lib/buf.h"

enum {
	FORM_MAX = 64 * 1024,  /* bytes of the request body we build */
	ERR_MAX = 1024,        /* bytes of an error message */
	URL_MAX = 2048,        /* bytes of a base, success or cancel URL */
	TEXT_MAX = 1000,       /* bytes of description and e-mail */
};

#ifndef TUKI_VERSION
#define TUKI_VERSION "dev"
#endif

int stripe_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void stripe_global_cleanup(void)
{
	curl_global_cleanup();
}

/* Sets *err to a fresh message (caller free()s) and returns code. */
static int fail(char **err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char **err, int code, const char *fmt, ...)
{
	if (err) {
		char msg[ERR_MAX];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		*err = strdup(msg);
		if (!*err)
			abort();
	}
	return code;
}

/* Printable ASCII without spaces: safe inside a header and a URL. */
static bool token_ok(const char *s, size_t max)
{
	if (!s || !*s)
		return false;
	size_t n = 0;
	for (; s[n]; n++)
		if (n >= max || s[n] <= ' ' || s[n] > '~')
			return false;
	return true;
}

/* Is the authority (up to the first '/') a loopback host, any port? */
static bool loopback_authority(const char *auth, size_t n)
{
	static const char *const hosts[] = {"127.0.0.1", "[::1]", "localhost"};
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		size_t hl = strlen(hosts[i]);
		if (n >= hl && memcmp(auth, hosts[i], hl) == 0 && (n == hl || auth[hl] == ':'))
			return true;
	}
	return false;
}

/* The API base without a trailing '/', or NULL when it is not allowed. */
static const char *api_base(const char *base, struct arena *a)
{
	if (!base || !*base)
		return STRIPE_API_BASE;
	if (!token_ok(base, URL_MAX))
		return NULL;
	const char *auth;
	if (strncmp(base, "https://", 8) == 0)
		auth = base + 8;
	else if (strncmp(base, "http://", 7) == 0)
		auth = base + 7;
	else
		return NULL;
	size_t alen = strcspn(auth, "/?#");
	if (alen == 0 || memchr(auth, '@', alen) || strpbrk(auth, "?#"))
		return NULL;
	if (auth == base + 7 && !loopback_authority(auth, alen))
		return NULL;
	size_t n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	return arena_strndup(a, base, n);
}

/* Checks what Stripe would refuse anyway, and what could break the
 * request; NULL when fine, else what is wrong. */
static const char *checkout_problem(const struct stripe_config *cfg,
				    const struct stripe_checkout *in)
{
	if (!token_ok(cfg->secret_key, 512))
		return "missing or invalid secret key";
	if (in->amount_cents <= 0 || in->amount_cents > INT64_C(99999999))
		return "amount out of range";
	const char *c = in->currency;
	if (!c || strlen(c) != 3 || strspn(c, "abcdefghijklmnopqrstuvwxyz") != 3)
		return "currency must be three lowercase letters";
	if (in->ticket_id <= 0)
		return "missing ticket id";
	if (!token_ok(in->success_url, URL_MAX) || !token_ok(in->cancel_url, URL_MAX))
		return "missing or invalid success or cancel URL";
	if (!in->description || !*in->description || strlen(in->description) > TEXT_MAX)
		return "missing or too long description";
	if (in->customer_email && strlen(in->customer_email) > TEXT_MAX)
		return "customer e-mail too long";
	if (in->idempotency_key && *in->idempotency_key && !token_ok(in->idempotency_key, 255))
		return "invalid idempotency key";
	return NULL;
}

/* Appends "&key=value" (no '&' first) with value percent-encoded: all
 * but RFC 3986 unreserved characters become %XX. Keys are our own
 * constants and go as they are, brackets included, as Stripe's libraries
 * send them. -1 past the buffer's cap. */
static int form_add(struct buf *b, const char *key, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = buf_puts(b, b->len ? "&" : "") | buf_puts(b, key) | buf_putc(b, '=');
	for (const unsigned char *p = (const unsigned char *)value; *p && rc == 0; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			rc = buf_putc(b, (char)*p);
		else
			rc = buf_putc(b, '%') | buf_putc(b, hex[*p >> 4]) |
			     buf_putc(b, hex[*p & 15]);
	}
	return rc ? -1 : 0;
}

/* The application/x-www-form-urlencoded body of the session. */
static int checkout_form(const struct stripe_checkout *in, struct buf *b)
{
	char amount[24], id[24];
	snprintf(amount, sizeof(amount), "%" PRId64, in->amount_cents);
	snprintf(id, sizeof(id), "%" PRId64, in->ticket_id);
	int rc = form_add(b, "mode", "payment");
	rc |= form_add(b, "line_items[0][price_data][currency]", in->currency);
	rc |= form_add(b, "line_items[0][price_data][unit_amount]", amount);
	rc |= form_add(b, "line_items[0][price_data][product_data][name]", in->description);
	rc |= form_add(b, "line_items[0][quantity]", "1");
	rc |= form_add(b, "success_url", in->success_url);
	rc |= form_add(b, "cancel_url", in->cancel_url);
	rc |= form_add(b, "client_reference_id", id);
	rc |= form_add(b, "metadata[ticket_id]", id);
	if (in->customer_email && *in->customer_email)
		rc |= form_add(b, "customer_email", in->customer_email);
	return rc ? -1 : 0;
}

/* curl write callback: keeps the reply up to the buffer's cap; returning
 * short makes curl stop with CURLE_WRITE_ERROR. */
static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	n *= size; /* size is always 1 */
	return buf_append(b, p, n) == 0 ? n : 0;
}

/* Sends the request; 0 with *status and the reply in body, or -1 with
 * *err set. */
static int post(const struct stripe_config *cfg, const char *idempotency_key,
		const char *url, const struct buf *form, struct buf *body, long *status,
		struct arena *a, char **err)
{
	int rc = -1;
	struct curl_slist *h = NULL, *t;
	CURL *c = curl_easy_init();
	if (!c)
		return fail(err, STRIPE_ENET, "stripe: cannot make a curl handle");
	const char *hdrs[] = {
		arena_printf(a, "Authorization: Bearer %s", cfg->secret_key),
		"Content-Type: application/x-www-form-urlencoded",
		"Accept: application/json",
		"Expect:",
		idempotency_key && *idempotency_key
			? arena_printf(a, "Idempotency-Key: %s", idempotency_key)
			: NULL,
	};
	for (size_t i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
		if (!hdrs[i])
			continue;
		if (!(t = curl_slist_append(h, hdrs[i])))
			goto out;
		h = t;
	}
	bool tls = strncmp(url, "https://", 8) == 0;
	long timeout = cfg->timeout_ms > 0 ? cfg->timeout_ms : STRIPE_TIMEOUT_MS;
	char errbuf[CURL_ERROR_SIZE] = "";
	bool bad = false;
	bad |= curl_easy_setopt(c, CURLOPT_URL, url) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, tls ? "https" : "http") != CURLE_OK;
	/* Plain http only ever goes to loopback (api_base), never a proxy. */
	bad |= !tls && curl_easy_setopt(c, CURLOPT_NOPROXY, "*") != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_HTTPHEADER, h) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_USERAGENT, "Tuki/" TUKI_VERSION) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->data) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)form->len) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_WRITEDATA, body) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK;
	if (bad) {
		fail(err, STRIPE_ENET, "stripe: curl setup failed");
		goto out;
	}
	CURLcode cc = curl_easy_perform(c);
	if (cc == CURLE_WRITE_ERROR) {
		fail(err, STRIPE_ENET, "stripe: reply larger than %d bytes", STRIPE_REPLY_MAX);
		goto out;
	}
	if (cc != CURLE_OK) {
		fail(err, STRIPE_ENET, "stripe: %s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	rc = 0;
out:
	if (rc != 0 && err && !*err)
		fail(err, STRIPE_ENET, "stripe: out of memory");
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return rc;
}

/* A string member of obj copied into the arena, or NULL. */
static const char *json_str(json_t *obj, const char *key, struct arena *a)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? arena_strdup(a, s) : NULL;
}

/* Reads the reply: session id and URL on 2xx, error.message otherwise. */
static int read_reply(long status, const struct buf *body, struct arena *a,
		      struct stripe_session *out, char **err)
{
	json_error_t je;
	json_t *root = body->len ? json_loadb(body->data, body->len, 0, &je) : NULL;
	int rc;
	if (status < 200 || status > 299) {
		const char *msg = json_string_value(
			json_object_get(json_object_get(root, "error"), "message"));
		rc = fail(err, STRIPE_EHTTP, "stripe: HTTP %ld: %s", status,
			  msg ? msg : "no error message");
		goto out;
	}
	out->id = json_str(root, "id", a);
	out->url = json_str(root, "url", a);
	/* The customer is sent there: only ever an https:// page. */
	if (!out->id || !out->url || !*out->id || strncmp(out->url, "https://", 8) != 0) {
		out->id = out->url = NULL;
		rc = fail(err, STRIPE_EREPLY, "stripe: HTTP %ld reply without session id and url",
			  status);
		goto out;
	}
	rc = STRIPE_OK;
out:
	json_decref(root);
	return rc;
}

int stripe_checkout_create(const struct stripe_config *cfg, const struct stripe_checkout *in,
			   struct arena *a, struct stripe_session *out, char **err)
{
	int rc;
	struct buf form, body;
	buf_init(&form, FORM_MAX);
	buf_init(&body, STRIPE_REPLY_MAX);
	if (err)
		*err = NULL;
	out->id = out->url = NULL;
	const char *base = api_base(cfg->api_base, a);
	const char *problem = checkout_problem(cfg, in);
	if (!base) {
		rc = fail(err, STRIPE_EINVAL, "stripe: API base must be https:// (or http:// to loopback)");
		goto out;
	}
	if (problem) {
		rc = fail(err, STRIPE_EINVAL, "stripe: %s", problem);
		goto out;
	}
	if (checkout_form(in, &form) < 0) {
		rc = fail(err, STRIPE_EINVAL, "stripe: request too large");
		goto out;
	}
	long status = 0;
	const char *url = arena_printf(a, "%s/v1/checkout/sessions", base);
	if (post(cfg, in->idempotency_key, url, &form, &body, &status, a, err) < 0) {
		rc = STRIPE_ENET;
		goto out;
	}
	rc = read_reply(status, &body, a, out, err);
out:
	buf_free(&form);
	buf_free(&body);
	return rc;
}

/* A decimal ticket id in metadata (Stripe keeps metadata as strings; a
 * JSON integer is taken too); -1 unless it is a positive int64. */
static int64_t ticket_id_of(json_t *v)
{
	if (json_is_integer(v))
		return json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : -1;
	const char *s = json_string_value(v);
	if (!s || !*s || strlen(s) > 18)
		return -1;
	int64_t id = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		id = id * 10 + (*s - '0');
	}
	return id > 0 ? id : -1;
}

/* Fills the checkout.session fields of out from the session object. */
static void read_session(json_t *obj, struct arena *a, struct stripe_event *out)
{
	out->session_id = json_str(obj, "id", a);
	json_t *amount = json_object_get(obj, "amount_total");
	if (json_is_integer(amount) && json_integer_value(amount) >= 0)
		out->amount_total = (int64_t)json_integer_value(amount);
	out->currency = json_str(obj, "currency", a);
	out->payment_status = json_str(obj, "payment_status", a);
	out->ticket_id = ticket_id_of(json_object_get(json_object_get(obj, "metadata"), "ticket_id"));
	out->client_reference_id = json_str(obj, "client_reference_id", a);
	out->payment_intent = json_str(obj, "payment_intent", a);
}

int stripe_event_parse(const char *payload, size_t len, struct arena *a, struct stripe_event *out)
{
	*out = (struct stripe_event){.amount_total = -1, .ticket_id = -1};
	if (!payload || len == 0 || len > STRIPE_EVENT_MAX)
		return -1;
	json_error_t je;
	json_t *root = json_loadb(payload, len, JSON_REJECT_DUPLICATES, &je);
	int rc = -1;
	if (!json_is_object(root))
		goto out;
	out->id = json_str(root, "id", a);
	out->type = json_str(root, "type", a);
	if (!out->id || !out->type || !*out->id || !*out->type) {
		*out = (struct stripe_event){.amount_total = -1, .ticket_id = -1};
		goto out;
	}
	out->livemode = json_is_true(json_object_get(root, "livemode"));
	json_t *obj = json_object_get(json_object_get(root, "data"), "object");
	if (strncmp(out->type, "checkout.session.", 17) == 0 && json_is_object(obj))
		read_session(obj, a, out);
	rc = 0;
out:
	json_decref(root);
	return rc;
}

bool stripe_event_paid(const struct stripe_event *ev)
{
	if (!ev->type)
		return false;
	if (strcmp(ev->type, "checkout.session.async_payment_succeeded") == 0)
		return true;
	return strcmp(ev->type, "checkout.session.completed") == 0 && ev->payment_status &&
	       strcmp(ev->payment_status, "paid") == 0;
}

/* POSTs an empty form to path (below the API base); 2xx is success. */
static int post_simple(const struct stripe_config *cfg, const char *path, const char *form_text,
		       const char *idempotency_key, struct arena *a, char **err)
{
	struct buf form, body;
	long status = 0;
	int rc;
	const char *base = api_base(cfg->api_base, a);
	if (!base || !cfg->secret_key)
		return fail(err, STRIPE_EINVAL, "stripe: bad configuration");
	buf_init(&form, 1024);
	buf_init(&body, STRIPE_REPLY_MAX);
	buf_puts(&form, form_text);
	if (post(cfg, idempotency_key, arena_printf(a, "%s%s", base, path), &form, &body, &status, a,
		 err) < 0) {
		rc = STRIPE_ENET;
	} else if (status < 200 || status > 299) {
		json_error_t je;
		json_t *root = body.len ? json_loadb(body.data, body.len, 0, &je) : NULL;
		const char *msg = json_string_value(
			json_object_get(json_object_get(root, "error"), "message"));
		rc = fail(err, STRIPE_EHTTP, "stripe: HTTP %ld: %s", status, msg ? msg : "refused");
		json_decref(root);
	} else {
		rc = STRIPE_OK;
	}
	buf_free(&form);
	buf_free(&body);
	return rc;
}

int stripe_checkout_expire(const struct stripe_config *cfg, const char *session_id,
			   struct arena *a, char **err)
{
	if (err)
		*err = NULL;
	if (!session_id || !token_ok(session_id, 255))
		return fail(err, STRIPE_EINVAL, "stripe: bad session id");
	return post_simple(cfg, arena_printf(a, "/v1/checkout/sessions/%s/expire", session_id), "",
			   NULL, a, err);
}

int stripe_refund_create(const struct stripe_config *cfg, const char *payment_intent,
			 const char *idempotency_key, struct arena *a, char **err)
{
	struct buf form;
	if (err)
		*err = NULL;
	if (!payment_intent || !token_ok(payment_intent, 255) ||
	    (idempotency_key && !token_ok(idempotency_key, 255)))
		return fail(err, STRIPE_EINVAL, "stripe: bad refund request");
	buf_init(&form, 1024);
	form_add(&form, "payment_intent", payment_intent);
	int rc = post_simple(cfg, "/v1/refunds", form.data ? form.data : "", idempotency_key, a, err);
	buf_free(&form);
	return rc;
}
