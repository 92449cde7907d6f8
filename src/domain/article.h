/* article.h - rules for knowledge-base articles, with no I/O. */
#ifndef TUKI_DOMAIN_ARTICLE_H
#define TUKI_DOMAIN_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>

enum {
	ARTICLE_TITLE_MAX = 200,       /* characters */
	ARTICLE_SLUG_MAX = 100,        /* bytes of [a-z0-9-] */
	ARTICLE_BODY_MAX = 200 * 1024, /* bytes */
};

/* True for 1..ARTICLE_SLUG_MAX characters of a-z, 0-9 and '-'. */
bool article_slug_ok(const char *slug);
/* Checks the fields a writer sets; NULL when fine, else the msgid of
 * the first problem. translation may be NULL or empty. */
const char *article_check(const char *slug, const char *lang, const char *kind,
			  const char *title, const char *body, const char *translation);

#endif
