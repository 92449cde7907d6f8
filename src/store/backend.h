/* backend.h - what a database backend implements.
 *
 * STORE_OPS is the one list of store operations: it declares the
 * function pointers of struct store_ops and generates the store_*()
 * functions of store.h that forward to them (store.c), so adding an
 * operation is one line here plus its implementations. A backend's
 * connection struct starts with a struct store. */
#ifndef TUKI_STORE_BACKEND_H
#define TUKI_STORE_BACKEND_H

#include "store/store.h"

#define STORE_OPS(X)                                                                      \
	X(migrate, (struct store * s, int *from, int *to), (s, from, to))                   \
	X(ping, (struct store * s), (s))                                                    \
	X(secret, (struct store * s, const char *name, uint8_t *out, size_t n),             \
	  (s, name, out, n))                                                                \
	X(user_create, (struct store * s, const struct user_new *u, int64_t now, int64_t *id), \
	  (s, u, now, id))                                                                  \
	X(user_get, (struct store * s, struct arena *a, int64_t id, struct user *out),      \
	  (s, a, id, out))                                                                  \
	X(user_by_email,                                                                    \
	  (struct store * s, struct arena *a, const char *email, struct user *out,          \
	   char **pwhash),                                                                  \
	  (s, a, email, out, pwhash))                                                       \
	X(user_set_password, (struct store * s, int64_t id, const char *pwhash, int64_t now), \
	  (s, id, pwhash, now))                                                             \
	X(user_set_lang, (struct store * s, int64_t id, const char *lang), (s, id, lang))   \
	X(user_set_time_zone, (struct store * s, int64_t id, const char *zone), (s, id, zone)) \
	X(session_create,                                                                   \
	  (struct store * s, const uint8_t hash[CRYPTO_HASH_BYTES], int64_t user_id,        \
	   const char *lang, int64_t now, int64_t expires),                                 \
	  (s, hash, user_id, lang, now, expires))                                           \
	X(session_get,                                                                      \
	  (struct store * s, struct arena *a, const uint8_t hash[CRYPTO_HASH_BYTES],        \
	   int64_t now, struct session *out, struct user *user),                            \
	  (s, a, hash, now, out, user))                                                     \
	X(session_set_lang,                                                                 \
	  (struct store * s, const uint8_t hash[CRYPTO_HASH_BYTES], const char *lang,       \
	   int64_t now, int64_t expires),                                                   \
	  (s, hash, lang, now, expires))                                                    \
	X(session_delete, (struct store * s, const uint8_t hash[CRYPTO_HASH_BYTES]), (s, hash)) \
	X(token_create,                                                                     \
	  (struct store * s, int64_t user_id, const char *name,                             \
	   const uint8_t hash[CRYPTO_HASH_BYTES], int64_t now, int64_t *id),                \
	  (s, user_id, name, hash, now, id))                                                \
	X(token_revoke_user, (struct store * s, int64_t user_id, int64_t *count),             \
	  (s, user_id, count))                                                              \
	X(token_user,                                                                       \
	  (struct store * s, struct arena *a, const uint8_t hash[CRYPTO_HASH_BYTES],        \
	   int64_t now, struct user *out),                                                  \
	  (s, a, hash, now, out))                                                           \
	X(throttle_get,                                                                     \
	  (struct store * s, const char *key, int64_t now, int64_t window, int *failures,   \
	   int64_t *last_failure),                                                          \
	  (s, key, now, window, failures, last_failure))                                    \
	X(throttle_fail,                                                                    \
	  (struct store * s, const char *key, int64_t now, int64_t window, int *failures),  \
	  (s, key, now, window, failures))                                                  \
	X(throttle_clear, (struct store * s, const char *key), (s, key))                    \
	X(category_list,                                                                    \
	  (struct store * s, struct arena *a, bool active_only, struct category **out,      \
	   size_t *n),                                                                      \
	  (s, a, active_only, out, n))                                                      \
	X(category_get, (struct store * s, struct arena *a, int64_t id, struct category *out), \
	  (s, a, id, out))                                                                  \
	X(category_create,                                                                  \
	  (struct store * s, const char *name_en, const char *name_fi, int64_t *id),        \
	  (s, name_en, name_fi, id))                                                        \
	X(category_update,                                                                  \
	  (struct store * s, int64_t id, const char *name_en, const char *name_fi,          \
	   bool active),                                                                    \
	  (s, id, name_en, name_fi, active))                                                \
	X(ticket_create,                                                                    \
	  (struct store * s, const struct ticket_new *t, int64_t now, int64_t *id),         \
	  (s, t, now, id))                                                                  \
	X(ticket_get, (struct store * s, struct arena *a, int64_t id, struct ticket *out),  \
	  (s, a, id, out))                                                                  \
	X(ticket_list,                                                                      \
	  (struct store * s, struct arena *a, const struct ticket_filter *f,                \
	   struct ticket **out, size_t *n),                                                 \
	  (s, a, f, out, n))                                                                \
	X(ticket_counts, (struct store * s, int64_t category_id, int64_t counts[TS__MAX]),  \
	  (s, category_id, counts))                                                         \
	X(ticket_reply,                                                                     \
	  (struct store * s, const struct reply_new *r, int64_t now, int64_t *message_id),  \
	  (s, r, now, message_id))                                                          \
	X(ticket_set_status,                                                                \
	  (struct store * s, int64_t id, int64_t actor_id, enum ticket_status to,           \
	   int64_t now),                                                                    \
	  (s, id, actor_id, to, now))                                                       \
	X(ticket_take,                                                                      \
	  (struct store * s, struct arena *a, int64_t id, int64_t agent_id, int64_t now,    \
	   int64_t *holder_id, const char **holder_name),                                   \
	  (s, a, id, agent_id, now, holder_id, holder_name))                                \
	X(ticket_release,                                                                   \
	  (struct store * s, struct arena *a, int64_t id, int64_t agent_id, int64_t now,    \
	   int64_t *holder_id, const char **holder_name),                                   \
	  (s, a, id, agent_id, now, holder_id, holder_name))                                \
	X(message_list,                                                                     \
	  (struct store * s, struct arena *a, int64_t ticket_id, bool with_internal,        \
	   struct message **out, size_t *n),                                                \
	  (s, a, ticket_id, with_internal, out, n))                                         \
	X(attachment_list,                                                                  \
	  (struct store * s, struct arena *a, int64_t ticket_id, bool with_internal,        \
	   struct attachment **out, size_t *n),                                             \
	  (s, a, ticket_id, with_internal, out, n))                                         \
	X(attachment_get, (struct store * s, struct arena *a, int64_t id, struct attachment *out), \
	  (s, a, id, out))                                                                  \
	X(event_list,                                                                       \
	  (struct store * s, struct arena *a, int64_t ticket_id, bool with_internal,        \
	   struct ticket_event **out, size_t *n),                                           \
	  (s, a, ticket_id, with_internal, out, n))                                         \
	X(article_save,                                                                     \
	  (struct store * s, const struct article_new *in, int64_t now, int64_t *id,        \
	   enum article_change *what),                                                      \
	  (s, in, now, id, what))                                                           \
	X(article_get,                                                                      \
	  (struct store * s, struct arena *a, int64_t id, const char *slug,                 \
	   struct article *out),                                                            \
	  (s, a, id, slug, out))                                                            \
	X(article_list,                                                                     \
	  (struct store * s, struct arena *a, const struct article_filter *f,               \
	   struct article **out, size_t *n),                                                \
	  (s, a, f, out, n))                                                                \
	X(article_delete, (struct store * s, int64_t id), (s, id))                          \
	X(article_versions,                                                                 \
	  (struct store * s, struct arena *a, int64_t id, struct article_version **out,     \
	   size_t *n),                                                                      \
	  (s, a, id, out, n))                                                               \
	X(article_restore,                                                                  \
	  (struct store * s, int64_t id, int64_t version_id, int64_t author_id, int64_t now), \
	  (s, id, version_id, author_id, now))                                              \
	X(article_feedback, (struct store * s, int64_t id, bool helpful), (s, id, helpful)) \
	X(article_search,                                                                   \
	  (struct store * s, struct arena *a, const char *lang, const char *query,          \
	   int limit, struct search_candidate **out, size_t *n),                            \
	  (s, a, lang, query, limit, out, n))                                               \
	X(synonym_list,                                                                     \
	  (struct store * s, struct arena *a, const char *lang, struct synonym **out,       \
	   size_t *n),                                                                      \
	  (s, a, lang, out, n))                                                             \
	X(synonym_add,                                                                      \
	  (struct store * s, const char *lang, const char *term, const char *expansion),    \
	  (s, lang, term, expansion))                                                       \
	X(synonym_delete, (struct store * s, int64_t id), (s, id))                          \
	X(assist_record,                                                                    \
	  (struct store * s, const struct assist_record *r, int64_t now, int64_t *id),      \
	  (s, r, now, id))                                                                  \
	X(assist_chosen,                                                                    \
	  (struct store * s, int64_t id, int64_t user_id, const uint8_t *visitor,           \
	   int64_t article_id),                                                             \
	  (s, id, user_id, visitor, article_id))                                            \
	X(assist_ticket,                                                                    \
	  (struct store * s, int64_t id, int64_t user_id, int64_t ticket_id),               \
	  (s, id, user_id, ticket_id))                                                      \
	X(assist_stats,                                                                     \
	  (struct store * s, struct arena *a, int64_t since, struct assist_stats *out),     \
	  (s, a, since, out))                                                               \
	X(ticket_suggestions_set,                                                           \
	  (struct store * s, int64_t ticket_id, const int64_t *article_ids, size_t n),      \
	  (s, ticket_id, article_ids, n))                                                   \
	X(ticket_suggestions,                                                               \
	  (struct store * s, struct arena *a, int64_t ticket_id, struct article **out,      \
	   size_t *n),                                                                      \
	  (s, a, ticket_id, out, n))                                                        \
	X(ticket_mark_docs, (struct store * s, int64_t ticket_id, bool answered_by_docs),   \
	  (s, ticket_id, answered_by_docs))                                                 \
	X(rate_hit,                                                                         \
	  (struct store * s, const char *key, int64_t now, int64_t window, int *count),     \
	  (s, key, now, window, count))                                                     \
	X(first_responses,                                                                  \
	  (struct store * s, struct arena *a, int64_t since, size_t limit,                  \
	   struct first_response **out, size_t *n),                                         \
	  (s, a, since, limit, out, n))                                                     \
	X(setting_get,                                                                      \
	  (struct store * s, struct arena *a, const char *name, const char **value),        \
	  (s, a, name, value))                                                              \
	X(setting_put, (struct store * s, const char *name, const char *value, int64_t now), \
	  (s, name, value, now))                                                            \
	X(holiday_list, (struct store * s, struct arena *a, struct holiday **out, size_t *n), \
	  (s, a, out, n))                                                                   \
	X(holiday_put, (struct store * s, int32_t day, const char *name), (s, day, name))    \
	X(holiday_delete, (struct store * s, int32_t day), (s, day))                        \
	X(ticket_set_due, (struct store * s, int64_t ticket_id, int64_t due_at),            \
	  (s, ticket_id, due_at))                                                           \
	X(payment_create,                                                                   \
	  (struct store * s, int64_t ticket_id, const char *provider, int64_t amount_cents, \
	   const char *currency, int64_t now, int64_t *id),                                 \
	  (s, ticket_id, provider, amount_cents, currency, now, id))                        \
	X(payment_get,                                                                      \
	  (struct store * s, struct arena *a, int64_t id, const char *external_id,          \
	   struct payment *out),                                                            \
	  (s, a, id, external_id, out))                                                     \
	X(payment_set_checkout,                                                             \
	  (struct store * s, int64_t id, const char *external_id, const char *url),         \
	  (s, id, external_id, url))                                                        \
	X(payment_set_charge, (struct store * s, int64_t id, const char *charge),            \
	  (s, id, charge))                                                                  \
	X(payment_transition,                                                               \
	  (struct store * s, int64_t id, enum payment_state to, int64_t actor_id,           \
	   const char *provider_event, int64_t now),                                        \
	  (s, id, to, actor_id, provider_event, now))                                       \
	X(payment_list,                                                                     \
	  (struct store * s, struct arena *a, int64_t ticket_id, struct payment **out,      \
	   size_t *n),                                                                      \
	  (s, a, ticket_id, out, n))

struct store_ops {
	void (*close)(struct store *);
#define STORE_OP_FIELD(name, params, args) int(*name) params;
	STORE_OPS(STORE_OP_FIELD)
#undef STORE_OP_FIELD
};

struct store {
	const struct store_ops *ops;
};

int sqlite_store_open(const char *path, struct store **out, char **err);

#endif
