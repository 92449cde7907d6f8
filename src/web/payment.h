/* payment.h - paid priority: the fee, the checkout, and the one path by
 * which a payment is confirmed (test provider and Stripe webhook alike). */
#ifndef TUKI_WEB_PAYMENT_H
#define TUKI_WEB_PAYMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

struct priority_offer {
	bool enabled;
	int64_t fee_cents;
	const char *currency;      /* "eur" */
};

/* True when priority can be paid for: Stripe is configured, or the
 * operator switched test payments on. */
bool payments_on(const struct request *req);
/* The admin's "priority" setting over the defaults (on, 9.00 EUR),
 * switched off while payments_on() is false. */
void priority_offer(struct request *req, struct priority_offer *out);
/* {"enabled", "fee", "fee_text", "expected_local"} for the contact form. */
json_t *priority_json(struct request *req);
/* Starts paying for ticket_id: answers with a redirect to the checkout
 * (Stripe's page, or the built-in test payment page). */
void payment_start(struct request *req, struct response *resp, int64_t ticket_id);

#endif
