/* attachment.c - files of messages, kept in the database with a SHA-256.
 *
 * In the database rather than on disk: a file is committed in the same
 * transaction as its message, so an acknowledged message never points at
 * a missing file, and a backup of the database is a backup of everything. */
#include <string.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "store/sqlite/db.h"

int sq_attachments_insert(struct sq *q, int64_t message_id, const struct attachment_new *files,
			  size_t n, int64_t now)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_ATTACHMENT_INSERT);
	if (!st)
		return TK_EINTERNAL;
	for (size_t i = 0; i < n; i++) {
		uint8_t sum[32];
		crypto_sha256(files[i].data, files[i].size, sum);
		sqlite3_bind_int64(st, 1, message_id);
		sqlite3_bind_text(st, 2, files[i].filename, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, files[i].content_type, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)files[i].size);
		sqlite3_bind_blob(st, 5, sum, sizeof(sum), SQLITE_TRANSIENT);
		sqlite3_bind_blob64(st, 6, files[i].data, files[i].size, SQLITE_STATIC);
		sqlite3_bind_int64(st, 7, now);
		int rc = sq_run(q, st);
		if (rc)
			return rc;
	}
	return TK_OK;
}

static void attachment_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct attachment *x = item;
	x->id = sqlite3_column_int64(st, 0);
	x->message_id = sqlite3_column_int64(st, 1);
	x->ticket_id = sqlite3_column_int64(st, 2);
	x->customer_id = sqlite3_column_int64(st, 3);
	x->internal = sqlite3_column_int(st, 4) != 0;
	x->filename = sq_text(a, st, 5);
	x->content_type = sq_text(a, st, 6);
	x->size = sqlite3_column_int64(st, 7);
	if (sqlite3_column_bytes(st, 8) == (int)sizeof(x->sha256))
		memcpy(x->sha256, sqlite3_column_blob(st, 8), sizeof(x->sha256));
	x->created_at = sqlite3_column_int64(st, 9);
}

int sq_attachment_list(struct store *s, struct arena *a, int64_t ticket_id, bool with_internal,
		       struct attachment **out, size_t *n)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_ATTACHMENT_LIST);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int(st, 2, with_internal);
	return sq_collect(q, st, a, sizeof(**out), attachment_row, (void **)out, n);
}

int sq_attachment_get(struct store *s, struct arena *a, int64_t id, struct attachment *out)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_ATTACHMENT_GET);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sq_step_row(q, st);
	if (rc == TK_OK) {
		attachment_row(a, st, out);
		size_t n = (size_t)sqlite3_column_bytes(st, 10);
		void *data = arena_alloc(a, n ? n : 1);
		if (n)
			memcpy(data, sqlite3_column_blob(st, 10), n);
		out->data = data;
		out->size = (int64_t)n;
	}
	sq_done(st);
	return rc;
}
