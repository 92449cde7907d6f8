/* store.h - everything Tuki keeps, behind use-case functions.
 *
 * Handlers and commands talk only to this interface; all SQL lives in the
 * backends (store/sqlite/ now, PostgreSQL later), picked by the database
 * URL. A struct store is one connection: use it from one thread at a time
 * (the pool hands one to each request). Every function returns TK_OK or a
 * negative enum tk_err; strings written to out-structures are allocated
 * in the caller's arena. Times are Unix seconds, UTC. */
#ifndef TUKI_STORE_H
#define TUKI_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/payment.h"
#include "domain/ticket.h"
#include "lib/crypto.h"

struct arena;
struct store;

enum role { ROLE_CUSTOMER, ROLE_AGENT, ROLE_ADMIN, ROLE__MAX };

struct user {
	int64_t id;
	const char *email;
	const char *name;
	const char *lang;      /* NULL: no preference */
	const char *time_zone; /* NULL: the help desk's */
	enum role role;
	int64_t created_at;
};

struct user_new {
	const char *email;     /* normalised already (domain/account.h) */
	const char *name;
	const char *password_hash;
	const char *lang;      /* may be NULL */
	enum role role;
};

struct session {
	int64_t user_id;       /* 0: anonymous session (language choice only) */
	const char *lang;
	int64_t expires_at;
};

const char *role_name(enum role r);
/* Parses "customer"/"agent"/"admin"; -1 when unknown. */
int role_parse(const char *s);

/* Opens url ("sqlite:PATH"); on failure returns an error and sets *err
 * (free() it). */
int store_open(const char *url, struct store **out, char **err);
void store_close(struct store *s);

/* Brings the schema to the newest version; *from and *to may be NULL. */
int store_migrate(struct store *s, int *from, int *to);
int store_ping(struct store *s);
/* The named secret, created at random (n bytes) on first use; the same
 * on every node because the database decides. */
int store_secret(struct store *s, const char *name, uint8_t *out, size_t n);

int store_user_create(struct store *s, const struct user_new *u, int64_t now, int64_t *id);
int store_user_get(struct store *s, struct arena *a, int64_t id, struct user *out);
/* *pwhash may be NULL when not wanted. */
int store_user_by_email(struct store *s, struct arena *a, const char *email,
			struct user *out, char **pwhash);
/* Sets the password and revokes every session and API token of the user,
 * atomically. */
int store_user_set_password(struct store *s, int64_t id, const char *pwhash, int64_t now);
int store_user_set_lang(struct store *s, int64_t id, const char *lang);
/* zone NULL: back to the help desk's zone. */
int store_user_set_time_zone(struct store *s, int64_t id, const char *zone);

int store_session_create(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES],
			 int64_t user_id, const char *lang, int64_t now, int64_t expires);
/* Live session by token hash; fills *user too when it has one. */
int store_session_get(struct store *s, struct arena *a, const uint8_t hash[CRYPTO_HASH_BYTES],
		      int64_t now, struct session *out, struct user *user);
/* Records the language on the session, creating an anonymous one. */
int store_session_set_lang(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES],
			   const char *lang, int64_t now, int64_t expires);
int store_session_delete(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES]);

int store_token_create(struct store *s, int64_t user_id, const char *name,
		       const uint8_t hash[CRYPTO_HASH_BYTES], int64_t now, int64_t *id);
/* Deletes every API token of the account; *count says how many. */
int store_token_revoke_user(struct store *s, int64_t user_id, int64_t *count);
/* Resolves an API token to its user. */
int store_token_user(struct store *s, struct arena *a, const uint8_t hash[CRYPTO_HASH_BYTES],
		     int64_t now, struct user *out);

/* Failed log-ins under key ("email:..." or "ip:..."). Failures older than
 * window seconds start a fresh count. */
int store_throttle_get(struct store *s, const char *key, int64_t now, int64_t window,
		       int *failures, int64_t *last_failure);
/* Windows of the counters below are at most this long: counters quiet
 * for longer are deleted whenever a new count starts. */
enum { STORE_COUNTER_WINDOW_MAX = 24 * 3600 };
int store_throttle_fail(struct store *s, const char *key, int64_t now, int64_t window,
			int *failures);
int store_throttle_clear(struct store *s, const char *key);

/* ---- tickets ---------------------------------------------------- */

struct category {
	int64_t id;
	const char *name_en;
	const char *name_fi;
	int position;
	bool active;
};

