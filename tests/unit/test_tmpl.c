/* test_tmpl.c - template parsing, escaping, scopes, includes, errors. */
#include "lib/tmpl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "lib/i18n.h"

/* Compiles one template "t" (plus optional others); NULL on error. */
static struct tmpl_set *compile(const char *const *names,
				const char *const *texts, size_t n)
{
	struct tmpl_set *set = NULL;
	char *err = NULL;
	if (tmpl_set_from_strings(names, texts, n, &set, &err) < 0) {
		printf("# unexpected error: %s\n", err ? err : "(none)");
		free(err);
		return NULL;
	}
	CHECK(err == NULL);
	return set;
}

/* Renders template name of set against the JSON model text; returns a
 * malloc'd page or NULL when rendering fails. */
static char *render_with(const struct tmpl_set *set, const char *name,
			 const char *json, const struct i18n *i18n,
			 const char *lang)
{
	json_t *model = json_loads(json, 0, NULL);
	struct buf b;
	buf_init(&b, 64 * 1024);
	char *page = NULL;
	if (model && tmpl_render(set, name, model, i18n, lang, &b) == 0)
		page = buf_steal(&b, NULL);
	buf_free(&b);
	json_decref(model);
	return page;
}

/* Compiles src as the only template and renders it with json. */
static char *render1(const char *src, const char *json)
{
	const char *names[] = { "t" }, *texts[] = { src };
	struct tmpl_set *set = compile(names, texts, 1);
	char *page = set ? render_with(set, "t", json, NULL, NULL) : NULL;
	tmpl_set_free(set);
	return page;
}

#define CHECK_RENDER(src, json, want)                                          \
	do {                                                                   \
		char *page_ = render1((src), (json));                          \
		CHECK_STR(page_, (want));                                      \
		free(page_);                                                   \
	} while (0)

/* Expects src to fail to compile with exactly the error want. */
static void check_error(const char *src, const char *want, int line)
{
	const char *names[] = { "t" }, *texts[] = { src };
	struct tmpl_set *set = (struct tmpl_set *)1;
	char *err = NULL;
	int rc = tmpl_set_from_strings(names, texts, 1, &set, &err);
	if (rc != -1 || set != NULL || !err || strcmp(err, want) != 0) {
		printf("#   line %d: got rc %d, error \"%s\", want \"%s\"\n",
		       line, rc, err ? err : "(null)", want);
		check_failed_in_test = 1;
	}
	free(err);
	if (rc == 0)
		tmpl_set_free(set);
}

#define CHECK_ERROR(src, want) check_error((src), (want), __LINE__)

static void test_text_and_vars(void)
{
	CHECK_RENDER("plain <b>text</b>", "{}", "plain <b>text</b>");
	CHECK_RENDER("Hi {{name}}!", "{\"name\": \"Aino\"}", "Hi Aino!");
	CHECK_RENDER("{{ user.name }}|{{user.missing}}|{{nope.x}}",
		     "{\"user\": {\"name\": \"Aino\"}}", "Aino||");
	CHECK_RENDER("{{items.1}}", "{\"items\": [\"a\", \"b\"]}", "b");
	CHECK_RENDER("{{\n\tname\n}}", "{\"name\": \"x\"}", "x");
	CHECK_RENDER("a {{! a comment }} b", "{}", "a  b");
	CHECK_RENDER("{{! multi\nline}}x", "{}", "x");
	CHECK_RENDER("", "{}", "");
}

static void test_escaping(void)
{
	const char *model = "{\"s\": \"<a href=\\\"x\\\">&'</a>\"}";
	CHECK_RENDER("{{s}}", model,
		     "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	CHECK_RENDER("{{raw s}}", model, "<a href=\"x\">&'</a>");
	CHECK_RENDER("?q={{url s}}", "{\"s\": \"a b&c=d/é\"}",
		     "?q=a%20b%26c%3Dd%2F%C3%A9");
	/* "raw" and "url" as plain names are ordinary, escaped values. */
	CHECK_RENDER("{{raw}}{{url}}", "{\"raw\": \"<\", \"url\": \">\"}",
		     "&lt;&gt;");
}

