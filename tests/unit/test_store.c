/* test_store.c - migrations and the SQLite store's use cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "lib/arena.h"
#include "lib/crypto.h"
#include "lib/err.h"
#include "store/store.h"

static char dir[] = "/tmp/tuki-test-store-XXXXXX";
static char url[256];

static struct store *open_db(void)
{
	struct store *s = NULL;
	char *err = NULL;
	if (store_open(url, &s, &err) != 0) {
		printf("# open %s: %s\n", url, err ? err : "?");
		free(err);
		return NULL;
	}
	return s;
}

static void test_migrate_idempotent(void)
{
	struct store *s = open_db();
	int from = -1, to = -1;
	CHECK(s && store_migrate(s, &from, &to) == 0);
	CHECK(from == 0 && to >= 1);
	int again_from = -1, again_to = -1;
	CHECK(store_migrate(s, &again_from, &again_to) == 0);
	CHECK(again_from == to && again_to == to);
	CHECK(store_ping(s) == 0);
	store_close(s);
	/* A second connection sees the same version and changes nothing. */
	s = open_db();
	CHECK(s && store_migrate(s, &from, &to) == 0 && from == again_to);
	store_close(s);
}

static void test_unknown_url(void)
{
	struct store *s;
	char *err = NULL;
	CHECK(store_open("mysql://x", &s, &err) != 0);
	CHECK(err != NULL);
	free(err);
}

static void test_users(void)
{
	struct store *s = open_db();
	struct arena *a = arena_new();
	struct user_new nu = {.email = "aino@example.com", .name = "Aino", .password_hash = "h1",
			      .role = ROLE_AGENT};
	int64_t id = 0, id2;
	CHECK(store_user_create(s, &nu, 100, &id) == 0 && id > 0);
	CHECK(store_user_create(s, &nu, 100, &id2) == TK_ECONFLICT);
	struct user u;
	char *hash;
	CHECK(store_user_by_email(s, a, "aino@example.com", &u, &hash) == 0);
	CHECK(u.id == id && u.role == ROLE_AGENT && u.lang == NULL);
	CHECK_STR(hash, "h1");
	CHECK(store_user_by_email(s, a, "nobody@example.com", &u, NULL) == TK_ENOTFOUND);
	CHECK(store_user_set_lang(s, id, "fi") == 0);
	CHECK(store_user_get(s, a, id, &u) == 0);
	CHECK_STR(u.lang, "fi");
	CHECK(store_user_set_lang(s, id, "sv") != 0); /* the schema refuses */
	CHECK(store_user_get(s, a, 999999, &u) == TK_ENOTFOUND);
	arena_free(a);
	store_close(s);
}

static void test_sessions_and_tokens(void)
{
	struct store *s = open_db();
	struct arena *a = arena_new();
	struct user_new nu = {.email = "ville@example.com", .name = "Ville", .password_hash = "h",
			      .role = ROLE_CUSTOMER};
	int64_t id;
	CHECK(store_user_create(s, &nu, 100, &id) == 0);
	uint8_t h1[CRYPTO_HASH_BYTES] = {1}, h2[CRYPTO_HASH_BYTES] = {2}, h3[CRYPTO_HASH_BYTES] = {3};
	CHECK(store_session_create(s, h1, id, NULL, 1000, 2000) == 0);
	CHECK(store_session_create(s, h2, id, NULL, 1000, 2000) == 0);
	struct session ses;
	struct user u;
	CHECK(store_session_get(s, a, h1, 1500, &ses, &u) == 0 && ses.user_id == id);
	CHECK_STR(u.email, "ville@example.com");
	CHECK(store_session_get(s, a, h1, 2000, &ses, &u) == TK_ENOTFOUND); /* expired */
	/* Anonymous language choice, then a password change revokes all. */
	CHECK(store_session_set_lang(s, h3, "fi", 1000, 2000) == 0);
	CHECK(store_session_get(s, a, h3, 1500, &ses, &u) == 0 && ses.user_id == 0);
	CHECK_STR(ses.lang, "fi");
	CHECK(store_user_set_password(s, id, "new", 1600) == 0);
	CHECK(store_session_get(s, a, h1, 1500, &ses, &u) == TK_ENOTFOUND);
	CHECK(store_session_get(s, a, h2, 1500, &ses, &u) == TK_ENOTFOUND);
	CHECK(store_session_get(s, a, h3, 1500, &ses, &u) == 0); /* not the user's */
	CHECK(store_session_delete(s, h3) == 0);
	CHECK(store_session_get(s, a, h3, 1500, &ses, &u) == TK_ENOTFOUND);
	uint8_t t[CRYPTO_HASH_BYTES] = {9};
	CHECK(store_token_create(s, id, "cli", t, 1000, NULL) == 0);
	CHECK(store_token_user(s, a, t, 1000, &u) == 0 && u.id == id);
	CHECK(store_user_set_password(s, id, "newer", 1700) == 0);
	CHECK(store_token_user(s, a, t, 1000, &u) == TK_ENOTFOUND); /* revoked with it */
	CHECK(store_token_create(s, id, "cli", t, 1800, NULL) == 0);
	CHECK(store_token_user(s, a, h1, 1000, &u) == TK_ENOTFOUND);
	int64_t revoked = -1;
	CHECK(store_token_revoke_user(s, id, &revoked) == 0 && revoked == 1);
	CHECK(store_token_user(s, a, t, 1900, &u) == TK_ENOTFOUND);
	CHECK(store_token_revoke_user(s, id, &revoked) == 0 && revoked == 0);
	arena_free(a);
	store_close(s);
}

