/* test_account.c - account field rules and the log-in throttle. */
#include <string.h>

#include "check.h"
#include "domain/account.h"
#include "domain/throttle.h"
#include "lib/arena.h"

static void test_email(void)
{
	struct arena *a = arena_new();
	const char *e;
	CHECK(account_email_normalise(a, "  Matti.Meikalainen@Example.FI \t", &e) == NULL);
	CHECK_STR(e, "matti.meikalainen@example.fi");
	CHECK(account_email_normalise(a, "a+tag@sub.example.com", &e) == NULL);
	const char *bad[] = {"", "   ", "no-at.example.com", "a@b", "a@@b.fi", "a b@c.fi",
			     "@example.com", "a@.example.com", "a@example..com", "a@-x.com",
			     "a.@b.fi", "a..b@c.fi", "a@b\n.fi", "a@b_c.fi", NULL};
	for (int i = 0; bad[i]; i++) {
		CHECK(account_email_normalise(a, bad[i], &e) != NULL);
		CHECK(e == NULL);
	}
	CHECK(account_email_normalise(a, NULL, &e) != NULL);
	arena_free(a);
}

static void test_password_rules(void)
{
	CHECK(account_password_check("123456789") != NULL);
	CHECK(account_password_check("1234567890") == NULL);
	CHECK(account_password_check("ääääääääää") == NULL);   /* 10 chars, 20 bytes */
	CHECK(account_password_check("äääääääää") != NULL);    /* 9 chars, 18 bytes */
	CHECK(account_password_check(NULL) != NULL);
	char longpw[ACCOUNT_PASSWORD_MAX + 2];
	memset(longpw, 'x', sizeof(longpw) - 1);
	longpw[sizeof(longpw) - 1] = '\0';
	CHECK(account_password_check(longpw) != NULL);
}

static void test_name(void)
{
	struct arena *a = arena_new();
	const char *n;
	CHECK(account_name_check(a, "  Aino  ", &n) == NULL);
	CHECK_STR(n, "Aino");
	CHECK(account_name_check(a, "   ", &n) != NULL);
	CHECK(account_name_check(a, "a\x01" "b", &n) != NULL);
	arena_free(a);
}

static void test_throttle(void)
{
	struct throttle_policy p = {.max_failures = 5, .base_seconds = 30, .max_seconds = 900,
				    .window = 3600};
	CHECK(throttle_retry_after(&p, 0, 0, 1000) == 0);
	CHECK(throttle_retry_after(&p, 4, 1000, 1000) == 0);
	CHECK(throttle_retry_after(&p, 5, 1000, 1000) == 30);
	CHECK(throttle_retry_after(&p, 5, 1000, 1010) == 20);
	CHECK(throttle_retry_after(&p, 5, 1000, 1030) == 0);
	CHECK(throttle_retry_after(&p, 6, 1000, 1000) == 60);   /* grows */
	CHECK(throttle_retry_after(&p, 7, 1000, 1000) == 120);
	CHECK(throttle_retry_after(&p, 60, 1000, 1000) == 900); /* capped */
}

int main(void)
{
	RUN(test_email);
	RUN(test_password_rules);
	RUN(test_name);
	RUN(test_throttle);
	return check_done();
}
