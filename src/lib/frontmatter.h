/* frontmatter.h - the "---" key: value block at the top of a Markdown file.
 *
 * A strict subset of YAML, enough for flat string fields:
 *
 *     ---
 *     title: Kuinka vaihdan toimitustavan?
 *     slug: "vaihda-toimitustapa"
 *     ---
 *
 *     Body text...
 *
 * Keys are [a-z_]+, one per line, each at most once. A value is plain
 * (the rest of the line, trimmed; ':' and '#' are ordinary characters, so
 * there are no trailing comments), double-quoted with JSON escapes, or
 * single-quoted YAML style ('' is a quote). Blank lines and lines starting
 * with '#' between the markers are ignored. CRLF line endings and a
 * leading UTF-8 BOM are accepted; the whole text must be UTF-8 without
 * NUL bytes. No I/O here: the caller reads and writes files. */
#ifndef TUKI_FRONTMATTER_H
#define TUKI_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;

enum { FRONTMATTER_MAX_PAIRS = 32 };

struct frontmatter_pair {
	const char *key;
	const char *value;      /* decoded, NUL-terminated, valid UTF-8 */
	int line;               /* 1-based, for messages about the value */
};

struct frontmatter {
	struct frontmatter_pair pairs[FRONTMATTER_MAX_PAIRS];
	size_t n;
	const char *body;       /* after the closing "---" line and one blank line */
	size_t body_len;
	int body_line;          /* line on which the body starts */
};

struct frontmatter_error {
	int line;               /* 1-based */
	char message[128];
};

/* Parses text[0..len) into *out; keys, values and the body are copied
 * into a. Returns 0, or -1 with *err set (out is then partly filled and
 * must not be used). The newline ending the closing "---" line and one
 * more newline after it (the customary blank line) are not part of the
 * body, so frontmatter_write() round-trips every body exactly. */
int frontmatter_parse(struct arena *a, const char *text, size_t len, struct frontmatter *out,
		      struct frontmatter_error *err);

/* The value of key, or NULL when the block does not have it. */
const char *frontmatter_get(const struct frontmatter *f, const char *key);
/* The line of key, or 0 when the block does not have it. */
int frontmatter_line(const struct frontmatter *f, const char *key);

/* Appends a block with the n pairs (a NULL value leaves its key out),
 * then a blank line and body (NULL: empty). A value is written plain only
 * when it is clearly safe for YAML and this parser; otherwise double-
 * quoted with JSON escapes. Returns 0, or -1 when a key is not [a-z_]+ or
 * out reached its cap. */
int frontmatter_write(struct buf *out, const char *const *keys, const char *const *values,
		      size_t n, const char *body);
/* The same, but a value whose is_bool[i] is true must be "true" or
 * "false" and is written plain: a YAML boolean, not a string (is_bool
 * may be NULL). */
int frontmatter_write_typed(struct buf *out, const char *const *keys, const char *const *values,
			    const bool *is_bool, size_t n, const char *body);

#endif
