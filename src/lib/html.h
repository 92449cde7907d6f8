/* html.h - escaping primitives named for where the text goes (cgit's habit). */
#ifndef TUKI_HTML_H
#define TUKI_HTML_H

#include "lib/buf.h"

/* Escapes & < > " ' for element text and quoted attribute values. */
int html_escape(struct buf *out, const char *s, size_t n);
/* Percent-encodes everything outside RFC 3986 unreserved characters. */
int html_url_escape(struct buf *out, const char *s, size_t n);

#endif
