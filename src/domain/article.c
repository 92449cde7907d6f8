/* article.c - validation of knowledge-base articles. */
#include "domain/article.h"

#include <string.h>

#include "lib/i18n.h"
#include "lib/utf8.h"

bool article_slug_ok(const char *slug)
{
	size_t n = slug ? strlen(slug) : 0;
	return n > 0 && n <= ARTICLE_SLUG_MAX &&
	       strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

const char *article_check(const char *slug, const char *lang, const char *kind,
			  const char *title, const char *body, const char *translation)
{
	if (!article_slug_ok(slug))
		return N_("The address (slug) may use only a-z, 0-9 and '-', at most 100 characters.");
	if (!lang || (strcmp(lang, "fi") && strcmp(lang, "en")))
		return N_("The language must be fi or en.");
	if (!kind || (strcmp(kind, "faq") && strcmp(kind, "doc")))
		return N_("The kind must be faq or doc.");
	if (!title || !*title || utf8_length(title, strlen(title)) > ARTICLE_TITLE_MAX ||
	    strpbrk(title, "\r\n"))
		return N_("The title must be one line of 1 to 200 characters.");
	if (!body || !*body || strlen(body) > ARTICLE_BODY_MAX)
		return N_("The text must not be empty or over 200 KB.");
	if (translation && *translation && !article_slug_ok(translation))
		return N_("The translation must be the address (slug) of another article.");
	return NULL;
}
