/* tmpl.h - HTML templates that escape by default.
 *
 * A template renders a data model (a jansson object): the same model the
 * JSON API serialises, so pages and API cannot drift. Syntax:
 *
 *   {{path.to.value}}        value, HTML-escaped (missing/null -> empty)
 *   {{raw path}}             value unescaped: the rare, greppable exception
 *   {{url path}}             value percent-encoded for a URL query component
 *   {{_ "Hello {user.name}"}} translated text; {path} placeholders are filled
 *                            from the model after translation; all escaped
 *   {{#if path}}..{{else}}..{{/if}}   truthy: not missing/null/false/""/0/[]/{}
 *   {{#unless path}}..{{/unless}}
 *   {{#each path}}..{{/each}} over an array; "." is the item; names resolve
 *                            in the item first, then outer scopes
 *   {{> name}}               includes template "name" with the same scope
 *   {{! comment}}
 *
 * Templates are parsed once at start-up (tmpl_set_load) and rendered many
 * times concurrently: a loaded set is immutable. */
#ifndef TUKI_TMPL_H
#define TUKI_TMPL_H

#include <jansson.h>

#include "lib/buf.h"

struct i18n;
struct tmpl_set;

/* Loads and compiles every "*.html" file in dir; the template's name is
 * the file name without ".html". On a syntax error returns -1 and sets
 * *err (free() it) to "file:line: message". */
int tmpl_set_load(const char *dir, struct tmpl_set **out, char **err);
/* Same from memory, for tests: names[i] has source texts[i]; n entries. */
int tmpl_set_from_strings(const char *const *names, const char *const *texts,
			  size_t n, struct tmpl_set **out, char **err);
void tmpl_set_free(struct tmpl_set *set);

/* Renders template name with model into out, translating {{_ ...}} into
 * lang through i18n (NULL i18n: msgids as they are). Returns 0, or -1 if
 * the template does not exist or out hit its cap. */
int tmpl_render(const struct tmpl_set *set, const char *name, json_t *model,
		const struct i18n *i18n, const char *lang, struct buf *out);

#endif