static void test_scalars(void)
{
	CHECK_RENDER("{{i}} {{neg}} {{r}} {{whole}} {{t}} {{f}} {{n}} {{o}} {{a}}",
		     "{\"i\": 42, \"neg\": -7, \"r\": 2.5, \"whole\": 3.0,"
		     " \"t\": true, \"f\": false, \"n\": null, \"o\": {\"k\": 1},"
		     " \"a\": [1]}",
		     "42 -7 2.5 3 true false   ");
	CHECK_RENDER("{{big}}", "{\"big\": 9007199254740993}", "9007199254740993");
}

static void test_if_unless(void)
{
	const char *src = "{{#if v}}Y{{else}}N{{/if}}";
	const char *falsy[] = {
		"{}", "{\"v\": null}", "{\"v\": false}", "{\"v\": \"\"}",
		"{\"v\": 0}", "{\"v\": 0.0}", "{\"v\": []}", "{\"v\": {}}",
	};
	const char *truthy[] = {
		"{\"v\": true}", "{\"v\": \"0\"}", "{\"v\": 1}", "{\"v\": -0.5}",
		"{\"v\": [0]}", "{\"v\": {\"a\": null}}",
	};
	for (size_t i = 0; i < sizeof(falsy) / sizeof(*falsy); i++)
		CHECK_RENDER(src, falsy[i], "N");
	for (size_t i = 0; i < sizeof(truthy) / sizeof(*truthy); i++)
		CHECK_RENDER(src, truthy[i], "Y");
	CHECK_RENDER("{{#if v}}Y{{/if}}", "{}", "");
	CHECK_RENDER("{{#unless v}}none{{/unless}}", "{\"v\": []}", "none");
	CHECK_RENDER("{{#unless v}}none{{else}}some{{/unless}}",
		     "{\"v\": [1]}", "some");
	CHECK_RENDER("{{#if a}}{{#if a.b}}ab{{else}}a{{/if}}{{/if}}",
		     "{\"a\": {\"b\": 0}}", "a");
}

static void test_each_scopes(void)
{
	const char *model =
		"{\"title\": \"T\", \"id\": \"outer\", \"tickets\": ["
		" {\"id\": 1, \"tags\": [\"a\", \"<b>\"]},"
		" {\"id\": 2, \"title\": \"own\", \"tags\": []}]}";
	/* The item first, then outer scopes; "." is the item itself. */
	CHECK_RENDER("{{#each tickets}}[{{id}} {{title}}:"
		     "{{#each tags}}({{.}} {{id}} {{title}}){{else}}-{{/each}}]"
		     "{{/each}}{{id}}",
		     model, "[1 T:(a 1 T)(&lt;b&gt; 1 T)][2 own:-]outer");
	CHECK_RENDER("{{#each nums}}{{.}},{{/each}}", "{\"nums\": [1, 2.5, true]}",
		     "1,2.5,true,");
	CHECK_RENDER("{{#each none}}x{{else}}empty{{/each}}", "{}", "empty");
	CHECK_RENDER("{{#each obj}}x{{else}}not a list{{/each}}",
		     "{\"obj\": {\"a\": 1}}", "not a list");
	/* A member present in the item shadows the outer name even when
	 * null; a missing one falls through to the outer scope. */
	CHECK_RENDER("{{#each xs}}{{n}};{{/each}}",
		     "{\"n\": \"o\", \"xs\": [{\"n\": null}, {}]}", ";o;");
}

