/* session.h - who is asking: session cookies, API tokens and CSRF.
 *
 * The cookie "tuki_session" holds 256 random bits; the database keeps
 * only their hash. A browser without a log-in gets a token too when it
 * is shown a form, with no database row: the CSRF token is a MAC of the
 * cookie token under a server key, so forms are bound to the browser
 * that loaded them and the only cookie Tuki sets stays this one. */
#ifndef TUKI_WEB_SESSION_H
#define TUKI_WEB_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

#define SESSION_COOKIE "tuki_session"

/* Sets req->user, req->via_bearer, req->session_token and the session's
 * language (*session_lang) from the Authorization header or the cookie.
 * Returns TK_EUNAUTH for a bearer token that matches nothing. */
int session_authenticate(struct request *req, const char **session_lang);
/* Takes the cookie token without a database look-up, for error pages
 * rendered outside the normal pipeline (their forms stay valid). */
void session_peek(struct request *req);
/* Starts a logged-in session for user_id under a fresh token (never the
 * old one: no fixation) and sends its cookie. */
int session_begin(struct request *req, struct response *resp, int64_t user_id);
/* Ends the current session and clears the cookie. */
void session_end(struct request *req, struct response *resp);
/* The CSRF token for this browser, creating its cookie token if needed. */
const char *session_csrf(struct request *req, struct response *resp);
/* True when the request carries the right CSRF token (form field "csrf"
 * or header X-CSRF-Token). */
bool session_csrf_ok(struct request *req);

#endif
