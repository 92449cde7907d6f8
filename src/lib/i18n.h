/* i18n.h - message catalogs, chosen per request.
 *
 * glibc's gettext() follows the process (or thread) locale, and needs the
 * system locale installed; a server answers each request in its own
 * language. So we read the GNU .mo files that msgfmt compiles from po/
 * ourselves and look messages up by language explicitly. English msgids. */
#ifndef TUKI_I18N_H
#define TUKI_I18N_H

#include <stddef.h>

struct i18n;

/* The languages Tuki speaks, first one is the fallback. */
extern const char *const i18n_languages[]; /* {"en", "fi", NULL} */

/* Loads dir/<lang>.mo for every language except English (which needs no
 * catalog). A missing file is an error: returns -1 with *err set. */
int i18n_load(const char *dir, struct i18n **out, char **err);
/* From a .mo image in memory, for tests. */
int i18n_from_mo(const char *lang, const void *mo, size_t len, struct i18n **out);
void i18n_free(struct i18n *i18n);

/* Translation of msgid into lang, or msgid itself when there is none. */
const char *i18n_gettext(const struct i18n *i18n, const char *lang, const char *msgid);
/* Plural form for n (Finnish and English both: n != 1). */
const char *i18n_ngettext(const struct i18n *i18n, const char *lang,
			  const char *msgid, const char *plural, unsigned long n);

/* Returns the supported language code for tag ("fi", "fi-FI", "EN-us")
 * or NULL. */
const char *i18n_language(const char *tag);
/* Picks the best supported language from an Accept-Language header,
 * honouring q-values; NULL when none matches or header is NULL. */
const char *i18n_negotiate(const char *accept_language);

/* Marks a string for extraction without translating it here. */
#define N_(s) (s)

#endif
