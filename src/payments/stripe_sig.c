/* stripe_sig.c - verifying and making Stripe-Signature headers. */
#include "payments/stripe_sig.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

enum { SIG_HEX = 2 * crypto_auth_hmacsha256_BYTES }; /* 64 */

/* One "key=value" item of the header, as slices into it. */
struct item {
	const char *key, *val;
	size_t klen, vlen;
};

/* Splits the next comma-separated item off *p; false at the end. Blanks
 * after a comma are skipped (Stripe's Ruby library allows them). An item
 * without '=' gets an empty key, which no scheme matches. */
static bool next_item(const char **p, struct item *it)
{
	const char *s = *p;
	while (*s == ' ')
		s++;
	if (*s == '\0')
		return false;
	const char *end = strchr(s, ',');
	if (!end)
		end = s + strlen(s);
	const char *eq = memchr(s, '=', (size_t)(end - s));
	it->key = s;
	it->klen = eq ? (size_t)(eq - s) : 0;
	it->val = eq ? eq + 1 : end;
	it->vlen = (size_t)(end - it->val);
	*p = *end ? end + 1 : end;
	return true;
}

static bool key_is(const struct item *it, const char *k)
{
	return it->klen == strlen(k) && memcmp(it->key, k, it->klen) == 0;
}

/* Parses 1 to 18 decimal digits (no sign) into *out. */
static bool parse_timestamp(const char *s, size_t n, int64_t *out)
{
	if (n == 0 || n > 18)
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Finds the one t item; false when it is missing, repeated or bad. */
static bool header_timestamp(const char *header, int64_t *t)
{
	const char *p = header;
	struct item it;
	int seen = 0;
	while (next_item(&p, &it)) {
		if (!key_is(&it, "t"))
			continue;
		if (++seen > 1 || !parse_timestamp(it.val, it.vlen, t))
			return false;
	}
	return seen == 1;
}

/* The lowercase hex HMAC-SHA256 of "<t>.<payload>" keyed with secret. */
static void expected_hex(const char *secret, int64_t t, const void *payload, size_t len,
			 char hex[SIG_HEX + 1])
{
	char ts[24];
	int n = snprintf(ts, sizeof(ts), "%" PRId64 ".", t);
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (unsigned long long)n);
	crypto_auth_hmacsha256_update(&st, payload, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, SIG_HEX + 1, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

/* Compares every v1 with want in constant time; counts them in *nv1. */
static bool any_v1_matches(const char *header, const char want[SIG_HEX + 1], int *nv1)
{
	const char *p = header;
	struct item it;
	bool ok = false;
	*nv1 = 0;
	while (next_item(&p, &it)) {
		if (!key_is(&it, "v1"))
			continue;
		(*nv1)++;
		if (it.vlen == SIG_HEX && sodium_memcmp(it.val, want, SIG_HEX) == 0)
			ok = true;
	}
	return ok;
}

int stripe_signature_verify(const char *header, const void *payload, size_t len,
			    const char *secret, int64_t now, int64_t tolerance)
{
	int64_t t;
	if (!header || !secret || (!payload && len) ||
	    strnlen(header, STRIPE_SIG_HEADER_MAX + 1) > STRIPE_SIG_HEADER_MAX ||
	    !header_timestamp(header, &t))
		return STRIPE_SIG_MALFORMED;
	char want[SIG_HEX + 1];
	expected_hex(secret, t, payload, len, want);
	int nv1;
	bool match = any_v1_matches(header, want, &nv1);
	if (nv1 == 0)
		return STRIPE_SIG_NO_V1;
	if (!match)
		return STRIPE_SIG_MISMATCH;
	if (tolerance < 0)
		tolerance = 0;
	/* t >= 0 and tolerance >= 0, so neither side can overflow. */
	if (now > t && now - tolerance > t)
		return STRIPE_SIG_TOO_OLD;
	if (t > now && t - tolerance > now)
		return STRIPE_SIG_TOO_NEW;
	return STRIPE_SIG_OK;
}

void stripe_signature_header(const char *secret, int64_t t, const void *payload, size_t len,
			     char *out, size_t outlen)
{
	if (!out || outlen == 0)
		return;
	out[0] = '\0';
	if (outlen < STRIPE_SIG_HEADER_BUILD || !secret || t < 0)
		return;
	char hex[SIG_HEX + 1];
	expected_hex(secret, t, payload, len, hex);
	snprintf(out, outlen, "t=%" PRId64 ",v1=%s", t, hex);
}

const char *stripe_signature_strerror(int code)
{
	switch (code) {
	case STRIPE_SIG_OK: return "ok";
	case STRIPE_SIG_MALFORMED: return "malformed";
	case STRIPE_SIG_NO_V1: return "no-v1";
	case STRIPE_SIG_MISMATCH: return "mismatch";
	case STRIPE_SIG_TOO_OLD: return "too-old";
	case STRIPE_SIG_TOO_NEW: return "too-new";
	default: return "unknown";
	}
}
