/* crypto.c - libsodium wrappers. */
#include "lib/crypto.h"

#include <sodium.h>
#include <string.h>

_Static_assert(CRYPTO_PWHASH_MAX >= crypto_pwhash_STRBYTES, "pwhash buffer");
_Static_assert(CRYPTO_KEY_BYTES >= crypto_generichash_KEYBYTES_MIN, "mac key");

int crypto_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int crypto_password_hash(const char *password, char out[CRYPTO_PWHASH_MAX])
{
	return crypto_pwhash_str_alg(out, password, strlen(password),
				     crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE,
				     crypto_pwhash_ALG_ARGON2ID13);
}

bool crypto_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static void to_text(const uint8_t *bin, size_t n, char out[CRYPTO_TOKEN_CHARS])
{
	sodium_bin2base64(out, CRYPTO_TOKEN_CHARS, bin, n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void crypto_token_new(char out[CRYPTO_TOKEN_CHARS])
{
	uint8_t raw[CRYPTO_TOKEN_BYTES];
	randombytes_buf(raw, sizeof(raw));
	to_text(raw, sizeof(raw), out);
	sodium_memzero(raw, sizeof(raw));
}

void crypto_digest(const void *data, size_t n, uint8_t out[CRYPTO_HASH_BYTES])
{
	crypto_generichash(out, CRYPTO_HASH_BYTES, data, n, NULL, 0);
}

void crypto_sha256(const void *data, size_t n, uint8_t out[32])
{
	crypto_hash_sha256(out, data, n);
}

void crypto_token_hash(const char *token, uint8_t out[CRYPTO_HASH_BYTES])
{
	crypto_digest(token, strlen(token), out);
}

void crypto_mac_text(const uint8_t key[CRYPTO_KEY_BYTES], const char *msg,
		     char out[CRYPTO_TOKEN_CHARS])
{
	uint8_t mac[CRYPTO_HASH_BYTES];
	crypto_generichash(mac, sizeof(mac), (const uint8_t *)msg, strlen(msg),
			   key, CRYPTO_KEY_BYTES);
	to_text(mac, sizeof(mac), out);
}

void crypto_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

bool crypto_str_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}
