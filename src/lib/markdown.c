/* markdown.c - CommonMark with GitHub's table extension (cmark-gfm), in
 * safe mode. */
#include "lib/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"

void markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* Parses md with the extensions articles use: tables, strikethrough and
 * autolinks. Safe mode (the default, explicit here): raw HTML becomes a
 * comment and dangerous URLs become empty. */
static cmark_node *parse(const char *md, cmark_parser **parser)
{
	static const char *const extensions[] = {"table", "strikethrough", "autolink"};
	*parser = cmark_parser_new(CMARK_OPT_SAFE);
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
		if (ext)
			cmark_parser_attach_syntax_extension(*parser, ext);
	}
	cmark_parser_feed(*parser, md, strlen(md));
	return cmark_parser_finish(*parser);
}

const char *markdown_html(struct arena *a, const char *md)
{
	cmark_parser *parser;
	cmark_node *doc = parse(md, &parser);
	char *html = doc ? cmark_render_html(doc, CMARK_OPT_SAFE,
					     cmark_parser_get_syntax_extensions(parser))
			 : NULL;
	cmark_node_free(doc);
	cmark_parser_free(parser);
	if (!html)
		return "";
	const char *out = arena_strdup(a, html);
	free(html);
	return out;
}

/* Blocks and table cells end words; inline markup (emphasis, links)
 * does not: "**Refund**." stays "Refund.". */
static bool ends_words(cmark_node *n, cmark_node_type t)
{
	const char *name = cmark_node_get_type_string(n);
	return (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK ||
	       (name && strncmp(name, "table", 5) == 0);
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
		else if ((ev == CMARK_EVENT_EXIT && ends_words(n, t)) || t == CMARK_NODE_SOFTBREAK ||
			 t == CMARK_NODE_LINEBREAK)
			if (b->len && b->data[b->len - 1] != ' ')
				buf_putc(b, ' ');
	}
	cmark_iter_free(it);
}

const char *markdown_text(struct arena *a, const char *md, size_t max)
{
	cmark_parser *parser;
	cmark_node *doc = parse(md, &parser);
	struct buf b;
	buf_init(&b, 256 * 1024);
	if (doc)
		collect_text(doc, &b);
	cmark_node_free(doc);
	cmark_parser_free(parser);
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
