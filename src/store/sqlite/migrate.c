/* migrate.c - versioned schema for SQLite.
 *
 * Migrations are append-only: never edit one that has shipped, add the
 * next. Each runs in its own transaction together with its version row,
 * so a crash leaves the schema at a whole version. */
#include <stdio.h>

#include "lib/err.h"
#include "lib/log.h"
#include "store/sqlite/db.h"

static const char *const migrations[] = {
	/* 1: accounts, sessions, API tokens, log-in throttling, secrets */
	"CREATE TABLE secrets ("
	"  name TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL);"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('customer', 'agent', 'admin')),"
	"  password_hash TEXT NOT NULL,"
	"  lang TEXT CHECK (lang IN ('en', 'fi')),"
	"  created_at INTEGER NOT NULL,"
	"  password_changed_at INTEGER NOT NULL);"
	"CREATE TABLE sessions ("
	"  token_hash BLOB PRIMARY KEY,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
	"  lang TEXT CHECK (lang IN ('en', 'fi')),"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE INDEX sessions_expires ON sessions(expires_at);"
	"CREATE TABLE api_tokens ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX api_tokens_user ON api_tokens(user_id);"
	"CREATE TABLE login_failures ("
	"  key TEXT PRIMARY KEY,"
	"  failures INTEGER NOT NULL,"
	"  last_failure INTEGER NOT NULL);",

	/* 2: tickets with their messages, attachments and events */
	"CREATE TABLE categories ("
	"  id INTEGER PRIMARY KEY,"
	"  name_en TEXT NOT NULL UNIQUE,"
	"  name_fi TEXT NOT NULL,"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  active INTEGER NOT NULL DEFAULT 1);"
	"INSERT INTO categories(name_en, name_fi, position) VALUES"
	"  ('Orders', 'Tilaukset', 1), ('Payments', 'Maksut', 2),"
	"  ('Shipping', 'Toimitus', 3), ('Design & themes', 'Ulkoasu ja teemat', 4),"
	"  ('Domain & email', 'Verkkotunnus ja sähköposti', 5),"
	"  ('Account & billing', 'Tili ja laskutus', 6), ('Other', 'Muu', 7);"
	"CREATE TABLE tickets ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES users(id),"
	"  category_id INTEGER NOT NULL REFERENCES categories(id),"
	"  subject TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('new', 'open', 'waiting', 'solved', 'closed')),"
	"  priority INTEGER NOT NULL DEFAULT 0,"
	"  assignee_id INTEGER REFERENCES users(id),"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  waiting_since INTEGER,"
	"  due_at INTEGER);"
	"CREATE INDEX tickets_customer ON tickets(customer_id, updated_at DESC, id DESC);"
	"CREATE INDEX tickets_activity ON tickets(updated_at DESC, id DESC);"
	"CREATE INDEX tickets_status ON tickets(status, updated_at DESC, id DESC);"
	"CREATE INDEX tickets_queue ON tickets(waiting_since, id) WHERE waiting_since IS NOT NULL;"
	"CREATE TABLE messages ("
	"  id INTEGER PRIMARY KEY,"
	"  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	"  author_id INTEGER NOT NULL REFERENCES users(id),"
	"  internal INTEGER NOT NULL DEFAULT 0,"
	"  body TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX messages_ticket ON messages(ticket_id, id);"
	"CREATE TABLE attachments ("
	"  id INTEGER PRIMARY KEY,"
	"  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
	"  filename TEXT NOT NULL,"
	"  content_type TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  sha256 BLOB NOT NULL,"
	"  data BLOB NOT NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX attachments_message ON attachments(message_id);"
	/* notify marks what the customer should hear about: the email
	 * outbox reads these rows. */
	"CREATE TABLE ticket_events ("
	"  id INTEGER PRIMARY KEY,"
	"  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	"  actor_id INTEGER REFERENCES users(id),"
	"  kind TEXT NOT NULL,"
	"  old_value TEXT,"
	"  new_value TEXT,"
	"  internal INTEGER NOT NULL DEFAULT 0,"
	"  notify INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);"
	"CREATE INDEX ticket_events_notify ON ticket_events(id) WHERE notify = 1;",

	/* 3: knowledge base, assistant log, suggestions stored with tickets.
	 * The search tables use our "tuki" tokenizer (Voikko for Finnish,
	 * Snowball for English), registered on every connection; the
	 * trigram table of titles is the typo-tolerant second signal. */
	"CREATE TABLE articles ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  lang TEXT NOT NULL CHECK (lang IN ('en', 'fi')),"
	"  kind TEXT NOT NULL CHECK (kind IN ('faq', 'doc')),"
	"  category_id INTEGER REFERENCES categories(id),"
	"  title TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  translation TEXT,"
	"  published INTEGER NOT NULL DEFAULT 1,"
	"  helpful_yes INTEGER NOT NULL DEFAULT 0,"
	"  helpful_no INTEGER NOT NULL DEFAULT 0,"
	"  answered INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE INDEX articles_list ON articles(lang, published, answered DESC);"
	"CREATE TABLE article_versions ("
	"  id INTEGER PRIMARY KEY,"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	"  title TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  category_id INTEGER,"
	"  published INTEGER NOT NULL,"
	"  author_id INTEGER REFERENCES users(id),"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX article_versions_article ON article_versions(article_id, id);"
	"CREATE VIRTUAL TABLE article_fts_fi USING fts5(title, body, tokenize = 'tuki fi');"
	"CREATE VIRTUAL TABLE article_fts_en USING fts5(title, body, tokenize = 'tuki en');"
	"CREATE VIRTUAL TABLE article_trigram USING fts5(title, tokenize = 'trigram');"
	"CREATE VIRTUAL TABLE article_vocab_fi USING fts5vocab(article_fts_fi, 'row');"
	"CREATE VIRTUAL TABLE article_vocab_en USING fts5vocab(article_fts_en, 'row');"
	"CREATE VIRTUAL TABLE article_trigram_vocab USING fts5vocab(article_trigram, 'row');"

	"CREATE TABLE synonyms ("
	"  id INTEGER PRIMARY KEY,"
	"  lang TEXT NOT NULL CHECK (lang IN ('en', 'fi')),"
	"  term TEXT NOT NULL,"
	"  expansion TEXT NOT NULL,"
	"  UNIQUE (lang, term, expansion));"
	"CREATE TABLE assist_log ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  visitor BLOB,"
	"  lang TEXT NOT NULL,"
	"  query TEXT NOT NULL,"
	"  shown TEXT NOT NULL,"
	"  top_score REAL NOT NULL DEFAULT 0,"
	"  chosen_article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,"
	"  ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX assist_log_time ON assist_log(created_at);"
	/* Questions that an article answered, searched like articles: the
	 * assistant learns which article fits questions like these. */
	"CREATE VIRTUAL TABLE answered_fts_fi USING fts5(query, article_id UNINDEXED,"
	"  tokenize = 'tuki fi');"
	"CREATE VIRTUAL TABLE answered_fts_en USING fts5(query, article_id UNINDEXED,"
	"  tokenize = 'tuki en');"
	"CREATE TABLE ticket_suggestions ("
	"  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	"  rank INTEGER NOT NULL,"
	"  PRIMARY KEY (ticket_id, article_id));"
	"ALTER TABLE tickets ADD COLUMN answered_by_docs INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE rate_limits ("
	"  key TEXT PRIMARY KEY,"
	"  window_start INTEGER NOT NULL,"
	"  count INTEGER NOT NULL);",

	/* 4: the response-time promise: settings the admin edits (the
	 * calendar as JSON), holidays added by hand or from .ics files. */
	"CREATE TABLE settings ("
	"  name TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE TABLE holidays ("
	"  day INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL);"
	"CREATE INDEX tickets_due ON tickets(due_at) WHERE waiting_since IS NOT NULL;"
	"CREATE INDEX tickets_created ON tickets(created_at);"
	/* Paid priority: a ticket awaiting payment is stored but not in the
	 * queue; its payment's every state change is an event. */
	"ALTER TABLE tickets ADD COLUMN payment_state TEXT;"
	"ALTER TABLE users ADD COLUMN time_zone TEXT;"
	"CREATE TABLE payments ("
	"  id INTEGER PRIMARY KEY,"
	"  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	"  provider TEXT NOT NULL CHECK (provider IN ('test', 'stripe')),"
	"  external_id TEXT UNIQUE,"
	"  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),"
	"  currency TEXT NOT NULL,"
	"  state TEXT NOT NULL,"
	"  checkout_url TEXT,"
	"  charge TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE INDEX payments_ticket ON payments(ticket_id, id);"
	"CREATE INDEX tickets_queue_order ON tickets(1 - priority, "
	"  coalesce(due_at, 9223372036854775807), waiting_since, id) WHERE waiting_since IS NOT NULL;"
	"CREATE TABLE payment_events ("
	"  id INTEGER PRIMARY KEY,"
	"  payment_id INTEGER NOT NULL REFERENCES payments(id) ON DELETE CASCADE,"
	"  actor_id INTEGER REFERENCES users(id),"
	"  old_state TEXT,"
	"  new_state TEXT NOT NULL,"
	"  provider_event TEXT UNIQUE,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX payment_events_payment ON payment_events(payment_id, new_state, created_at);",

	/* 5: counters quiet for a day are purged (anonymous callers would
	 * otherwise grow these tables forever); the indexes make that a
	 * range delete. */
	("CREATE INDEX rate_limits_window ON rate_limits(window_start);"
	 "CREATE INDEX login_failures_last ON login_failures(last_failure);"),

	/* 6: the first due time a ticket was given, kept after its answer,
	 * so reports judge the promise as it was made, not as today's
	 * calendar would make it. */
	"ALTER TABLE tickets ADD COLUMN first_due_at INTEGER;",
};

