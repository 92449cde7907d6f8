/* markdown.h - Markdown to HTML for articles (cmark-gfm: CommonMark
 * with tables).
 *
 * Raw HTML in the source is never passed through and unsafe link schemes
 * (javascript:, data: other than images) are dropped: cmark's safe mode. */
#ifndef TUKI_MARKDOWN_H
#define TUKI_MARKDOWN_H

#include <stddef.h>

struct arena;

/* Registers the extensions; once, at start-up, before any thread. */
void markdown_init(void);
/* The HTML for md, in arena memory. */
const char *markdown_html(struct arena *a, const char *md);
/* Plain text of md (no markup), at most max bytes, cut on a character
 * boundary: for meta descriptions. */
const char *markdown_text(struct arena *a, const char *md, size_t max);

#endif