struct ticket {
	int64_t id;
	int64_t customer_id;
	const char *customer_name;
	const char *customer_email;
	int64_t category_id;
	const char *category_en;
	const char *category_fi;
	const char *subject;
	enum ticket_status status;
	bool priority;
	int64_t assignee_id;       /* 0: nobody */
	const char *assignee_name;
	int64_t created_at;
	int64_t updated_at;        /* last activity */
	int64_t waiting_since;     /* 0: not waiting for the team */
	int64_t due_at;            /* 0: no promise running (e.g. waiting on the customer) */
	bool answered_by_docs;     /* an agent answered with an article */
	int payment_state;         /* -1: a normal ticket; else enum payment_state */
};

struct message {
	int64_t id;
	int64_t ticket_id;
	int64_t author_id;
	const char *author_name;
	enum role author_role;
	bool internal;
	const char *body;
	int64_t created_at;
};

struct attachment {
	int64_t id;
	int64_t message_id;
	int64_t ticket_id;
	int64_t customer_id;       /* owner of the ticket, for authorisation */
	bool internal;             /* attached to an internal note */
	const char *filename;      /* sanitised */
	const char *content_type;  /* detected from the content */
	int64_t size;
	uint8_t sha256[32];
	int64_t created_at;
	const void *data;          /* only from store_attachment_get */
};

struct attachment_new {
	const char *filename;
	const char *content_type;
	const void *data;
	size_t size;
};

struct ticket_event {
	int64_t id;
	int64_t actor_id;
	const char *actor_name;
	const char *kind;
	const char *old_value;
	const char *new_value;
	bool internal;
	int64_t created_at;
};

struct ticket_new {
	bool awaiting_payment;     /* priority asked: not in the queue until paid */
	int64_t customer_id;
	int64_t category_id;
	const char *subject;
	const char *body;
	const struct attachment_new *files;
	size_t nfiles;
};

struct reply_new {
	int64_t ticket_id;
	int64_t author_id;
	bool by_customer;
	bool internal;
	const char *body;
	const struct attachment_new *files;
	size_t nfiles;
	int status_after;          /* -1, or a status an agent sets with the reply */
	bool answered_by_docs;     /* the reply answers with an article */
};

/* Which tickets a list shows; a cursor continues after the last row of
 * the previous page (keyset pagination: no OFFSET). */
struct ticket_filter {
	int64_t customer_id;       /* 0: everyone's */
	int status;                /* -1: any */
	int64_t category_id;       /* 0: any */
	bool queue;                /* waiting for the team, in queue order */
	bool has_cursor;
	int64_t cursor_key;        /* updated_at, or waiting_since for the queue */
	int64_t cursor_id;
	int cursor_lane;           /* the queue's cursor also has lane and due */
	int64_t cursor_due;
	int limit;
};

int store_category_list(struct store *s, struct arena *a, bool active_only,
			struct category **out, size_t *n);
int store_category_get(struct store *s, struct arena *a, int64_t id, struct category *out);
int store_category_create(struct store *s, const char *name_en, const char *name_fi, int64_t *id);
int store_category_update(struct store *s, int64_t id, const char *name_en, const char *name_fi,
			  bool active);

/* Creates the ticket, its first message, its attachments and the
 * "created" event in one transaction: all or nothing. */
int store_ticket_create(struct store *s, const struct ticket_new *t, int64_t now, int64_t *id);
int store_ticket_get(struct store *s, struct arena *a, int64_t id, struct ticket *out);
int store_ticket_list(struct store *s, struct arena *a, const struct ticket_filter *f,
		      struct ticket **out, size_t *n);
/* Tickets per status (all customers), optionally within one category. */
int store_ticket_counts(struct store *s, int64_t category_id, int64_t counts[TS__MAX]);
/* Adds a message (and attachments) and applies the reply's effect on the
 * status, with events, in one transaction. TK_ECONFLICT when closed;
 * TK_EINVALID when status_after is not a change the ticket can make. */
int store_ticket_reply(struct store *s, const struct reply_new *r, int64_t now, int64_t *message_id);
/* TK_EINVALID when the state machine refuses the change. */
int store_ticket_set_status(struct store *s, int64_t id, int64_t actor_id, enum ticket_status to,
			    int64_t now);
/* Assigns the ticket to agent_id unless another agent holds it: then
 * TK_ECONFLICT, with the holder in *holder_id and *holder_name. */
int store_ticket_take(struct store *s, struct arena *a, int64_t id, int64_t agent_id, int64_t now,
		      int64_t *holder_id, const char **holder_name);
