/* markdown.c - cmark in safe mode. */
#include "lib/markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"

const char *markdown_html(struct arena *a, const char *md)
{
	/* CMARK_OPT_SAFE is the default since cmark 0.29 and explicit here:
	 * raw HTML becomes a comment, dangerous URLs become empty. */
	char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_SAFE | CMARK_OPT_SMART);
	if (!html)
		return "";
	const char *out = arena_strdup(a, html);
	free(html);
	return out;
}

/* Collects the text of the document: the literals of text and code
 * nodes, with a space for breaks and block ends. */
static void collect_text(cmark_node *doc, struct buf *b)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *lit = cmark_node_get_literal(n);
		if (ev == CMARK_EVENT_ENTER && lit &&
		    (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK))
			buf_puts(b, lit);
		else if ((ev == CMARK_EVENT_EXIT && t >= CMARK_NODE_FIRST_BLOCK &&
			  t <= CMARK_NODE_LAST_BLOCK) ||
			 t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			if (b->len && b->data[b->len - 1] != ' ')
				buf_putc(b, ' ');
	}
	cmark_iter_free(it);
}

const char *markdown_text(struct arena *a, const char *md, size_t max)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	struct buf b;
	buf_init(&b, 256 * 1024);
	if (doc)
		collect_text(doc, &b);
	cmark_node_free(doc);
	size_t n = b.len;
	for (size_t i = 0; i < n; i++)
		if (b.data[i] == '\n')
			b.data[i] = ' ';
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)b.data[n] & 0xC0) == 0x80)
			n--;
	}
	const char *out = arena_strndup(a, b.data ? b.data : "", n);
	buf_free(&b);
	return out;
}