static void test_include(void)
{
	const char *names[] = { "page", "row", "tree" };
	const char *texts[] = {
		"<ul>{{#each items}}{{> row}}{{/each}}</ul>{{> row}}",
		"<li>{{name}}</li>",
		"{{name}}{{#if kids}}({{#each kids}}{{> tree}}{{/each}}){{/if}}",
	};
	struct tmpl_set *set = compile(names, texts, 3);
	CHECK(set != NULL);
	if (!set)
		return;
	char *page = render_with(set, "page",
				 "{\"name\": \"top\", \"items\": [{\"name\": \"<a>\"},"
				 " {\"name\": \"b\"}]}", NULL, NULL);
	CHECK_STR(page, "<ul><li>&lt;a&gt;</li><li>b</li></ul><li>top</li>");
	free(page);
	/* Recursion the data bounds is fine: threaded replies. Leaves need
	 * "kids": [] or the lookup would find their parent's kids. */
	page = render_with(set, "tree",
			   "{\"name\": \"r\", \"kids\": [{\"name\": \"a\", \"kids\":"
			   " [{\"name\": \"b\", \"kids\": []}]},"
			   " {\"name\": \"c\", \"kids\": null}]}", NULL, NULL);
	CHECK_STR(page, "r(a(b)c)");
	free(page);
	tmpl_set_free(set);
}

static void test_include_recursion_bounded(void)
{
	const char *names[] = { "self", "ping", "pong" };
	const char *texts[] = { "x{{> self}}", "{{> pong}}", "{{> ping}}" };
	struct tmpl_set *set = compile(names, texts, 3);
	CHECK(set != NULL);
	if (!set)
		return;
	json_t *model = json_object();
	struct buf b;
	buf_init(&b, 1024 * 1024);
	buf_puts(&b, "kept");
	CHECK(tmpl_render(set, "self", model, NULL, NULL, &b) == -1);
	CHECK(tmpl_render(set, "ping", model, NULL, NULL, &b) == -1);
	/* A failed render leaves what was in the buffer before. */
	CHECK_STR(b.data, "kept");
	buf_free(&b);
	json_decref(model);
	tmpl_set_free(set);
}