/* Releases the ticket if agent_id holds it (TK_ECONFLICT otherwise,
 * naming the holder as for take). Releasing an unassigned ticket is ok. */
int store_ticket_release(struct store *s, struct arena *a, int64_t id, int64_t agent_id,
			 int64_t now, int64_t *holder_id, const char **holder_name);

int store_message_list(struct store *s, struct arena *a, int64_t ticket_id, bool with_internal,
		       struct message **out, size_t *n);
/* Attachment metadata of a ticket's messages, in message order. */
int store_attachment_list(struct store *s, struct arena *a, int64_t ticket_id,
			  bool with_internal, struct attachment **out, size_t *n);
/* One attachment with its data (arena memory). */
int store_attachment_get(struct store *s, struct arena *a, int64_t id, struct attachment *out);
int store_event_list(struct store *s, struct arena *a, int64_t ticket_id, bool with_internal,
		     struct ticket_event **out, size_t *n);

/* ---- knowledge base and assistant --------------------------------- */

struct article {
	int64_t id;
	const char *slug;
	const char *lang;          /* "en" or "fi" */
	const char *kind;          /* "faq" or "doc" */
	const char *title;
	const char *body;          /* Markdown */
	const char *translation;   /* slug of the same article in the other language */
	int64_t category_id;       /* 0: none */
	const char *category_en;
	const char *category_fi;
	bool published;
	int helpful_yes, helpful_no, answered;
	int64_t created_at, updated_at;
};

struct article_new {
	const char *slug, *lang, *kind, *title, *body, *translation;
	int64_t category_id;
	bool published;
	int64_t author_id;         /* 0: an import */
};

enum article_change { ARTICLE_CREATED, ARTICLE_UPDATED, ARTICLE_UNCHANGED };

struct article_filter {
	const char *lang;          /* NULL: both */
	const char *kind;          /* NULL: both */
	int64_t category_id;       /* 0: any */
	bool published_only;
	int limit;
};

struct article_version {
	int64_t id;
	const char *title, *body, *kind;
	int64_t category_id;
	bool published;
	const char *author_name;   /* NULL: an import */
	int64_t created_at;
};

/* What the search found for one article, with each signal raw; the
 * ranking (domain/assist.c) weighs them. */
struct search_candidate {
	int64_t article_id;
	const char *slug, *title;
	double text_score;         /* BM25 over the analysed words, title weighted; >= 0 */
	double trigram_score;      /* BM25 over trigrams (typos); >= 0 */
	double answered_score;     /* similar questions this article answered; >= 0 */
	int helpful_yes, helpful_no;
};

struct synonym {
	int64_t id;
	const char *lang, *term, *expansion;
};

struct assist_record {
	int64_t user_id;           /* 0: anonymous: nothing personal is kept */
	const uint8_t *visitor;    /* anonymous: hash of the browser's cookie token, or NULL */
	const char *lang, *query;
	const char *shown;         /* JSON array of the article ids shown */
	double top_score;
};

struct assist_gap {
	const char *query;
	int64_t count;
	double best_score;
};

struct assist_stats {
	int64_t interactions, deflected, tickets;
	struct assist_gap *gaps;   /* most asked questions without a good answer */
	size_t ngaps;
};

/* Creates or updates the article with this slug (a version row for each
 * change, search index kept in step, in one transaction). */
int store_article_save(struct store *s, const struct article_new *in, int64_t now, int64_t *id,
		       enum article_change *what);
/* By id when id > 0, else by slug. */
int store_article_get(struct store *s, struct arena *a, int64_t id, const char *slug,
		      struct article *out);
/* Most useful first (answered, then helpful votes). */
int store_article_list(struct store *s, struct arena *a, const struct article_filter *f,
		       struct article **out, size_t *n);
int store_article_delete(struct store *s, int64_t id);
int store_article_versions(struct store *s, struct arena *a, int64_t id,
			   struct article_version **out, size_t *n);
int store_article_restore(struct store *s, int64_t id, int64_t version_id, int64_t author_id,
			  int64_t now);
int store_article_feedback(struct store *s, int64_t id, bool helpful);
/* Candidates for a question in lang (query text as typed; the backend
 * analyses it and expands synonyms), up to limit from each signal. */
int store_article_search(struct store *s, struct arena *a, const char *lang, const char *query,
			 int limit, struct search_candidate **out, size_t *n);
int store_synonym_list(struct store *s, struct arena *a, const char *lang, struct synonym **out,
		       size_t *n);
