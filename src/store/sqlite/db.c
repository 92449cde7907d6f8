/* db.c - SQLite connection set-up and the statement table. */
#include "store/sqlite/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/log.h"
#include "search/analyze.h"
#include "search/fts_tokenizer.h"

#define USER_COLS "u.id, u.email, u.name, u.role, u.lang, u.created_at, u.time_zone"
#define TICKET_COLS                                                                        \
	"t.id, t.customer_id, c.name, c.email, t.category_id, g.name_en, g.name_fi, "       \
	"t.subject, t.status, t.priority, coalesce(t.assignee_id, 0), a.name, t.created_at, " \
	"t.updated_at, coalesce(t.waiting_since, 0), coalesce(t.due_at, 0), "                \
	"t.answered_by_docs, t.payment_state FROM tickets t "                                \
	"JOIN users c ON c.id = t.customer_id JOIN categories g ON g.id = t.category_id "   \
	"LEFT JOIN users a ON a.id = t.assignee_id "
/* Sorts tickets without a due time after those with one. */
#define QUEUE_NO_DUE "9223372036854775807"
#define ARTICLE_COLS                                                                       \
	"r.id, r.slug, r.lang, r.kind, r.title, r.body, r.translation, "                  \
	"coalesce(r.category_id, 0), g.name_en, g.name_fi, r.published, r.helpful_yes, "  \
	"r.helpful_no, r.answered, r.created_at, r.updated_at FROM articles r "           \
	"LEFT JOIN categories g ON g.id = r.category_id "
#define SEARCH_SQL(t)                                                                      \
	"SELECT r.id, r.slug, r.title, -bm25(" t ", 8.0, 1.0), r.helpful_yes, r.helpful_no " \
	"FROM " t " f "                                                                    \
	"JOIN articles r ON r.id = f.rowid WHERE " t " MATCH ?1 AND r.published = 1 "      \
	"ORDER BY bm25(" t ", 8.0, 1.0) LIMIT ?2"
#define ANSWERED_SQL(t)                                                                    \
	"SELECT article_id, -bm25(" t ") FROM " t " WHERE " t " MATCH ?1 "                 \
	"ORDER BY bm25(" t ") LIMIT 50"
#define PAYMENT_COLS                                                                       \
	"p.id, p.ticket_id, t.customer_id, p.provider, p.external_id, p.amount_cents, "    \
	"p.currency, p.state, p.checkout_url, p.created_at, p.updated_at, p.charge "       \
	"FROM payments p "                                                                 \
	"JOIN tickets t ON t.id = p.ticket_id "
#define ATTACHMENT_COLS                                                                    \
	"x.id, x.message_id, m.ticket_id, t.customer_id, m.internal, x.filename, "          \
	"x.content_type, x.size, x.sha256, x.created_at"
#define ATTACHMENT_FROM                                                                    \
	" FROM attachments x JOIN messages m ON m.id = x.message_id "                        \
	"JOIN tickets t ON t.id = m.ticket_id "