static void test_translate_untranslated(void)
{
	const char *model = "{\"user\": {\"name\": \"<b>&\"}, \"n\": 3}";
	CHECK_RENDER("{{_ \"Hello {user.name}, you have {n} <new> & 'old'\"}}",
		     model,
		     "Hello &lt;b&gt;&amp;, you have 3 &lt;new&gt; &amp; &#39;old&#39;");
	CHECK_RENDER("{{_ \"Say \\\"hi\\\" \\\\ {missing}!\"}}", model,
		     "Say &quot;hi&quot; \\ !");
	CHECK_RENDER("{{_\"{ not a path } {a b} {\"}}", model,
		     "{ not a path } {a b} {");
	CHECK_RENDER("{{_ \"a }} b\"}}", model, "a }} b");
	CHECK_RENDER("{{ _ \"spaced\" }}", model, "spaced");
	CHECK_RENDER("{{#each xs}}{{_ \"Item {.}\"}};{{/each}}",
		     "{\"xs\": [\"<1>\", 2]}", "Item &lt;1&gt;;Item 2;");
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* A little-endian .mo image of n pairs (ids sorted, as msgfmt does). */
static size_t build_mo(unsigned char *mo, const char *const *ids,
		       const char *const *strs, size_t n)
{
	size_t at = 28 + 16 * n;
	memset(mo, 0, at);
	put32(mo, 0x950412de);
	put32(mo + 8, (uint32_t)n);
	put32(mo + 12, 28);
	put32(mo + 16, (uint32_t)(28 + 8 * n));
	for (size_t i = 0; i < 2 * n; i++) {
		const char *s = i < n ? ids[i] : strs[i - n];
		size_t len = strlen(s);
		put32(mo + 28 + 8 * i, (uint32_t)len);
		put32(mo + 28 + 8 * i + 4, (uint32_t)at);
		memcpy(mo + at, s, len + 1);
		at += len + 1;
	}
	return at;
}

static void test_translate_with_catalog(void)
{
	const char *ids[] = { "Hello {user.name}", "Tickets" };
	const char *strs[] = { "Hei <{user.name}> & 'ystävä' {nope", "Tiketit" };
	unsigned char mo[512];
	size_t len = build_mo(mo, ids, strs, 2);
	struct i18n *i18n = NULL;
	CHECK(i18n_from_mo("fi", mo, len, &i18n) == 0);
	const char *names[] = { "t" };
	const char *texts[] = { "{{_ \"Hello {user.name}\"}}|{{_ \"Tickets\"}}|"
				"{{_ \"Untranslated\"}}" };
	struct tmpl_set *set = compile(names, texts, 1);
	const char *model = "{\"user\": {\"name\": \"\\\"Aino\\\"\"}}";
	char *page = render_with(set, "t", model, i18n, "fi");
	CHECK_STR(page, "Hei &lt;&quot;Aino&quot;&gt; &amp; &#39;ystävä&#39; {nope"
		  "|Tiketit|Untranslated");
	free(page);
	page = render_with(set, "t", model, i18n, "en");
	CHECK_STR(page, "Hello &quot;Aino&quot;|Tickets|Untranslated");
	free(page);
	tmpl_set_free(set);
	i18n_free(i18n);
}

static void test_syntax_errors(void)
{
	CHECK_ERROR("a\n{{#if x}}\nb", "t:2: unclosed {{#if}}");
	CHECK_ERROR("{{#each xs}}\n{{#if x}}\n{{/each}}",
		    "t:3: {{/each}} does not close {{#if}} from line 2");
	CHECK_ERROR("\n\n{{foo bar}}", "t:3: unknown tag {{foo bar}}");
	CHECK_ERROR("\n{{<script>}}", "t:2: unknown tag {{<script>}}");
	CHECK_ERROR("{{a..b}}", "t:1: unknown tag {{a..b}}");
	CHECK_ERROR("x\n{{_ \"abc}}\nmore", "t:2: unterminated string");
	CHECK_ERROR("x\n{{#frob y}}{{/frob}}", "t:2: unknown block {{#frob}}");
	CHECK_ERROR("{{#if x}}{{/if}}\n{{/if}}", "t:2: {{/if}} closes no block");
	CHECK_ERROR("\n{{else}}", "t:2: {{else}} outside a block");
	CHECK_ERROR("{{#if x}}{{else}}\n{{else}}{{/if}}",
		    "t:2: second {{else}} in {{#if}}");
	CHECK_ERROR("ok\n{{ x", "t:2: unclosed tag, missing }}");
	CHECK_ERROR("{{}}", "t:1: empty tag {{}}");
	CHECK_ERROR("{{_ \"a\\n\"}}",
		    "t:1: unknown escape in string, only \\\" and \\\\ are allowed");
	CHECK_ERROR("{{_ \"a\" b}}", "t:1: unexpected text after the string");
	CHECK_ERROR("{{_ \"\"}}", "t:1: empty message");
	CHECK_ERROR("{{_ msg}}", "t:1: expected a quoted string after _");
	CHECK_ERROR("{{! one\ntwo\n}}\n{{#if}}{{/if}}", "t:4: missing name in {{#if}}");
	CHECK_ERROR("\n\n{{> nope}}", "t:3: unknown template \"nope\"");
	CHECK_ERROR("{{> a.b}}", "t:1: bad name \"a.b\"");
	CHECK_ERROR("{{raw a b}}", "t:1: bad name \"a b\"");

	char deep[40 * 9 + 1] = "";
	for (int i = 0; i < 40; i++)
		memcpy(deep + 9 * i, "{{#if x}}", 10);
	CHECK_ERROR(deep, "t:1: blocks nested too deep");
}

static void test_duplicate_and_bad_names(void)
{
	const char *names[] = { "a", "a" }, *texts[] = { "1", "2" };
	struct tmpl_set *set = NULL;
	char *err = NULL;
	CHECK(tmpl_set_from_strings(names, texts, 2, &set, &err) == -1);
	CHECK_STR(err, "a:1: duplicate template \"a\"");
	CHECK(set == NULL);
	free(err);
	err = NULL;
	const char *bad[] = { "../x" };
	CHECK(tmpl_set_from_strings(bad, texts, 1, &set, &err) == -1);
	CHECK_STR(err, "../x:1: bad template name \"../x\"");
	free(err);
}

static void test_missing_template(void)
{
	const char *names[] = { "t" }, *texts[] = { "x" };
	struct tmpl_set *set = compile(names, texts, 1);
	json_t *model = json_object();
	struct buf b;
	buf_init(&b, 1024);
	CHECK(tmpl_render(set, "nope", model, NULL, NULL, &b) == -1);
	CHECK(tmpl_render(set, NULL, model, NULL, NULL, &b) == -1);
	CHECK(tmpl_render(NULL, "t", model, NULL, NULL, &b) == -1);
	CHECK(tmpl_render(set, "t", model, NULL, NULL, &b) == 0);
	CHECK_STR(b.data, "x");
	/* A NULL model renders like an empty one. */
	CHECK(tmpl_render(set, "t", NULL, NULL, NULL, &b) == 0);
	buf_free(&b);
	json_decref(model);
	tmpl_set_free(set);
}

static void test_buf_cap(void)
{
	const char *names[] = { "t" };
	const char *texts[] = { "0123456789{{s}}{{#each xs}}{{.}}{{/each}}" };
	struct tmpl_set *set = compile(names, texts, 1);
	json_t *model = json_pack("{s:s, s:[i,i,i]}", "s", "<>", "xs", 1, 2, 3);
	struct buf b;
	buf_init(&b, 12);
	CHECK(tmpl_render(set, "t", model, NULL, NULL, &b) == -1);
	CHECK(b.len == 0);
	buf_free(&b);
	buf_init(&b, 20);
	CHECK(tmpl_render(set, "t", model, NULL, NULL, &b) == -1);
	CHECK(b.len == 0);
	buf_free(&b);
	buf_init(&b, 21);
	CHECK(tmpl_render(set, "t", model, NULL, NULL, &b) == 0);
	CHECK_STR(b.data, "0123456789&lt;&gt;123");
	buf_free(&b);
	json_decref(model);
	tmpl_set_free(set);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void remove_file(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static void test_load_dir(void)
{
	char dir[] = "/tmp/tuki-tmpl-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	write_file(dir, "page.html", "<p>{{> part}}</p>\n");
	write_file(dir, "part.html", "{{name}}");
	write_file(dir, "notes.txt", "{{#if");
	write_file(dir, ".#page.html", "{{#if");
	struct tmpl_set *set = NULL;
	char *err = NULL;
	CHECK(tmpl_set_load(dir, &set, &err) == 0);
	CHECK(err == NULL);
	char *page = set ? render_with(set, "page", "{\"name\": \"<x>\"}", NULL, NULL)
			 : NULL;
	CHECK_STR(page, "<p>&lt;x&gt;</p>\n");
	free(page);
	tmpl_set_free(set);

	write_file(dir, "broken.html", "ok\n\n{{#each xs}}");
	CHECK(tmpl_set_load(dir, &set, &err) == -1);
	CHECK(set == NULL);
	char want[256];
	snprintf(want, sizeof(want), "%s/broken.html:3: unclosed {{#each}}", dir);
	CHECK_STR(err, want);
	free(err);

	const char *files[] = { "page.html", "part.html", "notes.txt",
				".#page.html", "broken.html" };
	for (size_t i = 0; i < 5; i++)
		remove_file(dir, files[i]);
	rmdir(dir);
	CHECK(tmpl_set_load(dir, &set, &err) == -1);
	CHECK(err != NULL && strstr(err, dir) == err);
	free(err);
}

int main(void)
{
	RUN(test_text_and_vars);
	RUN(test_escaping);
	RUN(test_scalars);
	RUN(test_if_unless);
	RUN(test_each_scopes);
	RUN(test_include);
	RUN(test_include_recursion_bounded);
	RUN(test_translate_untranslated);
	RUN(test_translate_with_catalog);
	RUN(test_syntax_errors);
	RUN(test_duplicate_and_bad_names);
	RUN(test_missing_template);
	RUN(test_buf_cap);
	RUN(test_load_dir);
	return check_done();
}
