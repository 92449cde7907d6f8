/* snippet.h - a short excerpt of a text around the words of a question.
 *
 * For search results: cheap (no dictionary), so it runs on every answer.
 * A text word matches a question word when it starts with the question
 * word's first five letters (or the whole word, when shorter): close
 * enough to catch Finnish and English inflections for highlighting. */
#ifndef TUKI_SNIPPET_H
#define TUKI_SNIPPET_H

#include <stddef.h>

struct arena;

enum { SNIPPET_WORDS = 24, SNIPPET_SCAN_MAX = 20000 };

/* The window of at most SNIPPET_WORDS words of text with the most
 * matches, matches wrapped in \x02 ... \x03, "…" where text was left out.
 * Arena memory. */
const char *snippet_make(struct arena *a, const char *text, const char *query);

#endif
