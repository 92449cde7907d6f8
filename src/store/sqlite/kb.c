/* kb.c - knowledge-base articles in SQLite, versioned, with their search
 * index kept in step inside the same transaction. */
#include <string.h>

#include "domain/article.h"
#include "lib/arena.h"
#include "lib/markdown.h"
#include "lib/err.h"
#include "store/sqlite/db.h"

void sq_article_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct article *r = item;
	r->id = sqlite3_column_int64(st, 0);
	r->slug = sq_text(a, st, 1);
	r->lang = sq_text(a, st, 2);
	r->kind = sq_text(a, st, 3);
	r->title = sq_text(a, st, 4);
	r->body = sq_text(a, st, 5);
	r->translation = sq_text(a, st, 6);
	r->category_id = sqlite3_column_int64(st, 7);
	r->category_en = sq_text(a, st, 8);
	r->category_fi = sq_text(a, st, 9);
	r->published = sqlite3_column_int(st, 10) != 0;
	r->helpful_yes = sqlite3_column_int(st, 11);
	r->helpful_no = sqlite3_column_int(st, 12);
	r->answered = sqlite3_column_int(st, 13);
	r->created_at = sqlite3_column_int64(st, 14);
	r->updated_at = sqlite3_column_int64(st, 15);
}

int sq_article_get(struct store *s, struct arena *a, int64_t id, const char *slug,
		   struct article *out)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, id > 0 ? STMT_ARTICLE_GET : STMT_ARTICLE_BY_SLUG);
	if (!st)
		return TK_EINTERNAL;
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_text(st, 1, slug ? slug : "", -1, SQLITE_STATIC);
	int rc = sq_step_row(q, st);
	if (rc == TK_OK)
		sq_article_row(a, st, out);
	sq_done(st);
	return rc;
}

int sq_article_list(struct store *s, struct arena *a, const struct article_filter *f,
		    struct article **out, size_t *n)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_ARTICLE_LIST);
	if (!st)
		return TK_EINTERNAL;
	if (f->lang)
		sqlite3_bind_text(st, 1, f->lang, -1, SQLITE_STATIC);
	if (f->kind)
		sqlite3_bind_text(st, 2, f->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->category_id);
	sqlite3_bind_int(st, 4, f->published_only);
	sqlite3_bind_int(st, 5, f->limit > 0 ? f->limit : 1000);
	return sq_collect(q, st, a, sizeof(**out), sq_article_row, (void **)out, n);
}

/* Removes the article's rows from both language indexes and the trigram
 * index (it may have changed language). */
static int index_remove(struct sq *q, int64_t id)
{
	static const enum stmt del[] = {STMT_FTS_DELETE_FI, STMT_FTS_DELETE_EN, STMT_TRIGRAM_DELETE};
	for (size_t i = 0; i < sizeof(del) / sizeof(del[0]); i++) {
		sqlite3_stmt *st = sq_stmt(q, del[i]);
		if (!st)
			return TK_EINTERNAL;
		sqlite3_bind_int64(st, 1, id);
		int rc = sq_run(q, st);
		if (rc)
			return rc;
	}
	return TK_OK;
}

/* Indexes a published article's title and plain text (markup and link
 * addresses would match words nobody reads) for words, and its title
 * for trigrams; unpublished ones are not searchable. */
static int index_add(struct sq *q, struct arena *a, int64_t id, const struct article_new *in)
{
	if (!in->published)
		return TK_OK;
	const char *text = markdown_text(a, in->body, ARTICLE_BODY_MAX);
	enum stmt ids[] = {STMT_FTS_INSERT_FI + sq_lang_index(in->lang), STMT_TRIGRAM_INSERT};
	for (size_t i = 0; i < 2; i++) {
		sqlite3_stmt *st = sq_stmt(q, ids[i]);
		if (!st)
			return TK_EINTERNAL;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, in->title, -1, SQLITE_STATIC);
		if (ids[i] != STMT_TRIGRAM_INSERT)
			sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
		int rc = sq_run(q, st);
		if (rc)
			return rc;
	}
	return TK_OK;
}

static void bind_article(sqlite3_stmt *st, const struct article_new *in, int64_t now)
{
	sqlite3_bind_text(st, 2, in->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, in->category_id);
	sqlite3_bind_text(st, 5, in->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, in->body, -1, SQLITE_STATIC);
	if (in->translation)
		sqlite3_bind_text(st, 7, in->translation, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, in->published);
	sqlite3_bind_int64(st, 9, now);
}

static int version_add(struct sq *q, int64_t id, const struct article_new *in, int64_t now)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_ARTICLE_VERSION_INSERT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, in->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, in->category_id);
	sqlite3_bind_int(st, 6, in->published);
	sqlite3_bind_int64(st, 7, in->author_id);
	sqlite3_bind_int64(st, 8, now);
	return sq_run(q, st);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool unchanged(const struct article *old, const struct article_new *in)
{
	return same(old->lang, in->lang) && same(old->kind, in->kind) &&
	       old->category_id == in->category_id && same(old->title, in->title) &&
	       same(old->body, in->body) && same(old->translation, in->translation) &&
	       old->published == in->published;
}