int store_synonym_add(struct store *s, const char *lang, const char *term, const char *expansion);
int store_synonym_delete(struct store *s, int64_t id);
int store_assist_record(struct store *s, const struct assist_record *r, int64_t now, int64_t *id);
/* The customer chose article_id from interaction id: a deflection. Only
 * an article that was shown counts, and only for the same account (or,
 * anonymous, the same browser: visitor as in the record). */
int store_assist_chosen(struct store *s, int64_t id, int64_t user_id, const uint8_t *visitor,
			int64_t article_id);
/* A ticket followed the interaction. */
int store_assist_ticket(struct store *s, int64_t id, int64_t user_id, int64_t ticket_id);
int store_assist_stats(struct store *s, struct arena *a, int64_t since, struct assist_stats *out);
int store_ticket_suggestions_set(struct store *s, int64_t ticket_id, const int64_t *article_ids,
				 size_t n);
int store_ticket_suggestions(struct store *s, struct arena *a, int64_t ticket_id,
			     struct article **out, size_t *n);
int store_ticket_mark_docs(struct store *s, int64_t ticket_id, bool answered_by_docs);
/* Counts a hit on key in a fixed window (at most
 * STORE_COUNTER_WINDOW_MAX); *count is the hits so far in the current
 * window (the database decides, so every node agrees). */
int store_rate_hit(struct store *s, const char *key, int64_t now, int64_t window, int *count);

/* ---- paid priority ------------------------------------------------- */

struct payment {
	int64_t id;
	int64_t ticket_id;
	int64_t customer_id;       /* the ticket's, for authorisation */
	const char *provider;      /* "test" or "stripe" */
	const char *external_id;   /* the provider's id (Stripe Checkout Session) */
	int64_t amount_cents;
	const char *currency;
	enum payment_state state;
	const char *checkout_url;
	const char *charge;        /* the provider's payment (Stripe PaymentIntent), for refunds */
	int64_t created_at, updated_at;
};

int store_payment_create(struct store *s, int64_t ticket_id, const char *provider,
			 int64_t amount_cents, const char *currency, int64_t now, int64_t *id);
/* By id when id > 0, else by the provider's id. */
int store_payment_get(struct store *s, struct arena *a, int64_t id, const char *external_id,
		      struct payment *out);
int store_payment_set_checkout(struct store *s, int64_t id, const char *external_id,
			       const char *url);
int store_payment_set_charge(struct store *s, int64_t id, const char *charge);
/* Moves the payment to "to" with an event, and its ticket with it, in one
 * transaction: paid puts the ticket in the priority lane (waiting from
 * now); canceled makes it a normal ticket (waiting from now); refunded
 * records the refund. TK_EINVALID for a change the state machine
 * refuses; TK_ECONFLICT when provider_event was processed already. */
int store_payment_transition(struct store *s, int64_t id, enum payment_state to,
			     int64_t actor_id, const char *provider_event, int64_t now);
int store_payment_list(struct store *s, struct arena *a, int64_t ticket_id, struct payment **out,
		       size_t *n);

/* ---- response-time statistics ------------------------------------- */

/* A ticket and the team's first public answer to it. */
struct first_response {
	int64_t ticket_id;
	int64_t category_id;
	const char *category_en;
	const char *category_fi;
	bool priority;
	int64_t created_at;
	int64_t started_at;        /* when the team's clock started: the payment
				    * (paid, or cancelled into a normal ticket),
				    * else created_at */
	int64_t responded_at;      /* first public message by an agent or admin; 0: none */
	int64_t first_due_at;      /* the first due time it was given; 0: none recorded */
};

/* Tickets created at or after since (not those awaiting payment), newest
 * first, at most limit (past the cap the oldest weeks go, not the latest). */
int store_first_responses(struct store *s, struct arena *a, int64_t since, size_t limit,
			  struct first_response **out, size_t *n);

/* ---- settings and the business calendar ---------------------------- */

struct holiday {
	int32_t day;               /* yyyymmdd */
	const char *name;
};

/* A setting's value (the admin's JSON text), NULL when never set. */
int store_setting_get(struct store *s, struct arena *a, const char *name, const char **value);
int store_setting_put(struct store *s, const char *name, const char *value, int64_t now);
int store_holiday_list(struct store *s, struct arena *a, struct holiday **out, size_t *n);
/* Adds or renames a holiday. */
int store_holiday_put(struct store *s, int32_t day, const char *name);
int store_holiday_delete(struct store *s, int32_t day);
/* The time by which the ticket is promised an answer; 0 clears it. */
int store_ticket_set_due(struct store *s, int64_t ticket_id, int64_t due_at);

#endif
