/* account.h - rules for account fields, with no I/O.
 *
 * Each check returns NULL when the value is acceptable, or the English
 * msgid explaining what is wrong, for the form to show translated. */
#ifndef TUKI_DOMAIN_ACCOUNT_H
#define TUKI_DOMAIN_ACCOUNT_H

struct arena;

enum {
	ACCOUNT_PASSWORD_MIN = 10,   /* characters */
	ACCOUNT_PASSWORD_MAX = 1024, /* bytes: argon2 of megabytes is a DoS */
	ACCOUNT_NAME_MAX = 100,      /* characters */
	ACCOUNT_EMAIL_MAX = 254,     /* RFC 5321 path limit */
};

/* Trims and lower-cases an address and checks its shape (one '@', a
 * dotted domain of letters, digits and hyphens, no spaces); *out is the
 * normalised address in arena memory. */
const char *account_email_normalise(struct arena *a, const char *in, const char **out);
const char *account_password_check(const char *password);
/* Trims surrounding whitespace into *out. */
const char *account_name_check(struct arena *a, const char *in, const char **out);

#endif