enum { MIGRATIONS = sizeof(migrations) / sizeof(migrations[0]) };

static int current_version(struct sq *q, int *version)
{
	int rc = sqlite3_exec(q->db,
			      "CREATE TABLE IF NOT EXISTS schema_migrations ("
			      " version INTEGER PRIMARY KEY,"
			      " applied_at INTEGER NOT NULL)",
			      NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc);
	sqlite3_stmt *st;
	rc = sqlite3_prepare_v2(q->db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc);
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return *version < 0 ? TK_EINTERNAL : TK_OK;
}

/* Applies migration number v (1-based) inside the caller's transaction. */
static int apply(struct sq *q, int v)
{
	int rc = sqlite3_exec(q->db, migrations[v - 1], NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc);
	sqlite3_stmt *st;
	rc = sqlite3_prepare_v2(q->db,
				"INSERT INTO schema_migrations(version, applied_at) "
				"VALUES (?1, unixepoch())", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc);
	sqlite3_bind_int(st, 1, v);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return sq_err(q, rc);
}

int sq_migrate(struct store *s, int *from, int *to)
{
	struct sq *q = sq_of(s);
	int version, rc;
	/* The write lock first, so two processes migrating at once take
	 * turns and the second sees the first one's version. */
	if ((rc = sq_begin(q)) || (rc = current_version(q, &version)))
		goto fail;
	if (from)
		*from = version;
	if (version > MIGRATIONS) {
		log_error("database schema %d is newer than this tuki (%d)", version, MIGRATIONS);
		rc = TK_EINVALID;
		goto fail;
	}
	for (int v = version + 1; v <= MIGRATIONS; v++)
		if ((rc = apply(q, v)))
			goto fail;
	if ((rc = sq_commit(q)))
		return rc;
	if (to)
		*to = MIGRATIONS;
	return TK_OK;
fail:
	sq_rollback(q);
	return rc;
}
