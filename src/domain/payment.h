/* payment.h - the payment state machine and money amounts, with no I/O.
 *
 *   pending -> paid -> refunded
 *      |  \
 *      |   canceled          (the customer turned it into a normal ticket)
 *      v
 *    failed -> pending       (retry)
 *
 * A paid-priority ticket is saved at once with a pending payment; it joins
 * the priority queue only when the payment becomes paid. Amounts are whole
 * cents of euros in an int64_t, never floating point. */
#ifndef TUKI_DOMAIN_PAYMENT_H
#define TUKI_DOMAIN_PAYMENT_H

#include <stdbool.h>
#include <stdint.h>

enum payment_state { PAY_PENDING, PAY_PAID, PAY_FAILED, PAY_CANCELED, PAY_REFUNDED, PAY__MAX };

enum {
	PAYMENT_AMOUNT_FMT_MAX = 32, /* bytes for payment_amount_format */
};

/* Largest amount an admin may set: 100 000,00 €. */
#define PAYMENT_AMOUNT_MAX_CENTS INT64_C(10000000)

/* Stable name for storage and URLs: "pending", "paid", ... */
const char *payment_state_name(enum payment_state s);
/* -1 when s names no state. */
int payment_state_parse(const char *s);
/* English msgid for people: "Awaiting payment". */
const char *payment_state_label(enum payment_state s);

/* May a payment move from one state to another? pending -> paid, failed
 * or canceled; paid -> refunded; failed -> pending (a retry). Nothing
 * else, and never to the same state. */
bool payment_transition_ok(enum payment_state from, enum payment_state to);

/* Cents of an admin's euro amount: "9", "9.5", "9.00" or "9,00", with
 * optional surrounding blanks, 0 to 100000.00, at most two decimals. -1
 * for anything else (signs, grouping, currency symbols, empty, NULL). */
int64_t payment_amount_cents_parse(const char *text);

/* Writes cents as euros for lang: "9,00 €" and "1 234,00 €" for "fi",
 * "€9.00" and "€1,234.00" for English and any other lang (NULL too).
 * Negative amounts get a leading '-'. Always NUL-terminated. */
void payment_amount_format(int64_t cents, const char *lang, char out[PAYMENT_AMOUNT_FMT_MAX]);

#endif