static const char *const sql[STMT__MAX] = {
	[STMT_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_PING] = "SELECT count(*) FROM schema_migrations",
	[STMT_SECRET_GET] = "SELECT value FROM secrets WHERE name = ?1",
	[STMT_SECRET_PUT] = "INSERT INTO secrets(name, value) VALUES (?1, ?2) "
			    "ON CONFLICT(name) DO NOTHING",
	[STMT_USER_INSERT] =
		"INSERT INTO users(email, name, role, password_hash, lang, created_at, "
		"password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
	[STMT_USER_GET] = "SELECT " USER_COLS " FROM users u WHERE u.id = ?1",
	[STMT_USER_BY_EMAIL] =
		"SELECT " USER_COLS ", u.password_hash FROM users u WHERE u.email = ?1",
	[STMT_USER_SET_PASSWORD] =
		"UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
	[STMT_USER_SET_LANG] = "UPDATE users SET lang = ?2 WHERE id = ?1",
	[STMT_USER_SET_TIME_ZONE] = "UPDATE users SET time_zone = ?2 WHERE id = ?1",
	[STMT_SESSION_INSERT] =
		"INSERT INTO sessions(token_hash, user_id, lang, created_at, expires_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_SESSION_GET] =
		"SELECT s.user_id, s.lang, s.expires_at, " USER_COLS " FROM sessions s "
		"LEFT JOIN users u ON u.id = s.user_id "
		"WHERE s.token_hash = ?1 AND s.expires_at > ?2",
	[STMT_SESSION_SET_LANG] =
		"INSERT INTO sessions(token_hash, user_id, lang, created_at, expires_at) "
		"VALUES (?1, NULL, ?2, ?3, ?4) "
		"ON CONFLICT(token_hash) DO UPDATE SET lang = excluded.lang",
	[STMT_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	[STMT_SESSION_DELETE_USER] = "DELETE FROM sessions WHERE user_id = ?1",
	[STMT_TOKEN_DELETE_USER] = "DELETE FROM api_tokens WHERE user_id = ?1",
	[STMT_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?1",
	[STMT_TOKEN_INSERT] =
		"INSERT INTO api_tokens(user_id, name, token_hash, created_at) "
		"VALUES (?1, ?2, ?3, ?4)",
	[STMT_TOKEN_USER] =
		"SELECT " USER_COLS " FROM api_tokens t JOIN users u ON u.id = t.user_id "
		"WHERE t.token_hash = ?1",
	[STMT_THROTTLE_GET] =
		"SELECT failures, last_failure FROM login_failures WHERE key = ?1",
	[STMT_THROTTLE_FAIL] =
		"INSERT INTO login_failures(key, failures, last_failure) VALUES (?1, 1, ?2) "
		"ON CONFLICT(key) DO UPDATE SET "
		"failures = CASE WHEN last_failure < ?2 - ?3 THEN 1 ELSE failures + 1 END, "
		"last_failure = ?2 RETURNING failures",
	[STMT_THROTTLE_CLEAR] = "DELETE FROM login_failures WHERE key = ?1",
	/* Purges take a bounded batch, so the first run on a long backlog
	 * does not hold the write lock for long; each new count takes more. */
	[STMT_THROTTLE_PURGE] =
		"DELETE FROM login_failures WHERE rowid IN (SELECT rowid FROM login_failures "
		"WHERE last_failure < ?1 LIMIT 256)",
	[STMT_CATEGORY_LIST] =
		"SELECT id, name_en, name_fi, position, active FROM categories "
		"WHERE ?1 = 0 OR active = 1 ORDER BY position, id",
	[STMT_CATEGORY_GET] =
		"SELECT id, name_en, name_fi, position, active FROM categories WHERE id = ?1",
	[STMT_CATEGORY_INSERT] =
		"INSERT INTO categories(name_en, name_fi, position) "
		"VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM categories))",
	[STMT_CATEGORY_UPDATE] =
		"UPDATE categories SET name_en = ?2, name_fi = ?3, active = ?4 WHERE id = ?1",
	[STMT_TICKET_INSERT] =
		"INSERT INTO tickets(customer_id, category_id, subject, status, created_at, "
		"updated_at, waiting_since, payment_state) "
		"VALUES (?1, ?2, ?3, 'new', ?4, ?4, CASE WHEN ?5 THEN NULL ELSE ?4 END, "
		"CASE WHEN ?5 THEN 'pending' END)",
	[STMT_TICKET_GET] = "SELECT " TICKET_COLS "WHERE t.id = ?1",
	[STMT_TICKET_LIST] =
		"SELECT " TICKET_COLS "WHERE (?1 = 0 OR t.customer_id = ?1) "
		"AND (?2 IS NULL OR t.status = ?2) AND (?3 = 0 OR t.category_id = ?3) "
		"AND (?4 = 0 OR (t.updated_at, t.id) < (?5, ?6)) "
		"ORDER BY t.updated_at DESC, t.id DESC LIMIT ?7",
	[STMT_TICKET_QUEUE] =
		/* domain/queue.c's order: lane (paid priority first), due
		 * time (none last), submitted, id. */
		"SELECT " TICKET_COLS "WHERE t.waiting_since IS NOT NULL "
		"AND (?2 IS NULL OR t.status = ?2) AND (?3 = 0 OR t.category_id = ?3) "
		"AND (?4 = 0 OR (1 - t.priority, coalesce(t.due_at, " QUEUE_NO_DUE "), "
		"t.waiting_since, t.id) > (?8, ?9, ?5, ?6)) "
		"ORDER BY 1 - t.priority, coalesce(t.due_at, " QUEUE_NO_DUE "), t.waiting_since, t.id "
		"LIMIT ?7",
	[STMT_TICKET_COUNTS] =
		"SELECT status, count(*) FROM tickets WHERE ?1 = 0 OR category_id = ?1 "
		"GROUP BY status",
	[STMT_TICKET_STATE] =
		"SELECT t.status, coalesce(t.waiting_since, 0), coalesce(t.assignee_id, 0), a.name, "
		"coalesce(t.payment_state, '') IN ('pending', 'failed') "
		"FROM tickets t LEFT JOIN users a ON a.id = t.assignee_id WHERE t.id = ?1",
	[STMT_TICKET_SET_STATUS] =
		"UPDATE tickets SET status = ?2, waiting_since = nullif(?3, 0), updated_at = ?4 "
		"WHERE id = ?1",
	[STMT_TICKET_SET_ASSIGNEE] =
		"UPDATE tickets SET assignee_id = nullif(?2, 0), updated_at = ?3 WHERE id = ?1",
	[STMT_MESSAGE_INSERT] =
		"INSERT INTO messages(ticket_id, author_id, internal, body, created_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_MESSAGE_LIST] =
		"SELECT m.id, m.ticket_id, m.author_id, u.name, u.role, m.internal, m.body, "
		"m.created_at FROM messages m JOIN users u ON u.id = m.author_id "
		"WHERE m.ticket_id = ?1 AND (?2 = 1 OR m.internal = 0) ORDER BY m.id",
	[STMT_ATTACHMENT_INSERT] =
		"INSERT INTO attachments(message_id, filename, content_type, size, sha256, data, "
		"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_ATTACHMENT_LIST] =
		"SELECT " ATTACHMENT_COLS ATTACHMENT_FROM
		"WHERE m.ticket_id = ?1 AND (?2 = 1 OR m.internal = 0) ORDER BY x.id",
	[STMT_ATTACHMENT_GET] = "SELECT " ATTACHMENT_COLS ", x.data" ATTACHMENT_FROM "WHERE x.id = ?1",
	[STMT_EVENT_INSERT] =
		"INSERT INTO ticket_events(ticket_id, actor_id, kind, old_value, new_value, "
		"internal, notify, created_at) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8)",
	[STMT_EVENT_LIST] =
		"SELECT e.id, coalesce(e.actor_id, 0), u.name, e.kind, e.old_value, e.new_value, "
		"e.internal, e.created_at FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id "
		"WHERE e.ticket_id = ?1 AND (?2 = 1 OR e.internal = 0) ORDER BY e.id",
	[STMT_ARTICLE_GET] = "SELECT " ARTICLE_COLS "WHERE r.id = ?1",
	[STMT_ARTICLE_BY_SLUG] = "SELECT " ARTICLE_COLS "WHERE r.slug = ?1",
	[STMT_ARTICLE_INSERT] =
		"INSERT INTO articles(slug, lang, kind, category_id, title, body, translation, "
		"published, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, ?6, ?7, ?8, ?9, ?9)",
	[STMT_ARTICLE_UPDATE] =
		"UPDATE articles SET lang = ?2, kind = ?3, category_id = nullif(?4, 0), title = ?5, "
		"body = ?6, translation = ?7, published = ?8, updated_at = ?9 WHERE id = ?1",
	[STMT_ARTICLE_VERSION_INSERT] =
		"INSERT INTO article_versions(article_id, title, body, kind, category_id, published, "
		"author_id, created_at) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, nullif(?7, 0), ?8)",
	[STMT_ARTICLE_LIST] =
		"SELECT " ARTICLE_COLS "WHERE (?1 IS NULL OR r.lang = ?1) AND (?2 IS NULL OR r.kind = ?2) "
		"AND (?3 = 0 OR r.category_id = ?3) AND (?4 = 0 OR r.published = 1) "
		"ORDER BY r.answered DESC, r.helpful_yes - r.helpful_no DESC, r.title LIMIT ?5",
	[STMT_ARTICLE_DELETE] = "DELETE FROM articles WHERE id = ?1",
	[STMT_ARTICLE_VERSIONS] =
		"SELECT v.id, v.title, v.body, v.kind, coalesce(v.category_id, 0), v.published, "
		"u.name, v.created_at FROM article_versions v LEFT JOIN users u ON u.id = v.author_id "
		"WHERE v.article_id = ?1 ORDER BY v.id DESC",
	[STMT_ARTICLE_VERSION_GET] =
		"SELECT v.id, v.title, v.body, v.kind, coalesce(v.category_id, 0), v.published, "
		"NULL, v.created_at FROM article_versions v WHERE v.article_id = ?1 AND v.id = ?2",
	[STMT_ARTICLE_FEEDBACK] =
		"UPDATE articles SET helpful_yes = helpful_yes + ?2, helpful_no = helpful_no + (1 - ?2) "
		"WHERE id = ?1",
	[STMT_FTS_DELETE_FI] = "DELETE FROM article_fts_fi WHERE rowid = ?1",
	[STMT_FTS_DELETE_EN] = "DELETE FROM article_fts_en WHERE rowid = ?1",
	[STMT_FTS_INSERT_FI] = "INSERT INTO article_fts_fi(rowid, title, body) VALUES (?1, ?2, ?3)",
	[STMT_FTS_INSERT_EN] = "INSERT INTO article_fts_en(rowid, title, body) VALUES (?1, ?2, ?3)",
	[STMT_SEARCH_FI] = SEARCH_SQL("article_fts_fi"),
	[STMT_SEARCH_EN] = SEARCH_SQL("article_fts_en"),
	[STMT_ANSWERED_SEARCH_FI] = ANSWERED_SQL("answered_fts_fi"),
	[STMT_ANSWERED_SEARCH_EN] = ANSWERED_SQL("answered_fts_en"),
	[STMT_ANSWERED_INSERT_FI] = "INSERT INTO answered_fts_fi(query, article_id) VALUES (?1, ?2)",
	[STMT_ANSWERED_INSERT_EN] = "INSERT INTO answered_fts_en(query, article_id) VALUES (?1, ?2)",
	[STMT_VOCAB_FI] = "SELECT doc FROM article_vocab_fi WHERE term = ?1",
	[STMT_VOCAB_EN] = "SELECT doc FROM article_vocab_en WHERE term = ?1",
	[STMT_TRIGRAM_DF] = "SELECT doc FROM article_trigram_vocab WHERE term = ?1",
	[STMT_ARTICLE_COUNT] = "SELECT count(*) FROM articles WHERE lang = ?1 AND published = 1",
	[STMT_ANSWERED_ANY_FI] = "SELECT 1 FROM answered_fts_fi LIMIT 1",
	[STMT_ANSWERED_ANY_EN] = "SELECT 1 FROM answered_fts_en LIMIT 1",
	[STMT_TRIGRAM_DELETE] = "DELETE FROM article_trigram WHERE rowid = ?1",
	[STMT_TRIGRAM_INSERT] = "INSERT INTO article_trigram(rowid, title) VALUES (?1, ?2)",
	[STMT_TRIGRAM_SEARCH] =
		"SELECT r.id, r.slug, r.title, -bm25(article_trigram), r.helpful_yes, "
		"r.helpful_no FROM article_trigram f JOIN articles r ON r.id = f.rowid "
		"WHERE article_trigram MATCH ?1 AND r.published = 1 AND r.lang = ?2 "
		"ORDER BY bm25(article_trigram) LIMIT ?3",
	[STMT_SYNONYM_LIST] =
		"SELECT id, lang, term, expansion FROM synonyms WHERE ?1 IS NULL OR lang = ?1 "
		"ORDER BY lang, term",
	[STMT_SYNONYM_ADD] = "INSERT INTO synonyms(lang, term, expansion) VALUES (?1, ?2, ?3)",
	[STMT_SYNONYM_DELETE] = "DELETE FROM synonyms WHERE id = ?1",
	[STMT_ASSIST_INSERT] =
		"INSERT INTO assist_log(user_id, lang, query, shown, top_score, created_at, visitor) "
		"VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_ASSIST_GET] =
		"SELECT coalesce(user_id, 0), lang, query, shown, visitor FROM assist_log WHERE id = ?1",
	[STMT_ASSIST_CHOOSE] =
		"UPDATE assist_log SET chosen_article_id = ?2 WHERE id = ?1 AND chosen_article_id IS NULL",
	[STMT_ARTICLE_ANSWERED] = "UPDATE articles SET answered = answered + 1 WHERE id = ?1",
	[STMT_ASSIST_TICKET] = "UPDATE assist_log SET ticket_id = ?2 WHERE id = ?1",
	[STMT_ASSIST_COUNTS] =
		"SELECT count(*), count(chosen_article_id), count(ticket_id) FROM assist_log "
		"WHERE created_at >= ?1",
	[STMT_ASSIST_GAPS] =
		"SELECT lower(query), count(*), max(top_score) FROM assist_log "
		"WHERE created_at >= ?1 AND chosen_article_id IS NULL AND top_score < ?2 "
		"GROUP BY lower(query) ORDER BY count(*) DESC, max(created_at) DESC LIMIT 20",
	[STMT_SUGGESTION_DELETE] = "DELETE FROM ticket_suggestions WHERE ticket_id = ?1",
	[STMT_SUGGESTION_INSERT] =
		"INSERT INTO ticket_suggestions(ticket_id, article_id, rank) VALUES (?1, ?2, ?3)",
	[STMT_SUGGESTION_LIST] =
		"SELECT " ARTICLE_COLS "JOIN ticket_suggestions s ON s.article_id = r.id "
		"WHERE s.ticket_id = ?1 ORDER BY s.rank",
	[STMT_TICKET_MARK_DOCS] = "UPDATE tickets SET answered_by_docs = ?2 WHERE id = ?1",
	[STMT_RATE_HIT] =
		"INSERT INTO rate_limits(key, window_start, count) VALUES (?1, ?2, 1) "
		"ON CONFLICT(key) DO UPDATE SET "
		"count = CASE WHEN window_start = ?2 THEN count + 1 ELSE 1 END, window_start = ?2 "
		"RETURNING count",
	[STMT_RATE_PURGE] =
		"DELETE FROM rate_limits WHERE rowid IN (SELECT rowid FROM rate_limits "
		"WHERE window_start < ?1 LIMIT 256)",
	/* The clock starts when the ticket joins the queue: at once, or when
	 * its payment is paid or cancelled into a normal ticket. The first
	 * response is the first public message by anyone but a customer. */
	[STMT_FIRST_RESPONSES] =
		"SELECT t.id, t.category_id, g.name_en, g.name_fi, t.priority, t.created_at, "
		"coalesce((SELECT min(e.created_at) FROM payment_events e "
		"JOIN payments p ON p.id = e.payment_id WHERE p.ticket_id = t.id "
		"AND e.new_state IN ('paid', 'canceled')), t.created_at), "
		"coalesce((SELECT min(m.created_at) FROM messages m JOIN users u ON u.id = m.author_id "
		"WHERE m.ticket_id = t.id AND m.internal = 0 AND u.role <> 'customer'), 0), "
		"coalesce(t.first_due_at, 0) "
		"FROM tickets t JOIN categories g ON g.id = t.category_id "
		"WHERE t.created_at >= ?1 AND coalesce(t.payment_state, '') NOT IN ('pending', 'failed') "
		"ORDER BY t.created_at DESC, t.id DESC LIMIT ?2",
	[STMT_SETTING_GET] = "SELECT value FROM settings WHERE name = ?1",
	[STMT_SETTING_PUT] =
		"INSERT INTO settings(name, value, updated_at) VALUES (?1, ?2, ?3) "
		"ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
	[STMT_HOLIDAY_LIST] = "SELECT day, name FROM holidays ORDER BY day",
	[STMT_HOLIDAY_PUT] =
		"INSERT INTO holidays(day, name) VALUES (?1, ?2) "
		"ON CONFLICT(day) DO UPDATE SET name = excluded.name",
	[STMT_HOLIDAY_DELETE] = "DELETE FROM holidays WHERE day = ?1",
	[STMT_TICKET_SET_DUE] =
		"UPDATE tickets SET due_at = nullif(?2, 0), "
		"first_due_at = coalesce(first_due_at, nullif(?2, 0)) WHERE id = ?1",
	[STMT_PAYMENT_INSERT] =
		"INSERT INTO payments(ticket_id, provider, amount_cents, currency, state, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?5)",
	[STMT_PAYMENT_GET] = "SELECT " PAYMENT_COLS "WHERE p.id = ?1",
	[STMT_PAYMENT_BY_EXTERNAL] = "SELECT " PAYMENT_COLS "WHERE p.external_id = ?1",
	[STMT_PAYMENT_SET_CHECKOUT] =
		"UPDATE payments SET external_id = ?2, checkout_url = ?3 WHERE id = ?1",
	[STMT_PAYMENT_SET_CHARGE] = "UPDATE payments SET charge = ?2 WHERE id = ?1",
	[STMT_PAYMENT_SET_STATE] = "UPDATE payments SET state = ?2, updated_at = ?3 WHERE id = ?1",
	[STMT_PAYMENT_EVENT] =
		"INSERT INTO payment_events(payment_id, actor_id, old_state, new_state, provider_event, "
		"created_at) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6)",
	[STMT_PAYMENT_LIST] = "SELECT " PAYMENT_COLS "WHERE p.ticket_id = ?1 ORDER BY p.id",
	/* The ticket follows its payment: ?2 payment_state, ?3 priority,
	 * ?4 waiting_since (0 keeps it). */
	[STMT_TICKET_PAYMENT] =
		"UPDATE tickets SET payment_state = ?2, priority = ?3, "
		"waiting_since = CASE WHEN ?4 <> 0 AND status IN ('new', 'open') THEN ?4 "
		"ELSE waiting_since END, updated_at = ?5 WHERE id = ?1",
};

sqlite3_stmt *sq_stmt(struct sq *q, enum stmt id)
{
	if (q->stmt[id])
		return q->stmt[id];
	int rc = sqlite3_prepare_v3(q->db, sql[id], -1, SQLITE_PREPARE_PERSISTENT,
				    &q->stmt[id], NULL);
	if (rc != SQLITE_OK) {
		log_error("sqlite: prepare %d: %s", (int)id, sqlite3_errmsg(q->db));
		return NULL;
	}
	return q->stmt[id];
}

int sq_err(struct sq *q, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return TK_OK;
	case SQLITE_CONSTRAINT:
		/* A duplicate is the caller's conflict; any other violated
		 * constraint is a bug in what we tried to store. */
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return TK_ECONFLICT;
		log_error("sqlite: %s", sqlite3_errmsg(q->db));
		return TK_EINTERNAL;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_error("sqlite: busy: %s", sqlite3_errmsg(q->db));
		return TK_EUNAVAIL;
	default:
		log_error("sqlite: %s", sqlite3_errmsg(q->db));
		return TK_EINTERNAL;
	}
}

int sq_run(struct sq *q, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	int err = sq_err(q, rc);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return err;
}

int sq_run_int64(struct sq *q, enum stmt id, int64_t v)
{
	sqlite3_stmt *st = sq_stmt(q, id);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, v);
	return sq_run(q, st);
}

