/* html.c - escaping primitives named for where the text goes. */
#include "lib/html.h"

#include <stdbool.h>

/* The entity for a character that is special in HTML text and quoted
 * attributes, or NULL when it may go out as it is. */
static const char *html_entity(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

int html_escape(struct buf *out, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ent = html_entity(s[i]);
		if (!ent)
			continue;
		/* Plain runs go out in one append, not byte by byte. */
		if (buf_append(out, s + start, i - start) < 0 ||
		    buf_puts(out, ent) < 0)
			return -1;
		start = i + 1;
	}
	return buf_append(out, s + start, n - start);
}

/* RFC 3986 section 2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
static bool url_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

int html_url_escape(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (url_unreserved(c))
			continue;
		char pct[3] = { '%', hex[c >> 4], hex[c & 15] };
		if (buf_append(out, s + start, i - start) < 0 ||
		    buf_append(out, pct, sizeof(pct)) < 0)
			return -1;
		start = i + 1;
	}
	return buf_append(out, s + start, n - start);
}
