/* test_crypto.c - passwords, tokens and MACs. */
#include <string.h>

#include "check.h"
#include "lib/crypto.h"

static void test_password(void)
{
	char h[CRYPTO_PWHASH_MAX];
	CHECK(crypto_password_hash("correct horse battery", h) == 0);
	CHECK(strncmp(h, "$argon2id$", 10) == 0);
	CHECK(crypto_password_verify(h, "correct horse battery"));
	CHECK(!crypto_password_verify(h, "correct horse batterY"));
	CHECK(!crypto_password_verify(h, ""));
	char h2[CRYPTO_PWHASH_MAX];
	CHECK(crypto_password_hash("correct horse battery", h2) == 0);
	CHECK(strcmp(h, h2) != 0); /* salted */
}

static void test_tokens(void)
{
	char a[CRYPTO_TOKEN_CHARS], b[CRYPTO_TOKEN_CHARS];
	crypto_token_new(a);
	crypto_token_new(b);
	CHECK(strlen(a) == CRYPTO_TOKEN_CHARS - 1);
	CHECK(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
	      strlen(a));
	CHECK(strcmp(a, b) != 0);
	uint8_t ha[CRYPTO_HASH_BYTES], ha2[CRYPTO_HASH_BYTES], hb[CRYPTO_HASH_BYTES];
	crypto_token_hash(a, ha);
	crypto_token_hash(a, ha2);
	crypto_token_hash(b, hb);
	CHECK(memcmp(ha, ha2, sizeof(ha)) == 0);
	CHECK(memcmp(ha, hb, sizeof(ha)) != 0);
}

static void test_mac(void)
{
	uint8_t k1[CRYPTO_KEY_BYTES] = {1}, k2[CRYPTO_KEY_BYTES] = {2};
	char m1[CRYPTO_TOKEN_CHARS], m1b[CRYPTO_TOKEN_CHARS], m2[CRYPTO_TOKEN_CHARS],
		m3[CRYPTO_TOKEN_CHARS];
	crypto_mac_text(k1, "session-a", m1);
	crypto_mac_text(k1, "session-a", m1b);
	crypto_mac_text(k2, "session-a", m2);
	crypto_mac_text(k1, "session-b", m3);
	CHECK(crypto_str_equal(m1, m1b));
	CHECK(!crypto_str_equal(m1, m2));
	CHECK(!crypto_str_equal(m1, m3));
	CHECK(!crypto_str_equal(m1, ""));
}

int main(void)
{
	if (crypto_init() < 0)
		return 1;
	RUN(test_password);
	RUN(test_tokens);
	RUN(test_mac);
	return check_done();
}
