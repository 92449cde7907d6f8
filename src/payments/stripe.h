/* stripe.h - Stripe Checkout over HTTPS (libcurl), and webhook events.
 *
 * stripe_checkout_create() opens a Checkout Session the customer is sent
 * to; Stripe then calls our webhook with a checkout.session.completed
 * event, which stripe_event_parse() reads after stripe_signature_verify()
 * (stripe_sig.h) has accepted the raw body. Nothing here touches the
 * store: deciding what an event means for a ticket is the caller's job.
 *
 * Thread-safe: each call uses its own curl handle and never signals.
 * The program must call stripe_global_init() once at start-up, before
 * any thread is started, and may call stripe_global_cleanup() at exit. */
#ifndef TUKI_PAYMENTS_STRIPE_H
#define TUKI_PAYMENTS_STRIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define STRIPE_API_BASE "https://api.stripe.com"

enum {
	STRIPE_TIMEOUT_MS = 10000,           /* whole request, by default */
	STRIPE_REPLY_MAX = 1024 * 1024,      /* bytes of a reply we read */
	STRIPE_EVENT_MAX = 1024 * 1024,      /* bytes of a webhook body */
};

/* Result codes of stripe_checkout_create. */
enum stripe_err {
	STRIPE_OK = 0,
	STRIPE_EINVAL = -1,   /* bad configuration or input; nothing sent */
	STRIPE_ENET = -2,     /* connection, TLS, timeout or oversized reply */
	STRIPE_EHTTP = -3,    /* Stripe answered with an error status */
	STRIPE_EREPLY = -4,   /* a 2xx reply we could not understand */
};

struct stripe_config {
	/* Default STRIPE_API_BASE when NULL or "". Must be https://, except
	 * http:// to a loopback host (127.0.0.1, [::1], localhost) for a
	 * local fake server, so the secret key never crosses a network in
	 * clear. A trailing '/' is allowed. */
	const char *api_base;
	const char *secret_key;  /* "sk_live_..." / "sk_test_..." */
	long timeout_ms;         /* 0: STRIPE_TIMEOUT_MS */
};

struct stripe_checkout {
	int64_t amount_cents;      /* > 0 */
	const char *currency;      /* "eur" */
	int64_t ticket_id;         /* > 0; client_reference_id and metadata */
	const char *success_url;
	const char *cancel_url;
	const char *description;   /* the product name the customer sees */
	const char *customer_email;    /* optional (NULL or "") */
	const char *idempotency_key;   /* optional: Idempotency-Key header */
};

struct stripe_session {
	const char *id;    /* "cs_test_..." */
	const char *url;   /* where to send the customer */
};

/* Calls curl_global_init; 0 or -1. Once, before threads start. */
int stripe_global_init(void);
void stripe_global_cleanup(void);

/* Creates a Checkout Session (POST {api_base}/v1/checkout/sessions) for
 * one line item of in->amount_cents in in->currency, and fills out with
 * strings in arena a. Returns STRIPE_OK, or a negative enum stripe_err
 * with *err set to a message for logs (Stripe's error.message when it sent
 * one; caller free()s it; never contains the secret key). */
int stripe_checkout_create(const struct stripe_config *cfg, const struct stripe_checkout *in,
			   struct arena *a, struct stripe_session *out, char **err);

/* Expires an open Checkout Session so it can no longer be paid (the
 * customer sent the ticket as a normal one instead). */
int stripe_checkout_expire(const struct stripe_config *cfg, const char *session_id,
			   struct arena *a, char **err);
/* Refunds the whole payment behind payment_intent (POST /v1/refunds).
 * idempotency_key (optional) makes a retried refund count once. */
int stripe_refund_create(const struct stripe_config *cfg, const char *payment_intent,
			 const char *idempotency_key, struct arena *a, char **err);

/* A webhook event. Strings live in the arena; absent ones are NULL. The
 * session fields are filled only for "checkout.session.*" events. */
struct stripe_event {
	const char *id;                  /* "evt_...", for processing once */
	const char *type;                /* "checkout.session.completed" */
	bool livemode;
	const char *session_id;          /* data.object.id, "cs_..." */
	int64_t amount_total;            /* cents; -1 when absent */
	const char *currency;            /* "eur" */
	const char *payment_status;      /* "paid", "unpaid", ... */
	int64_t ticket_id;               /* metadata.ticket_id; -1 when absent or bad */
	const char *client_reference_id;
	const char *payment_intent;      /* "pi_...", what a refund names */
};

/* Reads a webhook body (at most STRIPE_EVENT_MAX bytes) into out. 0, or
 * -1 when it is not a JSON object with string id and type. */
int stripe_event_parse(const char *payload, size_t len, struct arena *a, struct stripe_event *out);

/* True when the event says the session's money has arrived:
 * checkout.session.completed with payment_status "paid", or
 * checkout.session.async_payment_succeeded. A completed session whose
 * payment is still "unpaid" (delayed methods) is not paid yet. */
bool stripe_event_paid(const struct stripe_event *ev);

#endif