int sq_step_row(struct sq *q, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	return rc == SQLITE_ROW ? TK_OK : rc == SQLITE_DONE ? TK_ENOTFOUND : sq_err(q, rc);
}

void sq_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int sq_collect(struct sq *q, sqlite3_stmt *st, struct arena *a, size_t size, sq_row_fn row,
	       void **out, size_t *n)
{
	size_t cap = 16;
	char *items = arena_alloc(a, cap * size);
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			char *bigger = arena_alloc(a, 2 * cap * size);
			memcpy(bigger, items, cap * size);
			items = bigger;
			cap *= 2;
		}
		row(a, st, items + (*n)++ * size);
	}
	sq_done(st);
	*out = items;
	return sq_err(q, rc);
}

int sq_collect_by_id(struct sq *q, enum stmt id, int64_t v, struct arena *a, size_t size,
		     sq_row_fn row, void **out, size_t *n)
{
	sqlite3_stmt *st = sq_stmt(q, id);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, v);
	return sq_collect(q, st, a, size, row, out, n);
}

const char *sq_text(struct arena *a, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	if (!t)
		return NULL;
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, col));
}

static int sq_simple(struct sq *q, enum stmt id)
{
	sqlite3_stmt *st = sq_stmt(q, id);
	return st ? sq_run(q, st) : TK_EINTERNAL;
}

