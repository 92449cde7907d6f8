/* page.h - one data model per page, rendered as HTML or as JSON.
 *
 * A handler builds a jansson object; page_render() puts it through a
 * template, api_json() serialises it. Errors go through web_error(), the
 * one renderer that knows whether the caller wants a page or JSON. */
#ifndef TUKI_WEB_PAGE_H
#define TUKI_WEB_PAGE_H

#include <jansson.h>

#include "http/request.h"

/* msgid translated into the request's language. */
const char *tr(const struct request *req, const char *msgid);
/* msgid translated, with {name} placeholders filled from kv (n pairs of
 * name, value): word order is the translator's. Arena memory. */
const char *trf(struct request *req, const char *msgid, const char *const *kv, size_t n);
/* The model every page starts from: language, title, the user, the CSRF
 * token for its forms (creating the browser's cookie token if needed),
 * the current path. Owned by the request's arena. */
json_t *page_model(struct request *req, struct response *resp, const char *title_msgid);
/* Renders template name with model as the response body. */
void page_render(struct request *req, struct response *resp, int status, const char *name,
		 json_t *model);
/* Sets status and body for err: JSON {"error","message"} on API paths,
 * else the error page. msgid NULL means the default message for err. */
void web_error(struct request *req, struct response *resp, int err, const char *msgid);
/* Serialises obj (stolen) as the JSON response. */
void api_json(struct request *req, struct response *resp, int status, json_t *obj);
/* A JSON object owned by the request's arena. */
json_t *req_json(struct request *req, json_t *obj);
/* The local path to return to after a form, from field "next"; "/" when
 * missing or not a local path (no open redirects). */
const char *safe_next(const struct request *req, const char *fallback);

/* s percent-encoded for a URL query component, in arena memory. */
const char *url_encode(struct request *req, const char *s);

#endif
