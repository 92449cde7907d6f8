/* fts_tokenizer.h - the "tuki" FTS5 tokenizer.
 *
 * Registers on a connection an FTS5 tokenizer named "tuki" whose one
 * argument is the language of the table:
 *
 *   CREATE VIRTUAL TABLE kb_fi USING fts5(body, tokenize = 'tuki fi');
 *
 * Documents are indexed with the analyzer's index rules (base forms and
 * compound parts), MATCH strings with its query rules (base forms, typo
 * guesses), extra forms of a word as colocated tokens so FTS5 treats them
 * as alternatives. A prefix query ("kaup*") uses the lowercased word as
 * typed, since a dictionary form of a fragment is meaningless. Each table
 * on each connection gets its own analyzer and so its own Voikko handle;
 * use a connection from one thread at a time. */
#ifndef TUKI_SEARCH_FTS_TOKENIZER_H
#define TUKI_SEARCH_FTS_TOKENIZER_H

#include <sqlite3.h>

/* Registers "tuki" on db. Returns 0, or -1 with a caller-freed message in
 * *err when FTS5 or the Finnish dictionary is missing. */
int fts_tokenizer_register(sqlite3 *db, char **err);

/* Marks query terms passed to the index as they are (see search.c's
 * query builder): "\x01term" is one term, "\x01a\x01b" the terms of one
 * word at one position. */
#define FTS_TERM_MARK '\x01'

#endif
