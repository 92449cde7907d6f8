/* payment.c - payment states, transitions and euro amounts. */
#include "domain/payment.h"

#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"

static const struct {
	const char *name, *label;
} states[PAY__MAX] = {
	[PAY_PENDING] = {"pending", N_("Awaiting payment")},
	[PAY_PAID] = {"paid", N_("Paid")},
	[PAY_FAILED] = {"failed", N_("Payment failed")},
	[PAY_CANCELED] = {"canceled", N_("Payment canceled")},
	[PAY_REFUNDED] = {"refunded", N_("Refunded")},
};

/* allowed[from] is the set of states a payment may move to from there. */
static const unsigned allowed[PAY__MAX] = {
	[PAY_PENDING] = 1u << PAY_PAID | 1u << PAY_FAILED | 1u << PAY_CANCELED,
	[PAY_PAID] = 1u << PAY_REFUNDED,
	[PAY_FAILED] = 1u << PAY_PENDING,
	[PAY_CANCELED] = 0,
	[PAY_REFUNDED] = 0,
};

const char *payment_state_name(enum payment_state s)
{
	return (unsigned)s < PAY__MAX ? states[s].name : "pending";
}

int payment_state_parse(const char *s)
{
	for (int i = 0; s && i < PAY__MAX; i++)
		if (strcmp(s, states[i].name) == 0)
			return i;
	return -1;
}

const char *payment_state_label(enum payment_state s)
{
	return (unsigned)s < PAY__MAX ? states[s].label : "";
}

bool payment_transition_ok(enum payment_state from, enum payment_state to)
{
	if ((unsigned)from >= PAY__MAX || (unsigned)to >= PAY__MAX)
		return false;
	return (allowed[from] >> to) & 1u;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int64_t payment_amount_cents_parse(const char *text)
{
	if (!text)
		return -1;
	const char *p = text;
	while (is_blank(*p))
		p++;
	int64_t euros = 0;
	int ndigits = 0;
	for (; is_digit(*p); p++, ndigits++) {
		if (ndigits >= 9) /* far beyond the cap; stops overflow */
			return -1;
		euros = euros * 10 + (*p - '0');
	}
	if (ndigits == 0)
		return -1;
	int64_t cents = 0;
	if (*p == '.' || *p == ',') {
		p++;
		int ndec = 0;
		for (; is_digit(*p); p++, ndec++) {
			if (ndec >= 2)
				return -1;
			cents = cents * 10 + (*p - '0');
		}
		if (ndec == 0)
			return -1;
		if (ndec == 1)
			cents *= 10;
	}
	while (is_blank(*p))
		p++;
	if (*p != '\0')
		return -1;
	int64_t total = euros * 100 + cents;
	return total <= PAYMENT_AMOUNT_MAX_CENTS ? total : -1;
}

/* Writes the whole euros of v into out with sep between groups of three. */
static void group_thousands(uint64_t v, const char *sep, char *out, size_t outlen)
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);
	size_t seplen = strlen(sep), o = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			if (o + seplen >= outlen)
				break;
			memcpy(out + o, sep, seplen);
			o += seplen;
		}
		if (o + 1 >= outlen)
			break;
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

void payment_amount_format(int64_t cents, const char *lang, char out[PAYMENT_AMOUNT_FMT_MAX])
{
	bool fi = lang && strcmp(lang, "fi") == 0;
	const char *sign = cents < 0 ? "-" : "";
	/* Negate in unsigned arithmetic so INT64_MIN cannot overflow. */
	uint64_t abs = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	char whole[24]; /* 92 233 720 368 547 758 at most */
	group_thousands(abs / 100, fi ? " " : ",", whole, sizeof(whole));
	unsigned frac = (unsigned)(abs % 100);
	if (fi)
		snprintf(out, PAYMENT_AMOUNT_FMT_MAX, "%s%s,%02u €", sign, whole, frac);
	else
		snprintf(out, PAYMENT_AMOUNT_FMT_MAX, "%s€%s.%02u", sign, whole, frac);
}