int sq_begin(struct sq *q)
{
	return sq_simple(q, STMT_BEGIN_WRITE);
}

int sq_commit(struct sq *q)
{
	int rc = sq_simple(q, STMT_COMMIT);
	if (rc)
		sq_rollback(q);
	return rc;
}

void sq_rollback(struct sq *q)
{
	if (!sqlite3_get_autocommit(q->db))
		sq_simple(q, STMT_ROLLBACK);
}

static void sq_close(struct store *s)
{
	struct sq *q = sq_of(s);
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(q->stmt[i]);
	analyzer_free(q->an);
	sqlite3_close(q->db);
	free(q);
}

int sq_ping(struct store *s)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_PING);
	if (!st)
		return TK_EUNAVAIL;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? TK_OK : TK_EUNAVAIL;
}

/* Reads the named secret, creating it first when missing: INSERT .. DO
 * NOTHING then SELECT, so concurrent first starts agree on one value. */
int sq_secret(struct store *s, const char *name, uint8_t *out, size_t n)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *put = sq_stmt(q, STMT_SECRET_PUT);
	sqlite3_stmt *get = sq_stmt(q, STMT_SECRET_GET);
	if (!put || !get)
		return TK_EINTERNAL;
	uint8_t fresh[64];
	if (n > sizeof(fresh))
		return TK_EINVALID;
	crypto_random(fresh, n);
	sqlite3_bind_text(put, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(put, 2, fresh, (int)n, SQLITE_STATIC);
	int rc = sq_run(q, put);
	if (rc)
		return rc;
	sqlite3_bind_text(get, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(get);
	int err = TK_EINTERNAL;
	if (rc == SQLITE_ROW && (size_t)sqlite3_column_bytes(get, 0) == n) {
		memcpy(out, sqlite3_column_blob(get, 0), n);
		err = TK_OK;
	}
	sqlite3_reset(get);
	sqlite3_clear_bindings(get);
	return err;
}

static const struct store_ops sq_ops = {
	.close = sq_close,
#define SQ_OP(name, params, args) .name = sq_##name,
	STORE_OPS(SQ_OP)
#undef SQ_OP
};

/* WAL for concurrent readers, synchronous=FULL because an acknowledged
 * ticket must survive a power cut, and a busy timeout so writers queue
 * rather than fail. Reads through a memory map (shared by every
 * connection through the OS page cache): the assistant's index lookups
 * otherwise spend a third of their time copying pages in read() calls
 * (bench/assist: median 9.9 -> 6.7 ms at 10,000 articles). The price:
 * a disk read error is a SIGBUS rather than SQLITE_IOERR. */
static const char pragmas[] =
	"PRAGMA journal_mode = WAL;"
	"PRAGMA synchronous = FULL;"
	"PRAGMA foreign_keys = ON;"
	"PRAGMA busy_timeout = 5000;"
	"PRAGMA mmap_size = 268435456;";

/* Creates the database file's directory (one level: "var/") if missing,
 * so a fresh checkout can start on the default path. */
static void make_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return;
	char dir[4096];
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	mkdir(dir, 0750);
}

int sqlite_store_open(const char *path, struct store **out, char **err)
{
	make_parent(path);
	struct sq *q = calloc(1, sizeof(*q));
	if (!q)
		abort();
	q->base.ops = &sq_ops;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &q->db, flags, NULL);
	if (rc == SQLITE_OK)
		sqlite3_extended_result_codes(q->db, 1);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(q->db, pragmas, NULL, NULL, NULL);
	char *terr = NULL;
	if (rc == SQLITE_OK && fts_tokenizer_register(q->db, &terr) != 0) {
		if (asprintf(err, "%s: search tokenizer: %s", path, terr ? terr : "?") < 0)
			*err = NULL;
		free(terr);
		sq_close(&q->base);
		return TK_EINTERNAL;
	}
	if (rc != SQLITE_OK) {
		if (asprintf(err, "%s: %s", path, q->db ? sqlite3_errmsg(q->db) : "out of memory") < 0)
			*err = NULL;
		sq_close(&q->base);
		return TK_EUNAVAIL;
	}
	*out = &q->base;
	return TK_OK;
}