static void test_throttle_counts(void)
{
	struct store *s = open_db();
	int n = 0;
	int64_t last;
	CHECK(store_throttle_fail(s, "ip:1", 1000, 60, &n) == 0 && n == 1);
	CHECK(store_throttle_fail(s, "ip:1", 1010, 60, &n) == 0 && n == 2);
	CHECK(store_throttle_get(s, "ip:1", 1020, 60, &n, &last) == 0 && n == 2 && last == 1010);
	CHECK(store_throttle_get(s, "ip:1", 2000, 60, &n, &last) == 0 && n == 0); /* aged out */
	CHECK(store_throttle_fail(s, "ip:1", 2000, 60, &n) == 0 && n == 1);       /* restarts */
	CHECK(store_throttle_clear(s, "ip:1") == 0);
	CHECK(store_throttle_get(s, "ip:1", 2000, 60, &n, &last) == 0 && n == 0);
	CHECK(store_throttle_fail(s, "ip:1", 1000, STORE_COUNTER_WINDOW_MAX + 1, &n) == TK_EINVALID);
	store_close(s);
}

/* Counters quiet for longer than any window go when a new count starts;
 * live ones stay. A week-long read window shows whether a row is still
 * there. */
static void test_counters_purged(void)
{
	struct store *s = open_db();
	const int64_t day = STORE_COUNTER_WINDOW_MAX, later = 5000 + day + 120, week = 7 * day;
	int n = 0;
	int64_t last;
	CHECK(store_throttle_fail(s, "ip:old", 5000, 3600, &n) == 0 && n == 1);
	CHECK(store_throttle_fail(s, "ip:live", later - 600, 3600, &n) == 0 && n == 1);
	CHECK(store_throttle_get(s, "ip:old", later, week, &n, &last) == 0 && n == 1);
	CHECK(store_throttle_fail(s, "ip:new", later, 3600, &n) == 0 && n == 1);
	CHECK(store_throttle_get(s, "ip:old", later, week, &n, &last) == 0 && n == 0);
	CHECK(store_throttle_get(s, "ip:live", later, 3600, &n, &last) == 0 && n == 1);

	CHECK(store_rate_hit(s, "a", 5000, 60, &n) == 0 && n == 1);
	CHECK(store_rate_hit(s, "a", 5000, 60, &n) == 0 && n == 2);
	CHECK(store_rate_hit(s, "live", later - 600, 3600, &n) == 0 && n == 1);
	CHECK(store_rate_hit(s, "b", later, 60, &n) == 0 && n == 1);
	CHECK(store_rate_hit(s, "a", 5000, 60, &n) == 0 && n == 1);   /* was purged */
	CHECK(store_rate_hit(s, "live", later, 3600, &n) == 0 && n == 2); /* kept */
	/* A long backlog goes in batches of 256, one batch per new count. */
	enum { BACKLOG = 300 };
	char key[32];
	for (int i = 0; i < BACKLOG; i++) {
		snprintf(key, sizeof(key), "ip:backlog%d", i);
		CHECK(store_throttle_fail(s, key, 5000, 3600, &n) == 0 && n == 1);
	}
	int left[2] = {0, 0};
	for (int round = 0; round < 2; round++) {
		snprintf(key, sizeof(key), "ip:next%d", round);
		CHECK(store_throttle_fail(s, key, later, 3600, &n) == 0 && n == 1);
		for (int i = 0; i < BACKLOG; i++) {
			snprintf(key, sizeof(key), "ip:backlog%d", i);
			CHECK(store_throttle_get(s, key, later, week, &n, &last) == 0);
			left[round] += n;
		}
	}
	CHECK(left[0] == BACKLOG - 256 && left[1] == 0);
	CHECK(store_rate_hit(s, "a", 5000, 0, &n) == TK_EINVALID);
	CHECK(store_rate_hit(s, "a", 5000, day + 1, &n) == TK_EINVALID);
	store_close(s);
}

static void test_secret_stable(void)
{
	struct store *s = open_db(), *s2 = open_db();
	uint8_t k1[32], k2[32];
	CHECK(store_secret(s, "k", k1, sizeof(k1)) == 0);
	CHECK(store_secret(s2, "k", k2, sizeof(k2)) == 0);
	CHECK(memcmp(k1, k2, sizeof(k1)) == 0);
	store_close(s);
	store_close(s2);
}

int main(void)
{
	if (!mkdtemp(dir) || crypto_init() < 0)
		return 1;
	snprintf(url, sizeof(url), "sqlite:%s/test.db", dir);
	RUN(test_migrate_idempotent);
	RUN(test_unknown_url);
	RUN(test_users);
	RUN(test_sessions_and_tokens);
	RUN(test_throttle_counts);
	RUN(test_counters_purged);
	RUN(test_secret_stable);
	char path[300];
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/test.db%s", dir, suffix[i]);
		unlink(path);
	}
	rmdir(dir);
	return check_done();
}
