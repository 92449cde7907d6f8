/* stripe_sig.h - Stripe webhook signatures (the Stripe-Signature header).
 *
 * Stripe signs each webhook delivery with the endpoint's signing secret:
 *
 *   Stripe-Signature: t=1700000000,v1=5257a8...,v0=...
 *
 * v1 is the lowercase hex HMAC-SHA256 of "<t>.<raw body>" keyed with the
 * whole secret string ("whsec_..." as it is, like Stripe's libraries do).
 * Items may come in any order; there may be several v1 values (while a
 * secret is being rolled) and other schemes, which are ignored. Only the
 * raw body as received verifies: never re-serialise the JSON first.
 *
 * libsodium must have been initialised (crypto_init) before these run. */
#ifndef TUKI_PAYMENTS_STRIPE_SIG_H
#define TUKI_PAYMENTS_STRIPE_SIG_H

#include <stddef.h>
#include <stdint.h>

enum stripe_sig_result {
	STRIPE_SIG_OK = 0,
	STRIPE_SIG_MALFORMED = -1, /* empty, too long, no or bad or repeated t */
	STRIPE_SIG_NO_V1 = -2,     /* well formed but carries no v1 signature */
	STRIPE_SIG_MISMATCH = -3,  /* no v1 matches (tampered, wrong secret) */
	STRIPE_SIG_TOO_OLD = -4,   /* signed more than tolerance seconds ago */
	STRIPE_SIG_TOO_NEW = -5,   /* signed more than tolerance seconds ahead */
};

enum {
	STRIPE_SIG_HEADER_MAX = 4096,   /* longest header accepted */
	STRIPE_SIG_HEADER_BUILD = 128,  /* room stripe_signature_header needs */
	STRIPE_SIG_TOLERANCE = 300,     /* Stripe's default: five minutes */
};

/* Checks header against payload (len bytes, the raw request body) signed
 * with secret, at time now (Unix seconds). The signature is checked first,
 * then the age: |now - t| must be at most tolerance seconds (a negative
 * tolerance counts as 0). A v1 that is not 64 hex digits simply does not
 * match. Every v1 is compared in constant time. Returns STRIPE_SIG_OK or
 * one of the negative codes above. */
int stripe_signature_verify(const char *header, const void *payload, size_t len,
			    const char *secret, int64_t now, int64_t tolerance);

/* Writes a header "t=<t>,v1=<hex>" that verifies for payload at time t, as
 * Stripe would send it (for tests and the demo provider). out needs
 * STRIPE_SIG_HEADER_BUILD bytes; a smaller buffer gets "". */
void stripe_signature_header(const char *secret, int64_t t, const void *payload, size_t len,
			     char *out, size_t outlen);

/* Stable name of a result code for logs: "malformed", "mismatch", ... */
const char *stripe_signature_strerror(int code);

#endif
