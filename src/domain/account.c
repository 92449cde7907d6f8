/* account.c - validation of account fields. */
#include "domain/account.h"

#include <ctype.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/i18n.h"
#include "lib/utf8.h"

/* Copies s without leading and trailing ASCII whitespace. */
static char *trim(struct arena *a, const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

static int domain_ok(const char *d)
{
	size_t label = 0;
	int dots = 0;
	for (const char *p = d;; p++) {
		if (*p == '.' || *p == '\0') {
			if (label == 0 || p[-1] == '-' || label > 63)
				return 0;
			if (*p == '\0')
				break;
			dots++;
			label = 0;
		} else if (isalnum((unsigned char)*p) || (*p == '-' && label > 0) ||
			   (unsigned char)*p >= 0x80) {
			label++;
		} else {
			return 0;
		}
	}
	return dots > 0;
}

static int local_ok(const char *l, size_t n)
{
	if (n == 0 || n > 64 || l[0] == '.' || l[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)l[i];
		if (c <= ' ' || strchr("\"(),:;<>@[\\]", c))
			return 0;
		if (c == '.' && l[i + 1] == '.')
			return 0;
	}
	return 1;
}

const char *account_email_normalise(struct arena *a, const char *in, const char **out)
{
	*out = NULL;
	if (!in)
		return N_("Please enter your email address.");
	char *e = trim(a, in);
	size_t n = strlen(e);
	for (size_t i = 0; i < n; i++)
		e[i] = (char)tolower((unsigned char)e[i]);
	const char *at = strrchr(e, '@');
	if (n == 0)
		return N_("Please enter your email address.");
	if (n > ACCOUNT_EMAIL_MAX || !at || !local_ok(e, (size_t)(at - e)) || !domain_ok(at + 1))
		return N_("Please enter a valid email address, like name@example.com.");
	*out = e;
	return NULL;
}

const char *account_password_check(const char *pw)
{
	if (!pw || utf8_length(pw, strlen(pw)) < ACCOUNT_PASSWORD_MIN)
		return N_("The password must be at least 10 characters long.");
	if (strlen(pw) > ACCOUNT_PASSWORD_MAX)
		return N_("The password is too long.");
	return NULL;
}

const char *account_name_check(struct arena *a, const char *in, const char **out)
{
	*out = NULL;
	char *name = in ? trim(a, in) : NULL;
	if (!name || !*name)
		return N_("Please enter your name.");
	if (utf8_length(name, strlen(name)) > ACCOUNT_NAME_MAX)
		return N_("The name is too long.");
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20)
			return N_("The name cannot contain line breaks.");
	*out = name;
	return NULL;
}
