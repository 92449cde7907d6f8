/* ticket_view.h - the ticket models that pages and the API share.
 *
 * One function builds each JSON model (ticket, message, event); pages put
 * it through templates, the API serialises it. Authorisation of ticket
 * access lives here too, in ticket_load(): one place per resource. */
#ifndef TUKI_WEB_TICKET_VIEW_H
#define TUKI_WEB_TICKET_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "http/request.h"
#include "store/store.h"

/* True for agents and admins. */
bool is_agent(const struct request *req);
/* Loads ticket id (text from the URL) for the current user: customers
 * get only their own; unknown and forbidden both give TK_ENOTFOUND. */
int ticket_load(struct request *req, const char *id_text, struct ticket *out);
/* Parses a positive decimal id; 0 when malformed. */
int64_t parse_id(const char *s);

const char *category_name(const struct request *req, const char *en, const char *fi);
json_t *ticket_json(struct request *req, const struct ticket *t);
/* The thread: messages (internal ones for agents only) with their
 * attachments. */
int thread_json(struct request *req, const struct ticket *t, json_t **out);
int events_json(struct request *req, const struct ticket *t, json_t **out);
json_t *categories_json(struct request *req, const struct category *c, size_t n);

/* Turns req->uploads into files to store (names sanitised, types
 * detected); *rejected gets {filename, reason} for each refused file. */
void uploads_take(struct request *req, struct attachment_new **files, size_t *n,
		  json_t *rejected);

/* Adds why the ticket sits where it does in the queue: its lane
 * ("lane", "lane_label") and "reason", e.g. "Priority, overdue". */
void queue_reason(struct request *req, const struct ticket *t, json_t *tj);
/* The ticket's payments: amount, state, receipt. */
json_t *payments_json(struct request *req, int64_t ticket_id);
/* Everything that follows a change to ticket id: its due time now (and
 * the customer's notice later) - called after every successful change. */
void ticket_after_change(struct request *req, int64_t id);
/* path, with the refused files as rejected=REASON:NAME query values so
 * the page shown after the redirect can name them. */
const char *ticket_url(struct request *req, const char *path, json_t *rejected);

#endif