/* Inserts or updates inside the caller's transaction. */
static int save(struct sq *q, struct arena *a, const struct article_new *in, int64_t now,
		int64_t *id, enum article_change *what)
{
	struct article old;
	int rc = sq_article_get(&q->base, a, 0, in->slug, &old);
	if (rc == TK_OK && unchanged(&old, in)) {
		*id = old.id;
		*what = ARTICLE_UNCHANGED;
		return TK_OK;
	}
	if (rc != TK_OK && rc != TK_ENOTFOUND)
		return rc;
	sqlite3_stmt *st = sq_stmt(q, rc == TK_OK ? STMT_ARTICLE_UPDATE : STMT_ARTICLE_INSERT);
	if (!st)
		return TK_EINTERNAL;
	*what = rc == TK_OK ? ARTICLE_UPDATED : ARTICLE_CREATED;
	if (rc == TK_OK)
		sqlite3_bind_int64(st, 1, old.id);
	else
		sqlite3_bind_text(st, 1, in->slug, -1, SQLITE_STATIC);
	bind_article(st, in, now);
	if ((rc = sq_run(q, st)))
		return rc;
	*id = *what == ARTICLE_UPDATED ? old.id : sqlite3_last_insert_rowid(q->db);
	if ((rc = index_remove(q, *id)) || (rc = index_add(q, a, *id, in)))
		return rc;
	return version_add(q, *id, in, now);
}

int sq_article_save(struct store *s, const struct article_new *in, int64_t now, int64_t *id,
		    enum article_change *what)
{
	struct sq *q = sq_of(s);
	struct arena *a = arena_new();
	int rc = sq_begin(q);
	if (rc == TK_OK && (rc = save(q, a, in, now, id, what)) == TK_OK)
		rc = sq_commit(q);
	else
		sq_rollback(q);
	arena_free(a);
	return rc == TK_ECONFLICT ? TK_EINVALID : rc;
}

int sq_article_delete(struct store *s, int64_t id)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_ARTICLE_DELETE);
	if (!st)
		return TK_EINTERNAL;
	int rc = sq_begin(q);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = index_remove(q, id)) || (rc = sq_run(q, st)))
		goto fail;
	if (sqlite3_changes(q->db) == 0) {
		rc = TK_ENOTFOUND;
		goto fail;
	}
	return sq_commit(q);
fail:
	sq_rollback(q);
	return rc;
}

static void version_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct article_version *v = item;
	v->id = sqlite3_column_int64(st, 0);
	v->title = sq_text(a, st, 1);
	v->body = sq_text(a, st, 2);
	v->kind = sq_text(a, st, 3);
	v->category_id = sqlite3_column_int64(st, 4);
	v->published = sqlite3_column_int(st, 5) != 0;
	v->author_name = sq_text(a, st, 6);
	v->created_at = sqlite3_column_int64(st, 7);
}

int sq_article_versions(struct store *s, struct arena *a, int64_t id,
			struct article_version **out, size_t *n)
{
	return sq_collect_by_id(sq_of(s), STMT_ARTICLE_VERSIONS, id, a, sizeof(**out), version_row, (void **)out,
				n);
}

/* Saves the old version's content as a new version: history only grows. */
int sq_article_restore(struct store *s, int64_t id, int64_t version_id, int64_t author_id,
		       int64_t now)
{
	struct sq *q = sq_of(s);
	struct arena *a = arena_new();
	struct article cur;
	struct article_version v;
	sqlite3_stmt *st = sq_stmt(q, STMT_ARTICLE_VERSION_GET);
	int rc = st ? sq_article_get(s, a, id, NULL, &cur) : TK_EINTERNAL;
	if (rc == TK_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, version_id);
		if ((rc = sq_step_row(q, st)) == TK_OK)
			version_row(a, st, &v);
		sq_done(st);
	}
	if (rc == TK_OK) {
		struct article_new in = {.slug = cur.slug, .lang = cur.lang, .kind = v.kind,
					 .title = v.title, .body = v.body,
					 .translation = cur.translation,
					 .category_id = v.category_id, .published = v.published,
					 .author_id = author_id};
		enum article_change what;
		int64_t same_id;
		rc = sq_article_save(s, &in, now, &same_id, &what);
	}
	arena_free(a);
	return rc;
}

int sq_article_feedback(struct store *s, int64_t id, bool helpful)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_ARTICLE_FEEDBACK);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, helpful);
	int rc = sq_run(q, st);
	return rc == TK_OK && sqlite3_changes(q->db) == 0 ? TK_ENOTFOUND : rc;
}
