/* crypto.h - the few secrets Tuki handles, wrapped around libsodium.
 *
 * Passwords are slow on purpose (argon2id) and checked only at log-in.
 * Session and API tokens are 256 random bits looked up by a fast hash, so
 * authenticating a request never costs a password hash. */
#ifndef TUKI_CRYPTO_H
#define TUKI_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	CRYPTO_PWHASH_MAX = 128,  /* >= crypto_pwhash_STRBYTES */
	CRYPTO_TOKEN_BYTES = 32,
	CRYPTO_TOKEN_CHARS = 44,  /* base64url of 32 bytes, no padding, + NUL */
	CRYPTO_HASH_BYTES = 32,
	CRYPTO_KEY_BYTES = 32,
};

int crypto_init(void);

/* argon2id string of password into out; 0 or -1 (out of memory). */
int crypto_password_hash(const char *password, char out[CRYPTO_PWHASH_MAX]);
bool crypto_password_verify(const char *hash, const char *password);

/* Fills out with a fresh random token (base64url text). */
void crypto_token_new(char out[CRYPTO_TOKEN_CHARS]);
/* Fast one-way hash of a token for storage and lookup. */
void crypto_token_hash(const char *token, uint8_t out[CRYPTO_HASH_BYTES]);
/* Fast one-way hash of any bytes (ETags, checksums). */
void crypto_digest(const void *data, size_t n, uint8_t out[CRYPTO_HASH_BYTES]);
/* SHA-256, for attachment checksums anyone can verify. */
void crypto_sha256(const void *data, size_t n, uint8_t out[32]);
/* Keyed MAC of msg, as base64url text (CSRF tokens). */
void crypto_mac_text(const uint8_t key[CRYPTO_KEY_BYTES], const char *msg,
		     char out[CRYPTO_TOKEN_CHARS]);
void crypto_random(void *buf, size_t n);
/* Constant-time comparison of two NUL-terminated strings. */
bool crypto_str_equal(const char *a, const char *b);

#endif
